package dev.nearlight.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nearlight.core.catalogue.Catalogue;
import dev.nearlight.explore.cluster.ClusterModel;
import dev.nearlight.fabric.Fabric;
import dev.nearlight.fabric.NodeKind;
import dev.nearlight.fabric.bom.FabricReport;
import dev.nearlight.fabric.bom.LinkClassRollup;
import dev.nearlight.fabric.bom.OpticsComparison;
import dev.nearlight.fabric.bom.TierRollup;
import dev.nearlight.fabric.graph.PathLatency;
import dev.nearlight.fabric.link.DefaultLinkEvaluator;
import dev.nearlight.fabric.link.Technologies;
import dev.nearlight.fabric.spec.FabricSpec;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nearlight fabric}: builds a cluster fabric, checks it, and prints its bill of materials and power and cost
 * roll-up, optionally with every optics technology side by side. JSON contract: {@code docs/cli/fabric.md}.
 */
@Command(
        name = "fabric",
        mixinStandardHelpOptions = true,
        description = "Build a fabric (rail fat tree, fat tree, torus, dragonfly, PCIe/CXL) and roll up switches,"
                + " optics, cables, power, capex and bisection bandwidth.")
public final class FabricCommand implements Callable<Integer> {
    @Spec
    CommandSpec commandSpec;

    @Mixin
    FabricOptions fabric;

    @Option(names = "--compare-optics", description = "Roll the fabric up with each optics technology side by side.")
    boolean compareOptics;

    @Option(
            names = "--compare-classes",
            split = ",",
            description = "Link classes varied by --compare-optics (default: all Ethernet-class links).")
    List<String> compareClasses = new ArrayList<>();

    @Option(
            names = "--link-table",
            description = "Quote links from the built-in optics-parameters section-10 table instead of the core"
                    + " catalogue and physical link model.")
    boolean table;

    @Option(names = "--json", description = "Print JSON (see docs/cli/fabric.md).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        FabricSpec spec = fabric.toSpec();
        Catalogue catalogue = fabric.catalogue.load();
        ClusterModel cluster = table
                ? ClusterModel.build(spec, catalogue, new DefaultLinkEvaluator())
                : ClusterModel.build(spec, catalogue);
        Fabric f = cluster.fabric();
        var plan = cluster.plan();
        FabricReport r = cluster.bom();
        List<OpticsComparison.Column> columns = compareOptics
                ? cluster.opticsComparison(
                        Technologies.comparedAt(
                                cluster.linkEvaluator(),
                                f.linkClasses().stream()
                                        .filter(c -> !c.pcie())
                                        .map(c -> c.rateGbps())
                                        .toList()),
                        compareClasses)
                : List.of();
        List<PathLatency.Path> paths = "pcie".equals(f.topology())
                ? PathLatency.between(
                        f, plan, NodeKind.HOST, List.of(NodeKind.GPU_POOL, NodeKind.MEMORY_POOL, NodeKind.STORAGE_POOL))
                : List.of();
        PrintWriter out = commandSpec.commandLine().getOut();
        if (json) {
            ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            ObjectNode root = m.valueToTree(r);
            if (!paths.isEmpty()) {
                ArrayNode arr = root.putArray("paths");
                for (NodeKind k : List.of(NodeKind.GPU_POOL, NodeKind.MEMORY_POOL, NodeKind.STORAGE_POOL)) {
                    DoubleSummaryStatistics st = paths.stream()
                            .filter(p -> p.toKind() == k)
                            .mapToDouble(PathLatency.Path::latencyNs)
                            .summaryStatistics();
                    if (st.getCount() > 0) {
                        arr.addObject()
                                .put("to", k.name().toLowerCase(java.util.Locale.ROOT))
                                .put("paths", st.getCount())
                                .put("minLatencyNs", st.getMin())
                                .put("maxLatencyNs", st.getMax());
                    }
                }
            }
            if (compareOptics) {
                ArrayNode arr = root.putArray("comparison");
                for (OpticsComparison.Column c : columns) {
                    ObjectNode o = arr.addObject();
                    o.put("optics", c.optics());
                    o.put("opticsPowerW", c.report().opticsPowerW());
                    o.put("hostSerdesPowerW", c.report().hostSerdesPowerW());
                    o.put("switchPowerW", c.report().switchPowerW());
                    o.put("totalPowerW", c.report().totalPowerW());
                    o.put("capexUsd", c.report().capexUsd());
                    o.put("transceivers", c.report().transceivers());
                    o.put("opticalEngines", c.report().opticalEngines());
                    o.put("externalLaserModules", c.report().externalLaserModules());
                    o.set("tiers", m.valueToTree(c.report().tiers()));
                    o.set("linkClasses", m.valueToTree(c.report().linkClasses()));
                }
            }
            out.println(m.writeValueAsString(root));
        } else {
            printText(out, r, columns, paths);
        }
        out.flush();
        return 0;
    }

    private static void printText(
            PrintWriter out, FabricReport r, List<OpticsComparison.Column> columns, List<PathLatency.Path> paths) {
        out.printf("%s: %,d GPUs, %,d nodes%n", r.topology(), r.gpus(), r.nodes());
        out.printf("shape: %s%n", r.shape());
        out.printf(
                "%-8s %8s %10s %10s %10s %10s %-14s %12s %12s %12s%n",
                "tier",
                "switches",
                "portsUsed",
                "portsFree",
                "linksDown",
                "linksUp",
                "medium",
                "transceivers",
                "powerW",
                "capexUsd");
        for (TierRollup t : r.tiers()) {
            out.printf(
                    "%-8s %,8d %,10d %,10d %,10d %,10d %-14s %,12d %,12.0f %,12.0f%n",
                    t.name(),
                    t.switches(),
                    t.portsUsed(),
                    t.portsFree(),
                    t.linksDown(),
                    t.linksUp(),
                    t.medium(),
                    t.transceivers(),
                    t.powerW(),
                    t.capexUsd());
        }
        out.printf(
                "%-12s %9s %8s %-34s %8s %9s %7s %10s %12s %12s%n",
                "links", "count", "rateG", "by technology", "meanM", "fibres", "ELS", "engines", "opticsW", "costUsd");
        for (LinkClassRollup c : r.linkClasses()) {
            out.printf(
                    "%-12s %,9d %8.0f %-34s %8.1f %,9d %,7d %,10d %,12.0f %,12.0f%n",
                    c.name(),
                    c.links(),
                    c.rateGbps(),
                    c.linksByTechnology(),
                    c.meanLengthM(),
                    c.fibres(),
                    c.externalLaserModules(),
                    c.opticalEngines(),
                    c.opticsPowerW(),
                    c.costUsd());
        }
        out.printf(
                "power: optics %,.0f W, switches %,.0f W, host SerDes %,.0f W, total %,.0f W%n",
                r.opticsPowerW(), r.switchPowerW(), r.hostSerdesPowerW(), r.totalPowerW());
        out.printf(
                "capex: %,.0f USD; bisection %,.1f Tb/s; diameter %d links; oversubscription %.2f%n",
                r.capexUsd(), r.bisectionTbps(), r.diameterHops(), r.oversubscription());
        if (r.infeasibleLinks() > 0) {
            out.printf("warning: %,d links are longer than their technology reaches%n", r.infeasibleLinks());
        }
        if (!paths.isEmpty()) {
            for (NodeKind k : List.of(NodeKind.GPU_POOL, NodeKind.MEMORY_POOL, NodeKind.STORAGE_POOL)) {
                DoubleSummaryStatistics st = paths.stream()
                        .filter(p -> p.toKind() == k)
                        .mapToDouble(PathLatency.Path::latencyNs)
                        .summaryStatistics();
                if (st.getCount() > 0) {
                    out.printf(
                            "host -> %s: %d paths, fabric latency %.1f .. %.1f ns%n",
                            k.name().toLowerCase(java.util.Locale.ROOT), st.getCount(), st.getMin(), st.getMax());
                }
            }
        }
        if (!columns.isEmpty()) {
            out.printf(
                    "%n%-14s %14s %14s %14s %16s %12s %10s %8s%n",
                    "optics", "opticsPowerW", "serdesW", "totalW", "capexUsd", "transceivers", "engines", "ELS");
            for (OpticsComparison.Column c : columns) {
                FabricReport x = c.report();
                out.printf(
                        "%-14s %,14.0f %,14.0f %,14.0f %,16.0f %,12d %,10d %,8d%n",
                        c.optics(),
                        x.opticsPowerW(),
                        x.hostSerdesPowerW(),
                        x.totalPowerW(),
                        x.capexUsd(),
                        x.transceivers(),
                        x.opticalEngines(),
                        x.externalLaserModules());
            }
            out.println("per tier optics power (W):");
            for (OpticsComparison.Column c : columns) {
                StringBuilder s = new StringBuilder(String.format("  %-14s", c.optics()));
                for (TierRollup t : c.report().tiers()) {
                    s.append(String.format(" %s %,.0f", t.name(), t.opticsPowerW()));
                }
                out.println(s);
            }
        }
    }
}
