package dev.nearlight.sim.train;

import dev.nearlight.core.InputException;

/**
 * The few calibrated or assumed constants of the compute model, shared by every accelerator (the per-generation GEMM
 * efficiency lives in the catalogue). Each is documented with its origin in {@code docs/training.md}.
 *
 * @param gemmHalfDim GEMM shape model: each of M, N, K contributes d / (d + gemmHalfDim) to the efficiency
 * @param attentionEfficiency attention-core throughput relative to a large GEMM
 * @param flashBackwardFactor backward/forward time ratio of fused attention (2.5: five matmuls vs two, FlashAttention-2)
 * @param elementwiseWordsPerHidden memory-bound traffic per token per layer in the forward pass, in 2-byte words per
 *     hidden unit (norms, residuals, bias, activation, dropout, casts)
 * @param softmaxPasses 2-byte passes over the materialised s x s score matrix per forward without fused attention (the
 *     backward counts it twice); {@link #SOFTMAX_PASSES}
 * @param tpOverlapExposed fraction of TP communication left exposed when overlapped with GEMMs
 * @param crossEntropyPasses passes over the fp32 logits for the loss and its gradient
 * @param hbmEfficiency achievable fraction of HBM bandwidth for memory-bound kernels
 * @param fp8GemmEfficiency fraction of the BF16 GEMM efficiency an FP8 GEMM keeps against the FP8 peak (casts, scaling)
 * @param memoryOverheadGiB per-GPU memory not in the formulas (CUDA context, NCCL buffers, fragmentation)
 * @param layerOverheadS fixed time per layer and forward pass (kernel launches, synchronisation); backward 2x
 */
public record StepCalibration(
        double gemmHalfDim,
        double attentionEfficiency,
        double flashBackwardFactor,
        double elementwiseWordsPerHidden,
        double softmaxPasses,
        double tpOverlapExposed,
        double crossEntropyPasses,
        double hbmEfficiency,
        double fp8GemmEfficiency,
        double memoryOverheadGiB,
        double layerOverheadS) {

    public StepCalibration {
        if (gemmHalfDim < 0 || !(attentionEfficiency > 0) || !(hbmEfficiency > 0 && hbmEfficiency <= 1)) {
            throw new InputException("calibration: gemmHalfDim >= 0, attentionEfficiency > 0, hbmEfficiency in (0,1]");
        }
        if (layerOverheadS < 0) {
            throw new InputException("calibration: layerOverheadS " + layerOverheadS + " must be >= 0");
        }
        if (tpOverlapExposed < 0 || tpOverlapExposed > 1) {
            throw new InputException("calibration: tpOverlapExposed " + tpOverlapExposed + " not in [0, 1]");
        }
    }

    /**
     * Fixed GPU time per transformer layer and forward pass (the backward counts it twice): the launch, ramp and tail of
     * the 25-40 kernels a Megatron-Core / Transformer Engine layer runs, about 2-3 us each, which no byte or FLOP count
     * carries. Fitted like the GEMM efficiencies: the value that minimises the mean absolute error of the 19
     * {@code ../shared/validation} rows, each efficiency refitted on its own rows at every trial value (flat minimum
     * 70-85 us; docs/validation.md, eleventh pass).
     */
    public static final double LAYER_OVERHEAD_S = 80e-6;

    /**
     * Passes over the s x s scores of unfused attention, counted from the kernels Megatron-LM runs (not fitted): the
     * forward writes the scores (QK^T), reads and writes them in the fused scale-mask-softmax, reads them and writes
     * them and a 1-byte mask in dropout, and reads them in PV (6.5 passes); the backward writes dP, reads P for dV, runs
     * dropout's backward (2.5) and softmax's (3) and reads dS twice for dQ and dK (9.5). A layer under activation
     * recomputation thus moves 2 x 6.5 + 9.5 = 22.5 passes, which the model's 1 + 1 + 2 forward-pass units carry at
     * 5.6 (docs/validation.md, twelfth pass).
     */
    public static final double SOFTMAX_PASSES = 5.6;

    /** The constants fitted on the shared validation rows, and the counted ones (docs/validation.md). */
    public static StepCalibration defaults() {
        return new StepCalibration(59, 0.81, 2.5, 13.4, SOFTMAX_PASSES, 0.16, 14.4, 0.8, 0.97, 3.0, LAYER_OVERHEAD_S);
    }
}
