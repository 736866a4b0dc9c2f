package dev.nearlight.sim.collective;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nearlight.core.InputException;
import dev.nearlight.sim.net.EcmpRouting;
import dev.nearlight.sim.net.ExplicitRouting;
import dev.nearlight.sim.net.NetworkTopology;
import dev.nearlight.sim.net.Topologies;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Links that fail, degrade and recover part-way through a run. Fixture: endpoints a and b joined by two parallel
 * two-hop paths a - s1 - b and a - s2 - b (C = 100 B/ns per direction, L = 100 ns per hop, efficiency 1); two flows
 * of S = 1 MB from a to b, chunk 0 routed over s1 and chunk 1 over s2. Healthy: both at C, S/C + 2L = 10,200 ns.
 */
class LinkEventsTest {
    private static final double C = 100e9;
    private static final double L = 100;
    private static final double S = 1e6;
    private static final double S_OVER_C = S / (C * 1e-9); // 10,000 ns

    private static NetworkTopology twoPaths() {
        NetworkTopology.Builder b = NetworkTopology.builder();
        int a = b.endpoint("a");
        int z = b.endpoint("b");
        int s1 = b.switchNode("s1");
        int s2 = b.switchNode("s2");
        b.duplex(a, s1, C, L, "x"); // links 0 (a->s1), 1
        b.duplex(s1, z, C, L, "x"); // 2 (s1->b), 3
        b.duplex(a, s2, C, L, "x"); // 4 (a->s2), 5
        b.duplex(s2, z, C, L, "x"); // 6 (s2->b), 7
        return b.build();
    }

    private static TransferSchedule twoFlows() {
        return TransferSchedule.of(
                2,
                new int[] {0, 0},
                new int[] {1, 1},
                new double[] {S, S},
                new int[] {0, 1},
                new int[] {0, 0},
                new int[] {0, 0, 0},
                new int[0]);
    }

    private static FlowNetworkModel model(NetworkTopology t) {
        ExplicitRouting r =
                new ExplicitRouting(t, new EcmpRouting(t, 1)).addPath(0, 2).addPath(4, 6);
        return new FlowNetworkModel(t, r, 1.0);
    }

    private static NetworkRun run(LinkEvent... events) {
        NetworkTopology t = twoPaths();
        return model(t).withLinkEvents(List.of(events), n -> new EcmpRouting(n, 1))
                .run(twoFlows());
    }

    @Test
    void healthyBothFlowsRunAtLineRate() {
        assertThat(run().makespanNs()).isCloseTo(S_OVER_C + 2 * L, within(1e-6));
    }

    @Test
    void aLinkDownAtHalfTimeMovesTheRemainingBytesOntoTheOtherPath() {
        // s1-b fails at S/(2C): chunk 0 has S/2 left, re-routed over s2, where both flows get C/2:
        // S/(2C) + (S/2)/(C/2) + 2L = 1.5 S/C + 2L = 15,200 ns, 0.5 S/C more than healthy
        NetworkRun r = run(new LinkEvent(S_OVER_C / 2, 2, 1, 0));
        assertThat(r.makespanNs()).isCloseTo(1.5 * S_OVER_C + 2 * L, within(1e-6));
        assertThat(r.makespanNs() - run().makespanNs()).isCloseTo(0.5 * S_OVER_C, within(1e-6));
        // bytes: s1->b carried the first S/2 of chunk 0, s2->b all of chunk 1 and the rest of chunk 0
        assertThat(r.linkBytes()[2]).isCloseTo(S / 2, within(1e-3));
        assertThat(r.linkBytes()[6]).isCloseTo(1.5 * S, within(1e-3));
        assertThat(r.maxLinkUtilization()).isLessThanOrEqualTo(1.0);
    }

    @Test
    void aDegradedLinkSlowsOnlyItsFlow() {
        // s1-b drops to C/4 at S/(2C): chunk 0's last S/2 at C/4 takes 2 S/C; chunk 1 unaffected
        NetworkRun r = run(new LinkEvent(S_OVER_C / 2, 2, 1, 0.25));
        assertThat(r.flowFinishNs()[0]).isCloseTo(2.5 * S_OVER_C + 2 * L, within(1e-6));
        assertThat(r.flowFinishNs()[1]).isCloseTo(S_OVER_C + 2 * L, within(1e-6));
    }

    @Test
    void aRepairRestoresTheRate() {
        // C/4 from 5,000 to 15,000 ns moves 250,000 B; the last 250,000 B at C: 2,500 ns; + 2L
        NetworkRun r = run(new LinkEvent(S_OVER_C / 2, 2, 1, 0.25), new LinkEvent(1.5 * S_OVER_C, 1, 2, 1));
        assertThat(r.flowFinishNs()[0]).isCloseTo(1.5 * S_OVER_C + 2_500 + 2 * L, within(1e-6));
    }

    @Test
    void aFailureFromTheStartEqualsTheStaticFailure() {
        // ring all-reduce on a 4-ring, cable 0-1 down from t = 0: every 0 -> 1 transfer takes the long way
        // (LinkFailuresTest: 6 (S/(4C) + 3L) = 64,714.56 ns), whether it was in flight or started later
        NetworkTopology ring = Topologies.ring(4, 100e9, 100);
        CollectiveSpec spec = CollectiveSpec.of(CollectiveOp.ALL_REDUCE, Algorithm.RING, 4L << 20);
        FlowNetworkModel m = new FlowNetworkModel(ring, new EcmpRouting(ring, 3), 1.0)
                .withLinkEvents(List.of(new LinkEvent(0, 0, 1, 0)), n -> new EcmpRouting(n, 3));
        assertThat(Collectives.run(spec, m, 4).timeNs()).isCloseTo(64_714.56, within(1e-6));
    }

    @Test
    void aFailureThatCutsARankOffIsAnError() {
        NetworkTopology star = Topologies.switchStar(2, C, L); // node 2 is the switch
        CollectiveSpec spec = CollectiveSpec.of(CollectiveOp.ALL_REDUCE, Algorithm.RING, 1L << 20);
        FlowNetworkModel m = new FlowNetworkModel(star, new EcmpRouting(star, 1), 1.0)
                .withLinkEvents(List.of(new LinkEvent(1000, 1, 2, 0)), n -> new EcmpRouting(n, 1));
        assertThatThrownBy(() -> Collectives.run(spec, m, 2))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("cut");
        assertThatThrownBy(() -> model(twoPaths()).withLinkEvents(List.of(new LinkEvent(0, 0, 1, 0)), n -> null))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("no link between a and b");
        assertThatThrownBy(() -> new LinkEvent(0, 0, 1, 1.5)).isInstanceOf(InputException.class);
    }
}
