package dev.nearlight.sim.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nearlight.core.InputException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A rerouted fabric path's slowdown: the rule without a simulation, and a simulated loss per dark uplink. */
class FabricPathLossTest {
    /** 500 switch engines of 4 uplinks each (of a switch's 32), 2 % a year, hot-swapped in 10 h on average. */
    private static ClusterReliabilityModel engines(JobSpec job) {
        ComponentPopulation p = new ComponentPopulation(
                "engines",
                500,
                FailureProcess.ofAfrPercent(2),
                TestModels.repair(Fru.ENGINE, RepairTime.exponential(10), 100, 24, 5000),
                BlastRadius.LINK_GROUP,
                4,
                Category.NETWORK,
                Effect.path(4, 32),
                Effect.NONE,
                0,
                0);
        return new ClusterReliabilityModel("e", 1024, 8, 4096, List.of(p), new ServiceTeam(50, 150), job, 8);
    }

    @Test
    void theSimulatedLossPerDarkUplinkReplacesTheBandwidthShareRule() {
        JobSpec rule = new JobSpec(1024, 0.5, 0.1, 0.25, true, 0.3, 30);
        assertThat(rule.fabricPathLoss(Effect.path(4, 32))).isCloseTo(4.0 / 32 * 0.3, within(1e-15));
        JobSpec simulated = rule.withFabricPathLossPerLink(0.002);
        assertThat(simulated.fabricPathLoss(Effect.path(4, 32))).isCloseTo(4 * 0.002, within(1e-15));
        // kept by the other copies of the job (checkpoint interval, policies)
        assertThat(simulated.withCheckpointIntervalHours(1.0).fabricPathLossPerLink())
                .isEqualTo(0.002);
        assertThat(simulated.withPolicy(JobPolicy.STRICT).fabricPathLossPerLink())
                .isEqualTo(0.002);
        // at most the whole step
        assertThat(rule.withFabricPathLossPerLink(0.3).fabricPathLoss(Effect.path(4, 32)))
                .isEqualTo(1.0);
        // nodes and rails are not fabric paths
        assertThat(simulated.fabricPathLoss(Effect.rails(1))).isZero();

        // degraded GPU-hours scale with the factor (1024 GPUs x 10 failures a year x 10 h x factor, of the time the
        // job runs, which the slower running itself shortens by a few 1e-5)
        AnalyticalReliability an = new AnalyticalReliability();
        double a = an.estimate(engines(rule), 1).degradedGpuHoursPerYear().mean();
        double b = an.estimate(engines(simulated), 1).degradedGpuHoursPerYear().mean();
        assertThat(a).isPositive();
        assertThat(b / a).isCloseTo(4 * 0.002 / (4.0 / 32 * 0.3), within(1e-4));
        // a job that does not reroute stops instead: nothing degraded
        assertThat(an.estimate(engines(simulated.withReroute(false)), 1)
                        .degradedGpuHoursPerYear()
                        .mean())
                .isZero();
    }

    @Test
    void badFiguresAreOneLineErrors() {
        JobSpec rule = new JobSpec(1024, 0.5, 0.1, 0.25, true, 0.3, 30);
        assertThatThrownBy(() -> rule.withFabricPathLossPerLink(-0.1))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("use 0 to 1");
        assertThatThrownBy(() -> Effect.path(5, 4)).isInstanceOf(InputException.class);
        assertThatThrownBy(() -> new Effect(0, 0, true, 0.1, 0)).isInstanceOf(InputException.class);
    }
}
