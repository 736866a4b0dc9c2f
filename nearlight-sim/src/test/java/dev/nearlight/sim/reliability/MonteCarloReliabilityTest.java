package dev.nearlight.sim.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nearlight.core.InputException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MonteCarloReliabilityTest {

    @Test
    void expectedFailuresAreTheSumOfRateTimesTime() {
        ClusterReliabilityModel m = TestModels.small(50);
        ReliabilityResult r = new MonteCarloReliability(400, 11).estimate(m, 3);
        // per year: modules 2048 * 1 % = 20.48 ; trays 128 * 10 % = 12.8 ; software 8760 / 240 = 36.5
        // switches: 64 * 2 % = 1.28 plus Weibull 64 * (26280 / 2e6)^0.5 / 3 = 64 * 0.114630 / 3 = 2.44544
        double switches = 1.28 + 64 * Math.sqrt(26280 / 2.0e6) / 3;
        assertThat(switches).isCloseTo(3.72544, within(1e-4));
        double total = 20.48 + 12.8 + 36.5 + switches;
        assertThat(contains(r.failuresPerYear(), total))
                .as("%s vs %s", r.failuresPerYear(), total)
                .isTrue();
        assertThat(contains(r.failuresPerYearByPopulation().get("modules"), 20.48))
                .isTrue();
        assertThat(contains(r.failuresPerYearByPopulation().get("gpu trays"), 12.8))
                .isTrue();
        assertThat(contains(r.failuresPerYearByPopulation().get("switches"), switches))
                .isTrue();
        assertThat(contains(r.failuresPerYearByPopulation().get("software"), 36.5))
                .isTrue();
    }

    @Test
    void repairQueueAvailabilityMatchesTheMmcFormula() {
        // One population, exponential repair (mean 2 h), 2 technicians, spares always on hand.
        // rate = 100 units * 0.006 /h = 0.6 /h, offered load a = 1.2 ; Erlang C(2, a) = a^2 / (2 + a) = 0.45
        // Wq = 0.45 * 2 / (2 - 1.2) = 1.125 h ; mean downtime 3.125 h
        // unavailability of the 100 links = 0.6 * 3.125 / 100 = 0.01875
        assertThat(AnalyticalReliability.erlangC(2, 1.2)).isCloseTo(0.45, within(1e-12));
        ComponentPopulation p = new ComponentPopulation(
                "units",
                100,
                new FailureProcess(0.006, null),
                TestModels.repair(Fru.MODULE, RepairTime.exponential(2), 0, 0, 0),
                BlastRadius.LINK,
                1,
                0,
                true,
                0.01);
        ClusterReliabilityModel m = new ClusterReliabilityModel(
                "mmc", 8, 8, 100, List.of(p), new ServiceTeam(2, 0), TestModels.job(8, 1.0));
        ReliabilityResult mc = new MonteCarloReliability(200, 5).estimate(m, 2);
        assertThat(contains(mc.fabricAvailability(), 1 - 0.01875))
                .as("%s", mc.fabricAvailability())
                .isTrue();
        // The analytical model queues the repairs of a finite source (a failed unit does not fail again; the Monte
        // Carlo draws each population's failures regardless): M/M/2//100 with r = 0.006 x 2 = 0.012,
        // p_k / p_(k-1) = (101 - k) r / min(k, 2) -> L = 1.76178, Lq = 0.58293, throughput 0.006 x (100 - L) =
        // 0.58943 /h, Wq = Lq / throughput = 0.98897 h (Erlang C: 1.125 h); unavailability 0.6 x 2.98897 / 100.
        assertThat(new AnalyticalReliability()
                        .estimate(m, 2)
                        .fabricAvailability()
                        .mean())
                .isCloseTo(1 - 0.6 * (0.98897 + 2) / 100, within(1e-6));
    }

    @Test
    void spareStockOutsMatchTheBaseStockFormula() {
        // 400 units at 20 %/yr: m = 0.009132 /h ; 3 spares, lead 500 h: m L = 4.57, stock-outs are the rule.
        // Fabric unavailability = failures x (part delay + 0.5 h) / (400 links x T); ample technicians.
        ComponentPopulation p = TestModels.links(
                "scarce", 400, 20.0, TestModels.repair(Fru.MODULE, RepairTime.exponential(0.5), 3, 500, 0));
        ClusterReliabilityModel m = new ClusterReliabilityModel(
                "scarce", 8, 8, 400, List.of(p), new ServiceTeam(20, 0), TestModels.job(8, 1.0));
        ReliabilityResult mc = new MonteCarloReliability(400, 17).estimate(m, 3);
        ReliabilityResult an = new AnalyticalReliability().estimate(m, 3);
        double delay = AnalyticalReliability.meanPartDelayHours(p, 3 * 8760);
        assertThat(delay).isGreaterThan(100); // most demands wait for a restock
        assertThat(an.fabricAvailability().mean()).isCloseTo(1 - 0.2 * (delay + 0.5) / 8760, within(1e-4));
        assertThat(contains(mc.fabricAvailability(), an.fabricAvailability().mean()))
                .as(
                        "MC %s vs analytical %s",
                        mc.fabricAvailability(), an.fabricAvailability().mean())
                .isTrue();
    }

    @Test
    void confidenceIntervalsShrinkWithTheSquareRootOfReplications() {
        ClusterReliabilityModel m = TestModels.small(50);
        ReliabilityResult few = new MonteCarloReliability(50, 3).estimate(m, 1);
        ReliabilityResult many = new MonteCarloReliability(800, 3).estimate(m, 1);
        // 16x replications -> about 4x narrower (t quantile 2.01 vs 1.96, sample sd noise)
        double ratio = few.gpuHoursLostPerYear().halfWidth()
                / many.gpuHoursLostPerYear().halfWidth();
        assertThat(ratio).isBetween(3.0, 5.3);
        double ratioCost = few.repairCostUsdPerYear().halfWidth()
                / many.repairCostUsdPerYear().halfWidth();
        assertThat(ratioCost).isBetween(3.0, 5.3);
    }

    @Test
    void sameSeedGivesTheSameResultWhateverTheThreadCount() {
        ClusterReliabilityModel m = TestModels.small(3);
        ReliabilityResult one = new MonteCarloReliability(64, 42, 1).estimate(m, 2);
        ReliabilityResult two = new MonteCarloReliability(64, 42, 2).estimate(m, 2);
        ReliabilityResult five = new MonteCarloReliability(64, 42, 5).estimate(m, 2);
        assertThat(two).isEqualTo(one);
        assertThat(five).isEqualTo(one);
        ReliabilityResult other = new MonteCarloReliability(64, 43, 2).estimate(m, 2);
        assertThat(other.gpuHoursLostPerYear().mean())
                .isNotEqualTo(one.gpuHoursLostPerYear().mean());
    }

    @ParameterizedTest
    @ValueSource(ints = {50, 4, 2})
    void analyticalAgreesWithMonteCarloWithinItsConfidenceInterval(int technicians) {
        ClusterReliabilityModel m = TestModels.small(technicians);
        ReliabilityResult mc = new MonteCarloReliability(400, 7).estimate(m, 5);
        ReliabilityResult an = new AnalyticalReliability().estimate(m, 5);
        assertThat(mc.checkpointIntervalHours()).isEqualTo(an.checkpointIntervalHours());
        assertAgree("failures", mc.failuresPerYear(), an.failuresPerYear());
        assertAgree("interruptions", mc.interruptionsPerDay(), an.interruptionsPerDay());
        assertAgree("rework", mc.reworkGpuHoursPerYear(), an.reworkGpuHoursPerYear());
        assertAgree("restart", mc.restartGpuHoursPerYear(), an.restartGpuHoursPerYear());
        assertAgree("lost", mc.gpuHoursLostPerYear(), an.gpuHoursLostPerYear());
        assertAgree("cost", mc.repairCostUsdPerYear(), an.repairCostUsdPerYear());
        assertAgree("labour", mc.repairLabourUsdPerYear(), an.repairLabourUsdPerYear());
        assertThat(an.repairLabourUsdPerYear().mean())
                .isPositive()
                .isLessThan(an.repairCostUsdPerYear().mean());
        assertAgree("job availability", mc.jobAvailability(), an.jobAvailability());
        assertAgree("fabric availability", mc.fabricAvailability(), an.fabricAvailability());
        assertAgree("time to train", mc.effectiveTimeToTrainDays(), an.effectiveTimeToTrainDays());
        assertAgree("technician utilisation", mc.technicianUtilisation(), an.technicianUtilisation());
    }

    private static void assertAgree(String what, Estimate mc, Estimate an) {
        assertThat(contains(mc, an.mean()))
                .as("%s: MC %s vs analytical %s", what, mc, an.mean())
                .isTrue();
    }

    /**
     * Extra half width that turns the reported 95 % interval (z 1.97) into a 99.9 % one (z 3.29). A single 95 %
     * check fails for one seed in twenty by construction; the widened check is stable across seeds and still fails
     * on a bias above ~3.3 standard errors. The 95 % intervals themselves are checked for coverage below.
     */
    static double wide(Estimate e) {
        return e.halfWidth() * (3.29 / 1.97 - 1);
    }

    static boolean contains(Estimate e, double value) {
        return e.contains(value, wide(e));
    }

    @Test
    void confidenceIntervalsCoverTheExactValueNineteenTimesInTwenty() {
        // M/M/2 case of repairQueueAvailabilityMatchesTheMmcFormula over 40 seeds: misses ~ Binomial(40, 0.05),
        // mean 2; P(misses >= 7) = 0.34 %, so more than 6 misses means the intervals are too narrow.
        ComponentPopulation p = new ComponentPopulation(
                "units",
                100,
                new FailureProcess(0.006, null),
                TestModels.repair(Fru.MODULE, RepairTime.exponential(2), 0, 0, 0),
                BlastRadius.LINK,
                1,
                0,
                true,
                0.01);
        ClusterReliabilityModel m = new ClusterReliabilityModel(
                "mmc", 8, 8, 100, List.of(p), new ServiceTeam(2, 0), TestModels.job(8, 1.0));
        int misses = 0;
        for (long seed = 1; seed <= 40; seed++) {
            ReliabilityResult r = new MonteCarloReliability(100, seed).estimate(m, 2);
            if (!r.fabricAvailability().contains(1 - 0.01875, 0)) {
                misses++;
            }
        }
        assertThat(misses).isLessThanOrEqualTo(6);
    }

    @Test
    void rejectsBadInputsWithOneLineMessages() {
        ClusterReliabilityModel m = TestModels.small(4);
        assertThatThrownBy(() -> new MonteCarloReliability(100, 1).estimate(m, -1))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("years -1.0");
        assertThatThrownBy(() -> new MonteCarloReliability(1, 1))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("replications 1");
        assertThatThrownBy(() -> m.withJob(TestModels.job(4096, 1.0)))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("exceed the cluster's 1024 GPUs");
        // 100 units at 0.05 /h with 1 h repairs: offered load 5 technicians-worth, only 2 technicians
        ClusterReliabilityModel overloaded = TestModels.overloadedRepairQueue();
        // the finite-source queue keeps it physical and flags it (hand-derived wait in AnalyticalReliabilityTest)
        ReliabilityResult flagged = new AnalyticalReliability().estimate(overloaded, 1);
        assertThat(flagged.saturated()).isTrue();
        assertThat(flagged.saturationReason()).startsWith("offered repair load 2.50 of the technicians' capacity");
    }
}
