package dev.nearlight.sim.collective;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nearlight.sim.net.EcmpRouting;
import dev.nearlight.sim.net.ExplicitRouting;
import dev.nearlight.sim.net.NetworkTopology;
import dev.nearlight.sim.net.Topologies;
import org.junit.jupiter.api.Test;

/** Max-min fair sharing on hand-built networks; capacities in bytes/s, so C = 100e9 B/s is 100 bytes per ns. */
class FlowNetworkModelTest {
    private static final double C = 100e9;
    private static final double B = 1_000_000;

    /** n sources and n sinks around one bottleneck link of capacity C; access links have the given capacity. */
    private static NetworkTopology dumbbell(int n, double... accessCapacity) {
        NetworkTopology.Builder b = NetworkTopology.builder();
        for (int i = 0; i < 2 * n; i++) {
            b.endpoint("ep" + i);
        }
        int left = b.switchNode("left");
        int right = b.switchNode("right");
        for (int i = 0; i < n; i++) {
            double cap = i < accessCapacity.length ? accessCapacity[i] : 10 * C;
            b.link(i, left, cap, 0, "");
            b.link(right, n + i, 10 * C, 0, "");
        }
        b.link(left, right, C, 0, "bottleneck");
        return b.build();
    }

    private static NetworkRun pairs(NetworkTopology t, int n) {
        CollectiveAlgorithm pairs = (op, ranks, bytes, sink) -> {
            for (int i = 0; i < n; i++) {
                sink.transfer(i, n + i, bytes);
            }
            sink.endStep();
        };
        TransferSchedule s = ScheduleBuilder.build(pairs, CollectiveOp.SEND_RECV, 2 * n, B, 1, 1);
        return new FlowNetworkModel(t, new EcmpRouting(t, 1), 1.0).run(s);
    }

    @Test
    void flowsSharingOneBottleneckGetEqualShares() {
        int n = 4;
        NetworkRun run = pairs(dumbbell(n), n);
        // each flow gets C/4 = 25 B/ns, so 1e6 B take 40,000 ns, all four finishing together
        assertThat(run.flowCompletionNs()).containsOnly(40_000.0);
        assertThat(run.makespanNs()).isCloseTo(4 * B / (C * 1e-9), within(1e-6));
        // the bottleneck is busy the whole time
        assertThat(run.maxLinkUtilization()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void maxMinGivesTheRestToUnconstrainedFlows() {
        // flow 0 is held to C/6 by its access link; flows 1 and 2 split the remaining 5C/6: 5C/12 each.
        NetworkRun run = pairs(dumbbell(3, C / 6), 3);
        double cNs = C * 1e-9;
        // flows 1, 2: B / (5C/12) = 24,000 ns; flow 0: B / (C/6) = 60,000 ns (its access link stays the limit)
        assertThat(run.flowCompletionNs()[1]).isCloseTo(B / (5 * cNs / 12), within(1e-6));
        assertThat(run.flowCompletionNs()[2]).isCloseTo(24_000.0, within(1e-6));
        assertThat(run.flowCompletionNs()[0]).isCloseTo(60_000.0, within(1e-6));
    }

    @Test
    void incastOfNFlowsIntoOnePortTakesNTimesAsLong() {
        int n = 8;
        NetworkTopology star = Topologies.switchStar(n + 1, C, 0);
        CollectiveAlgorithm incast = (op, ranks, bytes, sink) -> {
            for (int i = 1; i <= n; i++) {
                sink.transfer(i, 0, bytes);
            }
            sink.endStep();
        };
        CollectiveAlgorithm single = (op, ranks, bytes, sink) -> {
            sink.transfer(1, 0, bytes);
            sink.endStep();
        };
        FlowNetworkModel m = new FlowNetworkModel(star, new EcmpRouting(star, 1), 1.0);
        double one = m.run(ScheduleBuilder.build(single, CollectiveOp.SEND_RECV, n + 1, B, 1, 1))
                .makespanNs();
        double all = m.run(ScheduleBuilder.build(incast, CollectiveOp.SEND_RECV, n + 1, B, 1, 1))
                .makespanNs();
        assertThat(one).isCloseTo(10_000.0, within(1e-6)); // 1e6 B at 100 B/ns
        assertThat(all / one).isCloseTo(n, within(1e-9));
    }

    @Test
    void explicitMultipathSpreadsChunksOverBothPaths() {
        NetworkTopology.Builder b = NetworkTopology.builder();
        int a = b.endpoint("a");
        int z = b.endpoint("z");
        int s1 = b.switchNode("s1");
        int s2 = b.switchNode("s2");
        int l1 = b.link(a, s1, C, 0, "");
        int l2 = b.link(s1, z, C, 0, "");
        int l3 = b.link(a, s2, C, 0, "");
        int l4 = b.link(s2, z, C, 0, "");
        NetworkTopology t = b.build();
        CollectiveAlgorithm one = (op, ranks, bytes, sink) -> {
            sink.transfer(0, 1, bytes);
            sink.endStep();
        };
        // 2 chunks of B/2, both in flight: labels 0 and 1
        TransferSchedule s = ScheduleBuilder.build(one, CollectiveOp.SEND_RECV, 2, B, 2, 2);
        ExplicitRouting both =
                new ExplicitRouting(t, new EcmpRouting(t, 0)).addPath(l1, l2).addPath(l3, l4);
        ExplicitRouting single = new ExplicitRouting(t, new EcmpRouting(t, 0)).addPath(l1, l2);
        // two paths: each chunk B/2 at 100 B/ns = 5,000 ns; one path: both chunks share it, 10,000 ns
        assertThat(new FlowNetworkModel(t, both, 1.0).run(s).makespanNs()).isCloseTo(5_000.0, within(1e-6));
        assertThat(new FlowNetworkModel(t, single, 1.0).run(s).makespanNs()).isCloseTo(10_000.0, within(1e-6));
    }

    @Test
    void latencyIsAddedOncePerPathAfterTheLastByteDrains() {
        NetworkTopology star = Topologies.switchStar(2, C, 250);
        CollectiveAlgorithm one = (op, ranks, bytes, sink) -> {
            sink.transfer(0, 1, bytes);
            sink.endStep();
        };
        NetworkRun run = new FlowNetworkModel(star, new EcmpRouting(star, 1), 0.5)
                .run(ScheduleBuilder.build(one, CollectiveOp.SEND_RECV, 2, B, 1, 1));
        // 1e6 B at 0.5 * 100 B/ns = 20,000 ns, plus 2 hops * 250 ns
        assertThat(run.makespanNs()).isCloseTo(20_500.0, within(1e-6));
    }

    @Test
    void batchedEventsGiveExactlyTheResultsAndEventCountOfOneEventPerFlow() {
        NetworkTopology sw = Topologies.switchStar(16, 450e9, 500);
        for (Algorithm a : new Algorithm[] {Algorithm.RING, Algorithm.TREE, Algorithm.DIRECT}) {
            for (int splits : new int[] {1, 4}) {
                CollectiveSpec spec =
                        new CollectiveSpec(CollectiveOp.ALL_REDUCE, a, 300_000_000L, splits, 1, 8, Algorithm.RING);
                TransferSchedule s = Collectives.schedule(spec, 16);
                FlowNetworkModel m = new FlowNetworkModel(sw, new EcmpRouting(sw, 7), 0.8);
                NetworkRun batched = m.run(s);
                NetworkRun perFlow = m.run(s, java.util.List.of(), true);
                assertThat(batched.makespanNs()).isEqualTo(perFlow.makespanNs());
                assertThat(batched.flowCompletionNs()).containsExactly(perFlow.flowCompletionNs());
                assertThat(batched.linkBytes()).containsExactly(perFlow.linkBytes());
                assertThat(batched.events()).isEqualTo(perFlow.events());
            }
        }
    }
}
