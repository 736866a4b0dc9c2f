package dev.nearlight.sim.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nearlight.core.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingValidationTest {
    private static Path sharedValidation() {
        return Path.of(System.getProperty("nearlight.shared.dir", "../../shared"))
                .resolve("validation");
    }

    private static TrainingValidation.Row row(String source, String gpu, double published, double predicted) {
        return new TrainingValidation.Row(
                source,
                "checked",
                "m",
                gpu,
                "fp8",
                8,
                1,
                1,
                8,
                1,
                1,
                1,
                "tokens_per_s_per_gpu",
                published,
                predicted,
                "",
                1.0);
    }

    /** Hand-derived: per source and GPU (in order of first row), the median signed error beside median and max |error|. */
    @Test
    void bySourceGroupsRowsAndShowsEachGroupsBias() {
        List<TrainingValidation.Row> rows = List.of(
                row("R1", "b200", 100, 110), // +10 %
                row("R1", "b200", 100, 120), // +20 %
                row("R1", "b200", 100, 95), // -5 %
                row("R2", "b200", 100, 98), // -2 %
                row("R1", "h100", 200, 150)); // -25 %
        assertThat(TrainingValidation.medianSignedError(rows.subList(0, 3))).isCloseTo(0.10, within(1e-12));
        assertThat(TrainingValidation.bySource(rows).lines().toList())
                .containsExactly(
                        "| source | GPU | rows | median error (bias) | median |error| | max |error| |",
                        "|---|---|---:|---:|---:|---:|",
                        "| R1 | b200 | 3 | +10.0 % | 10.0 % | 20.0 % |",
                        "| R2 | b200 | 1 | -2.0 % | 2.0 % | 2.0 % |",
                        "| R1 | h100 | 1 | -25.0 % | 25.0 % | 25.0 % |");
    }

    /**
     * The shipped public set at the measured state: the first Blackwell software (NeMo 25.02 on B200) shares a bias
     * that Megatron-Bridge 25.11 on B200 does not (docs/validation.md, ninth pass); +13.5 % and +1.5 % while B200 kept
     * H100's efficiency, +10.3 % and -1.4 % since it keeps H100's share of its measured GEMM ceiling (tenth pass),
     * +11.0 % and -0.1 % since the fixed per-layer time was fitted (eleventh pass).
     */
    @Test
    void theEarlyBlackwellReleaseCarriesABiasTheLaterOneDoesNot() {
        String table = TrainingValidation.bySource(new TrainingValidation(AcceleratorCatalog.load()).runHeldOut());
        assertThat(table).contains("| NeMo 25.02 | b200 | 6 | +11.0 % | 11.0 % | 13.4 % |");
        assertThat(table).contains("| Megatron-Bridge 25.11 | b200 | 2 | -0.1 % | 3.5 % | 3.7 % |");
    }

    @Test
    void errorsOnSc21Table1AndMegatronCoreH100AreWithinTargets() {
        // Narayanan et al. SC21 Table 1 (10 rows, A100) and Megatron-Core r0.8.0 README table (9 rows, H100).
        List<TrainingValidation.Row> rows = new TrainingValidation(AcceleratorCatalog.load()).run(sharedValidation());
        // Target median <= 5 %, max <= 12 %; asserted at the measured state (docs/validation.md: median 4.0 %, mean
        // 4.2 %, max 11.9 %, the SC21 18.4B TP-only row, since issue 17's sixth pass timed the interleaved schedule's
        // data-parallel reductions and gathers on the schedule: its Megatron-Core rows with vpp > 1 rose 2-4 %, and the
        // H100 efficiency 0.54 still minimises their mean error; 3.2 / 3.9 / 11.9 % before; since issue 17's fifth pass
        // priced what overlapped
        // data-parallel communication still costs; 3.4 / 4.0 / 11.9 % before it; 3.0 / 3.9 / 10.4 % before issue 17's
        // fourth pass priced SC21's
        // unfused gradient accumulation, refitted the A100 efficiency to its SC21 mean-error minimum and let H100
        // attention overlap its exponentials) so that any regression fails.
        assertThat(rows).hasSize(19);
        // since the eighth pass priced the backward GEMMs' outputs and refitted the efficiencies: 4.5 / 4.4 / 11.5 %;
        // since the fixed per-layer time was fitted on these rows (eleventh pass): 3.0 / 4.2 / 12.9 %, the max beyond
        // the 12 % target on the SC21 18.4B TP-only row. Since the twelfth pass runs each SC21 row as the authors'
        // script did (micro-batch 16 to 1, PyTorch DDP's overlapped fp16 all-reduce on the TP-only rows, their
        // interleaving) with the softmax passes counted: 2.4 / 2.7 / 11.5 %, the max the H100 32B TP-only row.
        assertThat(TrainingValidation.medianAbsError(rows)).isLessThanOrEqualTo(0.025);
        assertThat(TrainingValidation.meanAbsError(rows)).isLessThanOrEqualTo(0.028);
        assertThat(TrainingValidation.maxAbsError(rows)).isLessThanOrEqualTo(0.12);
    }

    @Test
    void sc21RowsRunTheLayoutsOfTheAuthorsScripts() {
        // NVIDIA/Megatron-LM examples/sc21/run_table_1.sh (de7dc40f88): --micro-batch-size 16, 16, 16, 8, 4, 2, 2, 1,
        // 1,
        // 1 and --num-layers-per-virtual-pipeline-stage 5 (76.1B: 60 layers / PP 4 / 5 = vpp 3; 145.6B: 80 / 8 / 5 =
        // 2),
        // 3 (310.1B: 96 / 16 / 3 = 2), 1 (529.6B: 105 / 35 = 3), none on the others.
        List<TrainingValidation.Row> sc21 = new TrainingValidation(AcceleratorCatalog.load())
                .run(sharedValidation())
                .subList(0, 10);
        assertThat(sc21).extracting(TrainingValidation.Row::mbs).containsExactly(16, 16, 16, 8, 4, 2, 2, 1, 1, 1);
        assertThat(sc21).extracting(TrainingValidation.Row::vpp).containsExactly(1, 1, 1, 1, 1, 3, 2, 2, 3, 1);
        // Configured as they ran, the ten rows fit to 0.4 / 1.3 / 4.0 % (median / mean / max) with one fitted number,
        // the A100 efficiency; with micro-batch 1 and one layer per virtual stage they were 2.5 / 4.7 / 12.9 %.
        assertThat(TrainingValidation.meanAbsError(sc21)).isLessThanOrEqualTo(0.014);
        assertThat(TrainingValidation.maxAbsError(sc21)).isLessThanOrEqualTo(0.041);
    }

    @Test
    void anSc21RowWithoutAPublishedLayoutIsRefusedNamingTheFileAndTheFix(@TempDir Path dir) throws Exception {
        // A row the authors' script does not cover cannot borrow a policy: the run stops with what to add where.
        Path sc21 = sharedValidation().resolve("megatron_sc21_table1_weak_scaling.csv");
        String text =
                Files.readString(sc21) + "2.5,24,2560,24,1,1,32,32,512,2048,51200,A100-SXM4-80GB,140,45,4.5,high\n";
        Files.writeString(dir.resolve("megatron_sc21_table1_weak_scaling.csv"), text);
        Files.copy(
                sharedValidation().resolve("megatron_core_r080_h100_weak_scaling.csv"),
                dir.resolve("megatron_core_r080_h100_weak_scaling.csv"));
        assertThatThrownBy(() -> new TrainingValidation(AcceleratorCatalog.load()).run(dir))
                .isInstanceOf(InputException.class)
                .hasMessageContaining(
                        "megatron_sc21_table1_weak_scaling.csv: params_billion 2.5 has no published layout")
                .hasMessageContaining("sc21_table1_layouts.csv");
    }

    @Test
    void theSoftmaxPassesAreTheKernelsCount() {
        // Unfused attention with dropout moves 6.5 passes over the 2-byte scores per forward and 9.5 in the backward;
        // under recomputation a layer runs the forward twice, which the model carries as 1 + 1 + 2 forward units.
        assertThat(4 * StepCalibration.SOFTMAX_PASSES).isCloseTo(2 * 6.5 + 9.5, within(0.15));
        assertThat(StepCalibration.defaults().softmaxPasses()).isEqualTo(StepCalibration.SOFTMAX_PASSES);
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
