package dev.nearlight.compose.disagg;

import dev.nearlight.core.InputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Analytical latency, bandwidth, power and reach model of a disaggregated PCIe/CXL access.
 *
 * <p>Convention (written down in {@code docs/disagg.md}): a load-to-use access is a round trip; the request and the
 * completion each cross the whole path once, so every path element counts twice. One way, the path costs
 * {@code links*(phy + fec) + retimers*retimer + switchLevels*switch + conversion + distance*nsPerM} with
 * {@code links = switchLevels + 1}. The endpoint term is calibrated so that a direct-attached device (one on-board
 * link, no switch, no retimer, 0 m) reproduces the reference: CXL.mem read endpoint = {@code cxlDirect - 2*(phy+fec)};
 * PCIe DMA read endpoint = {@code localDram + pinToAppRoundTrip}.
 */
public final class DisaggModel {
    private final DisaggParameters params;
    private final LinkPowerModel power;

    /** A model over the given parameters with the tabulated power seam. */
    public DisaggModel(DisaggParameters params) {
        this(params, new TabulatedLinkPower(params));
    }

    /** The link power model. */
    public LinkPowerModel powerModel() {
        return power;
    }

    /** A model with an explicit link power model (the core link model, when available). */
    public DisaggModel(DisaggParameters params, LinkPowerModel power) {
        this.params = Objects.requireNonNull(params, "params");
        this.power = Objects.requireNonNull(power, "power");
    }

    /** The parameter set. */
    public DisaggParameters parameters() {
        return params;
    }

    /** One-way ns per metre of the long segment of this technology. */
    public double nsPerM(Technology t) {
        return t.medium().optical()
                ? params.propagation().fibreNsPerM().value()
                : params.propagation().copperNsPerM().value();
    }

    /** Longest long segment the medium allows (CopprLink reach for copper, the fibre cap for optics). */
    public double mediumReachM(Technology t) {
        return t.medium().optical()
                ? params.opticalReachM().value()
                : params.generation(t.generation()).copperReachM().value();
    }

    /** One-way latency per element, in the order endpoint-free breakdown keys are reported. */
    public Map<String, Double> oneWayNs(FabricPath p) {
        DisaggParameters.Hops h = params.hops();
        DisaggParameters.Generation g = params.generation(p.technology().generation());
        int links = p.switchLevels() + 1;
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("phy", links * h.phyNs().value());
        m.put("flitFec", g.flitFec() ? links * h.flitFecNs().value() : 0.0);
        m.put("retimer", p.retimers() * h.retimerNs().value());
        m.put("switch", p.switchLevels() * h.switchNs().value());
        m.put(
                "conversion",
                switch (p.technology().medium()) {
                    case COPPER -> 0.0;
                    case OPTICAL_LINEAR -> h.eoeLinearNs().value();
                    case OPTICAL_RETIMED -> 2 * h.retimerNs().value();
                });
        m.put("propagation", p.distanceM() * nsPerM(p.technology()));
        return m;
    }

    /** One-way latency of a direct-attached link of this generation: one on-board link (PHY and FEC only). */
    public double directOneWayNs(String generation) {
        DisaggParameters.Hops h = params.hops();
        return h.phyNs().value()
                + (params.generation(generation).flitFec() ? h.flitFecNs().value() : 0.0);
    }

    /** The endpoint (host memory controller or device) part of the round trip, calibrated to the references. */
    public double endpointNs(AccessKind kind, String generation) {
        return switch (kind) {
            case CXL_MEM_READ -> params.reference().cxlDirectNs().value() - 2 * directOneWayNs(generation);
            case PCIE_DMA_READ ->
                params.reference().localDramNs().value()
                        + params.hops().pinToAppRoundTripNs().value();
        };
    }

    /**
     * Load-to-use latency of an access over the path; throws {@link InputException} when the distance exceeds the
     * medium's reach.
     */
    public AccessLatency latency(FabricPath p, AccessKind kind) {
        double reach = mediumReachM(p.technology());
        if (p.distanceM() > reach) {
            String hint = p.technology().medium().optical()
                    ? "shorten the run or raise opticalReachM in the parameter file"
                    : "use " + p.technology().generation() + "-optical for longer runs";
            throw new InputException("--distance-m " + p.distanceM() + " exceeds the " + reach + " m reach of "
                    + p.technology().name() + "; " + hint);
        }
        Map<String, Double> oneWay = oneWayNs(p);
        double oneWaySum =
                oneWay.values().stream().mapToDouble(Double::doubleValue).sum();
        double endpoint = endpointNs(kind, p.technology().generation());
        Map<String, Double> breakdown = new LinkedHashMap<>();
        breakdown.put("endpoint", endpoint);
        oneWay.forEach((k, v) -> breakdown.put(k, 2 * v));
        double total = endpoint + 2 * oneWaySum;
        double direct = endpoint + 2 * directOneWayNs(p.technology().generation());
        DisaggParameters.Generation g = params.generation(p.technology().generation());
        return new AccessLatency(
                p,
                kind,
                total,
                breakdown,
                oneWaySum,
                g.x16UsableGBps().value(),
                power.pathPowerW(p),
                total - params.reference().localDramNs().value(),
                total - direct);
    }

    /** The default access kind of a technology: CXL.mem reads for CXL, DMA reads for PCIe. */
    public AccessKind defaultKind(Technology t) {
        return "cxl".equals(params.generation(t.generation()).protocol())
                ? AccessKind.CXL_MEM_READ
                : AccessKind.PCIE_DMA_READ;
    }

    /**
     * Longest long segment that keeps the round trip within {@code budgetNs} of a direct-attached device, by inverting
     * {@code added(d) = 2*(oneWay(0) - direct) + 2*nsPerM*d <= budget} for {@code d}, capped at the medium reach.
     */
    public Reach reach(Technology t, int switchLevels, int retimers, double budgetNs) {
        if (!(budgetNs >= 0) || Double.isInfinite(budgetNs)) {
            throw new InputException("--budget-ns " + budgetNs + " must be a finite number >= 0");
        }
        FabricPath at0 = new FabricPath(t, 0, switchLevels, retimers);
        double fixed =
                oneWayNs(at0).values().stream().mapToDouble(Double::doubleValue).sum() - directOneWayNs(t.generation());
        double d = (budgetNs / 2 - fixed) / nsPerM(t);
        double cap = mediumReachM(t);
        if (d < 0) {
            return new Reach(t, switchLevels, retimers, budgetNs, Double.NaN, 2 * fixed, "latency");
        }
        return d >= cap
                ? new Reach(t, switchLevels, retimers, budgetNs, cap, 2 * fixed, "medium")
                : new Reach(t, switchLevels, retimers, budgetNs, d, 2 * fixed, "latency");
    }

    /** Reach for every technology and switch depth {@code 0..maxSwitchLevels} (no electrical retimers). */
    public List<Reach> reachTable(double budgetNs, int maxSwitchLevels) {
        List<Reach> out = new ArrayList<>();
        for (Technology t : Technology.all(params)) {
            for (int s = 0; s <= maxSwitchLevels; s++) {
                out.add(reach(t, s, 0, budgetNs));
            }
        }
        return out;
    }

    /**
     * One row of the reach table.
     *
     * @param technology technology
     * @param switchLevels switch depth
     * @param retimers electrical retimers
     * @param budgetNs added round-trip budget over a direct-attached device
     * @param maxDistanceM longest segment within budget and medium reach; NaN when even 0 m exceeds the budget
     * @param fixedAddedNs added round trip at 0 m (switches, retimers, conversions)
     * @param limitedBy {@code latency} or {@code medium} (the reach cap bound first)
     */
    public record Reach(
            Technology technology,
            int switchLevels,
            int retimers,
            double budgetNs,
            double maxDistanceM,
            double fixedAddedNs,
            String limitedBy) {
        /** Whether any distance (even 0 m) fits the budget. */
        public boolean reachable() {
            return !Double.isNaN(maxDistanceM);
        }
    }
}
