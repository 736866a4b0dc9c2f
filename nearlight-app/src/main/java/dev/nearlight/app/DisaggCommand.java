package dev.nearlight.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.nearlight.compose.disagg.AccessKind;
import dev.nearlight.compose.disagg.AccessLatency;
import dev.nearlight.compose.disagg.DisaggModel;
import dev.nearlight.compose.disagg.DisaggParameters;
import dev.nearlight.compose.disagg.FabricPath;
import dev.nearlight.compose.disagg.Technology;
import dev.nearlight.compose.disagg.WorkloadModel;
import dev.nearlight.compose.pool.PoolHardware;
import dev.nearlight.core.InputException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code nearlight disagg}: latency, bandwidth and reach of PCIe/CXL accesses over copper and fibre. */
@Command(
        name = "disagg",
        mixinStandardHelpOptions = true,
        description = "PCIe/CXL-over-fibre disaggregation: load-to-use latency and reach (see docs/disagg.md).",
        subcommands = {DisaggCommand.Latency.class, DisaggCommand.Reach.class, DisaggCommand.Workload.class})
public final class DisaggCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--parameters",
            description = "Parameter YAML (default: the bundled disagg/parameters.yaml).",
            scope = picocli.CommandLine.ScopeType.INHERIT)
    Path parameters;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    DisaggParameters params() {
        return parameters == null ? DisaggParameters.defaults() : DisaggParameters.load(parameters);
    }

    static String json(Object o) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code nearlight disagg latency}. */
    @Command(
            name = "latency",
            mixinStandardHelpOptions = true,
            description = "Load-to-use latency of one access with a per-hop breakdown.")
    static final class Latency implements Runnable {
        @ParentCommand
        DisaggCommand parent;

        @Spec
        CommandSpec spec;

        @Option(
                names = "--tech",
                required = true,
                description = "Technology: <pcie5|pcie6|pcie7|cxl2|cxl3>-<copper|optical|optical-retimed>.")
        String tech;

        @Option(names = "--distance-m", required = true, description = "Length of the copper or fibre segment (m).")
        double distanceM;

        @Option(names = "--switch-levels", defaultValue = "0", description = "Switches crossed one way (default 0).")
        int switchLevels;

        @Option(names = "--retimers", defaultValue = "0", description = "Electrical retimers one way (default 0).")
        int retimers;

        @Option(names = "--kind", description = "cxl-mem (CXL.mem read) or pcie-dma (DMA read); default by protocol.")
        String kind;

        @Option(
                names = "--power-table",
                description = "Link power from the parameter file's per-bit energies instead of the core catalogue"
                        + " and link model.")
        boolean powerTable;

        @Option(names = "--json", description = "Print the documented JSON (docs/cli/disagg.md).")
        boolean json;

        @Override
        public void run() {
            DisaggParameters p = parent.params();
            DisaggModel m = powerTable
                    ? new DisaggModel(p)
                    : new DisaggModel(p, dev.nearlight.compose.disagg.CatalogueLinkPower.standard(p));
            Technology t = Technology.parse(tech, p);
            AccessKind k = kind == null
                    ? m.defaultKind(t)
                    : switch (kind) {
                        case "cxl-mem" -> AccessKind.CXL_MEM_READ;
                        case "pcie-dma" -> AccessKind.PCIE_DMA_READ;
                        default ->
                            throw new InputException("--kind '" + kind + "' is unknown; use cxl-mem or pcie-dma");
                    };
            AccessLatency a = m.latency(new FabricPath(t, distanceM, switchLevels, retimers), k);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("tech", t.name());
                o.put("kind", k == AccessKind.CXL_MEM_READ ? "cxl-mem" : "pcie-dma");
                o.put("distanceM", distanceM);
                o.put("switchLevels", switchLevels);
                o.put("retimers", retimers);
                o.put("totalNs", a.totalNs());
                o.put("breakdownNs", a.breakdownNs());
                o.put("oneWayPathNs", a.oneWayPathNs());
                o.put("bandwidthGBps", a.bandwidthGBps());
                o.put("linkPowerW", a.linkPowerW());
                o.put("linkPowerSource", m.powerModel().source(a.path()));
                o.put("addedNsVsLocalDram", a.addedNsVsLocalDram());
                o.put("addedNsVsDirect", a.addedNsVsDirect());
                Map<String, Object> ref = new LinkedHashMap<>();
                ref.put("localDramNs", p.reference().localDramNs().value());
                ref.put("cxlDirectNs", p.reference().cxlDirectNs().value());
                ref.put("cxlOneSwitchNs", p.reference().cxlOneSwitchNs().value());
                ref.put("pcieFabricDmaNs", p.reference().pcieFabricDmaNs().value());
                o.put("referenceNs", ref);
                out.println(json(o));
                return;
            }
            out.printf(
                    Locale.ROOT,
                    "%s %s, %.1f m, %d switch level(s), %d retimer(s): round trip (request + completion)%n",
                    t.name(),
                    k == AccessKind.CXL_MEM_READ ? "CXL.mem read" : "PCIe DMA read",
                    distanceM,
                    switchLevels,
                    retimers);
            a.breakdownNs().forEach((key, v) -> out.printf(Locale.ROOT, "  %-12s %9.1f ns%n", key, v));
            out.printf(Locale.ROOT, "  %-12s %9.1f ns%n", "total", a.totalNs());
            out.printf(
                    Locale.ROOT,
                    "added vs local DRAM (%.0f ns): %+.1f ns; vs direct-attached: %+.1f ns%n",
                    p.reference().localDramNs().value(),
                    a.addedNsVsLocalDram(),
                    a.addedNsVsDirect());
            out.printf(
                    Locale.ROOT,
                    "bandwidth x16: %.0f GB/s per direction; link power %.1f W (%s)%n",
                    a.bandwidthGBps(),
                    a.linkPowerW(),
                    m.powerModel().source(a.path()));
        }
    }

    /** {@code nearlight disagg reach}. */
    @Command(
            name = "reach",
            mixinStandardHelpOptions = true,
            description = "Longest copper/fibre run that keeps an access within an added-latency budget.")
    static final class Reach implements Runnable {
        @ParentCommand
        DisaggCommand parent;

        @Spec
        CommandSpec spec;

        @Option(
                names = "--budget-ns",
                split = ",",
                description = "Added round-trip budget(s) over a direct-attached device (default 100,250,1000).")
        List<Double> budgets;

        @Option(names = "--max-switch-levels", defaultValue = "2", description = "Switch depths 0..N (default 2).")
        int maxSwitchLevels;

        @Option(names = "--json", description = "Print the documented JSON (docs/cli/disagg.md).")
        boolean json;

        @Override
        public void run() {
            if (maxSwitchLevels < 0 || maxSwitchLevels > 8) {
                throw new InputException("--max-switch-levels " + maxSwitchLevels + " must be between 0 and 8");
            }
            DisaggModel m = new DisaggModel(parent.params());
            List<Double> bs = budgets == null || budgets.isEmpty() ? List.of(100.0, 250.0, 1000.0) : budgets;
            List<Map<String, Object>> rows = new ArrayList<>();
            List<DisaggModel.Reach> all = new ArrayList<>();
            for (double b : bs) {
                all.addAll(m.reachTable(b, maxSwitchLevels));
            }
            for (DisaggModel.Reach r : all) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("tech", r.technology().name());
                o.put("switchLevels", r.switchLevels());
                o.put("budgetNs", r.budgetNs());
                o.put("maxDistanceM", r.reachable() ? r.maxDistanceM() : null);
                o.put("fixedAddedNs", r.fixedAddedNs());
                o.put("limitedBy", r.limitedBy());
                rows.add(o);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("budgetsNs", bs);
                o.put("rows", rows);
                out.println(json(o));
                return;
            }
            out.println("Longest segment (m) keeping the round trip within the budget over a direct-attached device");
            out.printf(Locale.ROOT, "%-24s %8s", "tech", "switches");
            for (double b : bs) {
                out.printf(Locale.ROOT, " %10s", "+" + (long) b + " ns");
            }
            out.println();
            int perBudget = all.size() / bs.size();
            for (int i = 0; i < perBudget; i++) {
                DisaggModel.Reach r0 = all.get(i);
                out.printf(Locale.ROOT, "%-24s %8d", r0.technology().name(), r0.switchLevels());
                for (int j = 0; j < bs.size(); j++) {
                    DisaggModel.Reach r = all.get(j * perBudget + i);
                    String cell = !r.reachable()
                            ? "-"
                            : String.format(
                                    Locale.ROOT, "%.1f%s", r.maxDistanceM(), "medium".equals(r.limitedBy()) ? "*" : "");
                    out.printf(Locale.ROOT, " %10s", cell);
                }
                out.println();
            }
            out.println("- = over budget even at 0 m; * = capped by the medium's reach (CopprLink or fibre cap)");
        }
    }

    /** {@code nearlight disagg workload}. */
    @Command(
            name = "workload",
            mixinStandardHelpOptions = true,
            description =
                    "Slowdown of a job whose memory (or offload traffic) goes over the fabric (docs/disagg.md §3).")
    static final class Workload implements Runnable {
        @ParentCommand
        DisaggCommand parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--tech", defaultValue = "cxl3-optical", description = "Technology (default cxl3-optical).")
        String tech;

        @Option(names = "--distance-m", defaultValue = "10", description = "Fibre/copper length (default 10).")
        double distanceM;

        @Option(names = "--switch-levels", defaultValue = "1", description = "Switch levels (default 1).")
        int switchLevels;

        @Option(names = "--retimers", defaultValue = "0", description = "Electrical retimers (default 0).")
        int retimers;

        @Option(names = "--memory-bound-fraction", defaultValue = "0.3", description = "Default 0.3.")
        double memoryBound;

        @Option(names = "--pool-access-fraction", defaultValue = "0.5", description = "Default 0.5.")
        double poolAccess;

        @Option(names = "--cores", defaultValue = "64", description = "Cores issuing misses (default 64).")
        int cores;

        @Option(names = "--outstanding", defaultValue = "10", description = "Outstanding misses per core (default 10).")
        double outstanding;

        @Option(names = "--offload-gb", description = "Bytes moved per step over the fabric (GB), e.g. KV cache.")
        Double offloadGb;

        @Option(names = "--compute-s", defaultValue = "1", description = "Compute time per step (default 1 s).")
        double computeS;

        @Option(names = "--overlap", defaultValue = "0", description = "Share of compute that hides the transfer.")
        double overlap;

        @Option(names = "--json", description = "Print JSON (docs/cli/disagg.md).")
        boolean json;

        @Override
        public void run() {
            DisaggParameters p = parent.params();
            DisaggModel m = new DisaggModel(p);
            Technology t = Technology.parse(tech, p);
            AccessLatency pool =
                    m.latency(new FabricPath(t, distanceM, switchLevels, retimers), AccessKind.CXL_MEM_READ);
            AccessLatency direct = m.latency(
                    new FabricPath(new Technology(t.generation(), dev.nearlight.compose.disagg.Medium.COPPER), 0, 0, 0),
                    AccessKind.CXL_MEM_READ);
            WorkloadModel.Profile prof = new WorkloadModel.Profile(memoryBound, poolAccess, cores, outstanding, 64);
            WorkloadModel.Tier local = new WorkloadModel.Tier(
                    p.reference().localDramNs().value(),
                    PoolHardware.defaults().localDramGBps().value());
            WorkloadModel.Tier poolTier = WorkloadModel.Tier.of(pool);
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("tech", t.name());
            o.put("poolLatencyNs", pool.totalNs());
            o.put("poolBandwidthGBps", pool.bandwidthGBps());
            o.put("localThroughputGBps", WorkloadModel.throughputGBps(prof, local));
            o.put("poolThroughputGBps", WorkloadModel.throughputGBps(prof, poolTier));
            o.put("poolLatencyBound", WorkloadModel.latencyBound(prof, poolTier));
            o.put("memorySlowdown", WorkloadModel.memorySlowdown(prof, local, poolTier));
            if (offloadGb != null) {
                if (!(offloadGb >= 0) || offloadGb > WorkloadModel.MAX_BYTES_PER_STEP / 1e9) {
                    // checked here in GB: the product in bytes overflows to Infinity first
                    throw new InputException("--offload-gb " + offloadGb + " is not a transfer a step makes (give 0 to "
                            + WorkloadModel.MAX_BYTES_PER_STEP / 1e9 + " GB, a petabyte)");
                }
                double bytes = offloadGb * 1e9;
                WorkloadModel.Tier near = WorkloadModel.Tier.of(direct);
                Map<String, Object> off = new LinkedHashMap<>();
                off.put("transferS", WorkloadModel.transferTimeS(bytes, poolTier));
                off.put("stepS", WorkloadModel.offloadStepTimeS(computeS, bytes, poolTier, overlap));
                off.put("directAttachedStepS", WorkloadModel.offloadStepTimeS(computeS, bytes, near, overlap));
                off.put(
                        "slowdownVsDirectAttached",
                        WorkloadModel.offloadSlowdown(computeS, bytes, near, poolTier, overlap));
                o.put("offload", off);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(json(o));
                return;
            }
            o.forEach((k, v) -> out.printf(Locale.ROOT, "%-22s %s%n", k, v));
        }
    }
}
