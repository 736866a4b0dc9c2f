package dev.nearlight.explore.scenario;

import dev.nearlight.sim.train.RunSoftware;
import dev.nearlight.sim.train.RunSoftware.Activation;
import dev.nearlight.sim.train.RunSoftware.AttentionKernel;
import dev.nearlight.sim.train.RunSoftware.CrossEntropy;
import dev.nearlight.sim.train.RunSoftware.Elementwise;
import dev.nearlight.sim.train.RunSoftware.Fp8Scaling;

/**
 * A workload's {@code software} block: the facts of the software the run uses that are not layout choices, the same
 * ones {@code nearlight train} takes as options and the {@code --data} CSV as columns ({@link RunSoftware}, one
 * vocabulary). Every key is optional and defaults to current Megatron-Core / NeMo software ({@link
 * RunSoftware#DEFAULT}).
 *
 * @param attentionKernel {@code flash2} (FlashAttention-2 / cuDNN class) or {@code triton} (the 2022 Triton kernel)
 * @param activation {@code fused} or {@code squared_relu_eager} (NeMo Nemotron's unfused {@code relu(x)^2})
 * @param fp8Scaling {@code delayed} or {@code current} FP8 scaling (no effect in BF16)
 * @param elementwise {@code fused}, {@code torch_eager} or {@code torch_eager_rmsnorm} (TorchTitan's eager ops)
 * @param crossEntropy {@code unfused} (Megatron-LM's fp32 passes) or {@code te} (Transformer Engine's fused kernel)
 * @param gradAccumulationFusion weight gradients accumulated inside the GEMM (default true)
 * @param recomputeEarlyStop PyTorch's early-stopping recomputation; absent follows the sharding
 */
public record WorkloadSoftware(
        AttentionKernel attentionKernel,
        Activation activation,
        Fp8Scaling fp8Scaling,
        Elementwise elementwise,
        CrossEntropy crossEntropy,
        Boolean gradAccumulationFusion,
        Boolean recomputeEarlyStop) {

    /** No keys: the defaults. */
    public static final WorkloadSoftware NONE = new WorkloadSoftware(null, null, null, null, null, null, null);

    /** The run software these keys state, the rest {@link RunSoftware#DEFAULT}. */
    public RunSoftware toRunSoftware() {
        RunSoftware d = RunSoftware.DEFAULT;
        return new RunSoftware(
                attentionKernel == null ? d.attention() : attentionKernel,
                activation == null ? d.activation() : activation,
                fp8Scaling == null ? d.fp8Scaling() : fp8Scaling,
                elementwise == null ? d.elementwise() : elementwise,
                crossEntropy == null ? d.crossEntropy() : crossEntropy,
                gradAccumulationFusion == null ? d.gradAccumulationFusion() : gradAccumulationFusion,
                recomputeEarlyStop);
    }
}
