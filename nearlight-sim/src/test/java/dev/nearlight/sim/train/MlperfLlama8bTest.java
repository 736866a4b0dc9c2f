package dev.nearlight.sim.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * MLPerf Training v5.1's Llama 3.1 8B submissions (examples/validation/mlperf-llama31-8b.csv, checked only, never
 * fitted): strong-scaling runs of one or two micro-batches per step on 8 to 512 GPUs, the regime where the model is
 * worst. The state is pinned as measured, bad rows included (docs/validation.md, "MLPerf Llama 3.1 8B").
 */
class MlperfLlama8bTest {

    @Test
    void fullStepsAreRightAndShortOnesTooFast() {
        List<TrainingValidation.Row> rows = ExampleRuns.replay("mlperf-llama31-8b.csv");
        assertThat(rows).hasSize(29);
        // Measured state: median 12.2 %, mean 17.7 %, max 94.3 % (GB300, 512 GPUs, TP 2 x CP 4, 64 sequences a step:
        // 85 ms measured, 44 ms modelled) since the fixed per-layer time was fitted (eleventh pass); 14.1 / 20.5 /
        // 130.2 % at the first replay.
        assertThat(TrainingValidation.medianAbsError(rows)).isBetween(0.115, 0.13);
        assertThat(TrainingValidation.maxAbsError(rows)).isBetween(0.93, 0.95);
        // Where each GPU runs a whole 2 x 8192-token micro-batch in FP8 (one or two B200 nodes), the model is right.
        List<TrainingValidation.Row> full = rows.stream()
                .filter(r -> r.precision().equals("fp8") && r.mbs() == 2)
                .toList();
        assertThat(full).hasSize(4).allSatisfy(r -> assertThat(r.error()).isBetween(-0.05, 0.03));
        // Split over context parallelism (half or a quarter of a sequence per GPU, one micro-batch a step), every run
        // is slower than the model says: 7 to 94 % (6 to 130 % before the fixed per-layer time). The missing time is
        // about 17-21 ms a step at CP 2 (21-25 ms before the fixed per-layer time) whether the
        // data-parallel group crosses InfiniBand (B200) or stays in one NVLink domain (GB200 NVL72), so it is not the
        // data-parallel traffic; what it is, the logs do not say.
        List<TrainingValidation.Row> cp = rows.stream().filter(r -> r.cp() > 1).toList();
        assertThat(cp).hasSize(12).allSatisfy(r -> assertThat(r.error()).isBetween(0.06, 0.95));
        // NVFP4 on one node: 3-19 % too fast (stochastic rounding and 2-D weight quantisation are on and not priced).
        List<TrainingValidation.Row> fp4 = rows.stream()
                .filter(r -> r.precision().equals("fp4") && r.gpus() == 8)
                .toList();
        assertThat(fp4).hasSize(9).allSatisfy(r -> assertThat(r.error()).isBetween(0.02, 0.20));
    }
}
