package dev.nearlight.sim.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class AnalyticalReliabilityTest {

    @Test
    void youngDalyIntervalUsesTheJobInterruptionRate() {
        // software faults only: 1 per 100 h -> job MTBF 100 h ; write 0.1 h -> sqrt(2 * 100 * 0.1) = sqrt(20) h
        ComponentPopulation sw = new ComponentPopulation(
                "software",
                1,
                new FailureProcess(0.01, null),
                RepairPolicy.restartOnly(),
                BlastRadius.NONE,
                0,
                0,
                false,
                0);
        ClusterReliabilityModel m =
                new ClusterReliabilityModel("yd", 8, 8, 1, List.of(sw), new ServiceTeam(1, 0), TestModels.job(8, null));
        ReliabilityResult r = new AnalyticalReliability().estimate(m, 1);
        assertThat(r.jobMtbfHours()).isCloseTo(100, within(1e-9));
        assertThat(r.checkpointIntervalHours()).isCloseTo(Math.sqrt(20), within(1e-12));
        assertThat(JobSpec.youngDalyIntervalHours(3, 0.5)).isCloseTo(Math.sqrt(3), within(1e-12));
    }

    @Test
    void youngDalyIntervalMinimisesTheEffectiveTimeToTrain() {
        ClusterReliabilityModel m = TestModels.small(50);
        AnalyticalReliability a = new AnalyticalReliability();
        ReliabilityResult opt = a.estimate(m.withJob(m.job().withCheckpointIntervalHours(null)), 5);
        double tau = opt.checkpointIntervalHours();
        for (double f : new double[] {0.5, 0.8, 1.25, 2}) {
            ReliabilityResult other = a.estimate(m.withJob(m.job().withCheckpointIntervalHours(tau * f)), 5);
            assertThat(other.effectiveTimeToTrainDays().mean())
                    .isGreaterThan(opt.effectiveTimeToTrainDays().mean());
        }
    }

    @Test
    void jobLossesAreHandComputedForANodeThatCannotBeSpared() {
        // 16 nodes of 8 GPUs, job uses all 128 (no spare node): each node failure interrupts and waits for repair.
        // rate 16 * 1e-3 /h = 0.016 /h ; 1 year = 8760 h -> 140.16 failures
        // per failure: rework (0.5 + 0.1) / 2 = 0.3 h, restart 0.25 h, wait 4 h (exp. repair, 8 technicians,
        // Wq tiny: a = 0.064, C(8, a) ~ 1e-13) -> 4.55 h ; lost 140.16 * 4.55 = 637.728 h
        ComponentPopulation nodes = new ComponentPopulation(
                "nodes",
                16,
                new FailureProcess(1e-3, null),
                TestModels.repair(Fru.GPU_TRAY, RepairTime.exponential(4), 1000, 0, 10000),
                BlastRadius.NODE,
                8,
                8,
                false,
                0);
        ClusterReliabilityModel m = new ClusterReliabilityModel(
                "nodes", 128, 8, 128, List.of(nodes), new ServiceTeam(8, 100), TestModels.job(128, 0.5));
        ReliabilityResult r = new AnalyticalReliability().estimate(m, 1);
        assertThat(r.interruptionsPerDay().mean()).isCloseTo(140.16 / 365, within(1e-9));
        assertThat(r.gpuHoursLostPerYear().mean()).isCloseTo(128 * 637.728, within(1e-6));
        assertThat(r.waitingGpuHoursPerYear().mean()).isCloseTo(128 * 140.16 * 4, within(1e-6));
        // job availability 1 - 637.728 / 8760 ; efficiency 0.5 / 0.6 ; TTT 30 / (a * e)
        double avail = 1 - 637.728 / 8760;
        assertThat(r.jobAvailability().mean()).isCloseTo(avail, within(1e-12));
        assertThat(r.effectiveTimeToTrainDays().mean()).isCloseTo(30 / (avail * 0.5 / 0.6), within(1e-9));
        // fabric: 140.16 * 8 links * 4 h / (128 * 8760)
        assertThat(r.fabricAvailability().mean()).isCloseTo(1 - 140.16 * 8 * 4 / (128 * 8760.0), within(1e-12));
        // cost: 140.16 * (10000 + 4 * 100)
        assertThat(r.repairCostUsdPerYear().mean()).isCloseTo(140.16 * 10400, within(1e-6));
        // of which labour: 140.16 * 4 h * 100 USD/h
        assertThat(r.repairLabourUsdPerYear().mean()).isCloseTo(140.16 * 400, within(1e-6));
    }

    @Test
    void poissonTailMatchesHipparchusForSmallAndLargeSpareCounts() {
        double[][] cases = {{1, 0.5}, {3, 0.2}, {5, 7.5}, {50, 30}, {983, 900}, {983, 1.2}, {10, 10}};
        for (double[] c : cases) {
            int k = (int) c[0];
            double exact = AnalyticalReliability.poissonTail(k, c[1]);
            assertThat(AnalyticalReliability.poissonTailSmall(k, c[1]))
                    .as("k=%d mean=%s", k, c[1])
                    .isCloseTo(exact, within(1e-12 + 1e-9 * exact));
        }
        // P(N >= 1) = 1 - e^-m
        assertThat(AnalyticalReliability.poissonTailSmall(1, 0.5)).isCloseTo(1 - Math.exp(-0.5), within(1e-15));
    }

    @Test
    void homogeneousSpareDelayShortcutMatchesTheGeneralIntegral() {
        // A Weibull term of shape 1 and scale eta is a constant rate 1/eta, but takes the general (NHPP) path.
        // S = 1 by hand (m = 40 * 0.02 / 8760 /h, L = 500 h, T = 43800 h): stationary
        // L (1 - e^-mL) - (1/m)(1 - e^-mL - mL e^-mL) = 11.24374 h; averaged with the start-up window [0, L] (a demand
        // at t < L waits int_0^t P(N(y) >= 1) dy + (L - t) P(N(t) >= 1)), numerically 11.20128 h.
        for (int spares : new int[] {1, 2, 5}) {
            RepairPolicy policy = TestModels.repair(Fru.MODULE, RepairTime.exponential(1), spares, 500, 0);
            ComponentPopulation constant = TestModels.links("c", 40, 2.0, policy);
            double rate = constant.failure().ratePerHour();
            ComponentPopulation weibull =
                    constant.withFailure(new FailureProcess(0, new FailureProcess.Weibull(1, 1 / rate)));
            double fast = AnalyticalReliability.meanPartDelayHours(constant, 5 * 8760);
            double general = AnalyticalReliability.meanPartDelayHours(weibull, 5 * 8760);
            assertThat(fast).as("S=%d", spares).isCloseTo(general, within(1e-3 * general + 1e-9));
        }
        ComponentPopulation one =
                TestModels.links("c", 40, 2.0, TestModels.repair(Fru.MODULE, RepairTime.exponential(1), 1, 500, 0));
        assertThat(AnalyticalReliability.meanPartDelayHours(one, 5 * 8760)).isCloseTo(11.20128, within(1e-4));
    }

    @Test
    void baseStockPartDelayHasItsClosedForm() {
        // S = 0: always the lead time
        assertThat(AnalyticalReliability.partDelayHours(0, 0.01, 48)).isEqualTo(48.0);
        // S = 1, m = 0.01 /h, L = 100 h: mL = 1 ; P(N>=1) = 1 - e^-1 ; P(N>=2) = 1 - 2 e^-1
        // E = 100 (1 - e^-1) - 100 (1 - 2 e^-1) = 100 e^-1 = 36.788 h
        assertThat(AnalyticalReliability.partDelayHours(1, 0.01, 100)).isCloseTo(100 * Math.exp(-1), within(1e-9));
        // many spares: no delay
        assertThat(AnalyticalReliability.partDelayHours(50, 0.01, 100)).isLessThan(1e-12);
    }

    @Test
    void aSaturatedRepairQueueStaysFiniteWithTheMachineRepairmanWait() {
        // 100 units failing at 0.05 /h while up, exponential 1 h repairs, 2 technicians: offered load 5 > 2.
        // Machine-repairman M/M/2//100: p_k ~ 100!/(100-k)! 0.05^k / (2! 2^(k-2)) for k >= 2, i.e. in j = 100 - k
        // units up, p ~ 40^j / j!: the up units are Poisson(40) (truncation at j <= 98 is < 1e-20). So L = 100 - 40 =
        // 60
        // failed, both technicians busy (P(k < 2) ~ 1e-20), Lq = 58; throughput lambda (N - L) = 0.05 x 40 = 2 /h;
        // Wq = Lq / throughput = 29 h. The horizon bound rho T / 2 = 2.5 x 8760 / 2 = 10,950 h does not bind.
        assertThat(AnalyticalReliability.machineRepairmanWaitHours(2, 100, 0.05, 1))
                .isCloseTo(29, within(1e-9));
        assertThat(AnalyticalReliability.repairQueueWaitHours(2, 100, 5, 1, 2, 8760))
                .isCloseTo(29, within(1e-9));
        // the same load on 10^6 units: the backlog would reach ~10^6 parts, so the lifetime bound rho T / 2 binds
        assertThat(AnalyticalReliability.repairQueueWaitHours(2, 1_000_000, 5, 1, 2, 8760))
                .isCloseTo(2.5 * 8760 / 2, within(1e-6));

        ClusterReliabilityModel m = TestModels.overloadedRepairQueue();
        ReliabilityResult r = new AnalyticalReliability().estimate(m, 1);
        assertThat(r.saturated()).isTrue();
        assertThat(r.jobAvailability().mean()).isBetween(0.0, 1.0);
        assertThat(r.fabricAvailability().mean()).isBetween(0.0, 1.0);
        assertThat(r.effectiveTimeToTrainDays().mean()).isFinite();
        // offered load per technician: 100 x 0.05 x 1 h / 2 = 2.5
        assertThat(r.technicianUtilisation().mean()).isCloseTo(2.5, within(1e-12));
        // each failure holds its link for the 29 h wait plus the 1 h repair: 43,800 failures x 30 h = 1.314 M link-h,
        // more than the 100 x 8760 = 876,000 link-hours there are: the first-order figure is clamped at 0, which is
        // why the result is flagged rather than read as a number
        assertThat(r.fabricAvailability().mean()).isEqualTo(0.0);
    }

    @Test
    void theFiniteSourceQueueTendsToErlangCForManyUnits() {
        // offered load 3 on 4 technicians (rho = 0.75), 2 h exponential repairs: Erlang C wait = C(4, 3) x 2 / (4 - 3)
        double erlang = AnalyticalReliability.mmcWaitHours(4, 1.5, 2);
        for (long units : new long[] {10_000, 1_000_000}) {
            double finite = AnalyticalReliability.machineRepairmanWaitHours(4, units, 1.5 / units, 2);
            // the finite source lowers the arrival rate by the failed share L / N, so it waits a little less
            assertThat(finite).isLessThan(erlang).isCloseTo(erlang, within(erlang * 100.0 / units));
        }
        // far below saturation the wait vanishes as with Erlang C
        assertThat(AnalyticalReliability.machineRepairmanWaitHours(8, 10_000, 1e-6, 4))
                .isCloseTo(0, within(1e-12));
    }
}
