package dev.nearlight.fabric.link;

import dev.nearlight.fabric.device.OpticsPackaging;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Link quotes from the simulator default catalogue of {@code optics-parameters.md} section 10 (copper, pluggable DSP,
 * LRO, LPO, NPO, CPO, PCIe over copper and optics). Used by the fabric module when no core {@code LinkModel} is
 * plugged in; every figure is a documented default, not a measurement.
 *
 * <p>Per link: optics power = 2 ends x energy per bit x rate (active copper: the cable's electronics); host SerDes
 * = 2 ends x SerDes energy per bit x rate; latency = flight (4.9 ns/m fibre, 4.6 ns/m twinax) + 2 x added latency per
 * end + FEC (KP4 120 ns for Ethernet-class links, FLIT FEC 2 ns for PCIe); cost = 2 x $/Gbps x rate for modules and
 * engines, 1 x $/Gbps x rate for a copper cable. Optical fibres = 2 per lane (DR-style parallel single-mode), lanes of
 * 100G up to 800G links and 200G above; PCIe links have 16 lanes.
 */
public final class DefaultLinkEvaluator implements LinkEvaluator {
    /** KP4 RS(544,514) encode+decode on one Ethernet link, ns (optics-parameters 10.2). */
    public static final double KP4_FEC_NS = 120;
    /** PCIe 6/7 FLIT FEC, ns. */
    public static final double FLIT_FEC_NS = 2;
    /** Fibre propagation, ns/m. */
    public static final double FIBRE_NS_PER_M = 4.9;
    /** Twinax propagation, ns/m. */
    public static final double TWINAX_NS_PER_M = 4.6;

    /**
     * One row of the default table.
     *
     * @param optical whether the medium is fibre
     * @param opticsPjPerBitPerEnd module/engine (or active cable end) energy per bit per end
     * @param serdesPjPerBitPerEnd host SerDes energy per bit per end
     * @param addedLatencyNsPerEnd added latency per end, excluding FEC and flight
     * @param usdPerGbps price per Gb/s: per end for modules and engines, per cable for copper
     * @param reach100M reach at 100G lanes (and PCIe), metres
     * @param reach200M reach at 200G lanes, metres
     * @param pluggablePerEnd whether each end holds a pluggable module (counted as a transceiver)
     * @param engineGbps capacity of one NPO/CPO engine (0 = not engine-based)
     * @param elsGbps capacity served by one external laser module (0 = internal lasers)
     * @param pcie whether it is a PCIe/CXL technology
     */
    public record Row(
            boolean optical,
            double opticsPjPerBitPerEnd,
            double serdesPjPerBitPerEnd,
            double addedLatencyNsPerEnd,
            double usdPerGbps,
            double reach100M,
            double reach200M,
            boolean pluggablePerEnd,
            double engineGbps,
            double elsGbps,
            boolean pcie) {}

    private final Map<String, Row> rows;

    /** The section-10 defaults. */
    public DefaultLinkEvaluator() {
        Map<String, Row> m = new LinkedHashMap<>();
        m.put("dac", new Row(false, 0, 5.5, 0, 0.15, 2, 1, false, 0, 0, false));
        m.put("acc", new Row(false, 1.25, 5.5, 1, 0.25, 5, 3, false, 0, 0, false));
        m.put("aec", new Row(false, 7, 2.5, 50, 0.45, 7, 5, false, 0, 0, false));
        m.put("pluggable-dsp", new Row(true, 18.5, 2.5, 50, 1.5, 500, 500, true, 0, 0, false));
        m.put("lro", new Row(true, 13.5, 2.5, 25, 1.3, 500, 500, true, 0, 0, false));
        m.put("lpo", new Row(true, 10.5, 5.5, 1, 1.0, 500, 500, true, 0, 0, false));
        m.put("npo", new Row(true, 7, 1.5, 1, 0.9, 500, 500, false, 3200, 0, false));
        m.put("cpo", new Row(true, 6, 1.2, 1, 0.9, 500, 500, false, 6400, 3200, false));
        m.put("pcie-copper", new Row(false, 0, 5.5, 5, 0.15, 2, 2, false, 0, 0, true));
        m.put("pcie-optical", new Row(true, 10, 5.5, 20, 1.0, 100, 100, true, 0, 0, true));
        this.rows = Map.copyOf(m);
        this.ids = List.copyOf(m.keySet());
    }

    private final List<String> ids;

    /** The table row of a technology. */
    public Row row(String technologyId) {
        Row r = rows.get(technologyId);
        if (r == null) {
            throw new IllegalArgumentException("unknown technology " + technologyId);
        }
        return r;
    }

    @Override
    public List<String> technologyIds() {
        return ids;
    }

    @Override
    public List<String> copperTechnologies(boolean pcie) {
        List<String> out = new ArrayList<>();
        for (String id : ids) {
            Row r = rows.get(id);
            if (!r.optical() && r.pcie() == pcie) {
                out.add(id);
            }
        }
        return out;
    }

    @Override
    public double reachM(String technologyId, double rateGbps) {
        Row r = row(technologyId);
        return laneGbps(rateGbps) > 100 ? r.reach200M() : r.reach100M();
    }

    @Override
    public LinkQuote quote(String technologyId, double rateGbps, double lengthM) {
        Row r = row(technologyId);
        double reach = reachM(technologyId, rateGbps);
        boolean ok = lengthM <= reach;
        String reason = ok ? "" : String.format("%.1f m exceeds the %.1f m reach of %s", lengthM, reach, technologyId);
        double opticsW = 2 * r.opticsPjPerBitPerEnd() * rateGbps / 1000;
        double serdesW = 2 * r.serdesPjPerBitPerEnd() * rateGbps / 1000;
        double flight = lengthM * (r.optical() ? FIBRE_NS_PER_M : TWINAX_NS_PER_M);
        double latency = flight + 2 * r.addedLatencyNsPerEnd() + (r.pcie() ? FLIT_FEC_NS : KP4_FEC_NS);
        double cost = (r.optical() ? 2 : 1) * r.usdPerGbps() * rateGbps;
        int lanes = r.pcie() ? 16 : (int) Math.ceil(rateGbps / laneGbps(rateGbps));
        return new LinkQuote(
                technologyId,
                r.optical() ? "optical" : "copper",
                ok,
                reason,
                opticsW,
                serdesW,
                latency,
                cost,
                r.pluggablePerEnd() ? 2 : 0,
                r.engineGbps() > 0 ? 2 * rateGbps / r.engineGbps() : 0,
                r.elsGbps() > 0 ? 2 * rateGbps / r.elsGbps() : 0,
                r.optical() ? 2 * lanes : 0,
                1);
    }

    /**
     * Parts per end: a module priced {@code $/Gbps x rate}; an engine port priced the same (share), a whole engine
     * {@code $/Gbps x engineGbps}; the table prices lasers inside the engine, so the ELS price is 0.
     */
    @Override
    public EndParts parts(String technologyId, double rateGbps) {
        Row r = row(technologyId);
        double portUsd = r.usdPerGbps() * rateGbps;
        if (!r.optical()) {
            return new EndParts(EndParts.Kind.COPPER, OpticsPackaging.PLUGGABLE, 0, 0, 0, 0);
        }
        if (r.engineGbps() > 0) {
            OpticsPackaging p = r.elsGbps() > 0 ? OpticsPackaging.CPO : OpticsPackaging.NPO;
            return new EndParts(EndParts.Kind.ENGINE, p, portUsd, r.engineGbps(), r.usdPerGbps() * r.engineGbps(), 0);
        }
        return new EndParts(EndParts.Kind.PLUGGABLE, OpticsPackaging.PLUGGABLE, portUsd, 0, 0, 0);
    }

    private static double laneGbps(double rateGbps) {
        return rateGbps >= 1600 ? 200 : 100;
    }
}
