package dev.nearlight.sim.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingValidationTest {
    private static Path sharedValidation() {
        return Path.of(System.getProperty("nearlight.shared.dir", "../../shared"))
                .resolve("validation");
    }

    @Test
    void errorsOnSc21Table1AndMegatronCoreH100AreWithinTargets() {
        // Narayanan et al. SC21 Table 1 (10 rows, A100) and Megatron-Core r0.8.0 README table (9 rows, H100).
        List<TrainingValidation.Row> rows = new TrainingValidation(AcceleratorCatalog.load()).run(sharedValidation());
        assertThat(rows).hasSize(19);
        assertThat(TrainingValidation.medianAbsError(rows)).isLessThanOrEqualTo(0.05);
        assertThat(TrainingValidation.maxAbsError(rows)).isLessThanOrEqualTo(0.12);
    }

    @Test
    void largestSc21ModelIsPredictedWithinFivePercent() {
        // SC21 Table 1, 1008B on 3072 A100 (TP 8, PP 64): 163 TFLOP/s per GPU.
        TrainingValidation.Row row = new TrainingValidation(AcceleratorCatalog.load())
                .run(sharedValidation())
                .get(9);
        assertThat(row.model()).isEqualTo("1008.0B");
        assertThat(row.predictedTflops()).isBetween(163 * 0.95, 163 * 1.05);
    }
}
