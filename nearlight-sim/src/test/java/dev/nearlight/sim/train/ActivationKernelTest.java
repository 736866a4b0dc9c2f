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
 * NeMo's Nemotron MLP activation, squared ReLU as eager PyTorch ops ({@code torch.pow(relu(x), 2)}, unscripted in
 * {@code nemo/collections/llm/fn/activation.py}; Megatron-Core fuses only GeLU and SwiGLU): a hand derivation of the
 * per-layer cost over the fused kernel the calibration rows ran, and the Nemotron rows of the public set.
 */
class ActivationKernelTest {
    private static final AcceleratorCatalog CATALOG = AcceleratorCatalog.load();

    private static double[] layer(ModelSpec m, int tp, Recompute recompute, boolean eager) {
        Parallelism par = Parallelism.builder()
                .tp(tp)
                .sequenceParallel(tp > 1)
                .microBatch(2)
                .globalBatch(2)
                .recompute(recompute)
                .eagerSquaredRelu(eager)
                .build();
        TrainingJob job = TrainingJob.of(m, par, CATALOG.get("b200"));
        TrainingStepModel.LayerCost c = new TrainingStepModel(new AlphaBetaCostModel(job.network())).layerCost(job, 8);
        return new double[] {c.computeF(), c.computeB()};
    }

    @Test
    void eagerSquaredReluMovesItsInnerWidthTwiceForwardAndSevenTimesBackwardMore() {
        // Nemotron-4 15B (32 x 6144, ffn 24576, 48 heads, 8 KV heads, 256k vocabulary) in FP8 on B200 with TP 2:
        // 2 x 4096 tokens, 12288 inner elements per token on this rank. Forward: relu and pow each read and write them
        // (4 words against the fused kernel's 2); backward: pow_backward's copy, scaling and product (2 + 2 + 3) and
        // ReLU's threshold_backward (3), 10 words against 3. 2-byte words at 0.8 x 7.7 TB/s.
        ModelSpec m = new ModelSpec(
                "nemotron4-15b", 32, 6144, 24576, 48, 8, 4096, 256000, 1, 1, 24576, false, false, Precision.FP8);
        double inner = 2 * 4096.0 * 24576 / 2 * 2 / (7.7e12 * 0.8);
        double[] fused = layer(m, 2, Recompute.NONE, false);
        double[] eager = layer(m, 2, Recompute.NONE, true);
        assertThat(eager[0] - fused[0]).isCloseTo(2 * inner, within(1e-12));
        assertThat(eager[1] - fused[1]).isCloseTo(7 * inner, within(1e-12));
        // 8192 tokens x 12288 elements x 2 B / 6.16 TB/s = 32.7 us per extra pass over the inner width.
        assertThat(inner).isCloseTo(32.7e-6, within(0.1e-6));
        // Full recomputation repeats the forward's two kernels in the backward pass.
        double[] fusedFull = layer(m, 2, Recompute.FULL, false);
        double[] eagerFull = layer(m, 2, Recompute.FULL, true);
        assertThat(eagerFull[1] - fusedFull[1]).isCloseTo(9 * inner, within(1e-12));
    }

    @Test
    void nemotronRowsRunTheEagerActivationAndNoOtherRowDoes() {
        // The four Nemotron-4 rows (NeMo 25.02 B200, 25.04 GB200) say activation = squared_relu_eager. Measured
        // (docs/validation.md): 15B B200 +19.5 -> +14.8 %, GB200 +7.1 -> +2.7 %; 340B B200 -10.5 -> -11.4 %, GB200
        // +11.0 -> +9.1 %. Since the SMs the overlapped data-parallel collectives hold are priced (DP 64 on 15B):
        // +12.1, -11.4, +1.2, +8.5 %; since the reduction of the bucket holding the 1.6B-parameter embedding and the
        // gather before the first forward are exposed (Megatron-Core's bucket layout): +9.9, -11.4, +0.4, +8.3 %; since
        // the interleaved schedule's reductions and gathers are timed on the schedule: +9.9, +9.0, +0.4, +8.4 %; since
        // Blackwell attention overlaps its exponentials: +12.5, +9.5, +2.7, +9.1 %; since the backward GEMMs' outputs
        // and the refit (eighth pass): +14.5, +8.7, +4.5, +8.4 %; since B200's and GB200's efficiencies keep H100's
        // share of their measured GEMM ceilings (tenth pass; 0.531 and 0.499 instead of H100's 0.55): +11.5, +6.5,
        // -3.0, +0.8 %; since the fixed per-layer time was fitted (eleventh pass): +12.8, +6.0, -1.9, +0.0 %.
        List<TrainingValidation.Row> rows = new TrainingValidation(CATALOG).runHeldOut();
        List<TrainingValidation.Row> nemotron =
                rows.stream().filter(r -> r.model().startsWith("nemotron4")).toList();
        assertThat(nemotron).hasSize(4);
        assertThat(nemotron)
                .extracting(r -> Math.round(r.error() * 1000) / 10.0)
                .containsExactly(12.8, 6.0, -1.9, 0.0);
    }

    @Test
    void anUnknownActivationIsAOneLineErrorNamingTheCell(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("runs.csv");
        Files.writeString(
                f,
                "model,gpu,gpus,gbs,metric,measured,activation\n"
                        + "gpt3-175b,h100,8,8,tokens_per_s_per_gpu,100,swish\n");
        assertThatThrownBy(() -> new TrainingValidation(CATALOG).runFile(f))
                .isInstanceOf(InputException.class)
                .hasMessage(f + ":2: activation 'swish' is unknown (use fused or squared_relu_eager)");
    }
}
