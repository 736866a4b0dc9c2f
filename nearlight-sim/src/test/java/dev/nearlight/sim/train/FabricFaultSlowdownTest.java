package dev.nearlight.sim.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nearlight.sim.net.DestinationModKRouting;
import dev.nearlight.sim.net.EcmpRouting;
import dev.nearlight.sim.net.FabricTopologies;
import dev.nearlight.sim.net.NetworkTopology;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FabricFaultSlowdownTest {
    private static final AcceleratorSpec H100 = AcceleratorCatalog.load().get("h100");
    private static final String OUT = FabricTopologies.SCALE_OUT;

    /** A small dense model whose data-parallel gradient all-reduce (no sharding, no overlap) is fully exposed. */
    private static TrainingJob job(int dp, ClusterNetwork net, DpSharding sharding) {
        ModelSpec m = ModelSpec.gpt("tiny", 2, 1024, 8, 1024, 32000);
        Parallelism par = Parallelism.builder()
                .tp(1)
                .pp(1)
                .dp(dp)
                .microBatch(1)
                .globalBatch(dp)
                .dpSharding(sharding)
                .overlap(false)
                .build();
        return new TrainingJob(m, par, H100, net, null, 1e12, null);
    }

    /** One GPU per scale-up domain: every data-parallel byte crosses the fabric; NIC 400G, efficiency 0.94. */
    private static ClusterNetwork net(double endpointLatencyS) {
        return new ClusterNetwork(1, 900e9, 3e-6, 0.82, 1, 400, 0.94, endpointLatencyS, 1e-6, 2, 4);
    }

    @Test
    void oneCableDownOfTwoSpinesDoublesTheRingByHand() {
        // ranks 0 and 2 on leaf0, 1 and 3 on leaf1 (rank r = endpoint r), 2 spines, every cable 50 GB/s (400G).
        // The ring 0 -> 1 -> 2 -> 3 -> 0 crosses leaves at every hop; D-mod-K gives each of the 4 flows its own
        // spine (destination keys: leaf0 = {0, 2} -> 0, 1; leaf1 = {1, 3} -> 2, 3; uplink = key mod 2), so healthy
        // each flow runs alone at 0.94 x 50 GB/s. With one leaf-spine cable down its two flows (one each way) move to
        // the other spine, whose cables then carry two flows each way: every flow at half rate, each ring step twice
        // as long. Per step: x = chunk / (0.94 x 50e9) plus the 4-link path latency (10 ns each) and 1 us of endpoint
        // latency, so R = (2x + l) / (x + l).
        double cap = 50e9;
        double linkNs = 10;
        NetworkTopology.Builder b = NetworkTopology.builder();
        int[] e = new int[4];
        for (int r = 0; r < 4; r++) {
            e[r] = b.endpoint("gpu" + r);
        }
        int leaf0 = b.switchNode("leaf0");
        int leaf1 = b.switchNode("leaf1");
        int spine0 = b.switchNode("spine0");
        int spine1 = b.switchNode("spine1");
        for (int r = 0; r < 4; r++) {
            b.duplex(e[r], r % 2 == 0 ? leaf0 : leaf1, cap, linkNs, OUT);
        }
        for (int leaf : new int[] {leaf0, leaf1}) {
            for (int spine : new int[] {spine0, spine1}) {
                b.duplex(leaf, spine, cap, linkNs, OUT);
            }
        }
        NetworkTopology t = b.build();
        double endpointS = 1e-6;
        TrainingJob job = job(4, net(endpointS), DpSharding.NONE);
        FabricFaultSlowdown f = FabricFaultSlowdown.of(job, t, DestinationModKRouting::new, 0, 100)
                .orElseThrow();

        assertThat(f.collective()).isEqualTo("all-reduce");
        // the gradient buffer: parameters x fp32 gradients, as the step model all-reduces it
        assertThat(f.ringSteps()).isEqualTo(2 * 3);
        assertThat(f.simulatedSteps()).isEqualTo(6);
        assertThat(f.failedLink()).matches("(leaf[01] - spine[01])|(spine[01] - leaf[01])");
        double x = f.bytesPerRank() / 4 / (0.94 * cap);
        double l = 4 * linkNs * 1e-9 + endpointS;
        assertThat(f.healthyS()).isCloseTo(6 * (x + l), within(1e-9 * f.healthyS()));
        assertThat(f.failedS()).isCloseTo(6 * (2 * x + l), within(1e-9 * f.failedS()));
        assertThat(f.ratio()).isCloseTo((2 * x + l) / (x + l), within(1e-9));
        assertThat(f.ratio()).isGreaterThan(1.9);
        // fully exposed (no overlap, one pipeline stage): the step grows by (R - 1) x the exposed DP time
        assertThat(f.exposedDpFraction()).isGreaterThan(0);
        assertThat(f.stepLossFraction())
                .isCloseTo((f.ratio() - 1) * f.exposedDpFraction(), within(1e-9 * f.stepLossFraction()));

        // a cable that lost half its lanes (factor 0.5) keeps its two flows at no more than half rate, and the ranks
        // downstream wait for them: at least the same doubling
        FabricFaultSlowdown half = FabricFaultSlowdown.of(job, t, DestinationModKRouting::new, 0.5, 100)
                .orElseThrow();
        assertThat(half.rawRatio()).isGreaterThanOrEqualTo(f.ratio() - 1e-9);
        // simulating 2 of the 6 steps and scaling gives the same figures here (every step is the same)
        FabricFaultSlowdown two = FabricFaultSlowdown.of(job, t, DestinationModKRouting::new, 0, 2)
                .orElseThrow();
        assertThat(two.simulatedSteps()).isEqualTo(2);
        assertThat(two.ratio()).isCloseTo(f.ratio(), within(1e-9));
    }

    @Test
    void aRingThatStaysOnItsLeafLosesNothing() {
        // all 4 ranks on one leaf (2 spines above it, unused): the collective crosses no switch-to-switch cable
        NetworkTopology.Builder b = NetworkTopology.builder();
        int[] e = new int[4];
        for (int r = 0; r < 4; r++) {
            e[r] = b.endpoint("gpu" + r);
        }
        int leaf = b.switchNode("leaf0");
        int other = b.switchNode("leaf1");
        int spine0 = b.switchNode("spine0");
        int spine1 = b.switchNode("spine1");
        for (int r = 0; r < 4; r++) {
            b.duplex(e[r], leaf, 50e9, 10, OUT);
        }
        for (int sw : new int[] {leaf, other}) {
            b.duplex(sw, spine0, 50e9, 10, OUT).duplex(sw, spine1, 50e9, 10, OUT);
        }
        FabricFaultSlowdown f = FabricFaultSlowdown.of(
                        job(4, net(1e-6), DpSharding.ZERO1), b.build(), t -> new EcmpRouting(t, 3), 0, 8)
                .orElseThrow();
        assertThat(f.collective()).isEqualTo("reduce-scatter");
        assertThat(f.failedLink()).isEmpty();
        assertThat(f.ratio()).isEqualTo(1.0);
        assertThat(f.stepLossFraction()).isZero();
    }

    @Test
    void aDegradedCableNeverSpeedsTheCollectiveAndTheStepLossFollowsTheExposure() {
        // seeded random leaf-spine fabrics (2-4 leaves, 2-4 spines, 1-3 ranks per leaf placed at random, one cable
        // capacity per fabric as a built fat tree has, random latencies), per-flow ECMP. A cable at reduced capacity
        // keeps its flows: the collective is never faster (raw R >= 1). A cable down may let the re-routing spread
        // flows that collided on it, so its raw ratio may fall below 1, and R = max(1, raw). Either way the step model
        // charges exactly (R - 1) x the exposed data-parallel time (no overlap here), never less than nothing.
        Random rng = new Random(20261204L);
        int slower = 0;
        int spedUp = 0;
        for (int trial = 0; trial < 60; trial++) {
            int leaves = 2 + rng.nextInt(3);
            int spines = 2 + rng.nextInt(3);
            int perLeaf = 1 + rng.nextInt(3);
            int ranks = leaves * perLeaf;
            List<Integer> place = new ArrayList<>();
            for (int i = 0; i < ranks; i++) {
                place.add(i % leaves);
            }
            Collections.shuffle(place, rng);
            NetworkTopology.Builder b = NetworkTopology.builder();
            int[] e = new int[ranks];
            for (int r = 0; r < ranks; r++) {
                e[r] = b.endpoint("gpu" + r);
            }
            int[] leaf = new int[leaves];
            for (int i = 0; i < leaves; i++) {
                leaf[i] = b.switchNode("leaf" + i);
            }
            int[] spine = new int[spines];
            for (int i = 0; i < spines; i++) {
                spine[i] = b.switchNode("spine" + i);
            }
            double cable = (10 + rng.nextInt(50)) * 1e9;
            for (int r = 0; r < ranks; r++) {
                b.duplex(e[r], leaf[place.get(r)], 50e9, 5 + rng.nextInt(20), OUT);
            }
            for (int li : leaf) {
                for (int si : spine) {
                    b.duplex(li, si, cable, 5 + rng.nextInt(200), OUT);
                }
            }
            NetworkTopology t = b.build();
            long salt = rng.nextLong();
            boolean down = rng.nextBoolean();
            double factor = down ? 0 : 0.05 + 0.9 * rng.nextDouble();
            DpSharding sharding = rng.nextBoolean() ? DpSharding.NONE : DpSharding.ZERO1;
            TrainingJob job = job(ranks, net(rng.nextDouble() * 2e-6), sharding);
            FabricFaultSlowdown s = FabricFaultSlowdown.of(
                            job, t, x -> new EcmpRouting(x, salt), factor, 1 + rng.nextInt(8))
                    .orElseThrow();
            if (!down) {
                assertThat(s.rawRatio()).as("trial %d", trial).isGreaterThanOrEqualTo(1 - 1e-9);
            } else if (s.rawRatio() < 1 - 1e-9) {
                spedUp++;
            }
            assertThat(s.ratio()).as("trial %d", trial).isGreaterThanOrEqualTo(1.0);
            assertThat(s.stepLossFraction())
                    .as("trial %d", trial)
                    .isCloseTo((s.ratio() - 1) * s.exposedDpFraction(), within(1e-9 * s.ratio()));
            if (s.ratio() > 1 + 1e-6) {
                slower++;
            }
        }
        // not vacuous: most cases slow down, and some failures were sped up by re-routing (clamped to R = 1)
        assertThat(slower).isGreaterThan(30);
        assertThat(spedUp).isPositive();
    }
}
