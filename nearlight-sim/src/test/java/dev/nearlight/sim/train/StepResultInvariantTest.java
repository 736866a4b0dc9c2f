package dev.nearlight.sim.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nearlight.core.InputException;
import org.junit.jupiter.api.Test;

class StepResultInvariantTest {
    private static StepResult llama8b() {
        ModelSpec m = ModelSpec.preset("llama3-8b");
        Parallelism par = Parallelism.builder()
                .dp(64)
                .globalBatch(64)
                .recompute(Recompute.FULL)
                .dpSharding(DpSharding.ZERO1)
                .build();
        return TrainingStepModel.estimate(
                TrainingJob.of(m, par, AcceleratorCatalog.load().get("h100")));
    }

    private static StepResult withUtilisation(StepResult r, double mfu, double hfu, double stepTimeS) {
        return new StepResult(
                stepTimeS,
                r.computeS(),
                r.tpCommS(),
                r.cpCommS(),
                r.epCommS(),
                r.ppCommS(),
                r.dpCommS(),
                r.bubbleS(),
                r.optimizerS(),
                mfu,
                hfu,
                r.tflopsPerGpu(),
                r.tokensPerS(),
                r.timeToTrainDays(),
                r.energyPerStepJ(),
                r.energyMWh(),
                r.powerBreakdownW(),
                r.starvationFraction(),
                r.bubbleFraction(),
                r.memory(),
                r.offloadS());
    }

    @Test
    void aRealStepSatisfiesTheInvariantsAndAViolationIsRefused() {
        StepResult r = llama8b();
        assertThat(r.mfu()).isGreaterThan(0.2).isLessThanOrEqualTo(r.hfu());
        assertThat(r.hfu()).isLessThan(1);
        // the same numbers pass; utilisation above the peak, MFU above HFU or an infinite step do not
        assertThat(withUtilisation(r, r.mfu(), r.hfu(), r.stepTimeS())).isEqualTo(r);
        assertThatThrownBy(() -> withUtilisation(r, r.mfu(), 1.2, r.stepTimeS()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("HFU 1.2");
        assertThatThrownBy(() -> withUtilisation(r, r.hfu() * 1.1, r.hfu(), r.stepTimeS()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("MFU <= HFU");
        assertThatThrownBy(() -> withUtilisation(r, r.mfu(), r.hfu(), Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("step time Infinity");
    }

    @Test
    void aTokenBudgetBeyondAnyRunIsBadInput() {
        ModelSpec m = ModelSpec.preset("llama3-8b");
        Parallelism par = Parallelism.builder().dp(8).globalBatch(8).build();
        AcceleratorSpec h100 = AcceleratorCatalog.load().get("h100");
        assertThatThrownBy(() -> new TrainingJob(m, par, h100, null, null, 1e300, null))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("tokens: 1.0E300 must be positive and at most 1.0E17");
        assertThat(new TrainingJob(m, par, h100, null, null, 1e17, null).tokenBudget())
                .isEqualTo(1e17);
    }
}
