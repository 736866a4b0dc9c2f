package dev.nearlight.sim.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Flaps (rate x duration against the transport timeout), drains and repair schedules, by hand and by Monte Carlo. */
class FlapAndPolicyTest {
    private static final DefaultClusterFactory FACTORY = DefaultClusterFactory.standard();

    /** 1000 host-facing links flapping 0.5 times a year each, mean 10 s, in a 128-node cluster with no spares. */
    private static ClusterReliabilityModel flapping(JobPolicy policy, boolean fabricPath, boolean reroute) {
        ComponentPopulation flaps = new ComponentPopulation(
                "flaps",
                1000,
                new FailureProcess(0.5 / Rates.HOURS_PER_YEAR, null),
                RepairPolicy.restartOnly(),
                BlastRadius.LINK,
                0,
                Category.NETWORK,
                fabricPath ? Effect.path(1.0 / 32) : Effect.rails(1),
                Effect.NONE,
                0,
                10 / 3600.0);
        JobSpec job = new JobSpec(1024, 0.5, 0.1, 0.25, reroute, 0.3, 30, policy);
        return new ClusterReliabilityModel("flaps", 1024, 8, 3072, List.of(flaps), new ServiceTeam(4, 150), job, 8);
    }

    @Test
    void flapRateTimesDurationGivesStallsAndTimeoutsGiveInterruptions() {
        JobPolicy p = new JobPolicy(
                JobPolicy.RailLoss.SWAP_NODE, JobPolicy.RepairSchedule.IMMEDIATE, 168, false, false, 30, 1);
        ClusterReliabilityModel m = flapping(p, false, false);
        ReliabilityResult an = new AnalyticalReliability().estimate(m, 1);
        // 500 flaps a year; P(D > 30 s) = e^-3 = 0.0497871 -> 24.8935 interruptions a year = 0.0682014 a day
        assertThat(an.interruptionsPerDay().mean()).isCloseTo(500 * Math.exp(-3) / 365, within(1e-12));
        assertThat(an.interruptionsPerDayByCategory().get("network").mean())
                .isCloseTo(an.interruptionsPerDay().mean(), within(1e-15));
        // a shorter flap stalls the job for its duration: E[D; D <= 30 s] = 10 - 40 e^-3 = 8.008517 s, x 500 a year
        double stallHours = 500 * (10 - 40 * Math.exp(-3)) / 3600;
        assertThat(an.stalledGpuHoursPerYear().mean()).isCloseTo(1024 * stallHours, within(1e-9));
        // and each interruption costs half a checkpoint period (0.3 h) of rework plus the 0.25 h restart
        double k = 500 * Math.exp(-3);
        assertThat(an.reworkGpuHoursPerYear().mean()).isCloseTo(1024 * k * 0.3, within(1e-6));
        assertThat(an.gpuHoursLostPerYear().mean()).isCloseTo(1024 * (k * (0.3 + 0.25) + stallHours), within(1e-6));
        ReliabilityResult mc = new MonteCarloReliability(400, 5, 2).estimate(m, 1);
        assertThat(mc.interruptionsPerDay().contains(an.interruptionsPerDay().mean(), 0))
                .isTrue();
        assertThat(mc.stalledGpuHoursPerYear()
                        .contains(an.stalledGpuHoursPerYear().mean(), 0))
                .isTrue();
    }

    @Test
    void aReroutedFabricFlapStallsUntilReroutedAndNeverInterrupts() {
        JobPolicy p = new JobPolicy(
                JobPolicy.RailLoss.SWAP_NODE, JobPolicy.RepairSchedule.IMMEDIATE, 168, false, false, 30, 1);
        ReliabilityResult an = new AnalyticalReliability().estimate(flapping(p, true, true), 1);
        assertThat(an.interruptionsPerDay().mean()).isZero();
        // E[min(D, 1 s)] = 10 (1 - e^-0.1) = 0.951626 s per flap
        assertThat(an.stalledGpuHoursPerYear().mean())
                .isCloseTo(1024 * 500 * 10 * (1 - Math.exp(-0.1)) / 3600, within(1e-9));
        // without rerouting the same flaps interrupt beyond the timeout, as on a host link
        ReliabilityResult no = new AnalyticalReliability().estimate(flapping(p, true, false), 1);
        assertThat(no.interruptionsPerDay().mean()).isCloseTo(500 * Math.exp(-3) / 365, within(1e-12));
    }

    @Test
    void aLongerTransportTimeoutTradesInterruptionsForStalls() {
        double prevInterrupts = Double.MAX_VALUE;
        double prevStall = -1;
        for (double timeout : new double[] {5, 15, 30, 60}) {
            JobPolicy p = new JobPolicy(
                    JobPolicy.RailLoss.SWAP_NODE, JobPolicy.RepairSchedule.IMMEDIATE, 168, false, false, timeout, 1);
            ReliabilityResult r = new AnalyticalReliability().estimate(flapping(p, false, false), 1);
            assertThat(r.interruptionsPerDay().mean()).isLessThan(prevInterrupts);
            assertThat(r.stalledGpuHoursPerYear().mean()).isGreaterThan(prevStall);
            prevInterrupts = r.interruptionsPerDay().mean();
            prevStall = r.stalledGpuHoursPerYear().mean();
        }
    }

    @ParameterizedTest
    @EnumSource(JobPolicy.RepairSchedule.class)
    void engineRepairSchedulesAgreeBetweenMonteCarloAndAnalytical(JobPolicy.RepairSchedule schedule) {
        FabricInventory inv = TestInventories.railFatTree(1024, 8, 64, 2);
        JobPolicy p = FACTORY.defaultPolicy().withRepairSchedule(schedule).withRailLoss(JobPolicy.RailLoss.DEGRADE);
        ClusterReliabilityModel m = FACTORY.build(
                "npo-switch", inv, FACTORY.defaultJob(inv, 0.5, true).withPolicy(p), Sensitivity.NONE);
        ReliabilityResult an = new AnalyticalReliability().estimate(m, 5);
        ReliabilityResult mc = new MonteCarloReliability(300, 11, 2).estimate(m, 5);
        for (String what : List.of("interruptions", "planned", "lost", "fabric")) {
            Estimate e = switch (what) {
                case "interruptions" -> mc.interruptionsPerDay();
                case "planned" -> mc.plannedInterruptionsPerDay();
                case "lost" -> mc.gpuHoursLostPerYear();
                default -> mc.fabricAvailability();
            };
            double a = switch (what) {
                case "interruptions" -> an.interruptionsPerDay().mean();
                case "planned" -> an.plannedInterruptionsPerDay().mean();
                case "lost" -> an.gpuHoursLostPerYear().mean();
                default -> an.fabricAvailability().mean();
            };
            // 99.9 % interval (as DefaultClusterFactoryTest's battery); plus 0.5 % for the window approximation
            double slack = e.halfWidth() * (3.29 / 1.97 - 1) + 0.005 * Math.abs(a);
            assertThat(e.contains(a, slack))
                    .as("%s %s: MC %s vs %s", schedule, what, e, a)
                    .isTrue();
        }
        if (schedule == JobPolicy.RepairSchedule.MAINTENANCE_WINDOW) {
            // deferred repairs: no planned stop for an engine, its ports stay dark until the window
            ReliabilityResult now = new AnalyticalReliability()
                    .estimate(
                            m.withJob(
                                    m.job().withPolicy(p.withRepairSchedule(JobPolicy.RepairSchedule.NEXT_CHECKPOINT))),
                            5);
            assertThat(an.fabricAvailability().mean())
                    .isLessThan(now.fabricAvailability().mean());
            assertThat(an.degradedGpuHoursPerYear().mean())
                    .isGreaterThan(now.degradedGpuHoursPerYear().mean());
        }
    }

    @Test
    void aRepairAtTheNextCheckpointLosesNoRework() {
        FabricInventory inv = TestInventories.railFatTree(1024, 8, 64, 2);
        // swap-node: a leaf engine swap takes one rail of 32 nodes (more than the spares), so the job stops for it
        JobPolicy p = FACTORY.defaultPolicy().withRailLoss(JobPolicy.RailLoss.SWAP_NODE);
        JobSpec job = FACTORY.defaultJob(inv, 0.5, true);
        ClusterReliabilityModel m = FACTORY.build(
                "npo-switch",
                inv,
                job.withPolicy(p.withRepairSchedule(JobPolicy.RepairSchedule.IMMEDIATE)),
                Sensitivity.NONE);
        ClusterReliabilityModel c =
                m.withJob(job.withPolicy(p.withRepairSchedule(JobPolicy.RepairSchedule.NEXT_CHECKPOINT)));
        ReliabilityResult now = new AnalyticalReliability().estimate(m, 5);
        ReliabilityResult atCheckpoint = new AnalyticalReliability().estimate(c, 5);
        // the same planned stops, and half a checkpoint period (15 min) less rework for each of them
        assertThat(now.plannedInterruptionsPerDay().mean()).isGreaterThan(0);
        assertThat(atCheckpoint.plannedInterruptionsPerDay().mean())
                .isCloseTo(now.plannedInterruptionsPerDay().mean(), within(1e-12));
        ReliabilityResult r = now;
        // planned stops per year: leaf engine swaps (one rail of 32 nodes: certain to hit the job); spine engine swaps
        // are rerouted fabric paths and stop nothing, and a NIC swap takes a node the rail loss already swapped out
        double servicePerYear = 0;
        for (ComponentPopulation pop : m.populations()) {
            if (pop.name().startsWith("leaf NPO engines")) {
                servicePerYear += pop.expectedFailures(8760);
            }
        }
        double halfPeriod = (0.5 + job.checkpointWriteHours()) / 2;
        assertThat(r.reworkGpuHoursPerYear().mean()
                        - atCheckpoint.reworkGpuHoursPerYear().mean())
                .isCloseTo(job.gpus() * servicePerYear * halfPeriod, within(1e-6 * job.gpus()));
    }
    /**
     * Two rail-loss populations in 128 nodes of 8 rails, 124 of them running the job (4 spare nodes): 10 failures a
     * year that cost 2 nodes one rail each for an exponential 2 h, and 10 that cost 16 nodes one rail for 6 h (a leaf
     * engine's switch swap, say). Ample technicians and parts, so the downtime is the hands-on time.
     */
    private static ClusterReliabilityModel railLosses(JobPolicy.RailLoss railLoss) {
        RepairPolicy fast = new RepairPolicy(Fru.MODULE, true, RepairTime.exponential(2), 50, 168, 100);
        RepairPolicy slow = new RepairPolicy(Fru.ENGINE, false, RepairTime.exponential(6), 50, 168, 100);
        ComponentPopulation small = new ComponentPopulation(
                "two nodes lose a rail",
                200,
                FailureProcess.ofAfrPercent(5),
                fast,
                BlastRadius.LINK,
                1,
                Category.NETWORK,
                Effect.rails(2),
                Effect.NONE,
                0,
                0);
        ComponentPopulation big = new ComponentPopulation(
                "sixteen nodes lose a rail",
                200,
                FailureProcess.ofAfrPercent(5),
                slow,
                BlastRadius.LINK,
                16,
                Category.NETWORK,
                Effect.rails(16),
                Effect.NONE,
                0,
                0);
        JobPolicy p = new JobPolicy(railLoss, JobPolicy.RepairSchedule.NEXT_CHECKPOINT, 168, false, false, 30, 1);
        JobSpec job = new JobSpec(992, 0.5, 0.1, 0.25, true, 0.3, 30, p);
        return new ClusterReliabilityModel(
                "rail losses", 1024, 8, 3072, List.of(small, big), new ServiceTeam(100, 150), job, 8);
    }

    @Test
    void swapOrDegradeSwapsWhileSparesCoverTheOutageAndDegradesBeyondThem() {
        assertThat(FACTORY.defaultPolicy().railLoss()).isEqualTo(JobPolicy.RailLoss.SWAP_OR_DEGRADE);
        ClusterReliabilityModel m = railLosses(JobPolicy.RailLoss.SWAP_OR_DEGRADE);
        assertThat(m.spareNodes()).isEqualTo(4);
        ReliabilityResult an = new AnalyticalReliability().estimate(m, 5);
        // k = 2 <= 4 spares: swapped, an interruption unless both nodes are spares: 1 - C(4,2)/C(128,2) = 1 - 6/8128,
        // and no slower running afterwards
        double perYear = 200 * 0.05;
        double p2 = 1 - 6.0 / 8128;
        // k = 16 > 4 spares: the dark rail stops the job (16 nodes always include a job node: p = 1), which restarts
        // with them on 7 of 8 rails for the 6 h repair instead of waiting, losing commBoundFraction / rails = 0.3 / 8
        // of its step time: 10 x 6 h x 0.0375 = 2.25 h a year of the whole job
        assertThat(an.interruptionsPerDay().mean()).isCloseTo(perYear * (p2 + 1) / 365, within(1e-12));
        assertThat(an.waitingGpuHoursPerYear().mean()).isZero();
        // (slowdowns compound and only slow the running job, JobTimeAccounting: ETTR x (1 - e^-x) of the wall time)
        double x = perYear * 6 * 0.3 / 8 / 8760;
        double ettrBeforeWrites = an.ettr().mean() / an.checkpointEfficiency();
        assertThat(an.degradedGpuHoursPerYear().mean())
                .isCloseTo(992 * 8760 * ettrBeforeWrites * -Math.expm1(-x), within(1e-6));
        assertThat(an.degradedGpuHoursPerYear().mean())
                .isCloseTo(992 * perYear * 6 * 0.3 / 8, org.assertj.core.api.Assertions.withinPercentage(0.2));
        // swap-node stops the job as often and waits for the 16-node repair: 10 x 6 h a year of the whole job
        ReliabilityResult swap = new AnalyticalReliability().estimate(railLosses(JobPolicy.RailLoss.SWAP_NODE), 5);
        assertThat(swap.interruptionsPerDay().mean()).isCloseTo(perYear * (p2 + 1) / 365, within(1e-12));
        assertThat(swap.waitingGpuHoursPerYear().mean()).isCloseTo(992 * perYear * 6, within(1e-6));
        assertThat(swap.degradedGpuHoursPerYear().mean()).isZero();
        // degrade stops it for neither and runs degraded for both repairs
        ReliabilityResult degrade = new AnalyticalReliability().estimate(railLosses(JobPolicy.RailLoss.DEGRADE), 5);
        assertThat(degrade.interruptionsPerDay().mean()).isZero();
        assertThat(degrade.degradedGpuHoursPerYear().mean())
                .isCloseTo(992 * 8760 * -Math.expm1(-perYear * (2 + 6) * 0.3 / 8 / 8760), within(1e-6));
        assertThat(an.ettr().mean()).isGreaterThan(swap.ettr().mean());
        // the Monte Carlo applies the same rule (99.9 % interval)
        ReliabilityResult mc = new MonteCarloReliability(400, 17, 2).estimate(m, 5);
        for (Estimate[] pair : List.of(
                new Estimate[] {mc.interruptionsPerDay(), an.interruptionsPerDay()},
                new Estimate[] {mc.degradedGpuHoursPerYear(), an.degradedGpuHoursPerYear()},
                new Estimate[] {mc.waitingGpuHoursPerYear(), an.waitingGpuHoursPerYear()})) {
            Estimate e = pair[0];
            double a = pair[1].mean();
            assertThat(e.contains(a, e.halfWidth() * (3.29 / 1.97 - 1)))
                    .as("MC %s vs %s", e, a)
                    .isTrue();
        }
    }
}
