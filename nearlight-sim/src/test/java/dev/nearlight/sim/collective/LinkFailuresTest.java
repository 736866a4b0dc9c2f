package dev.nearlight.sim.collective;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nearlight.core.InputException;
import dev.nearlight.sim.net.EcmpRouting;
import dev.nearlight.sim.net.NetworkTopology;
import dev.nearlight.sim.net.Topologies;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Ring all-reduce on a bidirectional ring of 4 (C = 100 B/ns, L = 100 ns, S = 4 MiB): 6 steps of S/(4C) + L =
 * 10,485.76 + 100 ns, healthy 63,514.56 ns. The ring algorithm only uses the links r -> r+1.
 */
class LinkFailuresTest {
    private static final double C = 100e9;
    private static final double L = 100;
    private static final CollectiveSpec RING = CollectiveSpec.of(CollectiveOp.ALL_REDUCE, Algorithm.RING, 4L << 20);
    private static final Function<NetworkTopology, NetworkModel> FLOW =
            t -> new FlowNetworkModel(t, new EcmpRouting(t, 3), 1.0);

    @Test
    void aFailedLinkReroutesTheOtherWayRound() {
        // cable 0-1 down: 0 -> 1 goes 0 -> 3 -> 2 -> 1 over the unused reverse links, 3 hops, no sharing:
        // each step S/(4C) + 3L = 10,785.76 ns, 6 steps = 64,714.56 ns; ratio 64,714.56 / 63,514.56
        LinkFailures.Slowdown s = LinkFailures.slowdown(Topologies.ring(4, C, L), FLOW, RING, 4, 0, 1, 0);
        assertThat(s.healthyNs()).isCloseTo(63_514.56, within(1e-6));
        assertThat(s.failedNs()).isCloseTo(64_714.56, within(1e-6));
        assertThat(s.ratio()).isCloseTo(64_714.56 / 63_514.56, within(1e-12));
    }

    @Test
    void aDegradedLinkSlowsEveryStepToItsRate() {
        // 0-1 at half rate: the 0 -> 1 transfer of every step takes S/(4 * C/2) + L = 21,071.52 ns; 6 steps
        LinkFailures.Slowdown s = LinkFailures.slowdown(Topologies.ring(4, C, L), FLOW, RING, 4, 0, 1, 0.5);
        assertThat(s.failedNs()).isCloseTo(126_429.12, within(1e-6));
        assertThat(s.ratio()).isGreaterThan(1);
    }

    @Test
    void aFailureThatCutsARankOffIsAnError() {
        NetworkTopology star = Topologies.switchStar(4, C, L); // node 4 is the switch
        assertThatThrownBy(() -> LinkFailures.slowdown(star, FLOW, RING, 4, 2, 4, 0))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("cuts rank 2");
        assertThatThrownBy(() -> LinkFailures.degrade(star, 0, 1, 0))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("no link between");
    }
}
