package dev.nearlight.sim.collective;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nearlight.sim.net.EcmpRouting;
import dev.nearlight.sim.net.NetworkTopology;
import dev.nearlight.sim.net.Topologies;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property test on seeded random fabrics (random multi-switch graphs with heterogeneous capacities and latencies, and
 * rail clusters with few spines so that ECMP collides): for random collectives, chunking and protocol efficiency the
 * analytical model never exceeds the flow model's time, and neither model breaks the physics invariants (every link's
 * utilisation at most the efficiency, busbw at most the per-rank line rate).
 */
class AnalyticalBoundPropertyTest {
    private static final double C = 100e9;

    static Stream<Long> seeds() {
        return IntStream.range(0, 60).mapToObj(i -> 0xB0DL * 7919 + i);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void analyticalIsALowerBoundOfTheFlowModelAndBothRespectLineRates(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int ranks = 8;
        NetworkTopology t = rnd.nextBoolean() ? randomGraph(rnd, ranks) : collidingRail(rnd);
        ranks = t.endpointCount();
        CollectiveSpec spec = randomSpec(rnd);
        double eta = 0.5 + 0.5 * rnd.nextDouble();
        long salt = rnd.nextLong();
        CollectiveResult flow = Collectives.run(spec, new FlowNetworkModel(t, new EcmpRouting(t, salt), eta), ranks);
        CollectiveResult analytical =
                Collectives.run(spec, new AnalyticalNetworkModel(t, new EcmpRouting(t, salt), eta), ranks);
        String what = spec + " on " + t;
        assertThat(analytical.timeNs()).as(what).isPositive().isLessThanOrEqualTo(flow.timeNs() * (1 + 1e-9));
        double bound = Collectives.busBandwidthBoundGBps(t, ranks);
        for (CollectiveResult r : new CollectiveResult[] {flow, analytical}) {
            assertThat(r.maxLinkUtilization()).as(what).isLessThanOrEqualTo(eta * (1 + 1e-9));
            assertThat(r.busbwGBps()).as(what).isLessThanOrEqualTo(bound * (1 + 1e-9));
        }
    }

    /** 8 endpoints on 2 to 5 switches (a chain plus random extra links), random capacities and latencies. */
    private static NetworkTopology randomGraph(SplittableRandom rnd, int endpoints) {
        int switches = 2 + rnd.nextInt(4);
        double[] caps = {C, C / 2, 2 * C, 0.75 * C, C / 3};
        NetworkTopology.Builder b = NetworkTopology.builder();
        for (int i = 0; i < endpoints; i++) {
            b.endpoint("ep" + i);
        }
        for (int i = 0; i < switches; i++) {
            b.switchNode("sw" + i);
        }
        for (int i = 0; i < endpoints; i++) {
            int links = 1 + rnd.nextInt(2);
            for (int k = 0; k < links; k++) {
                b.duplex(i, endpoints + rnd.nextInt(switches), caps[rnd.nextInt(caps.length)], rnd.nextInt(800), "");
            }
        }
        for (int i = 1; i < switches; i++) {
            b.duplex(endpoints + i - 1, endpoints + i, caps[rnd.nextInt(caps.length)], rnd.nextInt(800), "");
        }
        for (int extra = rnd.nextInt(4); extra > 0; extra--) {
            int x = rnd.nextInt(switches);
            int y = rnd.nextInt(switches);
            if (x != y) {
                b.duplex(endpoints + x, endpoints + y, caps[rnd.nextInt(caps.length)], rnd.nextInt(800), "");
            }
        }
        return b.build();
    }

    /** 4 or 8 nodes of 4 GPUs on a two-level rail cluster with 2 nodes per leaf and 1 or 2 spines: ECMP collides. */
    private static NetworkTopology collidingRail(SplittableRandom rnd) {
        int nodes = rnd.nextBoolean() ? 4 : 8;
        int spines = 1 + rnd.nextInt(2);
        return Topologies.railOptimizedTwoLevel(nodes, 4, 4 * C, rnd.nextInt(500), 2, spines, C, rnd.nextInt(500));
    }

    private static CollectiveSpec randomSpec(SplittableRandom rnd) {
        long bytes = 1L << (12 + rnd.nextInt(16));
        int splits = 1 + rnd.nextInt(4);
        int inFlight = 1 + rnd.nextInt(splits);
        switch (rnd.nextInt(7)) {
            case 0:
                return new CollectiveSpec(
                        CollectiveOp.ALL_REDUCE, Algorithm.RING, bytes, splits, inFlight, 4, Algorithm.RING);
            case 1:
                return new CollectiveSpec(
                        CollectiveOp.ALL_REDUCE,
                        Algorithm.HALVING_DOUBLING,
                        bytes,
                        splits,
                        inFlight,
                        4,
                        Algorithm.RING);
            case 2:
                return new CollectiveSpec(
                        CollectiveOp.ALL_REDUCE, Algorithm.TREE, bytes, splits, inFlight, 4, Algorithm.RING);
            case 3:
                return new CollectiveSpec(
                        CollectiveOp.ALL_TO_ALL, Algorithm.DIRECT, bytes, splits, inFlight, 4, Algorithm.RING);
            case 4:
                return new CollectiveSpec(
                        CollectiveOp.ALL_GATHER, Algorithm.RING, bytes, splits, inFlight, 4, Algorithm.RING);
            case 5:
                return new CollectiveSpec(
                        CollectiveOp.BROADCAST, Algorithm.TREE, bytes, splits, inFlight, 4, Algorithm.RING);
            default:
                return new CollectiveSpec(
                        CollectiveOp.ALL_REDUCE,
                        Algorithm.HIERARCHICAL,
                        bytes,
                        splits,
                        inFlight,
                        4,
                        rnd.nextBoolean() ? Algorithm.RING : Algorithm.HALVING_DOUBLING);
        }
    }
}
