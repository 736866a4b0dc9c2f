package dev.nearlight.sim.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * NeMo's Mixtral rows (examples/validation/nemo-moe.csv, checked only): the MoE shape columns of a {@code --data} file and
 * the measured state of the model on mixture-of-experts runs, which docs/validation.md reports as its weakest area.
 */
class MoeRunsTest {

    @Test
    void mixtralRowsParseAsMixturesOfExpertsAndStayAtTheirMeasuredErrors() {
        List<TrainingValidation.Row> rows = ExampleRuns.replay("nemo-moe.csv");
        assertThat(rows).hasSize(4);
        // 8x22B comes from the CSV's experts / top_k / expert_ffn columns, 8x7B from the preset: both route top-2 of 8.
        assertThat(rows)
                .extracting(TrainingValidation.Row::model)
                .containsExactly("mixtral-8x7b", "mixtral-8x22b", "mixtral-8x7b", "mixtral-8x22b");
        // Measured state, not the target: 8x7B +20.7 / +12.0 %, 8x22B -10.8 / -9.3 % since the fixed per-layer time
        // was fitted (eleventh pass); 8x7B at 4k context +20.0 % (B200) / +11.2 % (GB200), too fast, and 8x22B
        // -11.9 / -10.6 % since B200 and GB200 keep H100's share of their measured GEMM ceilings (tenth pass);
        // +22.4 / +19.8 % and -10.2 / -4.9 % since the eighth pass (backward GEMMs' outputs, efficiencies refitted);
        // +18.7 / +15.3 %
        // since Blackwell
        // attention overlaps its exponentials (seventh pass; +17.2 / +13.1 % before; +31.7 / +13.5 % while the expert
        // parameters were reduced with the dense ones over all 64 ranks); 8x22B at 64k context with CP 8 -11.6 % /
        // -6.6 %, too slow (-18.2 / -14.6 % before the overlap, its long context being attention-bound;
        // docs/validation.md, "Mixture-of-experts rows").
        assertThat(rows.get(0).error()).isBetween(0.19, 0.22);
        assertThat(rows.get(1).error()).isBetween(-0.125, -0.095);
        assertThat(rows.get(2).error()).isBetween(0.095, 0.125);
        assertThat(rows.get(3).error()).isBetween(-0.11, -0.08);
        assertThat(TrainingValidation.maxAbsError(rows)).isLessThanOrEqualTo(0.21);
        // The same layout ran 1.247x faster per GPU on GB200 (NeMo 25.04) than on B200 (25.02); the model says 1.16x
        // (1.20x while both kept H100's efficiency; 1.07x while the expert gradients were priced as if reduced with the
        // dense ones over all 64 ranks).
        // The model's ratio is the hardware's (GB200's measured GEMM ceiling is 1.044x B200's); the published one also
        // holds two months of Blackwell software between the containers, as the dense rows of those two releases do.
        double measured = rows.get(2).published() / rows.get(0).published();
        double predicted = rows.get(2).predicted() / rows.get(0).predicted();
        assertThat(measured).isCloseTo(1.247, org.assertj.core.api.Assertions.within(0.001));
        assertThat(predicted / measured).isBetween(0.90, 0.95);
    }
}
