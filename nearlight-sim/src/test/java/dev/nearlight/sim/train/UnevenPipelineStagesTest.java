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
        assertThatThrownBy(() -> Parallelism.builder().pp(1).firstStageLayers(3).build())
                .isInstanceOf(InputException.class)
                .hasMessageContaining("need pp >= 2");
        // 7 layers on the first rank cannot fill 8 virtual stages
        Parallelism tooManyChunks =
                llama405b().vpp(8).firstStageLayers(7).lastStageLayers(7).build();
        assertThatThrownBy(() -> tooManyChunks.validateAgainst(m, 16384))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("a pipeline rank holds only 7 layers");
    }

    @Test
    void interleavedChunksSplitEachRanksLayersWithTheRemainderAwayFromTheEmbeddingAndOutput() {
        Parallelism par =
                llama405b().vpp(4).firstStageLayers(7).lastStageLayers(7).build();
        ModelSpec m = ModelSpec.preset("llama3-405b").withSeqLen(8192);
        par.validateAgainst(m, 16384);
        // virtual stage = chunk x 16 + rank; rank 0 (7 layers): 1, 2, 2, 2 (its chunk 0 also holds the embedding);
        // rank 15 (7 layers): 2, 2, 2, 1 (its chunk 3 is the last virtual stage, with the output layer); middle: 2 each
        assertThat(chunkLayers(par, 0)).containsExactly(1, 2, 2, 2);
        assertThat(chunkLayers(par, 15)).containsExactly(2, 2, 2, 1);
        assertThat(chunkLayers(par, 7)).containsExactly(2, 2, 2, 2);
        int sum = 0;
        for (int vs = 0; vs < 64; vs++) {
            sum += par.stageLayers(126, vs);
        }
        assertThat(sum).isEqualTo(126);
        assertThat(par.rankLayers(126, 0)).isEqualTo(7);
        assertThat(par.rankLayers(126, 7)).isEqualTo(8);
    }

    /** Layers of each of rank r's virtual stages (chunk c is virtual stage c x pp + r) for the 126-layer model. */
    private static int[] chunkLayers(Parallelism par, int r) {
        int[] out = new int[par.vpp()];
        for (int c = 0; c < out.length; c++) {
            out[c] = par.stageLayers(126, c * par.pp() + r);
        }
        return out;
    }

    @Test
    void interleavingShrinksTheBubbleOfTheLlama3Layout() {
        // Meta's 405B layout (TP 8, PP 16, DP 128, 16 micro-batches per pipeline): with plain 1F1B the bubble is
        // (p - 1) / (m + p - 1) = 15/31 of the step; 4 virtual stages per rank cut it to about a quarter, and the
        // MFU lands in the 38-43 % BF16 band the Llama 3 paper reports for 8K-16K H100s (arXiv 2407.21783, Table 4)
        ModelSpec m = ModelSpec.preset("llama3-405b").withSeqLen(8192);
        AcceleratorSpec h100 = AcceleratorCatalog.load().get("h100");
        StepResult plain = TrainingStepModel.estimate(new TrainingJob(
                m, llama405b().firstStageLayers(7).lastStageLayers(7).build(), h100, null, null, 15e12, null));
        StepResult interleaved = TrainingStepModel.estimate(new TrainingJob(
                m, llama405b().vpp(4).firstStageLayers(7).lastStageLayers(7).build(), h100, null, null, 15e12, null));
        assertThat(plain.breakdownS().get("bubble") / plain.stepTimeS()).isCloseTo(15.0 / 31, within(0.06));
        assertThat(interleaved.stepTimeS()).isLessThan(0.7 * plain.stepTimeS());
        assertThat(interleaved.mfu()).isBetween(0.36, 0.45);
        // the memory of the most loaded rank still fits an 80 GiB H100
        assertThat(TrainingStepModel.memory(new TrainingJob(
                                m,
                                llama405b()
                                        .vpp(4)
                                        .firstStageLayers(7)
                                        .lastStageLayers(7)
                                        .build(),
                                h100,
                                null,
                                null,
                                15e12,
                                null))
                        .totalGiB())
                .isLessThan(80);
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
