package dev.nearlight.sim.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nearlight.core.InputException;
import org.junit.jupiter.api.Test;

/** First/last pipeline stage layer counts (Megatron-LM's --decoder-first/last-pipeline-num-layers). */
class UnevenPipelineStagesTest {
    private static Parallelism.Builder llama405b() {
        return Parallelism.builder()
                .tp(8)
                .pp(16)
                .dp(128)
                .microBatch(1)
                .globalBatch(2048)
                .sequenceParallel(true)
                .dpSharding(DpSharding.ZERO2)
                .recompute(Recompute.SELECTIVE);
    }

    @Test
    void llama405bSplitsSevenPlusFourteenEightsPlusSeven() {
        Parallelism par = llama405b().firstStageLayers(7).lastStageLayers(7).build();
        ModelSpec m = ModelSpec.preset("llama3-405b").withSeqLen(8192);
        par.validateAgainst(m, 16384);
        // 126 - 7 - 7 = 112 layers over the 14 middle stages = 8 each
        assertThat(par.stageLayers(126, 0)).isEqualTo(7);
        assertThat(par.stageLayers(126, 15)).isEqualTo(7);
        int sum = 0;
        for (int r = 0; r < 16; r++) {
            sum += par.stageLayers(126, r);
            if (r > 0 && r < 15) {
                assertThat(par.stageLayers(126, r)).isEqualTo(8);
            }
        }
        assertThat(sum).isEqualTo(126);
    }

    @Test
    void onlyAFirstStageCountSplitsTheRestOverTheOthers() {
        Parallelism par = Parallelism.builder().pp(4).firstStageLayers(5).build();
        // 32 - 5 = 27 over 3 stages = 9 each
        assertThat(par.stageLayers(32, 0)).isEqualTo(5);
        assertThat(par.stageLayers(32, 1)).isEqualTo(9);
        assertThat(par.stageLayers(32, 3)).isEqualTo(9);
    }

    @Test
    void withoutCountsTheDivisibilityErrorSuggestsThem() {
        ModelSpec m = ModelSpec.preset("llama3-405b").withSeqLen(8192);
        Parallelism even = llama405b().build();
        // ceil(126 / 16) = 8 on the 14 middle stages leaves 126 - 112 = 14 = 7 + 7
        assertThatThrownBy(() -> even.validateAgainst(m, 16384))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("layers 126 are not divisible by pp x vpp = 16 x 1")
                .hasMessageContaining("first/last stage layers, e.g. 7 + 8 x 14 + 7");
        Parallelism bad = llama405b().firstStageLayers(6).lastStageLayers(7).build();
        // 126 - 13 = 113 is not a multiple of 14
        assertThatThrownBy(() -> bad.validateAgainst(m, 16384))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("= 113 do not split evenly over the 14 other stages");
        assertThatThrownBy(() -> Parallelism.builder()
                        .pp(4)
                        .vpp(2)
                        .globalBatch(8)
                        .firstStageLayers(3)
                        .build())
                .isInstanceOf(InputException.class)
                .hasMessageContaining("plain 1F1B");
    }

    @Test
    void lighterEndStagesCarryFewerLayerParametersThanAnEvenSplitWould() {
        ModelSpec m = ModelSpec.preset("llama3-405b").withSeqLen(8192);
        Parallelism par = llama405b().firstStageLayers(7).lastStageLayers(7).build();
        double perLayer = TrainingStepModel.rankLayerParams(m, par);
        double vocab = (double) m.vocabSize() * m.hiddenSize() / 8;
        // first rank: 7 layers plus the input embedding; a middle rank: 8 layers
        assertThat(TrainingStepModel.rankParams(m, par, 0)).isCloseTo(7 * perLayer + vocab, within(1.0));
        assertThat(TrainingStepModel.rankParams(m, par, 5)).isCloseTo(8 * perLayer, within(1.0));
        StepResult r = TrainingStepModel.estimate(
                new TrainingJob(m, par, AcceleratorCatalog.load().get("h100"), null, null, 15e12, null));
        assertThat(r.stepTimeS()).isPositive().isFinite();
        // the critical rank's compute covers 7 or 8 layers, never the 126/16 = 7.875 of a fractional split
        assertThat(r.breakdownS().values().stream()
                        .mapToDouble(Double::doubleValue)
                        .sum())
                .isCloseTo(r.stepTimeS(), within(1e-9 * r.stepTimeS()));
    }
}
