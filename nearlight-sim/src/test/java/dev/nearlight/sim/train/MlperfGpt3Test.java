package dev.nearlight.sim.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * MLPerf Training's GPT-3 175B submissions on H100 (rounds v3.0 to v4.1) and the v4.1 B200 preview
 * (examples/validation/mlperf-gpt3-175b.csv, checked only, never fitted): the FP8 runs the review found 25-55 %
 * too slow. The state is pinned as measured, including the scale trend the model does not follow.
 */
class MlperfGpt3Test {
    private static List<TrainingValidation.Row> rows() {
        return ExampleRuns.replay("mlperf-gpt3-175b.csv");
    }

    @Test
    void everyRoundStaysAtItsMeasuredError() {
        List<TrainingValidation.Row> rows = rows();
        assertThat(rows).hasSize(20);
        // Measured state: median 5.3 %, mean 6.1 %, max 14.9 % (v4.1, 256 H100 at mbs 2: 890 tokens/s per GPU against
        // 757) since the fixed per-layer time was fitted (eleventh pass); 5.4 / 6.5 / 16.0 % at the first replay. The
        // same 512-GPU job ran 678, 741 and 859 tokens/s per GPU in v3.0, v3.1 and v4.1; the model's 702-747 sits
        // between them.
        assertThat(TrainingValidation.medianAbsError(rows)).isLessThanOrEqualTo(0.054);
        assertThat(TrainingValidation.maxAbsError(rows)).isLessThanOrEqualTo(0.150);
        assertThat(rows).allSatisfy(r -> assertThat(Math.abs(r.error())).isLessThan(0.17));
    }

    @Test
    void withinOneRoundThroughputPerGpuFallsWithScaleButLessThanMeasured() {
        // MLPerf v3.1, NVIDIA's own submissions: one release, one layout (TP 4, PP 8, vpp 12, mbs 1), 512 to 10752
        // GPUs,
        // 128 down to 8 micro-batches per pipeline. Fitting step = m c + F to the measured steps gives c = 84.3 ms and
        // F = 0.26 s; the model's steps give c = 90.0 ms and F = 0.16 s, so it is 5.3 % slow at 512 GPUs and 5.2 %
        // fast at 10752 (docs/validation.md, "MLPerf GPT-3 175B"; 89.6 ms, 0.16 s, -5.0 and +5.6 % before the fixed
        // per-layer time was fitted).
        List<TrainingValidation.Row> v31 = rows().stream()
                .filter(r -> r.source().equals("MLPerf v3.1") && r.vpp() == 12)
                .toList();
        TrainingValidation.Row small =
                v31.stream().filter(r -> r.gpus() == 512).findFirst().orElseThrow();
        TrainingValidation.Row mid =
                v31.stream().filter(r -> r.gpus() == 4096).findFirst().orElseThrow();
        TrainingValidation.Row large =
                v31.stream().filter(r -> r.gpus() == 10752).findFirst().orElseThrow();
        assertThat(mid.predicted()).isLessThan(small.predicted());
        assertThat(large.predicted()).isLessThan(mid.predicted());
        double measuredRatio = large.published() / small.published();
        double modelRatio = large.predicted() / small.predicted();
        assertThat(measuredRatio).isCloseTo(0.743, org.assertj.core.data.Offset.offset(0.002));
        assertThat(modelRatio).isBetween(0.80, 0.85);
        assertThat(small.error()).isBetween(-0.06, -0.04);
        assertThat(large.error()).isBetween(0.045, 0.065);
    }
}
