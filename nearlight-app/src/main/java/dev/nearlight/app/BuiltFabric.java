package dev.nearlight.app;

import dev.nearlight.core.catalogue.Catalogue;
import dev.nearlight.fabric.Fabric;
import dev.nearlight.fabric.bom.FabricReport;
import dev.nearlight.fabric.bom.FabricRollup;
import dev.nearlight.fabric.graph.CompiledFabric;
import dev.nearlight.fabric.link.CatalogueLinkEvaluator;
import dev.nearlight.fabric.link.LinkEvaluator;
import dev.nearlight.fabric.link.LinkPlanner;
import dev.nearlight.fabric.spec.FabricFactory;
import dev.nearlight.fabric.spec.FabricSpec;
import dev.nearlight.sim.net.FabricTopologies;
import dev.nearlight.sim.net.NetworkTopology;
import java.util.List;

/**
 * A fabric built exactly as {@code nearlight fabric} builds it (same factory, catalogue link evaluator, planner and
 * roll-up), with its compiled arrays and its simulator topology, so {@code collective} and {@code train} see the
 * fabric that {@code nearlight fabric} reports.
 */
record BuiltFabric(Fabric fabric, CompiledFabric compiled, FabricReport report, NetworkTopology topology) {
    /** Builds, checks, plans, rolls up and converts the fabric of a spec; bad specs throw InputException. */
    static BuiltFabric build(FabricSpec spec) {
        Catalogue catalogue = Catalogue.defaults();
        LinkEvaluator evaluator = new CatalogueLinkEvaluator(catalogue);
        Fabric f = new FabricFactory(evaluator, catalogue).build(spec);
        List<String> problems = dev.nearlight.fabric.graph.FabricGraphs.check(f);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("built fabric is inconsistent: " + problems.get(0));
        }
        LinkPlanner planner = new LinkPlanner(evaluator);
        var plan = planner.plan(f);
        CompiledFabric c = CompiledFabric.compile(f, plan);
        FabricReport r = new FabricRollup(planner).rollup(f, plan, c.gpuDiameterHops(FabricRollup.DIAMETER_SAMPLES));
        return new BuiltFabric(f, c, r, FabricTopologies.from(c));
    }

    /** One-line description for report headers. */
    String describe() {
        return String.format(
                java.util.Locale.ROOT,
                "%s fabric (%d GPUs, %d nodes, shape %s)",
                report.topology(),
                report.gpus(),
                report.nodes(),
                report.shape());
    }
}
