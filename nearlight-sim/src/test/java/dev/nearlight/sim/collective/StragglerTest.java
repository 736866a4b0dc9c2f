package dev.nearlight.sim.collective;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nearlight.core.InputException;
import dev.nearlight.sim.net.EcmpRouting;
import dev.nearlight.sim.net.NetworkTopology;
import dev.nearlight.sim.net.Topologies;
import org.junit.jupiter.api.Test;

/**
 * A rank that joins the collective late. Ring all-reduce on 8 ranks of a switch (C = 100 B/ns, L = 100 ns per hop,
 * efficiency 1, S = 8 MiB): no two transfers ever share a link, so every transfer takes S/(8C) + 2L = 10,685.76 ns
 * after its dependencies; healthy 14 steps = 149,600.64 ns.
 */
class StragglerTest {
    private static final CollectiveSpec RING = CollectiveSpec.of(CollectiveOp.ALL_REDUCE, Algorithm.RING, 8L << 20);

    private static FlowNetworkModel model() {
        NetworkTopology t = Topologies.switchStar(8, 100e9, 100);
        return new FlowNetworkModel(t, new EcmpRouting(t, 1), 1.0);
    }

    @Test
    void aLateRankDelaysTheWholeRingByItsDelay() {
        assertThat(Collectives.run(RING, model(), 8).timeNs()).isCloseTo(149_600.64, within(1e-6));
        // rank 3 late by 50 us: the chain that starts with its first send (3 -> 4, 14 dependent transfers) ends last
        double[] late = {0, 0, 0, 50_000};
        assertThat(Collectives.run(RING, model().withRankDelays(late), 8).timeNs())
                .isCloseTo(50_000 + 149_600.64, within(1e-6));
        // two late ranks: the later one sets the end
        assertThat(Collectives.run(RING, model().withRankDelays(new double[] {20_000, 0, 0, 0, 0, 0, 0, 5_000}), 8)
                        .timeNs())
                .isCloseTo(20_000 + 149_600.64, within(1e-6));
        assertThatThrownBy(() -> model().withRankDelays(new double[] {-1}))
                .isInstanceOf(InputException.class)
                .hasMessage("rank 0 delay -1.0 ns must be a finite time >= 0");
    }
}
