package dev.nearlight.sim.collective;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nearlight.sim.net.NetworkTopology;
import dev.nearlight.sim.net.Topologies;
import org.junit.jupiter.api.Test;

/**
 * What every {@link NetworkModel} must satisfy (JGraphT-style contract test: each implementation's test extends this
 * class and builds its model over a topology). Capacities in bytes/s: C = 100e9 B/s is 100 bytes per ns.
 */
abstract class NetworkModelContractTest {
    static final double C = 100e9;
    static final double B = 1_000_000;

    /** The model under test over {@code t} with ECMP routing and protocol efficiency {@code eta}. */
    abstract NetworkModel model(NetworkTopology t, double eta);

    private static TransferSchedule pairs(int[][] pairs, int ranks) {
        CollectiveAlgorithm a = (op, r, bytes, sink) -> {
            for (int[] p : pairs) {
                sink.transfer(p[0], p[1], bytes);
            }
            sink.endStep();
        };
        return ScheduleBuilder.build(a, CollectiveOp.SEND_RECV, ranks, B, 1, 1);
    }

    @Test
    void oneTransferOnAnIdleNetworkTakesLatencyPlusBytesOverRate() {
        // two endpoints on one switch, 250 ns per link: 2 x 250 ns + 1e6 B / (0.8 x 100 B/ns) = 12,500 + 500 ns
        NetworkTopology t = Topologies.switchStar(2, C, 250);
        NetworkRun run = model(t, 0.8).run(pairs(new int[][] {{0, 1}}, 2));
        assertThat(run.makespanNs()).isCloseTo(500 + B / (0.8 * C * 1e-9), within(1e-6));
        assertThat(run.maxLinkUtilization()).isLessThanOrEqualTo(0.8 * (1 + 1e-9));
    }

    @Test
    void anIncastOfNTransfersSharesTheReceiversPortAndNeverExceedsIt() {
        // 4 senders into endpoint 0: its port carries 4 B bytes at C, at least 40,000 ns
        NetworkTopology t = Topologies.switchStar(5, C, 0);
        NetworkRun run = model(t, 1.0).run(pairs(new int[][] {{1, 0}, {2, 0}, {3, 0}, {4, 0}}, 5));
        assertThat(run.makespanNs()).isCloseTo(4 * B / (C * 1e-9), within(1e-6));
        assertThat(run.maxLinkUtilization()).isLessThanOrEqualTo(1 + 1e-9);
        for (double done : run.flowCompletionNs()) {
            assertThat(done).isPositive().isLessThanOrEqualTo(run.makespanNs() * (1 + 1e-12));
        }
    }

    @Test
    void disjointTransfersDoNotSlowEachOther() {
        NetworkTopology t = Topologies.switchStar(4, C, 0);
        NetworkRun one = model(t, 1.0).run(pairs(new int[][] {{0, 1}}, 4));
        NetworkRun two = model(t, 1.0).run(pairs(new int[][] {{0, 1}, {2, 3}}, 4));
        assertThat(two.makespanNs()).isCloseTo(one.makespanNs(), within(1e-6));
    }

    @Test
    void theSameScheduleGivesTheSameRunAndMemoryIsEstimated() {
        NetworkTopology t = Topologies.switchStar(8, C, 100);
        NetworkModel m = model(t, 0.9);
        TransferSchedule s = pairs(new int[][] {{0, 1}, {1, 2}, {2, 0}, {3, 0}, {4, 5}}, 8);
        NetworkRun a = m.run(s);
        NetworkRun b = m.run(s);
        assertThat(b.makespanNs()).isEqualTo(a.makespanNs());
        assertThat(b.flowCompletionNs()).containsExactly(a.flowCompletionNs());
        assertThat(m.heapBytesPerTransfer()).isPositive();
        assertThat(m.topology()).isSameAs(t);
        assertThat(m.name()).isNotBlank();
    }
}
