package dev.nearlight.sim.astra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nearlight.core.InputException;
import dev.nearlight.sim.astra.AstraSystem.Impl;
import dev.nearlight.sim.astra.AstraSystem.Optimization;
import dev.nearlight.sim.collective.AnalyticalNetworkModel;
import dev.nearlight.sim.collective.CollectiveOp;
import dev.nearlight.sim.collective.CollectiveResult;
import dev.nearlight.sim.collective.FlowNetworkModel;
import dev.nearlight.sim.collective.NetworkRun;
import dev.nearlight.sim.collective.QuotientSchedule;
import dev.nearlight.sim.collective.SymmetricFlowNetworkModel;
import dev.nearlight.sim.net.AstraNetwork;
import dev.nearlight.sim.net.AstraNetwork.Kind;
import dev.nearlight.sim.net.EcmpRouting;
import dev.nearlight.sim.net.NetworkTopology;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The translation quotient ({@link AstraCollective#quotient}, {@code QuotientRun}) against the materialised schedule
 * on the per-flow and the analytical model, over seeded random ASTRA-sim networks and systems: wherever the quotient
 * applies, the makespan, the largest link utilisation and the p99 flow time agree to rounding (the analytical bound
 * staying below the flow time); where a step is not translation invariant it
 * must decline rather than guess.
 */
class QuotientRunPropertyTest {
    private static final Kind[] KINDS = Kind.values();
    private static final Impl[] IMPLS = Impl.values();
    private static final CollectiveOp[] OPS = {
        CollectiveOp.ALL_REDUCE, CollectiveOp.REDUCE_SCATTER, CollectiveOp.ALL_GATHER, CollectiveOp.ALL_TO_ALL
    };
    private static final int[] SIZES = {2, 3, 4, 5, 8};

    @Test
    void quotientEqualsTheMaterialisedRunOnRandomNetworks() {
        int applied = 0;
        int declined = 0;
        for (long seed = 0; seed < 120; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            int dimsCount = 1 + rnd.nextInt(3);
            List<Kind> kinds = new ArrayList<>();
            List<Integer> npus = new ArrayList<>();
            List<Double> bw = new ArrayList<>();
            List<Double> lat = new ArrayList<>();
            List<Impl> impls = new ArrayList<>();
            int total = 1;
            for (int d = 0; d < dimsCount; d++) {
                int k = SIZES[rnd.nextInt(SIZES.length)];
                if (total * k > 64) {
                    k = 2;
                }
                total *= k;
                kinds.add(KINDS[rnd.nextInt(KINDS.length)]);
                npus.add(k);
                bw.add(10.0 + rnd.nextInt(90));
                lat.add((double) rnd.nextInt(1000));
                // mostly the translation-invariant algorithms, some that are not
                impls.add(
                        rnd.nextInt(4) == 0
                                ? IMPLS[rnd.nextInt(IMPLS.length)]
                                : (rnd.nextBoolean() ? Impl.RING : Impl.DIRECT));
            }
            if (total < 2) {
                continue;
            }
            AstraNetwork net = new AstraNetwork(kinds, npus, bw, lat);
            AstraSystem sys = AstraSystem.of(
                            impls,
                            rnd.nextBoolean() ? Optimization.LOCAL_BW_AWARE : Optimization.BASELINE,
                            1 + rnd.nextInt(4),
                            1 + rnd.nextInt(2))
                    .withEndpointCosts(
                            rnd.nextInt(3) * 10.0,
                            rnd.nextBoolean() ? Double.POSITIVE_INFINITY : 50 + rnd.nextInt(1000));
            CollectiveOp op = OPS[rnd.nextInt(OPS.length)];
            long bytes = 1L << (16 + rnd.nextInt(10));
            NetworkTopology t = net.toTopology();
            double eff = 0.5 + rnd.nextDouble() / 2;
            FlowNetworkModel flow = new FlowNetworkModel(t, new EcmpRouting(t, seed), eff);
            CollectiveResult full;
            try {
                full = AstraCollective.run(sys, npus, op, bytes, flow);
            } catch (InputException unsupported) {
                continue; // e.g. a double binary tree asked for a reduce-scatter
            }
            Optional<NetworkRun> fast = AstraCollective.quotientRun(sys, net, op, bytes, flow);
            if (fast.isEmpty()) {
                declined++;
                continue;
            }
            applied++;
            NetworkRun q = fast.get();
            String where = "seed " + seed + " " + net + " " + sys.allReduce() + " " + op;
            assertThat(q.makespanNs()).as(where).isCloseTo(full.timeNs(), within(1e-9 * full.timeNs()));
            assertThat(q.maxLinkUtilization()).as(where).isCloseTo(full.maxLinkUtilization(), within(1e-9));
            assertThat(q.p99FlowNs()).as(where).isCloseTo(full.p99FlowNs(), within(1e-9 * full.timeNs()));
            assertThat(AstraCollective.transferCount(sys, npus, op, bytes))
                    .as(where)
                    .isEqualTo(AstraCollective.schedule(sys, npus, op, bytes).size());
            CollectiveResult viaRun = AstraCollective.run(sys, net, op, bytes, flow);
            assertThat(viaRun.timeNs()).as(where).isCloseTo(full.timeNs(), within(1e-9 * full.timeNs()));
            // the analytical model's bounds on the quotient equal its bounds on the full schedule
            AnalyticalNetworkModel bound = new AnalyticalNetworkModel(t, new EcmpRouting(t, seed), eff);
            CollectiveResult fullBound = AstraCollective.run(sys, npus, op, bytes, bound);
            NetworkRun qBound =
                    AstraCollective.quotientRun(sys, net, op, bytes, bound).orElseThrow();
            assertThat(qBound.makespanNs()).as(where).isCloseTo(fullBound.timeNs(), within(1e-9 * fullBound.timeNs()));
            assertThat(qBound.maxLinkUtilization()).as(where).isCloseTo(fullBound.maxLinkUtilization(), within(1e-9));
            assertThat(qBound.makespanNs()).as(where).isLessThanOrEqualTo(q.makespanNs() * (1 + 1e-9));
            // the symmetric-class wrapper takes the same path
            assertThat(AstraCollective.quotientRun(sys, net, op, bytes, new SymmetricFlowNetworkModel(flow)))
                    .isPresent();
        }
        // the test is not vacuous: most random cases take the quotient, and some decline
        assertThat(applied).isGreaterThan(50);
        assertThat(declined).isGreaterThan(0);
    }

    @Test
    void ringAllReduceOnARingHasOneOrbitPerStep() {
        // 8 NPUs, 4 chunks: 4 x 2 (8 - 1) = 56 representatives for 56 x 8 = 448 transfers
        AstraSystem sys = AstraSystem.of(List.of(Impl.RING), Optimization.LOCAL_BW_AWARE, 4, 1);
        QuotientSchedule q = AstraCollective.quotient(sys, List.of(8), CollectiveOp.ALL_REDUCE, 1 << 20);
        assertThat(q.size()).isEqualTo(56);
        assertThat(q.transfers()).isEqualTo(448);
        assertThat(AstraCollective.schedule(sys, List.of(8), CollectiveOp.ALL_REDUCE, 1 << 20)
                        .size())
                .isEqualTo(448);
    }

    @Test
    void halvingDoublingIsNotTranslationInvariantAndDeclines() {
        // rank r pairs with r XOR 2^s: rank 0 sends to 1 while rank 1 sends to 0 (offset 7 of 8), so the step is not
        // invariant under rotation and the quotient must not be used
        AstraSystem sys = AstraSystem.of(List.of(Impl.HALVING_DOUBLING), Optimization.LOCAL_BW_AWARE, 1, 1);
        assertThat(AstraCollective.quotient(sys, List.of(8), CollectiveOp.ALL_REDUCE, 1 << 20))
                .isNull();
    }

    @Test
    void stragglersBreakTheSymmetryAndDecline() {
        AstraNetwork net = new AstraNetwork(List.of(Kind.RING), List.of(8), List.of(50.0), List.of(500.0));
        NetworkTopology t = net.toTopology();
        FlowNetworkModel flow = new FlowNetworkModel(t, new EcmpRouting(t, 1), 1.0).withRankDelays(new double[] {0, 5});
        AstraSystem sys = AstraSystem.of(List.of(Impl.RING), Optimization.LOCAL_BW_AWARE, 2, 1);
        assertThat(AstraCollective.quotientRun(sys, net, CollectiveOp.ALL_REDUCE, 1 << 20, flow))
                .isEmpty();
    }

    @Test
    void ecmpTiesAcrossARingsDiameterDecline() {
        // direct all-to-all on a Ring of 8: the transfer to the opposite NPU has two shortest paths (4 hops either
        // way),
        // and per-flow ECMP hashes each sender's choice independently, so the translates of rank 0's path are not the
        // members' paths: the member check must decline, and the materialised run is used
        AstraNetwork net = new AstraNetwork(List.of(Kind.RING), List.of(8), List.of(50.0), List.of(500.0));
        NetworkTopology t = net.toTopology();
        FlowNetworkModel flow = new FlowNetworkModel(t, new EcmpRouting(t, 3), 1.0);
        AstraSystem sys = AstraSystem.of(List.of(Impl.DIRECT), Optimization.BASELINE, 1, 1);
        assertThat(AstraCollective.quotient(sys, List.of(8), CollectiveOp.ALL_TO_ALL, 1 << 20))
                .isNotNull();
        assertThat(AstraCollective.quotientRun(sys, net, CollectiveOp.ALL_TO_ALL, 1 << 20, flow))
                .isEmpty();
        // on a Switch every pair has one shortest path, and the quotient applies
        AstraNetwork sw = new AstraNetwork(List.of(Kind.SWITCH), List.of(8), List.of(50.0), List.of(500.0));
        NetworkTopology ts = sw.toTopology();
        FlowNetworkModel onSwitch = new FlowNetworkModel(ts, new EcmpRouting(ts, 3), 1.0);
        assertThat(AstraCollective.quotientRun(sys, sw, CollectiveOp.ALL_TO_ALL, 1 << 20, onSwitch))
                .isPresent();
    }
}
