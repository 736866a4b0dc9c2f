package dev.nearlight.sim.train;

import dev.nearlight.core.InputException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Facts of the software a run used that are not layout choices: which attention kernel, how the activation and the
 * element-wise ops ran, FP8 scaling, whether weight gradients were accumulated inside the GEMM, and PyTorch's
 * early-stopping recomputation. They are the {@code --data} CSV columns and the {@code nearlight train} options of the
 * same names (one vocabulary, parsed here), and the parallelism search keeps them fixed as it varies the layout.
 *
 * @param attention the attention kernel
 * @param activation how the MLP activation ran
 * @param fp8Scaling how FP8 scales were taken (no effect in BF16)
 * @param elementwise how RoPE, SwiGLU, repeat_kv and the norms ran
 * @param crossEntropy how the loss over the logits ran
 * @param gradAccumulationFusion weight gradients accumulated inside the weight-gradient GEMM (false: a hook adds each
 *     into the main-gradient buffer per micro-batch, Megatron-LM before February 2022)
 * @param recomputeEarlyStop PyTorch's early-stopping non-reentrant recomputation; null follows the sharding ({@code
 *     fsdp} = PyTorch's FSDP, see {@link Parallelism.Builder#recomputeEarlyStop})
 */
public record RunSoftware(
        AttentionKernel attention,
        Activation activation,
        Fp8Scaling fp8Scaling,
        Elementwise elementwise,
        CrossEntropy crossEntropy,
        boolean gradAccumulationFusion,
        Boolean recomputeEarlyStop) {

    /**
     * Megatron-Core / NeMo software with Megatron-LM's defaults: fused kernels, delayed scaling, the unfused loss,
     * fused accumulation.
     */
    public static final RunSoftware DEFAULT = new RunSoftware(
            AttentionKernel.FLASH2,
            Activation.FUSED,
            Fp8Scaling.DELAYED,
            Elementwise.FUSED,
            CrossEntropy.UNFUSED,
            true,
            null);

    public RunSoftware {
        if (attention == null
                || activation == null
                || fp8Scaling == null
                || elementwise == null
                || crossEntropy == null) {
            throw new InputException(
                    "run software: attention, activation, fp8 scaling, elementwise and cross entropy are required");
        }
    }

    /** The attention kernel: FlashAttention-2 / cuDNN class ({@code flash2}) or the 2022 Triton kernel. */
    public enum AttentionKernel {
        FLASH2,
        TRITON
    }

    /** One fused bias-activation kernel, or NeMo Nemotron's {@code torch.pow(relu(x), 2)} as eager ops. */
    public enum Activation {
        FUSED,
        SQUARED_RELU_EAGER
    }

    /** FP8 scale from the amax history ({@code delayed}) or from the tensor itself ({@code current}). */
    public enum Fp8Scaling {
        DELAYED,
        CURRENT
    }

    /** Fused kernels, TorchTitan's eager ops, or those plus its eager RMSNorm. */
    public enum Elementwise {
        FUSED,
        TORCH_EAGER,
        TORCH_EAGER_RMSNORM
    }

    /**
     * The loss over the logits: Megatron-LM's unfused {@code vocab_parallel_cross_entropy} (fp32 copies of the logits,
     * separate max, exp, sum, divide and gradient passes; priced by the fitted {@code crossEntropyPasses}) or Transformer
     * Engine's fused Triton kernels ({@code te}: Megatron-Core's {@code cross_entropy_fusion_impl = "te"}, set by every
     * Megatron-Bridge recipe), priced from their loads and stores.
     */
    public enum CrossEntropy {
        UNFUSED,
        TE
    }

    /**
     * Parses one of {@code type}'s values written in lower case; blank gives {@code dflt}. The error names {@code field}
     * and lists the accepted values, e.g. {@code attention_kernel 'flash3' is unknown (use flash2 or triton)}.
     */
    public static <E extends Enum<E>> E parse(Class<E> type, String raw, E dflt, String field) {
        String v = raw == null ? "" : raw.trim();
        if (v.isEmpty()) {
            return dflt;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(v)) {
                return e;
            }
        }
        throw new InputException(field + " '" + v + "' is unknown (use " + choices(type) + ")");
    }

    /** The accepted values of {@code type}, e.g. {@code fused, torch_eager or torch_eager_rmsnorm}. */
    public static String choices(Class<? extends Enum<?>> type) {
        List<String> names = Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT))
                .toList();
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    /**
     * The software facts a built layout carries, for reports: early-stopping recomputation is named only where it
     * acts (full recomputation that stops early), so a default Megatron run describes as empty.
     */
    public static RunSoftware of(Parallelism par) {
        return new RunSoftware(
                par.tritonAttention() ? AttentionKernel.TRITON : AttentionKernel.FLASH2,
                par.eagerSquaredRelu() ? Activation.SQUARED_RELU_EAGER : Activation.FUSED,
                par.fp8CurrentScaling() ? Fp8Scaling.CURRENT : Fp8Scaling.DELAYED,
                par.eagerRmsNorm()
                        ? Elementwise.TORCH_EAGER_RMSNORM
                        : par.eagerTorchOps() ? Elementwise.TORCH_EAGER : Elementwise.FUSED,
                par.teCrossEntropy() ? CrossEntropy.TE : CrossEntropy.UNFUSED,
                !par.unfusedWgradAccumulation(),
                par.recompute() == Recompute.FULL && par.recomputeEarlyStop() ? Boolean.TRUE : null);
    }

    /**
     * Facts that cannot act on {@code model} are input errors, not silent no-ops: current FP8 scaling on a BF16 run,
     * NeMo's eager squared ReLU on a mixture-of-experts MLP (its cost is priced on a dense MLP's width).
     */
    public void checkAgainst(ModelSpec model) {
        if (fp8Scaling == Fp8Scaling.CURRENT && !model.precision().isFp8Class()) {
            throw InputException.of(
                    "fp8Scaling",
                    "current scaling quantises FP8/FP4 tensors, but this run is " + model.precision(),
                    "drop {fp8Scaling} or set {precision fp8}");
        }
        if (activation == Activation.SQUARED_RELU_EAGER && model.isMoe()) {
            throw InputException.of(
                    "activation",
                    "squared_relu_eager is priced on a dense MLP, but " + model.name() + " is a mixture of experts",
                    "use {activation fused}");
        }
    }

    /** Sets these facts on {@code b} (early-stopping recomputation only when stated). */
    public Parallelism.Builder applyTo(Parallelism.Builder b) {
        b.tritonAttention(attention == AttentionKernel.TRITON)
                .eagerSquaredRelu(activation == Activation.SQUARED_RELU_EAGER)
                .fp8CurrentScaling(fp8Scaling == Fp8Scaling.CURRENT)
                .eagerTorchOps(elementwise != Elementwise.FUSED)
                .eagerRmsNorm(elementwise == Elementwise.TORCH_EAGER_RMSNORM)
                .teCrossEntropy(crossEntropy == CrossEntropy.TE)
                .unfusedWgradAccumulation(!gradAccumulationFusion);
        if (recomputeEarlyStop != null) {
            b.recomputeEarlyStop(recomputeEarlyStop);
        }
        return b;
    }

    /** One line for reports, naming only what differs from {@link #DEFAULT}; empty when nothing does. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        if (attention != DEFAULT.attention) {
            s.append(", attention ").append(lower(attention));
        }
        if (activation != DEFAULT.activation) {
            s.append(", activation ").append(lower(activation));
        }
        if (fp8Scaling != DEFAULT.fp8Scaling) {
            s.append(", fp8 scaling ").append(lower(fp8Scaling));
        }
        if (elementwise != DEFAULT.elementwise) {
            s.append(", elementwise ").append(lower(elementwise));
        }
        if (crossEntropy != DEFAULT.crossEntropy) {
            s.append(", cross entropy ").append(lower(crossEntropy));
        }
        if (!gradAccumulationFusion) {
            s.append(", unfused gradient accumulation");
        }
        if (recomputeEarlyStop != null) {
            s.append(", recompute early stop ").append(recomputeEarlyStop ? "on" : "off");
        }
        return s.length() == 0 ? "" : s.substring(2);
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
