package dev.nearlight.compose.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class PoolSimulatorTest {
    private static final int T = ResourceType.COUNT;

    /** 1 rack x 1 node of 64 cores, 8 GPUs, 1024 GiB, 30 TB; no pooled-memory slowdown. */
    private static ClusterSpec oneNode() {
        return new ClusterSpec(1, 1, 64, 8, 1024, 30_000, null, "cxl3-optical", 3, 1.5, 500, 100, 0.0, 0.5, 10);
    }

    private static JobTrace trace(double[] arrival, double[] dur, int[]... perJob) {
        int[][] d = new int[T][arrival.length];
        for (int i = 0; i < arrival.length; i++) {
            for (int t = 0; t < T; t++) {
                d[t][i] = perJob[i][t];
            }
        }
        return new JobTrace("test", arrival, dur, d, null, null);
    }

    @Test
    void twoHalfNodeJobsByHand() {
        // A: t=0, 10 s, 4 GPUs; B: t=1, 5 s, 4 GPUs. Static gives A the whole node, so B waits until t=10 (9 s).
        JobTrace tr = trace(
                new double[] {0, 1}, new double[] {10, 5}, new int[] {32, 4, 256, 1000}, new int[] {32, 4, 256, 1000});
        PoolResult s = new PoolSimulator(oneNode(), Placement.STATIC).run(tr);
        assertThat(s.meanWaitS()).isCloseTo(4.5, within(1e-12));
        assertThat(s.p99WaitS()).isCloseTo(9.0, within(1e-12));
        // horizon 15 s; GPUs: 8 allocated throughout, 4 used -> utilisation 60/120 = 0.5, stranded 0.5
        assertThat(s.horizonS()).isEqualTo(15.0);
        assertThat(s.utilization()[ResourceType.GPU.ordinal()]).isCloseTo(0.5, within(1e-12));
        assertThat(s.strandedFraction()[ResourceType.GPU.ordinal()]).isCloseTo(0.5, within(1e-12));
        // slowdown: A (0 + 10) / 10 = 1, B (9 + 5) / 5 = 2.8 -> mean 1.9
        assertThat(s.meanSlowdown()).isCloseTo(1.9, within(1e-12));
        for (Placement p : new Placement[] {Placement.FIRST_FIT, Placement.BEST_FIT, Placement.LATENCY_AWARE}) {
            PoolResult c = new PoolSimulator(oneNode(), p).run(tr);
            assertThat(c.meanWaitS()).isZero();
            // horizon 10 s; GPU-seconds used 4 x 10 + 4 x 5 = 60 over 8 x 10 = 80
            assertThat(c.utilization()[ResourceType.GPU.ordinal()]).isCloseTo(0.75, within(1e-12));
            assertThat(c.strandedFraction()[ResourceType.GPU.ordinal()]).isZero();
        }
    }

    @Test
    void boundedQueueRejectsAndInfeasibleJobsAreCounted() {
        ClusterSpec noQueue = oneNode().withQueueCapacity(0);
        JobTrace tr = trace(
                new double[] {0, 1, 2},
                new double[] {10, 5, 1},
                new int[] {64, 8, 1, 0},
                new int[] {1, 0, 1, 0},
                new int[] {1, 9, 1, 0});
        PoolResult s = new PoolSimulator(noQueue, Placement.STATIC).run(tr);
        assertThat(s.acceptedJobs()).isEqualTo(1);
        assertThat(s.rejectedQueueFull()).isEqualTo(1);
        assertThat(s.rejectedInfeasible()).isEqualTo(1);
    }

    @Test
    void pooledMemoryStretchesRunTime() {
        ClusterSpec c = oneNode().withMemoryBoundFraction(0.5);
        PoolSimulator sim = new PoolSimulator(c, Placement.FIRST_FIT);
        assertThat(sim.stretch(0)).isGreaterThan(1.0);
        JobTrace tr = trace(new double[] {0}, new double[] {100}, new int[] {8, 0, 64, 0});
        PoolResult r = sim.run(tr);
        assertThat(r.meanStretch()).isCloseTo(sim.stretch(0), within(1e-12));
        assertThat(r.horizonS()).isCloseTo(100 * sim.stretch(0), within(1e-9));
        assertThat(new PoolSimulator(c, Placement.STATIC).run(tr).meanStretch()).isEqualTo(1.0);
    }

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 8);
    }

    private static JobTrace synthetic(long seed, ClusterSpec c, int jobs) {
        // demands are capped by the generator's classes (<= 32 GPUs, <= 3072 GiB), all feasible on 4 racks statically
        return SyntheticTrace.parse("jobs=" + jobs + ",load=0.9,meanDurationS=600")
                .generate(seed, c);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void conservationAndExclusivity(long seed) {
        ClusterSpec c = ClusterSpec.defaults(4).withQueueCapacity(50);
        JobTrace tr = synthetic(seed, c, 3000);
        for (Placement p : Placement.values()) {
            InvariantProbe probe = new InvariantProbe(c, p, tr);
            PoolResult r = new PoolSimulator(
                            c,
                            p,
                            probe,
                            dev.nearlight.compose.disagg.DisaggParameters.defaults(),
                            PoolHardware.defaults())
                    .run(tr);
            assertThat(probe.starts).as(p.key()).isEqualTo(r.acceptedJobs()).isEqualTo(probe.finishes);
            assertThat(r.acceptedJobs() + r.rejectedJobs()).isEqualTo(tr.size());
            probe.assertAllReleased();
            for (double u : r.utilization()) {
                assertThat(u).isBetween(0.0, 1.0 + 1e-9);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void composableNeverWorseThanStatic(long seed) {
        // Same trace, same hardware, no run-time stretch, queue large enough that nothing is rejected: every job
        // starts no later under a fungible composable policy than under static (FIFO induction in docs/disagg.md).
        // a +5 us budget puts all 4 racks inside the latency window, so latency-aware placement is fungible too
        ClusterSpec c = ClusterSpec.defaults(4)
                .withQueueCapacity(1_000_000)
                .withMemoryBoundFraction(0)
                .withLatencyBudgetNs(5000);
        assertThat(new PoolSimulator(c, Placement.LATENCY_AWARE).latencyWindowRacks())
                .isGreaterThanOrEqualTo(3);
        JobTrace tr = synthetic(seed, c, 3000);
        double[] staticStart = starts(c, Placement.STATIC, tr);
        PoolResult s = new PoolSimulator(c, Placement.STATIC).run(tr);
        for (Placement p : new Placement[] {Placement.FIRST_FIT, Placement.BEST_FIT, Placement.LATENCY_AWARE}) {
            double[] start = starts(c, p, tr);
            for (int j = 0; j < tr.size(); j++) {
                assertThat(start[j]).as("job %d under %s", j, p).isLessThanOrEqualTo(staticStart[j] + 1e-9);
            }
            PoolResult r = new PoolSimulator(c, p).run(tr);
            assertThat(r.meanWaitS()).isLessThanOrEqualTo(s.meanWaitS());
            assertThat(r.p99WaitS()).isLessThanOrEqualTo(s.p99WaitS());
            assertThat(r.rejectedJobs()).isLessThanOrEqualTo(s.rejectedJobs());
        }
    }

    private static double[] starts(ClusterSpec c, Placement p, JobTrace tr) {
        double[] start = new double[tr.size()];
        Arrays.fill(start, Double.NaN);
        new PoolSimulator(
                        c,
                        p,
                        (job, t, started, a) -> {
                            if (started) {
                                start[job] = t;
                            }
                        },
                        dev.nearlight.compose.disagg.DisaggParameters.defaults(),
                        PoolHardware.defaults())
                .run(tr);
        return start;
    }

    @ParameterizedTest
    @EnumSource(Placement.class)
    void deterministicPerSeed(Placement p) {
        ClusterSpec c = ClusterSpec.defaults(4);
        PoolResult a = new PoolSimulator(c, p).run(synthetic(42, c, 2000));
        PoolResult b = new PoolSimulator(c, p).run(synthetic(42, c, 2000));
        PoolResult other = new PoolSimulator(c, p).run(synthetic(43, c, 2000));
        assertThat(b).usingRecursiveComparison().isEqualTo(a);
        assertThat(other.meanWaitS()).isNotEqualTo(a.meanWaitS());
    }

    @Test
    void latencyAwareKeepsEveryJobInsideTheBudgetWindow() {
        ClusterSpec c = ClusterSpec.defaults(16).withLatencyBudgetNs(700);
        JobTrace tr = synthetic(7, c, 3000);
        PoolSimulator sim = new PoolSimulator(
                c,
                Placement.LATENCY_AWARE,
                (job, t, started, a) -> {
                    int lo = Integer.MAX_VALUE;
                    int hi = Integer.MIN_VALUE;
                    for (int i = 0; i < a.length; i += 3) {
                        lo = Math.min(lo, a[i]);
                        hi = Math.max(hi, a[i]);
                    }
                    // cxl3-optical, 2 switch levels across racks: added = 2 x (3 x 12 + 240 + 2 - 12) + 9.8 x (3 + 1.5
                    // k)
                    // = 532 + 29.4 + 14.7 k <= 700 -> k <= 9.43 -> 9; all racks lie within 2 k of each other
                    assertThat(hi - lo).isLessThanOrEqualTo(18);
                },
                dev.nearlight.compose.disagg.DisaggParameters.defaults(),
                PoolHardware.defaults());
        assertThat(sim.latencyWindowRacks()).isEqualTo(9);
        // the same-rack pool (1 switch): 2 x (2 x 12 + 120 + 2 - 12) + 9.8 x 3 = 297.4 ns; budget 250 is too tight
        assertThatThrownBy(() -> new PoolSimulator(c.withLatencyBudgetNs(250), Placement.LATENCY_AWARE))
                .isInstanceOf(dev.nearlight.core.InputException.class)
                .hasMessageContaining("--latency-budget-ns 250.0");
        assertThat(new PoolSimulator(c.withLatencyBudgetNs(300), Placement.LATENCY_AWARE).latencyWindowRacks())
                .isZero();
        sim.run(tr);
    }

    /** Ledger that checks no unit is in two jobs at once and everything allocated is released. */
    private static final class InvariantProbe implements AllocationListener {
        private final ClusterSpec c;
        private final Placement p;
        private final JobTrace tr;
        private final long[][] inUse;
        private final Map<Integer, Integer> nodeOwner = new HashMap<>();
        int starts;
        int finishes;

        InvariantProbe(ClusterSpec c, Placement p, JobTrace tr) {
            this.c = c;
            this.p = p;
            this.tr = tr;
            this.inUse = new long[c.racks()][T];
        }

        @Override
        public void onAllocation(int job, double timeS, boolean started, int[] a) {
            if (started) {
                starts++;
            } else {
                finishes++;
            }
            if (p.composable()) {
                long[] sum = new long[T];
                for (int i = 0; i < a.length; i += 3) {
                    sum[a[i + 1]] += a[i + 2];
                    inUse[a[i]][a[i + 1]] += started ? a[i + 2] : -a[i + 2];
                    assertThat(inUse[a[i]][a[i + 1]]).isBetween(0L, c.capacityPerRack(ResourceType.values()[a[i + 1]]));
                }
                for (int t = 0; t < T; t++) {
                    assertThat(sum[t]).isEqualTo(tr.demand(job, ResourceType.values()[t]));
                }
            } else {
                for (int node : a) {
                    if (started) {
                        assertThat(nodeOwner.put(node, job))
                                .as("node %d already owned", node)
                                .isNull();
                    } else {
                        assertThat(nodeOwner.remove(node)).isEqualTo(job);
                    }
                }
                if (started) {
                    for (ResourceType t : ResourceType.values()) {
                        assertThat((long) a.length * c.nodeShape(t)).isGreaterThanOrEqualTo(tr.demand(job, t));
                    }
                }
            }
        }

        void assertAllReleased() {
            assertThat(nodeOwner).isEmpty();
            for (long[] r : inUse) {
                assertThat(r).containsOnly(0L);
            }
        }
    }
}
