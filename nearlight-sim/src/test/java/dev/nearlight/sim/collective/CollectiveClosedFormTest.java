package dev.nearlight.sim.collective;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nearlight.core.InputException;
import dev.nearlight.sim.kernel.SimEvent;
import dev.nearlight.sim.net.EcmpRouting;
import dev.nearlight.sim.net.NetworkTopology;
import dev.nearlight.sim.net.Topologies;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Collectives against closed forms. C = 100e9 B/s (100 B/ns), L = 100 ns per link, n = 8, S = 8 MiB, so a ring step
 * moves S/n = 1,048,576 B in 10,485.76 ns.
 */
class CollectiveClosedFormTest {
    private static final double C = 100e9;
    private static final double L = 100;
    private static final int N = 8;
    private static final long S = 8L << 20;

    private static NetworkRun flow(NetworkTopology t, CollectiveSpec spec) {
        return new FlowNetworkModel(t, new EcmpRouting(t, 3), 1.0).run(Collectives.schedule(spec, N));
    }

    private static NetworkRun analytical(NetworkTopology t, CollectiveSpec spec) {
        return new AnalyticalNetworkModel(t, new EcmpRouting(t, 3), 1.0).run(Collectives.schedule(spec, N));
    }

    @Test
    void ringAllReduceOnASwitch() {
        // 2(n-1) = 14 steps of (S/n / C + 2 hops * L) = 14 * (10,485.76 + 200) ns
        NetworkRun run =
                flow(Topologies.switchStar(N, C, L), CollectiveSpec.of(CollectiveOp.ALL_REDUCE, Algorithm.RING, S));
        assertThat(run.makespanNs()).isCloseTo(14 * (10_485.76 + 200), within(1e-6));
    }

    @Test
    void ringAllReduceOnARing() {
        // one hop per step: 14 * (10,485.76 + 100) ns
        NetworkRun run = flow(Topologies.ring(N, C, L), CollectiveSpec.of(CollectiveOp.ALL_REDUCE, Algorithm.RING, S));
        assertThat(run.makespanNs()).isCloseTo(14 * (10_485.76 + 100), within(1e-6));
    }

    @Test
    void halvingDoublingAllReduceOnASwitch() {
        // each rank sends S/2 + S/4 + S/8 twice = 2 * 7/8 * S = 14,680,064 B -> 146,800.64 ns, plus 6 steps * 200 ns
        NetworkRun run = flow(
                Topologies.switchStar(N, C, L),
                CollectiveSpec.of(CollectiveOp.ALL_REDUCE, Algorithm.HALVING_DOUBLING, S));
        assertThat(run.makespanNs()).isCloseTo(146_800.64 + 1_200, within(1e-6));
    }

    @Test
    void hierarchicalAllReduceOnARailCluster() {
        // 2 nodes x 4 GPUs, scale-up 100 B/ns, NICs 25 B/ns, both nodes on one leaf per rail, no latency.
        // intra ring reduce-scatter: 3 steps of S/4 at 100 B/ns = 62,914.56 ns; cross-node ring of 2 ranks on S/4:
        // 2 steps of S/8 at 25 B/ns = 83,886.08 ns; intra ring all-gather: 62,914.56 ns. Total 209,715.2 ns.
        NetworkTopology rail = Topologies.railOptimizedTwoLevel(2, 4, C, 0, 2, 1, C / 4, 0);
        CollectiveSpec spec =
                new CollectiveSpec(CollectiveOp.ALL_REDUCE, Algorithm.HIERARCHICAL, S, 1, 1, 4, Algorithm.RING);
        TransferSchedule s = Collectives.schedule(spec, N);
        assertThat(s.size()).isEqualTo(3 * N + 2 * N + 3 * N);
        NetworkRun f = new FlowNetworkModel(rail, new EcmpRouting(rail, 5), 1.0).run(s);
        assertThat(f.makespanNs()).isCloseTo(209_715.2, within(1e-6));
        NetworkRun a = new AnalyticalNetworkModel(rail, new EcmpRouting(rail, 5), 1.0).run(s);
        assertThat(a.makespanNs()).isCloseTo(209_715.2, within(1e-6));
        // the cross-node phase uses the scale-out links only: 2 steps x 8 transfers x S/8 x 2 hops
        double scaleOut = 0;
        for (int l = 0; l < rail.linkCount(); l++) {
            if (rail.linkTag(l).equals("scale-out")) {
                scaleOut += f.linkBytes()[l];
            }
        }
        assertThat(scaleOut).isCloseTo(2 * 8 * (S / 8.0) * 2, within(1e-6));
    }

    @Test
    void busBandwidthFollowsNcclTestsDefinitions() {
        NetworkTopology t = Topologies.switchStar(N, C, 0);
        CollectiveResult ar = Collectives.run(
                CollectiveSpec.of(CollectiveOp.ALL_REDUCE, Algorithm.RING, S),
                new FlowNetworkModel(t, new EcmpRouting(t, 0), 1.0),
                N);
        // time = 14 * S/8 / C -> algbw = S / time = 8/14 * 100 GB/s; busbw = algbw * 2 * 7/8 = 100 GB/s
        assertThat(ar.algbwGBps()).isCloseTo(100.0 * 8 / 14, within(1e-9));
        assertThat(ar.busbwGBps()).isCloseTo(100.0, within(1e-9));
        CollectiveResult ag = Collectives.run(
                CollectiveSpec.of(CollectiveOp.ALL_GATHER, Algorithm.RING, S),
                new FlowNetworkModel(t, new EcmpRouting(t, 0), 1.0),
                N);
        assertThat(ag.busbwGBps()).isCloseTo(100.0, within(1e-9));
        assertThat(ag.maxLinkUtilization()).isCloseTo(1.0, within(1e-9));
        assertThat(ag.p99FlowNs()).isCloseTo(10_485.76, within(1e-6));
    }

    static Stream<Arguments> exactCases() {
        NetworkTopology sw = Topologies.switchStar(N, C, L);
        NetworkTopology ring = Topologies.ring(N, C, L);
        NetworkTopology mesh = Topologies.fullyConnected(N, C, L);
        return Stream.of(
                Arguments.of("ring allreduce on switch", sw, Algorithm.RING, CollectiveOp.ALL_REDUCE),
                Arguments.of("ring allreduce on ring", ring, Algorithm.RING, CollectiveOp.ALL_REDUCE),
                Arguments.of("ring allgather on ring", ring, Algorithm.RING, CollectiveOp.ALL_GATHER),
                Arguments.of("hd allreduce on switch", sw, Algorithm.HALVING_DOUBLING, CollectiveOp.ALL_REDUCE),
                Arguments.of("direct alltoall on switch", sw, Algorithm.DIRECT, CollectiveOp.ALL_TO_ALL),
                Arguments.of("direct allreduce on mesh", mesh, Algorithm.DIRECT, CollectiveOp.ALL_REDUCE),
                Arguments.of("direct broadcast (incast-like fan-out)", sw, Algorithm.DIRECT, CollectiveOp.BROADCAST),
                Arguments.of("sendrecv on ring", ring, Algorithm.RING, CollectiveOp.SEND_RECV));
    }

    @Test
    void treeBroadcastOnASwitchIsWhereTheAnalyticalBoundIsOptimistic() {
        // heap tree 0->{1,2}, 1->{3,4}, 2->{5,6}, 3->7, every transfer S. Flow: the root's uplink carries two flows
        // (2S/C + 2L), then ranks 1 and 2 each feed two children (2S/C + 2L), then 3->7 (S/C + 2L): 5S/C + 6L.
        // Analytical lower bound: the critical path of uncontended transfers 0->1->3->7, 3(S/C + 2L), beats the
        // root-uplink load bound 2S/C + 2L + (S/C + 2L) (the shortest tail after 0->2), since it cannot know that the
        // contention of one level delays the next.
        NetworkTopology sw = Topologies.switchStar(N, C, L);
        CollectiveSpec spec = CollectiveSpec.of(CollectiveOp.BROADCAST, Algorithm.TREE, S);
        assertThat(flow(sw, spec).makespanNs()).isCloseTo(5 * 83_886.08 + 6 * L, within(1e-6));
        assertThat(analytical(sw, spec).makespanNs()).isCloseTo(3 * (83_886.08 + 2 * L), within(1e-6));
    }

    @Test
    void pipelinedChunksCannotPushALinkBeyondItsCapacity() {
        // 8 chunks of a ring all-reduce, all in flight, on a ring of 16 at 50 B/ns. Each chunk of the old contention
        // model counted only its own step's load, so its makespan implied a utilisation of 6.2 and busbw 308 GB/s on
        // 50 GB/s links. Every link (r, r+1) carries 2 * 15/16 * S; at 50 B/ns that takes 2 * 15/16 * S / 50 ns.
        int n = 16;
        double c = 50e9;
        NetworkTopology ring = Topologies.ring(n, c, 0);
        CollectiveSpec spec =
                new CollectiveSpec(CollectiveOp.ALL_REDUCE, Algorithm.RING, 64L << 20, 8, 8, 8, Algorithm.RING);
        NetworkModel model = new AnalyticalNetworkModel(ring, new EcmpRouting(ring, 3), 1.0);
        CollectiveResult r = Collectives.run(spec, model, n);
        double loadBoundNs = 2.0 * 15 / 16 * (64L << 20) / 50;
        assertThat(r.timeNs()).isCloseTo(loadBoundNs, within(1e-6));
        assertThat(r.maxLinkUtilization()).isCloseTo(1.0, within(1e-9));
        // busbw = 2(n-1)/n S / T = 50 GB/s, the link rate; the per-rank bound is 100 GB/s (two links out)
        assertThat(r.busbwGBps()).isCloseTo(50.0, within(1e-9));
        assertThat(Collectives.busBandwidthBoundGBps(ring, n)).isCloseTo(100.0, within(1e-9));
        NetworkRun f = new FlowNetworkModel(ring, new EcmpRouting(ring, 3), 1.0).run(Collectives.schedule(spec, n));
        assertThat(f.makespanNs()).isGreaterThanOrEqualTo(r.timeNs());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exactCases")
    void analyticalAgreesWithFlowLevelWhereItIsExact(String name, NetworkTopology t, Algorithm algo, CollectiveOp op) {
        CollectiveSpec spec = CollectiveSpec.of(op, algo, S);
        double f = flow(t, spec).makespanNs();
        double a = analytical(t, spec).makespanNs();
        assertThat(f).isPositive();
        assertThat(a).isCloseTo(f, within(f * 1e-9));
    }

    @Test
    void bytesSentEqualBytesReceivedAndEveryTransferIsDeliveredOnce() {
        NetworkTopology t = Topologies.switchStar(N, C, L);
        CollectiveSpec spec = new CollectiveSpec(CollectiveOp.ALL_REDUCE, Algorithm.RING, S, 4, 2, 8, Algorithm.RING);
        TransferSchedule s = Collectives.schedule(spec, N);
        AtomicLong delivered = new AtomicLong();
        NetworkRun run = new FlowNetworkModel(t, new EcmpRouting(t, 3), 1.0)
                .run(
                        s,
                        List.of((time, e) -> {
                            if (e instanceof SimEvent.FlowDelivered) {
                                delivered.incrementAndGet();
                            }
                        }),
                        false);
        assertThat(delivered.get()).isEqualTo(s.size());
        assertThat(s.size()).isEqualTo(4 * 14 * N);
        double[] sent = new double[N];
        double[] received = new double[N];
        for (int i = 0; i < s.size(); i++) {
            sent[s.src(i)] += s.bytes(i);
            received[s.dst(i)] += s.bytes(i);
        }
        // every rank sends and receives 2(n-1)/n * S = 14,680,064 B
        assertThat(sent).containsOnly(2.0 * (N - 1) / N * S);
        assertThat(received).containsOnly(2.0 * (N - 1) / N * S);
        // every byte crosses 2 links (up to the switch, down to the peer): link bytes = 2 * total sent
        assertThat(run.totalLinkBytes()).isCloseTo(2 * s.totalBytes(), within(1e-3));
    }

    @Test
    void sameSeedGivesTheSameEventTrace() {
        // 4 nodes x 4 GPUs, 2 leaves x 2 spines per rail: ECMP choices depend on the seed
        NetworkTopology t = Topologies.railOptimizedTwoLevel(4, 4, 4 * C, L, 2, 2, C, L);
        CollectiveSpec spec = new CollectiveSpec(
                CollectiveOp.ALL_REDUCE, Algorithm.HIERARCHICAL, S, 4, 2, 4, Algorithm.HALVING_DOUBLING);
        TransferSchedule s = Collectives.schedule(spec, 16);
        NetworkRun a = new FlowNetworkModel(t, new EcmpRouting(t, 99), 1.0).run(s, List.of(), true);
        NetworkRun b = new FlowNetworkModel(t, new EcmpRouting(t, 99), 1.0).run(s, List.of(), true);
        assertThat(a.events()).isGreaterThan(s.size());
        assertThat(a.traceHash()).isNotZero().isEqualTo(b.traceHash());
        assertThat(a.makespanNs()).isEqualTo(b.makespanNs());
    }

    @Test
    void chunkingPipelinesABroadcastChain() {
        // chain of 8 on a ring, S in 8 chunks with 1 in flight per stage: (chunks + hops - 1) stages of S/8 / C
        NetworkTopology ring = Topologies.ring(N, C, 0);
        CollectiveSpec one = CollectiveSpec.of(CollectiveOp.BROADCAST, Algorithm.RING, S);
        CollectiveSpec piped = new CollectiveSpec(CollectiveOp.BROADCAST, Algorithm.RING, S, 8, 1, 8, Algorithm.RING);
        assertThat(flow(ring, one).makespanNs()).isCloseTo(7 * 83_886.08, within(1e-6));
        assertThat(flow(ring, piped).makespanNs()).isCloseTo((8 + 7 - 1) * 10_485.76, within(1e-6));
    }

    @Test
    void unsupportedCombinationsAreOneLineInputErrors() {
        assertThatThrownBy(() -> Collectives.schedule(
                        CollectiveSpec.of(CollectiveOp.ALL_REDUCE, Algorithm.HALVING_DOUBLING, S), 6))
                .isInstanceOf(InputException.class)
                .hasMessage("--algo halving-doubling needs a power-of-two number of ranks, got 6; use 4 or 8"
                        + " endpoints, or --algo ring");
        assertThatThrownBy(() -> Collectives.schedule(CollectiveSpec.of(CollectiveOp.ALL_TO_ALL, Algorithm.RING, S), 4))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("--algo ring does not implement --op alltoall");
        assertThatThrownBy(() -> Collectives.schedule(
                        new CollectiveSpec(CollectiveOp.ALL_REDUCE, Algorithm.HIERARCHICAL, S, 1, 1, 3, Algorithm.RING),
                        8))
                .isInstanceOf(InputException.class)
                .hasMessage("--scale-up 3 does not divide the 8 ranks; use a divisor of 8");
    }
}
