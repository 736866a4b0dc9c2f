package dev.nearlight.sim.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AlphaBetaCostModelTest {
    private final AcceleratorSpec h100 = AcceleratorCatalog.load().get("h100");
    private final ClusterNetwork net = ClusterNetwork.defaultFor(h100);
    private final AlphaBetaCostModel model = new AlphaBetaCostModel(net);

    @Test
    void ringAllReduceInsideHgxH100MatchesNcclMeasurement() {
        // nccl_collectives_h100.csv, ring all-reduce of 1 GiB on 8 x H100: 5111 us (read off a plot, +-3 %).
        // Model: 2 x 7 x 3 us + 2 x 7/8 x 2^30 B / (450e9 x 0.82 B/s) = 42 us + 5092 us = 5134 us.
        CommGroup g = new CommGroup(8, 8, 1, 8);
        double t = model.allReduceS(1024.0 * 1024 * 1024, g);
        assertThat(t).isCloseTo(42e-6 + 2 * 7.0 / 8 * 1073741824 / (450e9 * 0.82), within(1e-9));
        assertThat(t / 5111e-6 - 1).isBetween(-0.03, 0.03);
    }

    @Test
    void hierarchicalAllReduceAddsTheInterNodeRingOnTheShard() {
        // 16 ranks, 8 per node: intra RS + AG of 800 MB, inter ring of 100 MB over 2 nodes at 50 GB/s x 0.94.
        CommGroup g = new CommGroup(16, 8, 1, 16);
        double bytes = 800e6;
        double intra = 2 * (7 * 3e-6 + 7.0 / 8 * bytes / (450e9 * 0.82));
        double inter = 2 * (1 * (2e-6 + 0.5e-6) + 0.5 * (bytes / 8) / (50e9 * 0.94));
        assertThat(model.allReduceS(bytes, g)).isCloseTo(intra + inter, within(1e-12));
    }

    @Test
    void contentionOnSharedNicsSlowsTheInterNodePhase() {
        CommGroup alone = new CommGroup(16, 8, 1, 16);
        CommGroup shared = new CommGroup(16, 8, 2, 16);
        assertThat(model.reduceScatterS(1e9, shared)).isGreaterThan(model.reduceScatterS(1e9, alone));
        assertThat(model.allReduceS(1e9, alone)).isCloseTo(2 * model.reduceScatterS(1e9, alone), within(1e-12));
    }

    @Test
    void placementFollowsMegatronRankStride() {
        assertThat(CommGroup.placed(32, 8, 8, 1024).membersPerDomain()).isEqualTo(1);
        assertThat(CommGroup.placed(32, 2, 8, 1024).membersPerDomain()).isEqualTo(4);
        assertThat(CommGroup.placed(4, 1, 8, 1024).insideDomain()).isTrue();
    }
}
