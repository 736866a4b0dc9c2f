package dev.nearlight.sim.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nearlight.core.catalogue.Catalogue;
import dev.nearlight.fabric.Fabric;
import dev.nearlight.fabric.graph.CompiledFabric;
import dev.nearlight.fabric.link.CatalogueLinkEvaluator;
import dev.nearlight.fabric.link.LinkPlanner;
import dev.nearlight.fabric.spec.FabricFactory;
import dev.nearlight.fabric.spec.FabricSpecReader;
import dev.nearlight.sim.net.EcmpRouting;
import dev.nearlight.sim.net.FabricTopologies;
import dev.nearlight.sim.net.NetworkTopology;
import org.junit.jupiter.api.Test;

class FlowCostModelTest {
    static NetworkTopology topology(String yaml) {
        CatalogueLinkEvaluator eval = new CatalogueLinkEvaluator(Catalogue.defaults());
        Fabric f = new FabricFactory(eval, Catalogue.defaults()).build(FabricSpecReader.parse(yaml, "t.yaml"));
        return FabricTopologies.from(CompiledFabric.compile(f, new LinkPlanner(eval).plan(f)));
    }

    static Parallelism par(int tp, int pp, int dp) {
        return Parallelism.builder()
                .tp(tp)
                .pp(pp)
                .dp(dp)
                .microBatch(1)
                .globalBatch(dp * 8)
                .build();
    }

    @Test
    void flowAgreesWithAnalyticalWhereNothingIsShared() {
        // 64 H100s, 8 per node, radix 16: each rail's 8 nodes hang off one leaf, so the 8 data-parallel rings (one
        // per rail, tp = 8) never share a link: the flow result must match alpha-beta
        NetworkTopology t = topology("gpus: 64\nswitchRadix: 16\nscaleUpDomain: 8\n");
        double pathNs = t.pathLatencyNs(
                new EcmpRouting(t, 1).paths(new int[] {t.endpoint(0)}, new int[] {t.endpoint(8)}, new int[] {0})[0]);
        // 1 tier: scaleOutLatency = endpoint + hop x (2 x 1 - 1) = 2 us + the gpu-leaf-gpu path
        ClusterNetwork net = new ClusterNetwork(8, 900e9, 3e-6, 0.82, 1, 400, 0.94, 2e-6, pathNs * 1e-9, 1, 16);
        Parallelism p = par(8, 1, 8);
        CommGroup dp = CommGroup.placed(8, 8, 8, 64);
        assertThat(dp.membersPerDomain()).isEqualTo(1);
        FlowCostModel flow = new FlowCostModel(t, net, p, 1);
        AlphaBetaCostModel ab = new AlphaBetaCostModel(net);
        for (double bytes : new double[] {1e6, 64e6, 1e9}) {
            assertThat(flow.reduceScatterS(bytes, dp))
                    .isCloseTo(ab.reduceScatterS(bytes, dp), within(0.03 * ab.reduceScatterS(bytes, dp)));
            assertThat(flow.allReduceS(bytes, dp))
                    .isCloseTo(ab.allReduceS(bytes, dp), within(0.03 * ab.allReduceS(bytes, dp)));
        }
        // by hand for 1 GB: 7 steps of 1e9/8 B at 50e9 x 0.94 B/s plus 7 x (2 us + path)
        double hand = 7 * (1e9 / 8 / (50e9 * 0.94) + 2e-6 + pathNs * 1e-9);
        assertThat(flow.reduceScatterS(1e9, dp)).isCloseTo(hand, within(0.01 * hand));
        // TP stays in the scale-up domain: priced analytically
        CommGroup tp = CommGroup.placed(8, 1, 8, 64);
        assertThat(flow.allReduceS(1e8, tp)).isEqualTo(ab.allReduceS(1e8, tp));
    }

    @Test
    void concurrentSendsContendOnOversubscribedUplinks() {
        // 3:1 oversubscribed leaves (12 down, 4 up), 24 nodes: each rail's nodes 0-11 sit on one leaf, 12-23 on
        // another. With pp = 2 and dp = 12, stage 0 is nodes 0-11 and stage 1 nodes 12-23: all 12 GPUs of a rail
        // leaf send to the other leaf at once through 4 uplinks, so the send takes at least 12/4 = 3x the NIC-bound
        // alpha-beta time (more when per-flow ECMP hashing puts more than 3 flows on one uplink)
        NetworkTopology t = topology("gpus: 192\nswitchRadix: 16\ntiers: 2\noversubscription: 3\n");
        ClusterNetwork net = new ClusterNetwork(8, 900e9, 3e-6, 0.82, 1, 400, 0.94, 2e-6, 1e-6, 2, 16);
        FlowCostModel flow = new FlowCostModel(t, net, par(8, 2, 12), 1);
        double ab = new AlphaBetaCostModel(net).p2pS(1e9, true, 192);
        assertThat(flow.p2pS(1e9, true, 192)).isGreaterThan(2.95 * ab).isLessThan(12.5 * ab);
        // the data-parallel ring of each rail crosses leaves only twice: no contention, alpha-beta holds
        CommGroup dp = CommGroup.placed(24, 8, 8, 192);
        double ring = new FlowCostModel(t, net, par(8, 1, 24), 1).reduceScatterS(1e9, dp);
        assertThat(ring).isCloseTo(new AlphaBetaCostModel(net).reduceScatterS(1e9, dp), within(0.03 * ring));
    }
}
