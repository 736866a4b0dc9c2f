package dev.nearlight.sim.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ReliabilityEstimator} must satisfy, whatever its method (JGraphT-style contract test: each
 * implementation's test extends this class and supplies the estimator and the slack its answers need).
 */
abstract class ReliabilityEstimatorContractTest {
    /** The estimator under test. */
    abstract ReliabilityEstimator estimator();

    /**
     * How far an estimate may be from an exact expected value: 0 for an exact method; for a sampling method the
     * estimate's 95 % interval widened to 99.9 % (several quantities are checked together).
     */
    abstract double slack(Estimate e);

    private void assertNear(Estimate e, double exact) {
        assertThat(e.contains(exact, slack(e) + 1e-9 * Math.max(1, Math.abs(exact))))
                .as("%s vs exact %s", e, exact)
                .isTrue();
    }

    @Test
    void everyFigureIsInItsPhysicalRange() {
        ReliabilityResult r = estimator().estimate(TestModels.small(50), 3);
        for (Estimate share : List.of(r.fabricAvailability(), r.jobAvailability(), r.ettr(), r.goodput())) {
            assertThat(share.mean()).isBetween(0.0, 1.0);
        }
        assertThat(r.goodput().mean()).isLessThanOrEqualTo(r.ettr().mean() + 1e-12);
        assertThat(r.checkpointEfficiency()).isBetween(0.0, 1.0);
        assertThat(r.interruptionsPerDay().mean()).isGreaterThanOrEqualTo(0);
        double byCategory = r.interruptionsPerDayByCategory().values().stream()
                .mapToDouble(Estimate::mean)
                .sum();
        assertThat(byCategory).isCloseTo(r.interruptionsPerDay().mean(), within(1e-9));
        // the causes add up to the GPU-hours lost
        double causes = r.reworkGpuHoursPerYear().mean()
                + r.restartGpuHoursPerYear().mean()
                + r.waitingGpuHoursPerYear().mean()
                + r.degradedGpuHoursPerYear().mean()
                + r.stalledGpuHoursPerYear().mean();
        assertThat(causes).isCloseTo(r.gpuHoursLostPerYear().mean(), within(1e-6 * (1 + causes)));
        assertThat(r.technicianUtilisation().mean()).isBetween(0.0, 1.0);
    }

    @Test
    void aClusterThatNeverFailsLosesNothing() {
        ClusterReliabilityModel m = TestModels.small(50)
                .mapPopulations(p -> p.withFailure(p.failure().scaled(0)));
        ReliabilityResult r = estimator().estimate(m, 2);
        // (a Weibull population scaled to rate 0 keeps a vanishing 1e-150-scale hazard)
        assertThat(r.interruptionsPerDay().mean()).isCloseTo(0, within(1e-12));
        assertThat(r.gpuHoursLostPerYear().mean()).isCloseTo(0, within(1e-6));
        assertThat(r.jobAvailability().mean()).isCloseTo(1.0, within(1e-12));
        assertThat(r.fabricAvailability().mean()).isCloseTo(1.0, within(1e-12));
        assertThat(r.repairCostUsdPerYear().mean()).isCloseTo(0, within(1e-6));
    }

    @Test
    void interruptionsOfANodePopulationAreRateTimesExposure() {
        // 64 nodes of 8 GPUs, 4 spare: 10 %/yr each -> 6.4 failures a year; a failure hits the job unless the node is a
        // spare: exposure 60 / 64
        RepairPolicy tray = TestModels.repair(Fru.GPU_TRAY, RepairTime.exponential(4), 8, 48, 1000);
        ClusterReliabilityModel m = new ClusterReliabilityModel(
                "nodes",
                512,
                8,
                1024,
                List.of(TestModels.nodes("trays", 64, 10.0, tray, 8)),
                new ServiceTeam(8, 100),
                TestModels.job(480, 0.5));
        ReliabilityResult r = estimator().estimate(m, 5);
        double perYear = 64 * Rates.perHourFromAfrPercent(10.0) * Rates.HOURS_PER_YEAR;
        assertNear(r.failuresPerYear(), perYear);
        assertNear(r.interruptionsPerDay(), perYear * (60.0 / 64) / 365);
        // a node population without a category of its own counts as host
        assertNear(r.interruptionsPerDayByCategory().get(Category.HOST.id()), perYear * (60.0 / 64) / 365);
        assertNear(r.interruptionsPerDayByCategory().get(Category.GPU.id()), 0);
    }

    @Test
    void moreFailuresNeverHelp() {
        ClusterReliabilityModel m = TestModels.small(50);
        JobSpec fixed = m.job().withCheckpointIntervalHours(0.5);
        ReliabilityResult base = estimator().estimate(m.withJob(fixed), 3);
        ReliabilityResult worse = estimator()
                .estimate(
                        m.mapPopulations(p -> p.withFailure(p.failure().scaled(3)))
                                .withJob(fixed),
                        3);
        assertThat(worse.interruptionsPerDay().mean())
                .isGreaterThan(base.interruptionsPerDay().mean() - slack(base.interruptionsPerDay()));
        assertThat(worse.gpuHoursLostPerYear().mean())
                .isGreaterThan(base.gpuHoursLostPerYear().mean() - slack(base.gpuHoursLostPerYear()));
        assertThat(worse.ettr().mean()).isLessThan(base.ettr().mean() + slack(base.ettr()));
    }

    @Test
    void theSameInputsGiveTheSameAnswer() {
        ReliabilityResult a = estimator().estimate(TestModels.small(50), 2);
        ReliabilityResult b = estimator().estimate(TestModels.small(50), 2);
        assertThat(b).isEqualTo(a);
    }
}
