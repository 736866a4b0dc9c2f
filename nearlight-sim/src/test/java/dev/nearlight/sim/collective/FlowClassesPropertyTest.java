package dev.nearlight.sim.collective;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nearlight.sim.net.DestinationModKRouting;
import dev.nearlight.sim.net.EcmpRouting;
import dev.nearlight.sim.net.NetworkTopology;
import dev.nearlight.sim.net.Routing;
import dev.nearlight.sim.net.Topologies;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Flow classes ({@link SymmetricFlowNetworkModel}) against the per-flow model ({@link FlowNetworkModel}) on seeded
 * symmetric fabrics (switch, ring, full mesh, two-level rail clusters with D-mod-K routing) with random collectives,
 * chunking, capacities, latencies and efficiencies: every transfer's completion and finish time, the makespan and the
 * bytes per link agree to a relative 1e-9, and the class run really ran on classes (far fewer than transfers).
 */
class FlowClassesPropertyTest {
    static Stream<Long> seeds() {
        return IntStream.range(0, 40).mapToObj(i -> 0xC1A55L * 104729 + i);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void classRunEqualsPerFlowRunOnSymmetricFabrics(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double cap = (50 + rnd.nextInt(400)) * 1e9;
        double lat = rnd.nextInt(1000);
        NetworkTopology t;
        Routing routing;
        CollectiveSpec spec;
        long bytes = 1L << (14 + rnd.nextInt(16));
        int splits = 1 + rnd.nextInt(4);
        int inFlight = 1 + rnd.nextInt(splits);
        switch (rnd.nextInt(4)) {
            case 0 -> {
                t = Topologies.switchStar(8 << rnd.nextInt(3), cap, lat);
                routing = new EcmpRouting(t, rnd.nextLong());
                Algorithm[] algos = {Algorithm.RING, Algorithm.HALVING_DOUBLING, Algorithm.DIRECT};
                spec = new CollectiveSpec(
                        CollectiveOp.ALL_REDUCE, algos[rnd.nextInt(3)], bytes, splits, inFlight, 4, Algorithm.RING);
            }
            case 1 -> {
                t = Topologies.ring(4 + rnd.nextInt(12), cap, lat);
                routing = new EcmpRouting(t, rnd.nextLong());
                CollectiveOp[] ops = {CollectiveOp.ALL_REDUCE, CollectiveOp.ALL_GATHER, CollectiveOp.REDUCE_SCATTER};
                spec = new CollectiveSpec(
                        ops[rnd.nextInt(3)], Algorithm.RING, bytes, splits, inFlight, 4, Algorithm.RING);
            }
            case 2 -> {
                t = Topologies.fullyConnected(4 + rnd.nextInt(6), cap, lat);
                routing = new EcmpRouting(t, rnd.nextLong());
                spec = new CollectiveSpec(
                        CollectiveOp.ALL_TO_ALL, Algorithm.DIRECT, bytes, splits, inFlight, 4, Algorithm.RING);
            }
            default -> {
                int gpus = 4 << rnd.nextInt(2);
                int nodes = 4 << rnd.nextInt(3);
                t = Topologies.railOptimizedTwoLevel(
                        nodes,
                        gpus,
                        cap * (2 + rnd.nextInt(8)),
                        lat,
                        2 << rnd.nextInt(2),
                        nodes / 2,
                        cap,
                        rnd.nextInt(500));
                routing = new DestinationModKRouting(t);
                Algorithm[] inter = {Algorithm.RING, Algorithm.HALVING_DOUBLING, Algorithm.DIRECT};
                spec = new CollectiveSpec(
                        CollectiveOp.ALL_REDUCE,
                        Algorithm.HIERARCHICAL,
                        bytes,
                        splits,
                        inFlight,
                        gpus,
                        inter[rnd.nextInt(3)]);
            }
        }
        double eta = 0.5 + 0.5 * rnd.nextDouble();
        double etaOut = 0.5 + 0.5 * rnd.nextDouble();
        FlowNetworkModel perFlow = new FlowNetworkModel(t, routing, eta, etaOut);
        SymmetricFlowNetworkModel classes = new SymmetricFlowNetworkModel(perFlow, 1.0);
        int ranks = t.endpointCount();
        TransferSchedule s = Collectives.schedule(spec, ranks);
        String what = spec + " on " + t;

        FlowClasses fc = classes.classes(s, PathTable.route(s, t, routing));
        assertThat(fc).as(what).isNotNull();
        assertThat(fc.classCount).as(what).isLessThanOrEqualTo(s.size() / 4);

        NetworkRun a = perFlow.run(s);
        NetworkRun b = classes.run(s);
        assertThat(b.makespanNs()).as(what).isCloseTo(a.makespanNs(), within(1e-9 * a.makespanNs()));
        for (int i = 0; i < s.size(); i++) {
            assertThat(b.flowFinishNs()[i])
                    .as(what + " transfer " + i)
                    .isCloseTo(a.flowFinishNs()[i], within(1e-9 * a.makespanNs()));
            assertThat(b.flowCompletionNs()[i])
                    .as(what + " transfer " + i)
                    .isCloseTo(a.flowCompletionNs()[i], within(1e-9 * a.makespanNs()));
        }
        for (int l = 0; l < a.linkBytes().length; l++) {
            assertThat(b.linkBytes()[l])
                    .as(what + " link " + l)
                    .isCloseTo(a.linkBytes()[l], within(1e-9 * (1 + a.linkBytes()[l])));
        }
    }

    /**
     * Per-flow ECMP on a rail cluster with too few spines: the hash sends different numbers of flows over the uplinks,
     * so the partition splits towards single transfers and the model falls back to the per-flow run (same result).
     */
    @Test
    void ecmpCollisionsBreakTheSymmetryAndFallBackToPerFlow() {
        NetworkTopology t = Topologies.railOptimizedTwoLevel(8, 4, 400e9, 100, 2, 2, 50e9, 200);
        Routing ecmp = new EcmpRouting(t, 7);
        CollectiveSpec spec = new CollectiveSpec(
                CollectiveOp.ALL_REDUCE, Algorithm.HIERARCHICAL, 1L << 24, 1, 1, 4, Algorithm.HALVING_DOUBLING);
        TransferSchedule s = Collectives.schedule(spec, t.endpointCount());
        FlowNetworkModel perFlow = new FlowNetworkModel(t, ecmp, 0.8);
        assertThat(new SymmetricFlowNetworkModel(perFlow, 0.125).classes(s, PathTable.route(s, t, ecmp)))
                .isNull();
        assertThat(new SymmetricFlowNetworkModel(perFlow).run(s).makespanNs())
                .isEqualTo(perFlow.run(s).makespanNs());
    }

    /**
     * Hand-derived: ring all-reduce of S on n ranks of one switch (C per direction, L per hop, eta = 1) is 2(n-1) steps
     * of one class of n flows each, 2(n-1) (S/(nC) + 2L): n = 8, S = 8 MB, C = 1e9 B/s, L = 100 ns gives
     * 14 x (1e6 ns + 200 ns) = 14,002,800 ns, with 14 flow classes for 112 transfers.
     */
    @Test
    void ringOnASwitchIsOneClassPerStep() {
        NetworkTopology t = Topologies.switchStar(8, 1e9, 100);
        FlowNetworkModel perFlow = new FlowNetworkModel(t, new EcmpRouting(t, 1), 1.0);
        SymmetricFlowNetworkModel m = new SymmetricFlowNetworkModel(perFlow);
        TransferSchedule s =
                Collectives.schedule(CollectiveSpec.of(CollectiveOp.ALL_REDUCE, Algorithm.RING, 8_000_000), 8);
        assertThat(m.classes(s, PathTable.route(s, t, perFlow.routing())).classCount)
                .isEqualTo(14);
        assertThat(s.size()).isEqualTo(112);
        assertThat(m.run(s).makespanNs()).isCloseTo(14_002_800, within(1e-6));
        assertThat(List.of(m.name())).containsExactly("flow");
    }
}
