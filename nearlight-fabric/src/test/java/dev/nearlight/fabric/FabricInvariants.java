package dev.nearlight.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nearlight.fabric.bom.FabricReport;
import dev.nearlight.fabric.bom.FabricRollup;
import dev.nearlight.fabric.graph.CompiledFabric;
import dev.nearlight.fabric.graph.FabricGraphs;
import dev.nearlight.fabric.link.DefaultLinkEvaluator;
import dev.nearlight.fabric.link.LinkPlanner;

/** Invariants checked on every fabric built in the tests. */
public final class FabricInvariants {
    private FabricInvariants() {}

    /** Planner over the default table. */
    public static final LinkPlanner PLANNER = new LinkPlanner(new DefaultLinkEvaluator());

    /**
     * Checks ports within radix, connectivity (every GPU reaches every other) and, when the fabric claims to be
     * non-blocking, full bisection bandwidth; returns the roll-up.
     */
    public static FabricReport check(Fabric f) {
        assertThat(FabricGraphs.check(f)).isEmpty();
        for (int v = 0; v < f.nodeCount(); v++) {
            if (f.kind(v).isSwitch()) {
                assertThat(f.portsUsed(v)).isLessThanOrEqualTo(f.radix(v));
            }
        }
        CompiledFabric c = CompiledFabric.compile(f, PLANNER.plan(f));
        // every vertex (so every GPU, host and enclosure) reaches every other
        int[] dist = c.hopsFrom(0);
        for (int v = 0; v < c.nodeCount; v++) {
            assertThat(dist[v]).isGreaterThanOrEqualTo(0);
        }
        FabricReport r = new FabricRollup(PLANNER).rollup(f);
        assertThat(r.infeasibleLinks()).isZero();
        return r;
    }
}
