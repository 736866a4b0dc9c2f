package dev.nearlight.sim.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Invariants over random cluster models drawn from a seeded generator. */
class PropertyTest {

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 8);
    }

    /** A random model: 2 to 6 populations with random counts, rates, repair times, spares, blast radius. */
    static ClusterReliabilityModel randomModel(long seed) {
        RandomGenerator g = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        int nodes = 16 + g.nextInt(240);
        int gpn = 8;
        List<ComponentPopulation> pops = new ArrayList<>();
        int n = 2 + g.nextInt(5);
        for (int i = 0; i < n; i++) {
            long count = 1 + g.nextInt(5000);
            double afr = 0.1 + 10 * g.nextDouble();
            RepairTime rt = g.nextBoolean()
                    ? RepairTime.exponential(0.1 + 8 * g.nextDouble())
                    : RepairTime.lognormal(0.1 + 8 * g.nextDouble(), g.nextDouble());
            RepairPolicy rp = new RepairPolicy(
                    Fru.values()[1 + g.nextInt(Fru.values().length - 1)],
                    g.nextBoolean(),
                    rt,
                    g.nextInt(4),
                    g.nextDouble() * 200,
                    g.nextDouble() * 5000);
            boolean node = g.nextBoolean();
            int gpusDown = node ? gpn * (1 + g.nextInt(4)) : 0;
            pops.add(new ComponentPopulation(
                    "p" + i,
                    count,
                    FailureProcess.ofAfrPercent(afr),
                    rp,
                    node ? BlastRadius.NODE : BlastRadius.LINK,
                    1 + g.nextInt(8),
                    gpusDown,
                    !node,
                    node ? 0 : g.nextDouble() * 0.1));
        }
        int spare = g.nextInt(4);
        JobSpec job = new JobSpec((nodes - spare) * gpn, null, 0.05, 0.2, g.nextBoolean(), 0.3, 20);
        return new ClusterReliabilityModel(
                "random" + seed, nodes * gpn, gpn, 10_000, pops, new ServiceTeam(200, 100), job);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void monteCarloAndAnalyticalAgreeAndStayInRange(long seed) {
        ClusterReliabilityModel m = randomModel(seed);
        ReliabilityResult mc = new MonteCarloReliability(200, seed).estimate(m, 2);
        ReliabilityResult an = new AnalyticalReliability().estimate(m, 2);
        // 99.9 % intervals: several metrics and seeds are checked together
        double widen = 3.29 / 1.97 - 1;
        for (Estimate[] pair : new Estimate[][] {
            {mc.failuresPerYear(), an.failuresPerYear()},
            {mc.interruptionsPerDay(), an.interruptionsPerDay()},
            {mc.gpuHoursLostPerYear(), an.gpuHoursLostPerYear()},
            {mc.repairCostUsdPerYear(), an.repairCostUsdPerYear()},
            {mc.fabricAvailability(), an.fabricAvailability()}
        }) {
            assertThat(pair[0].contains(pair[1].mean(), pair[0].halfWidth() * widen))
                    .as("seed %d: MC %s vs analytical %s", seed, pair[0], pair[1].mean())
                    .isTrue();
        }
        for (ReliabilityResult r : List.of(mc, an)) {
            assertThat(r.fabricAvailability().mean()).isBetween(0.0, 1.0);
            assertThat(r.jobAvailability().mean()).isBetween(0.0, 1.0);
            assertThat(r.effectiveTimeToTrainDays().mean()).isGreaterThanOrEqualTo(20.0);
            assertThat(r.gpuHoursLostPerYear().mean())
                    .isCloseTo(
                            r.reworkGpuHoursPerYear().mean()
                                    + r.restartGpuHoursPerYear().mean()
                                    + r.waitingGpuHoursPerYear().mean()
                                    + r.degradedGpuHoursPerYear().mean(),
                            org.assertj.core.api.Assertions.within(
                                    1e-6 * (1 + r.gpuHoursLostPerYear().mean())));
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void moreFailuresNeverHelp(long seed) {
        ClusterReliabilityModel m = randomModel(seed);
        ClusterReliabilityModel worse =
                m.mapPopulations(p -> p.withFailure(p.failure().scaled(2)));
        AnalyticalReliability a = new AnalyticalReliability();
        // fixed checkpoint interval so that only the failure rate changes
        JobSpec fixed = m.job().withCheckpointIntervalHours(0.5);
        ReliabilityResult base = a.estimate(m.withJob(fixed), 3);
        ReliabilityResult more = a.estimate(worse.withJob(fixed), 3);
        assertThat(more.failuresPerYear().mean())
                .isCloseTo(
                        2 * base.failuresPerYear().mean(),
                        org.assertj.core.api.Assertions.within(
                                1e-9 * base.failuresPerYear().mean()));
        assertThat(more.gpuHoursLostPerYear().mean())
                .isGreaterThanOrEqualTo(base.gpuHoursLostPerYear().mean());
        assertThat(more.fabricAvailability().mean())
                .isLessThanOrEqualTo(base.fabricAvailability().mean());
        assertThat(more.repairCostUsdPerYear().mean())
                .isGreaterThanOrEqualTo(base.repairCostUsdPerYear().mean());
    }
}
