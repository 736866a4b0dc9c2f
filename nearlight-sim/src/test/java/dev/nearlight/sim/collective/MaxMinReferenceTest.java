package dev.nearlight.sim.collective;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nearlight.sim.net.EcmpRouting;
import dev.nearlight.sim.net.NetworkTopology;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property test: on seeded random networks and random transfers (some waiting for others), every flow completion time
 * of {@link FlowNetworkModel} equals that of a textbook reference, which re-runs plain progressive filling over all
 * active flows and all links at every event. The model's component restriction, single-flow-link folding and heap
 * order must not change a result.
 */
class MaxMinReferenceTest {
    private static final double C = 100e9; // bytes/s

    static Stream<Long> seeds() {
        return IntStream.range(0, 40).mapToObj(i -> 0x5EEDL * 31 + i);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void completionTimesEqualTheReferenceFluidSimulation(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int endpoints = 6 + rnd.nextInt(6);
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
            b.duplex(i, endpoints + rnd.nextInt(switches), caps[rnd.nextInt(caps.length)], 0, "");
        }
        for (int i = 1; i < switches; i++) {
            b.duplex(endpoints + i - 1, endpoints + i, caps[rnd.nextInt(caps.length)], 0, "");
        }
        for (int extra = rnd.nextInt(3); extra > 0; extra--) {
            int x = rnd.nextInt(switches);
            int y = rnd.nextInt(switches);
            if (x != y) {
                b.duplex(endpoints + x, endpoints + y, caps[rnd.nextInt(caps.length)], 0, "");
            }
        }
        NetworkTopology t = b.build();

        int n = 8 + rnd.nextInt(25);
        TransferSchedule s = randomTransfers(rnd, endpoints, n, 3);
        long salt = rnd.nextLong();
        NetworkRun run = new FlowNetworkModel(t, new EcmpRouting(t, salt), 1.0).run(s);

        double[] expected = reference(t, new EcmpRouting(t, salt), s);
        for (int i = 0; i < n; i++) {
            assertThat(run.flowCompletionNs()[i])
                    .as("seed %d flow %d", seed, i)
                    .isCloseTo(expected[i], within(1e-6 * expected[i] + 1e-6));
        }
    }

    /**
     * The level-threshold restriction (only flows at or above the lowest level that can change are re-filled) against
     * re-filling the whole component, on a two-level fat tree whose uplinks have exactly the endpoints' bandwidth, so
     * per-flow ECMP collides, with random link latencies, so starts and ends fall at different instants. Each seed runs
     * a chunked halving-doubling all-reduce (many concurrent flows at many rates) and random dependent transfers.
     */
    @ParameterizedTest
    @MethodSource("thresholdSeeds")
    void levelThresholdGivesTheRatesOfAFullRefill(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int leaves = 4 + rnd.nextInt(5);
        int perLeaf = 4 + rnd.nextInt(5);
        int spines = perLeaf;
        NetworkTopology.Builder b = NetworkTopology.builder();
        int endpoints = leaves * perLeaf;
        for (int i = 0; i < endpoints; i++) {
            b.endpoint("ep" + i);
        }
        for (int i = 0; i < leaves; i++) {
            b.switchNode("leaf" + i);
        }
        for (int i = 0; i < spines; i++) {
            b.switchNode("spine" + i);
        }
        for (int i = 0; i < endpoints; i++) {
            b.duplex(i, endpoints + i / perLeaf, C, rnd.nextInt(400), "");
        }
        for (int lf = 0; lf < leaves; lf++) {
            for (int sp = 0; sp < spines; sp++) {
                b.duplex(endpoints + lf, endpoints + leaves + sp, C, rnd.nextInt(400), "");
            }
        }
        NetworkTopology t = b.build();
        int ranks = Integer.highestOneBit(endpoints);
        CollectiveSpec hd = new CollectiveSpec(
                CollectiveOp.ALL_REDUCE, Algorithm.HALVING_DOUBLING, 64L << 20, 4, 2, 1, Algorithm.RING);
        long salt = rnd.nextLong();
        List<TransferSchedule> schedules =
                List.of(Collectives.schedule(hd, ranks), randomTransfers(rnd, endpoints, 300, 2));
        for (TransferSchedule s : schedules) {
            NetworkRun restricted = new FlowNetworkModel(t, new EcmpRouting(t, salt), 0.8, true).run(s);
            NetworkRun full = new FlowNetworkModel(t, new EcmpRouting(t, salt), 0.8, false).run(s);
            double[] a = restricted.flowCompletionNs();
            double[] e = full.flowCompletionNs();
            for (int i = 0; i < s.size(); i++) {
                assertThat(a[i]).as("seed %d flow %d", seed, i).isCloseTo(e[i], within(1e-9 * e[i] + 1e-9));
            }
            assertThat(restricted.makespanNs()).isCloseTo(full.makespanNs(), within(1e-9 * full.makespanNs()));
            // non-trivial: collisions and dependencies spread the completion times of equal-sized transfers
            assertThat(Arrays.stream(e).distinct().count()).isGreaterThan(s.size() / 8);
        }
    }

    static Stream<Long> thresholdSeeds() {
        return IntStream.range(0, 12).mapToObj(i -> 0x7E5L * 17 + i);
    }

    /** n random transfers of 0.1 to 2 MB between distinct endpoints; each waits for an earlier one with odds 1 in oneIn. */
    private static TransferSchedule randomTransfers(SplittableRandom rnd, int endpoints, int n, int oneIn) {
        int[] src = new int[n];
        int[] dst = new int[n];
        double[] bytes = new double[n];
        int[] depStart = new int[n + 1];
        List<Integer> deps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            src[i] = rnd.nextInt(endpoints);
            do {
                dst[i] = rnd.nextInt(endpoints);
            } while (dst[i] == src[i]);
            bytes[i] = 1e5 * (1 + rnd.nextInt(20));
            if (i > 0 && rnd.nextInt(oneIn) == 0) {
                deps.add(rnd.nextInt(i));
            }
            depStart[i + 1] = deps.size();
        }
        return TransferSchedule.of(
                endpoints,
                src,
                dst,
                bytes,
                new int[n],
                new int[n],
                depStart,
                deps.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Completion time of each transfer (start to delivery), by global progressive filling at every event. */
    static double[] reference(NetworkTopology t, EcmpRouting routing, TransferSchedule s) {
        int n = s.size();
        int[][] path = new int[n][];
        for (int i = 0; i < n; i++) {
            path[i] = routing.path(t.endpoint(s.src(i)), t.endpoint(s.dst(i)), s.label(i));
        }
        double[] start = new double[n];
        double[] done = new double[n];
        double[] rem = new double[n];
        boolean[] active = new boolean[n];
        boolean[] finished = new boolean[n];
        int[] waiting = new int[n];
        for (int i = 0; i < n; i++) {
            waiting[i] = s.depStart(i + 1) - s.depStart(i);
            rem[i] = s.bytes(i);
            active[i] = waiting[i] == 0;
        }
        double now = 0;
        int left = n;
        while (left > 0) {
            double[] rate = fill(t, path, active);
            double dt = Double.POSITIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                if (active[i]) {
                    dt = Math.min(dt, rem[i] / rate[i]);
                }
            }
            now += dt;
            List<Integer> ended = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (active[i]) {
                    rem[i] -= rate[i] * dt;
                    if (rem[i] <= 1e-6 * s.bytes(i)) {
                        ended.add(i);
                    }
                }
            }
            for (int i : ended) {
                active[i] = false;
                finished[i] = true;
                done[i] = now;
                left--;
            }
            for (int j = 0; j < n; j++) {
                if (!active[j] && !finished[j] && waiting[j] > 0) {
                    for (int k = s.depStart(j); k < s.depStart(j + 1); k++) {
                        if (ended.contains(s.dep(k))) {
                            waiting[j]--;
                        }
                    }
                    if (waiting[j] == 0) {
                        active[j] = true;
                        start[j] = now;
                    }
                }
            }
        }
        double[] fct = new double[n];
        for (int i = 0; i < n; i++) {
            fct[i] = done[i] - start[i];
        }
        return fct;
    }

    /** Max-min rates in bytes per ns of the active flows: textbook progressive filling over every link. */
    static double[] fill(NetworkTopology t, int[][] path, boolean[] active) {
        int m = t.linkCount();
        double[] linkRem = new double[m];
        int[] cnt = new int[m];
        for (int l = 0; l < m; l++) {
            linkRem[l] = t.linkCapacityBytesPerS(l) * 1e-9;
        }
        double[] rate = new double[path.length];
        boolean[] frozen = new boolean[path.length];
        int unfrozen = 0;
        for (int i = 0; i < path.length; i++) {
            if (active[i]) {
                unfrozen++;
                for (int l : path[i]) {
                    cnt[l]++;
                }
            }
        }
        while (unfrozen > 0) {
            double share = Double.POSITIVE_INFINITY;
            for (int l = 0; l < m; l++) {
                if (cnt[l] > 0) {
                    share = Math.min(share, linkRem[l] / cnt[l]);
                }
            }
            for (int l = 0; l < m; l++) {
                if (cnt[l] > 0 && linkRem[l] / cnt[l] <= share * (1 + 1e-12)) {
                    for (int i = 0; i < path.length; i++) {
                        if (active[i] && !frozen[i] && contains(path[i], l)) {
                            frozen[i] = true;
                            unfrozen--;
                            rate[i] = share;
                            for (int pl : path[i]) {
                                linkRem[pl] -= share;
                                cnt[pl]--;
                            }
                        }
                    }
                }
            }
        }
        return rate;
    }

    private static boolean contains(int[] a, int x) {
        for (int v : a) {
            if (v == x) {
                return true;
            }
        }
        return false;
    }
}
