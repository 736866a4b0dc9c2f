package dev.nearlight.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.nearlight.core.InputException;
import dev.nearlight.core.catalogue.Catalogue;
import dev.nearlight.core.catalogue.CoolingType;
import dev.nearlight.core.catalogue.Endpoint;
import dev.nearlight.core.catalogue.PowerBoundary;
import dev.nearlight.core.catalogue.Technology;
import dev.nearlight.core.link.DataRate;
import dev.nearlight.core.link.End;
import dev.nearlight.core.link.LatencyItem;
import dev.nearlight.core.link.LengthSource;
import dev.nearlight.core.link.LinkDesign;
import dev.nearlight.core.link.LinkReport;
import dev.nearlight.core.link.LinkReportJson;
import dev.nearlight.core.link.PhysicalLinkModel;
import dev.nearlight.core.link.PowerItem;
import dev.nearlight.core.link.density.Density;
import dev.nearlight.fabric.link.CatalogueLinkEvaluator;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nearlight link}: evaluates one link (power, latency, margins, BER, temperature, failure rate, cost,
 * density) or compares every technology offered at a rate with its default placement.
 */
@Command(
        name = "link",
        mixinStandardHelpOptions = true,
        description = "Evaluate one link (--tech) or compare every technology at a rate (--compare).")
public final class LinkCommand implements Runnable {
    static final double MAX_TRACE_MM = 2000;
    static final double MAX_REACH_M = 100_000;

    @Spec
    CommandSpec spec;

    @Option(names = "--tech", paramLabel = "ID", description = "Technology id (or prefix such as npo with --rate).")
    String tech;

    @Option(names = "--compare", description = "Compare every technology offered at --rate.")
    boolean compare;

    @Option(
            names = "--rate",
            paramLabel = "RATE",
            description = "Data rate: 200G, 400G, 800G, 1.6T, 3.2T or Gb/s (default: the rate of a full --tech id,"
                    + " else 1.6T).")
    String rate;

    @Option(names = "--trace-mm", paramLabel = "N", description = "Host trace length at both ends in mm.")
    Double traceMm;

    @Option(names = "--laminate", paramLabel = "ID", description = "Laminate id at both ends, e.g. megtron-6.")
    String laminate;

    @Option(names = "--retimer", description = "Put a retimer in the middle of both host channels.")
    boolean retimer;

    @Option(names = "--reach-m", paramLabel = "N", description = "Cable or fibre length in m.")
    Double reachM;

    @Option(names = "--coolant-c", paramLabel = "N", description = "Inlet air or coolant temperature in C.")
    Double coolantC;

    @Option(names = "--asic-w", paramLabel = "N", description = "Power of the neighbouring ASIC in W.")
    Double asicW;

    @Option(names = "--cooling", paramLabel = "TYPE", description = "air or liquid (default: the technology's).")
    String cooling;

    @Option(names = "--fec", paramLabel = "ID", description = "FEC id instead of the technology's, e.g. rs272.")
    String fec;

    @Option(
            names = "--endpoint",
            paramLabel = "ID",
            description = "Device at the near end (switch ASIC, GPU, NIC): reports its maximum escape bandwidth with"
                    + " the technology and uses its power as --asic-w unless given.")
    String endpoint;

    @Option(names = "--json", description = "Print JSON (an object, or an array with --compare).")
    boolean json;

    @Mixin
    CatalogueOptions catalogueOptions;

    @Override
    public void run() {
        if (compare == (tech != null)) {
            throw new InputException("link: give exactly one of --tech ID or --compare");
        }
        check("--trace-mm", traceMm, 0, MAX_TRACE_MM, "mm");
        check("--reach-m", reachM, 0, MAX_REACH_M, "m");
        check("--coolant-c", coolantC, -20, 90, "C");
        check("--asic-w", asicW, 0, 5000, "W");
        Catalogue c = catalogueOptions.load();
        double gbps;
        if (rate != null) {
            gbps = DataRate.parseGbps(rate, "--rate");
        } else if (tech != null && c.find(tech).orElse(null) instanceof Technology t) {
            gbps = t.rateGbps();
        } else {
            gbps = 1600;
        }
        if (laminate != null) {
            try {
                c.laminate(laminate);
            } catch (InputException e) {
                throw new InputException("--laminate: " + e.getMessage());
            }
        }
        if (fec != null) {
            try {
                c.fec(fec);
            } catch (InputException e) {
                throw new InputException("--fec: " + e.getMessage());
            }
        }
        Endpoint ep = null;
        if (endpoint != null) {
            try {
                ep = c.endpoint(endpoint);
            } catch (InputException e) {
                throw new InputException("--endpoint: " + e.getMessage());
            }
            if (asicW == null) {
                asicW = Math.min(5000, ep.powerW().value());
            }
        }
        PhysicalLinkModel model = new PhysicalLinkModel(c);
        List<LinkReport> reports = new ArrayList<>();
        if (compare) {
            List<Technology> ts = c.technologiesAt(gbps);
            if (ts.isEmpty()) {
                throw new InputException("--rate: no technology is offered at " + DataRate.format(gbps) + " (offered: "
                        + c.rates().stream().map(DataRate::format).toList() + ")");
            }
            for (Technology t : ts) {
                reports.add(model.evaluate(design(t.id(), gbps, c)));
            }
        } else {
            reports.add(model.evaluate(design(fabricFamilyPart(tech, gbps, c), gbps, c)));
        }
        PrintWriter out = spec.commandLine().getOut();
        final Endpoint device = ep;
        if (json) {
            List<Map<String, Object>> maps = reports.stream()
                    .map(r -> {
                        Map<String, Object> m = LinkReportJson.toMap(r);
                        if (device != null) {
                            m.put("endpoint", device.id());
                            m.put("maxEscapeGbps", LinkReportJson.num(escape(device, r, c)));
                        }
                        return m;
                    })
                    .toList();
            out.println(toJson(compare ? maps : maps.get(0)));
        } else if (compare) {
            out.print(compareTable(reports, gbps));
            if (device != null) {
                out.printf(
                        Locale.ROOT,
                        "max escape bandwidth of %s (%s SerDes %.1f Tb/s):%n",
                        device.id(),
                        device.name(),
                        device.serdesBandwidthGbps() / 1000);
                for (LinkReport r : reports) {
                    out.printf(Locale.ROOT, "  %-22s %7.1f Tb/s%n", r.technology(), escape(device, r, c) / 1000);
                }
            }
        } else {
            out.print(detail(reports.get(0), c));
            if (device != null) {
                out.printf(
                        Locale.ROOT,
                        "escape: %s can escape %.1f Tb/s with %s (SerDes %.1f Tb/s)%n",
                        device.id(),
                        escape(device, reports.get(0), c) / 1000,
                        reports.get(0).technology(),
                        device.serdesBandwidthGbps() / 1000);
            }
        }
        out.flush();
    }

    private static double escape(Endpoint e, LinkReport r, Catalogue c) {
        return Density.maxEscapeGbps(e, c.technology(r.technology()));
    }

    /**
     * A fabric optics family ({@code pluggable-dsp}, {@code cpo}, ... as {@code fabric --optics} and scenarios name
     * them) is the catalogue part the fabric builder picks for it at this rate, so {@code link} and {@code fabric}
     * describe the same part; any other id or prefix is resolved by the link design as before.
     */
    private static String fabricFamilyPart(String id, double gbps, Catalogue c) {
        if (c.find(id).isPresent() || !CatalogueLinkEvaluator.FAMILY_PREFIX.containsKey(id)) {
            return id;
        }
        try {
            return new CatalogueLinkEvaluator(c).technologyFor(id, gbps).id();
        } catch (InputException e) {
            throw techProblem(e);
        }
    }

    /** A link design's error: as it is when it names its own field (e.g. rate), else about --tech. */
    private static InputException techProblem(InputException e) {
        if (e.field() != null) {
            return e;
        }
        String m = e.getMessage();
        return new InputException(m.startsWith("--") ? m : "--tech: " + m);
    }

    private LinkDesign design(String id, double gbps, Catalogue c) {
        LinkDesign d;
        try {
            d = LinkDesign.defaultFor(id, gbps, c);
        } catch (InputException e) {
            throw techProblem(e);
        }
        if (traceMm != null) {
            d = d.withTraceMm(traceMm);
        }
        if (laminate != null) {
            d = d.withLaminate(laminate);
        }
        if (retimer) {
            d = d.withRetimer(true);
        }
        if (reachM != null) {
            d = d.withReachM(reachM);
        }
        if (cooling != null) {
            CoolingType type;
            try {
                type = CoolingType.valueOf(cooling.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InputException("--cooling: '" + cooling + "' is not a cooling type (allowed: air, liquid)");
            }
            d = d.withCooling(type)
                    .withCoolantC(c.cooling(type).defaultCoolantC().value());
        }
        if (coolantC != null) {
            d = d.withCoolantC(coolantC);
        }
        if (asicW != null) {
            d = d.withAsicPowerW(asicW);
        }
        if (fec != null) {
            d = d.withFec(fec);
        }
        return d;
    }

    private static void check(String option, Double v, double min, double max, String unit) {
        if (v != null && !(v >= min && v <= max)) {
            throw new InputException(String.format(
                    Locale.ROOT,
                    "%s: %s %s is outside the allowed range %s..%s %s",
                    option,
                    fmt(v),
                    unit,
                    fmt(min),
                    fmt(max),
                    unit));
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }

    static String toJson(Object o) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String na(double v, String format) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, format, v);
    }

    static String compareTable(List<LinkReport> rs, double gbps) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(
                Locale.ROOT,
                "Links at %s, catalogue default placements%n"
                        + "  mod W: one module, engine or cable end as datasheets quote it (no host SerDes);"
                        + " link W and pJ/bit: both ends + host SerDes + lasers%n"
                        + "  length: %s%n",
                DataRate.format(gbps),
                lengthText(rs)));
        sb.append(String.format(
                Locale.ROOT,
                "%-22s %-3s %6s %7s %7s %7s %6s %-13s %6s %6s %8s %6s %6s %7s %6s %6s%n",
                "technology",
                "ok",
                "mod W",
                "link W",
                "pJ/bit",
                "ns",
                "IL dB",
                "serdes",
                "el dB",
                "op dB",
                "preFEC",
                "eng C",
                "AFR %",
                "USD",
                "$/Gbps",
                "Gb/smm"));
        for (LinkReport r : rs) {
            sb.append(String.format(
                    Locale.ROOT,
                    "%-22s %-3s %6.2f %7.1f %7.1f %7.1f %6.1f %-13s %6.1f %6s %8.1e %6.1f %6.2f %7.0f %6.2f %6.1f%n",
                    r.technology(),
                    r.feasible() ? "yes" : "NO",
                    r.modulePowerW(),
                    r.powerW(),
                    r.energyPjPerBit(),
                    r.latencyNs(),
                    r.hostLossDb().get(End.NEAR),
                    r.serdesClass().get(End.NEAR),
                    r.electricalMarginDb(),
                    na(r.opticalMarginDb(), "%.2f"),
                    r.preFecBer(),
                    r.engineTempC(),
                    r.linkAfrPercent(),
                    r.costUsd(),
                    r.costUsdPerGbps(),
                    r.shorelineGbpsPerMm()));
        }
        for (LinkReport r : rs) {
            for (String reason : r.reasons()) {
                sb.append("  ")
                        .append(r.technology())
                        .append(": ")
                        .append(reason)
                        .append(System.lineSeparator());
            }
        }
        return sb.toString();
    }

    /** Where the compared links' lengths come from, for the table header. */
    private static String lengthText(List<LinkReport> rs) {
        boolean caller = rs.stream().allMatch(r -> r.lengthSource() == LengthSource.CALLER);
        if (caller && !rs.isEmpty()) {
            return String.format(
                    Locale.ROOT,
                    "%.1f m for every link, given by --reach-m",
                    rs.get(0).reachM());
        }
        return "each technology's catalogue default length (no layout; give --reach-m)";
    }

    /** The length's origin in words. */
    private static String lengthSource(LinkReport r) {
        return r.lengthSource() == LengthSource.CALLER
                ? "given by --reach-m"
                : "catalogue default; give --reach-m for the layout's length";
    }

    static String detail(LinkReport r, Catalogue c) {
        Technology t = c.technology(r.technology());
        StringBuilder sb = new StringBuilder();
        String nl = System.lineSeparator();
        sb.append(String.format(
                Locale.ROOT,
                "%s  %s%n  %s, %d lanes, %s, length %.1f m (%s; max %.0f m)%n",
                r.technology(),
                t.name(),
                DataRate.format(r.dataRateGbps()),
                t.lanes(),
                r.medium(),
                r.reachM(),
                lengthSource(r),
                r.maxReachM()));
        sb.append("feasible: ").append(r.feasible() ? "yes" : "NO").append(nl);
        for (String reason : r.reasons()) {
            sb.append("  - ").append(reason).append(nl);
        }
        sb.append(String.format(
                Locale.ROOT,
                "electrical at %.2f GHz: host loss near %.1f dB, far %.1f dB; SerDes %s / %s; margin %.1f dB%n",
                r.nyquistGhz(),
                r.hostLossDb().get(End.NEAR),
                r.hostLossDb().get(End.FAR),
                r.serdesClass().get(End.NEAR),
                r.serdesClass().get(End.FAR),
                r.electricalMarginDb()));
        sb.append(String.format(
                Locale.ROOT,
                "optical: margin %s dB; pre-FEC BER %.2e; post-FEC frame loss %.2e%n",
                na(r.opticalMarginDb(), "%.2f"),
                r.preFecBer(),
                r.postFecFlr()));
        sb.append(String.format(
                Locale.ROOT,
                "power per module: %.2f W (%s boundary: one %s as datasheets quote it, no host SerDes)%n",
                r.modulePowerW(),
                r.moduleBoundary(),
                r.moduleBoundary() == PowerBoundary.ENGINE ? "optical engine" : "module or cable end"));
        sb.append(String.format(
                Locale.ROOT,
                "power per link: %.2f W, %.2f pJ/bit (LINK boundary: both ends' modules or engines, lasers incl."
                        + " external sources, board retimers, and host SerDes %.2f W per end)%n",
                r.powerW(),
                r.energyPjPerBit(),
                r.hostSerdesPowerWPerEnd()));
        for (Map.Entry<String, Double> e : ordered(r.powerBreakdownW(), PowerItem.values())) {
            sb.append(String.format(Locale.ROOT, "  %-20s %8.2f W%n", e.getKey(), e.getValue()));
        }
        sb.append(String.format(Locale.ROOT, "latency: %.1f ns one way%n", r.latencyNs()));
        for (Map.Entry<String, Double> e : ordered(r.latencyBreakdownNs(), LatencyItem.values())) {
            sb.append(String.format(Locale.ROOT, "  %-20s %8.1f ns%n", e.getKey(), e.getValue()));
        }
        sb.append(String.format(
                Locale.ROOT,
                "thermal: engine/module case %.1f C, laser %s C; laser FIT %s; link FIT %.0f; AFR %.2f %%/yr%n",
                r.engineTempC(),
                na(r.laserTempC(), "%.1f"),
                na(r.laserFit(), "%.1f"),
                r.linkFit(),
                r.linkAfrPercent()));
        sb.append(String.format(
                Locale.ROOT,
                "cost: %.0f USD per link, %.3f USD per Gb/s; density %.1f Gb/s per mm of %s%n",
                r.costUsd(),
                r.costUsdPerGbps(),
                r.shorelineGbpsPerMm(),
                t.shoreline().name().toLowerCase(Locale.ROOT)));
        sb.append(String.format(
                Locale.ROOT,
                "service: FRU %s, hot-swap %s, MTTR %.2f h, modules per end %d, lasers per end %d, external laser"
                        + " modules per link %.2f%n",
                r.fru(),
                r.hotSwap() ? "yes" : "no",
                r.mttrH(),
                r.modulesPerEnd(),
                r.lasersPerEnd(),
                r.externalLaserModulesPerLink()));
        return sb.toString();
    }

    private static <E extends Enum<E>> List<Map.Entry<String, Double>> ordered(Map<E, Double> m, E[] order) {
        List<Map.Entry<String, Double>> out = new ArrayList<>();
        for (E e : order) {
            String key = e instanceof PowerItem p ? p.key() : ((LatencyItem) e).key();
            out.add(Map.entry(key, m.getOrDefault(e, 0.0)));
        }
        return out;
    }
}
