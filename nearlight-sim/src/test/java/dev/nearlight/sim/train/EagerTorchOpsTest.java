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
 * TorchTitan's Llama block in eager PyTorch (April 2024, {@code compile = false}): RoPE through FP32 complex numbers,
 * SwiGLU as two kernels, K and V repeated per query head, the attention output copied contiguous, and (70B configs)
 * RMSNorm as seven kernels; each priced by the bytes its kernels move over the fused ones.
 */
class EagerTorchOpsTest {
    private static final AcceleratorCatalog CATALOG = AcceleratorCatalog.load();

    private static double[] layer(ModelSpec m, boolean ops, boolean norm) {
        Parallelism par = Parallelism.builder()
                .dp(64)
                .microBatch(2)
                .globalBatch(128)
                .dpSharding(DpSharding.FSDP)
                .eagerTorchOps(ops)
                .eagerRmsNorm(norm)
                .build();
        TrainingJob job = TrainingJob.of(m, par, CATALOG.get("a100"));
        TrainingStepModel.LayerCost c = new TrainingStepModel(new AlphaBetaCostModel(job.network())).layerCost(job, 64);
        return new double[] {c.computeF(), c.computeB()};
    }

    @Test
    void llama2SeventyBLayerMovesTheHandCountedBytes() {
        // Llama 2 70B: h 8192, 64 heads of 128, 8 KV heads (1024 wide), SwiGLU FFN 28672; 2 x 4096 tokens on one A100.
        ModelSpec m =
                new ModelSpec("llama2-70b", 80, 8192, 28672, 64, 8, 4096, 32000, 1, 1, 0, true, false, Precision.BF16);
        assertThat(m.hiddenSize()).isEqualTo(8192);
        assertThat(m.kvHeads() * m.headDim()).isEqualTo(1024);
        double t = 2 * 4096.0;
        double hbm = CATALOG.get("a100").hbmBytesPerS() * 0.8;
        double[] fused = layer(m, false, false);
        double[] ops = layer(m, true, false);
        double[] all = layer(m, true, true);
        // RoPE 20 B x (8192 + 1024), transpose 4 x 8192, repeat_kv 4 x 8192 + 4 x 1024, SwiGLU 4 (fwd) / 8 (bwd) x
        // 28672.
        double common = 20 * (8192 + 1024) + 4 * 8192 + 4 * 8192 + 4 * 1024;
        assertThat(ops[0] - fused[0]).isCloseTo(t * (common + 4 * 28672) / hbm, within(1e-12));
        assertThat(ops[1] - fused[1]).isCloseTo(t * (common + 8 * 28672) / hbm, within(1e-12));
        // Two eager RMSNorms over h: 32 extra bytes per element forward, 58 backward.
        assertThat(all[0] - ops[0]).isCloseTo(t * 2 * 8192 * 32 / hbm, within(1e-12));
        assertThat(all[1] - ops[1]).isCloseTo(t * 2 * 8192 * 58 / hbm, within(1e-12));
        // A few percent of the layer, not a new regime: the GEMMs dominate at h 8192.
        assertThat(all[0] / fused[0]).isBetween(1.02, 1.15);
    }

    @Test
    void theElementwiseColumnSelectsTheKernelsAndRejectsUnknownValues(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("runs.csv");
        String head = "source,model,layers,hidden,ffn,heads,kv_heads,vocab,seq,gated,tied,gpu,gpus,mbs,gbs,sharding,"
                + "metric,measured,elementwise\n";
        String row =
                "x,llama2-13b,40,5120,13824,40,40,32000,4096,true,false,a100,64,2,128,fsdp,tokens_per_s_per_gpu,2162,";
        Files.writeString(
                csv, head + row + "\n" + row + "fused\n" + row + "torch_eager\n" + row + "torch_eager_rmsnorm\n");
        List<TrainingValidation.Row> rows = new TrainingValidation(CATALOG).runFile(csv);
        assertThat(rows.get(1).predicted()).isEqualTo(rows.get(0).predicted());
        assertThat(rows.get(2).predicted()).isLessThan(rows.get(1).predicted());
        assertThat(rows.get(3).predicted()).isLessThan(rows.get(2).predicted());
        // A misspelt column is an error, not a silently ignored field.
        Path typo = dir.resolve("typo.csv");
        Files.writeString(typo, head.replace("elementwise", "elementwsie") + row + "torch_eager\n");
        assertThatThrownBy(() -> new TrainingValidation(CATALOG).runFile(typo))
                .isInstanceOf(InputException.class)
                .hasMessage(typo + ":1: unknown column 'elementwsie' (the columns are listed in docs/validation.md,"
                        + " CSV format for --data)");
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, head + row + "compiled\n");
        assertThatThrownBy(() -> new TrainingValidation(CATALOG).runFile(bad))
                .isInstanceOf(InputException.class)
                .hasMessage(
                        bad + ":2: elementwise 'compiled' is unknown (use fused, torch_eager or torch_eager_rmsnorm)");
    }
}
