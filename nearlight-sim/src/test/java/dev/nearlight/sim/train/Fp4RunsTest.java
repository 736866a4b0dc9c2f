package dev.nearlight.sim.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Megatron-Bridge's NVFP4 rows (examples/validation/megatron-bridge-nvfp4.csv, checked only): the FP4 path of the step
 * model against the only public FP4 pre-training throughputs, which docs/validation.md reports as a known gap.
 */
class Fp4RunsTest {

    @Test
    void mxfp8RowsArePricedAsFp8WithSinglePassCastsAndStayAtTheirMeasuredErrors() {
        // Megatron-Bridge's MXFP8 rows (25.11 FP8-MX, 26.04.01, 26.06): 8 rows on B200, GB200, GB300, checked only.
        // Measured state, not the target: median 2.3 %, max 10.9 % (the same row) since the fixed per-layer time was
        // fitted (eleventh pass); median 2.5 %, max 9.8 % (Llama 3.1 405B on B200 at CP 2) since B200 and
        // GB200 keep H100's share of their measured GEMM ceilings (tenth pass); 6.6 % and 13.1 % (the same row, the
        // Blackwell CP 2 rows' common offset, docs/validation.md) since the backward GEMMs' outputs and the refit; 6.1
        // % and
        // 13.8 % with Transformer Engine's fused loss alone, which makes every row faster; 4.8 % and 13.3 % before.
        List<TrainingValidation.Row> rows = ExampleRuns.replay("megatron-bridge-mxfp8.csv");
        assertThat(rows).hasSize(8).allMatch(r -> r.precision().equals("fp8"));
        assertThat(TrainingValidation.medianAbsError(rows)).isLessThanOrEqualTo(0.024);
        assertThat(TrainingValidation.maxAbsError(rows)).isLessThanOrEqualTo(0.110);
        // A known gap: the same 8B job ran 31508 tokens/s per GPU on GB200 at FP8-CS and 29789 (5.5 % less) at MXFP8;
        // the model has MXFP8 2 % faster, since current scaling's extra amax read is all it tells them apart by.
        TrainingValidation.Row mx = rows.get(1);
        TrainingValidation.Row cs = new TrainingValidation(AcceleratorCatalog.load())
                .runHeldOut().stream()
                        .filter(r -> r.source().equals("Megatron-Bridge 25.11")
                                && r.gpu().equals("gb200")
                                && r.model().equals("llama3-8b"))
                        .findFirst()
                        .orElseThrow();
        assertThat(mx.published() / cs.published()).isCloseTo(0.945, within(0.001));
        assertThat(mx.predicted() / cs.predicted()).isBetween(1.01, 1.03);
    }

    @Test
    void nvfp4RowsRunAtFp4AndStayAtTheirMeasuredErrors() {
        List<TrainingValidation.Row> rows = ExampleRuns.replay("megatron-bridge-nvfp4.csv");
        assertThat(rows).hasSize(4).allMatch(r -> r.precision().equals("fp4"));
        // Measured state, not the target: +30.9, +1.3, +14.1, +15.4 % since the fixed per-layer time was fitted
        // (eleventh pass); Llama 3.1 405B +32.9 % on GB300 and -0.1 % on GB200 (PP 16 x VP 8, one slot
        // per virtual stage), Llama 3 70B +15.1 % (GB300) and +15.1 % (GB200) since GB200 keeps H100's share of its
        // measured GEMM ceiling (tenth pass; +8.3 and +24.6 % on GB200 before); +32.9, +8.3, +15.1, +24.6 % with
        // Transformer Engine's fused loss and the backward GEMMs' outputs priced (+36.4, +6.4, +15.1, +20.9 % before
        // them) and since Blackwell
        // attention overlaps its exponentials (+34.8, +3.3, +12.6, +15.0 % before). The model prices FP4 GEMMs at the
        // datasheet's FP4 peak with FP8's casts; NVFP4 training also runs Hadamard transforms, 2-D weight scaling and
        // stochastic rounding it does not carry, and GB300's FP4 peak is 1.5x GB200's.
        assertThat(rows.get(0).error()).isBetween(0.28, 0.34);
        assertThat(rows.get(1).error()).isBetween(-0.03, 0.03);
        assertThat(rows.get(2).error()).isBetween(0.11, 0.17);
        assertThat(rows.get(3).error()).isBetween(0.12, 0.18);
        // FP4 is still faster than the same layout at FP8 in the model, as in every published pair: the 405B GB300
        // layout ran 1413 tokens/s per GPU at NVFP4 and 1048 at FP8 (26.06), 1.35x.
        TrainingValidation.Row fp4 = rows.get(0);
        assertThat(fp4.published() / 1048).isCloseTo(1.348, org.assertj.core.api.Assertions.within(0.001));
        List<TrainingValidation.Row> fp8 = new TrainingValidation(AcceleratorCatalog.load())
                .runHeldOut().stream()
                        .filter(r -> r.source().equals("Megatron-Bridge 26.06")
                                && r.gpu().equals("gb300"))
                        .toList();
        assertThat(fp8).hasSize(1);
        assertThat(fp4.predicted() / fp8.get(0).predicted()).isGreaterThan(1.35);
    }
}
