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

/**
 * Weight-gradient accumulation without Megatron-LM's {@code --gradient-accumulation-fusion}: the hook of March 2021
 * ({@code param.main_grad.add_(param.grad.data)}) reads each BF16 weight gradient and reads and writes its main
 * gradient once per micro-batch; the fusion (February 2022, on by default) lets the wgrad GEMM accumulate in place.
 */
class WgradAccumulationTest {
    private static final AcceleratorCatalog CATALOG = AcceleratorCatalog.load();

    @Test
    void theUnfusedHookCostsOneReadAndOneReadModifyWritePerParameterAndMicroBatch() {
        // SC21's 18.4B layer on A100: h 6144, TP 8, FP32 main gradients. Rank parameters per layer by hand:
        // (QKV 3h^2 + projection h^2 + MLP 8h^2 + two norms 2h) / 8.
        double h = 6144;
        ModelSpec m = ModelSpec.gpt("18.4b", 40, (int) h, 48, 2048, 51200);
        double params = (12 * h * h + 2 * h) / 8;
        AcceleratorSpec a100 = CATALOG.get("a100");
        double hbm = a100.hbmBytesPerS() * 0.8;
        for (boolean bf16Grads : List.of(false, true)) {
            double[] bwd = new double[2];
            double[] fwd = new double[2];
            for (int k = 0; k < 2; k++) {
                Parallelism par = Parallelism.builder()
                        .tp(8)
                        .dp(32)
                        .globalBatch(512)
                        .recompute(Recompute.FULL)
                        .gradReduceBf16(bf16Grads)
                        .unfusedWgradAccumulation(k == 1)
                        .build();
                TrainingJob job = TrainingJob.of(m, par, a100);
                TrainingStepModel.LayerCost c =
                        new TrainingStepModel(new AlphaBetaCostModel(job.network())).layerCost(job, 256);
                fwd[k] = c.computeF();
                bwd[k] = c.computeB();
            }
            // Unfused, each weight-gradient GEMM writes its bf16 gradient (2 B) and the hook reads it (2 B) and reads
            // and
            // writes the main gradient (4 + 4 B in fp32, 2 + 2 B in bf16); fused, the GEMM reads and writes the main
            // gradient itself. So 4 B more per GEMM weight, and the hook's whole 2 + 2 x gradient bytes on the norms.
            double gemmWeights = 12 * h * h / 8;
            double hook = 2 + 2 * (bf16Grads ? 2 : 4);
            assertThat(bwd[1] - bwd[0])
                    .isCloseTo((gemmWeights * 4 + (params - gemmWeights) * hook) / hbm, within(1e-12));
            assertThat(fwd[1]).isEqualTo(fwd[0]);
            // about 0.16 ms per layer and micro-batch, against a backward (with recomputation) of ~6 ms
            assertThat((bwd[1] - bwd[0]) / bwd[0]).isBetween(0.01, 0.05);
        }
    }

    @Test
    void sc21RowsRunWithoutTheFusionAndTheCsvColumnSwitchesItOff(@TempDir Path dir) throws Exception {
        // The same SC21 row through --data with the fusion (the default of later Megatron) runs faster.
        Path csv = dir.resolve("runs.csv");
        String head = "source,model,layers,hidden,heads,vocab,seq,gpu,gpus,tp,gbs,recompute,sharding,tp_overlap,"
                + "flash_attention,metric,measured,grad_accumulation_fusion\n";
        String row = "x,18.4b,40,6144,48,51200,2048,a100,256,8,512,full,none,false,false,megatron_tflops_per_gpu,135,";
        Files.writeString(csv, head + row + "false\n" + row + "true\n" + row + "\n");
        List<TrainingValidation.Row> rows = new TrainingValidation(CATALOG).runFile(csv);
        assertThat(rows.get(0).predicted()).isLessThan(rows.get(1).predicted());
        assertThat(rows.get(2).predicted()).isEqualTo(rows.get(1).predicted());
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, head + row + "maybe\n");
        assertThatThrownBy(() -> new TrainingValidation(CATALOG).runFile(bad))
                .isInstanceOf(InputException.class)
                .hasMessage(bad + ":2: grad_accumulation_fusion 'maybe' is not a boolean (use true or false)");
    }
}
