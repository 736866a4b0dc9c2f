package dev.nearlight.sim.train;

import dev.nearlight.core.InputException;

/**
 * How one training job is split over GPUs (Megatron-LM rank order tp, cp, dp, pp from innermost to outermost) and
 * which overlaps and kernels the runtime uses.
 *
 * @param tp tensor-parallel degree (inside the scale-up domain in sensible layouts)
 * @param pp pipeline stages
 * @param dp data-parallel replicas
 * @param cp context-parallel degree (sequence split for attention, ring exchange of K/V)
 * @param ep expert-parallel degree (carved out of dp x cp; 1 for dense models)
 * @param vpp virtual stages per pipeline rank (1 = plain 1F1B, more = interleaved 1F1B)
 * @param sequenceParallel Megatron sequence parallelism: TP all-reduce becomes reduce-scatter + all-gather and norms
 *     and dropout are split over TP ranks
 * @param dpSharding data-parallel state sharding (ZeRO / FSDP)
 * @param microBatch micro-batch size in sequences
 * @param globalBatch global batch in sequences
 * @param recompute activation recomputation mode
 * @param overlapGradReduce overlap the gradient reduce-scatter/all-reduce with the last backward pass
 * @param overlapParamGather overlap the distributed optimizer's parameter all-gather with the first forward pass
 * @param tpCommOverlap overlap TP collectives with the GEMMs (Transformer Engine userbuffers)
 * @param flashAttention fused attention that never materialises the s x s score matrix and skips the masked half
 * @param firstStageLayers transformer layers on the first pipeline stage, 0 = an even split (Megatron-LM's
 *     {@code --decoder-first-pipeline-num-layers}, used to offset the embedding; plain 1F1B only)
 * @param lastStageLayers transformer layers on the last pipeline stage, 0 = an even split (Megatron-LM's {@code
 *     --decoder-last-pipeline-num-layers}, used to offset the output layer; plain 1F1B only)
 * @param accountEmbedding Megatron-LM's {@code --account-for-embedding-in-pipeline-split}: the embedding takes the
 *     place of one transformer layer on the first virtual stage
 * @param accountLoss Megatron-LM's {@code --account-for-loss-in-pipeline-split}: the output layer and loss take the
 *     place of one transformer layer on the last virtual stage
 * @param gradReduceBf16 gradients accumulated and reduced in BF16 (Megatron-Core {@code grad_reduce_in_fp32=False},
 *     as NeMo's FP8 performance recipes run) instead of FP32 (Megatron-LM's default with BF16)
 * @param hiddenDropout dropout after attention and MLP (Megatron-LM's {@code --hidden-dropout} > 0, its GPT default):
 *     its 1-byte masks are kept for the backward pass; Llama-style training runs without (no masks)
 * @param tritonAttention the fused attention is the 2022 FlashAttention kernel written in Triton (llm-foundry's {@code
 *     attn_impl: triton}, compiled with the pre-MLIR Triton of December 2022) instead of a FlashAttention-2 / cuDNN
 *     class kernel; FlashAttention-2 is 1.3-1.5x faster forward and about 2x faster backward than it (Dao 2023,
 *     arXiv 2307.08691, section 4.1). Only meaningful with {@code flashAttention}
 * @param fp8CurrentScaling FP8/FP4 tensors are quantised with a scale from the current step's amax (Transformer
 *     Engine's per-tensor current scaling, NeMo's recipe from 25.04 on) instead of the amax history (delayed
 *     scaling): every quantised tensor is read once more for its amax before the cast. No effect in BF16
 * @param eagerSquaredRelu the MLP activation is squared ReLU run as eager PyTorch operations ({@code
 *     torch.pow(relu(x), 2)}, NeMo's Nemotron models: {@code nemo/collections/llm/fn/activation.py} leaves it unscripted
 *     and Megatron-Core fuses only GeLU and SwiGLU) instead of one fused bias-activation kernel: two kernels forward and
 *     four backward over the MLP's inner width
 * @param unfusedWgradAccumulation each micro-batch's weight gradients are added into the main-gradient buffer by a
 *     separate kernel (Megatron-LM's {@code param.main_grad.add_(param.grad)} hook of March 2021, commit b4bc51b1e7)
 *     instead of by the weight-gradient GEMM itself ({@code --gradient-accumulation-fusion}, on by default since
 *     Megatron-LM commit 83b1e42f30 of February 2022, and Transformer Engine's default): a read of the BF16 gradient and
 *     a read-modify-write of the main gradient per parameter and micro-batch
 * @param eagerTorchOps the transformer block's small operations run as eager PyTorch kernels, as TorchTitan's Llama
 *     of April 2024 does without {@code torch.compile}: rotary embedding of q and k through FP32 complex numbers ({@code
 *     view_as_complex}), {@code silu(w1 x) * w3 x} as separate kernels, K and V repeated to every query head before
 *     attention ({@code repeat_kv}) and the attention output transposed into a contiguous copy; instead of the fused
 *     RoPE, SwiGLU and GQA-aware attention kernels of Megatron-Core / Transformer Engine
 * @param eagerRmsNorm both RMSNorms of a layer run as TorchTitan's eager {@code RMSNorm} ({@code norm_type = "rmsnorm"}:
 *     upcast, square, mean, rsqrt, scale, downcast and weight as separate kernels) instead of one fused kernel
 * @param teCrossEntropy the loss runs as Transformer Engine's fused Triton cross-entropy (Megatron-Core's {@code
 *     cross_entropy_fusion_impl = "te"}, Megatron-Bridge's recipes): 8 bytes per logit forward and 14 backward, from
 *     its kernels' loads and stores, instead of the fitted unfused passes ({@code StepCalibration#crossEntropyPasses})
 * @param recomputeEarlyStop full recomputation is PyTorch's non-reentrant checkpoint with early stopping (its default
 *     since torch 2.1, {@code torch.utils.checkpoint.set_checkpoint_early_stop}): the recomputed forward stops once the
 *     last tensor the backward needs is rebuilt, so a block's MLP down-projection (which saves only its input) and
 *     what follows it are not recomputed; Megatron-LM's own checkpointing reruns the whole layer. Unless set, it
 *     follows the sharding: {@code fsdp} is PyTorch's FSDP, whose activation checkpointing is that checkpoint
 *     ({@code apply_activation_checkpointing} and TorchTitan default to the non-reentrant one); every other sharding
 *     is a Megatron-style run
 * @param cpuOffloadLayers Megatron-Core's {@code cpu_offloading_num_layers}: the activations of this many transformer
 *     layers (of every micro-batch) are copied to host memory during the forward pass and back before their backward
 *     (Transformer Engine's double-buffered offload handler); 0 = none. Megatron-Core refuses it with pipeline
 *     parallelism and with recomputation, and needs fewer than the model's layers; so does this model
 */
public record Parallelism(
        int tp,
        int pp,
        int dp,
        int cp,
        int ep,
        int vpp,
        boolean sequenceParallel,
        DpSharding dpSharding,
        int microBatch,
        int globalBatch,
        Recompute recompute,
        boolean overlapGradReduce,
        boolean overlapParamGather,
        boolean tpCommOverlap,
        boolean flashAttention,
        int firstStageLayers,
        int lastStageLayers,
        boolean accountEmbedding,
        boolean accountLoss,
        boolean gradReduceBf16,
        boolean hiddenDropout,
        boolean tritonAttention,
        boolean fp8CurrentScaling,
        boolean eagerSquaredRelu,
        boolean unfusedWgradAccumulation,
        boolean eagerTorchOps,
        boolean eagerRmsNorm,
        boolean teCrossEntropy,
        boolean recomputeEarlyStop,
        int cpuOffloadLayers) {

    public Parallelism {
        positive("tp", tp);
        positive("pp", pp);
        positive("dp", dp);
        positive("cp", cp);
        positive("ep", ep);
        positive("vpp", vpp);
        positive("mbs", microBatch);
        positive("gbs", globalBatch);
        if (dpSharding == null) {
            dpSharding = DpSharding.NONE;
        }
        if (recompute == null) {
            recompute = Recompute.NONE;
        }
        if (cpuOffloadLayers < 0) {
            throw InputException.of(
                    "cpuOffloadLayers",
                    "must be >= 0 (0 = no activation offloading), got " + cpuOffloadLayers,
                    "use {cpuOffloadLayers 0} for none");
        }
        if (cpuOffloadLayers > 0 && pp > 1) {
            throw InputException.of(
                    "cpuOffloadLayers",
                    cpuOffloadLayers + " needs pp 1: Megatron-Core offloads activations only without pipeline"
                            + " parallelism",
                    "use {pp 1} or {cpuOffloadLayers 0}");
        }
        if (cpuOffloadLayers > 0 && recompute != Recompute.NONE) {
            throw InputException.of(
                    "cpuOffloadLayers",
                    cpuOffloadLayers + " cannot be combined with recomputation (Megatron-Core refuses both)",
                    "use {recompute none} or {cpuOffloadLayers 0}");
        }
        if (firstStageLayers < 0 || lastStageLayers < 0) {
            throw new InputException("first/last stage layers must be >= 0 (0 = even split), got " + firstStageLayers
                    + " and " + lastStageLayers);
        }
        // fields are assigned after the compact constructor: use the parameters, not unevenStages()
        if ((firstStageLayers > 0 || lastStageLayers > 0) && pp < 2) {
            throw InputException.of(
                    firstStageLayers > 0 ? "firstStageLayers" : "lastStageLayers",
                    "first/last stage layers need pp >= 2 (pp " + pp + ")",
                    "drop {firstStageLayers} and {lastStageLayers} or raise {pp}");
        }
        if ((accountEmbedding || accountLoss) && pp < 2) {
            // one stage has no split to account in: the flag could not act, so it is refused rather than ignored
            throw InputException.of(
                    "pp",
                    pp + " has one stage, no split for the embedding/loss accounting to act on",
                    "raise {pp} or drop the accounting");
        }
        if ((accountEmbedding || accountLoss) && (firstStageLayers > 0 || lastStageLayers > 0)) {
            throw InputException.of(
                    firstStageLayers > 0 ? "firstStageLayers" : "lastStageLayers",
                    "the pipeline split takes either first/last stage layers or the embedding/loss accounting, not"
                            + " both (Megatron-LM rejects the mix too)",
                    "drop {firstStageLayers} and {lastStageLayers}, or the accounting");
        }
        if (globalBatch % ((long) dp * microBatch) != 0) {
            throw InputException.of(
                    "gbs",
                    "global batch " + globalBatch + " is not divisible by dp x mbs = " + dp + " x " + microBatch,
                    "use a multiple of " + ((long) dp * microBatch) + " for {gbs}");
        }
        if (vpp > 1 && pp == 1) {
            throw InputException.of("vpp", vpp + " virtual stages need pp > 1", "use {vpp 1} or raise {pp}");
        }
        if ((dp * cp) % ep != 0) {
            throw new InputException(
                    "ep: " + ep + " does not divide dp x cp = " + (dp * cp) + " (experts are sharded over data ranks)");
        }
    }

    private static void positive(String field, int value) {
        if (value <= 0) {
            throw new InputException(field + ": " + value + " must be a positive integer");
        }
    }

    /** A builder with Megatron-Core-like defaults: everything 1, no recomputation, overlaps on, flash attention. */
    public static Builder builder() {
        return new Builder();
    }

    /** Bytes per gradient element in the gradient buffer and its reduction: 2 (BF16) or 4 (FP32). */
    public double gradientBytes() {
        return gradReduceBf16 ? 2.0 : 4.0;
    }

    /** GPUs used: tp x pp x dp x cp. */
    public long gpus() {
        return (long) tp * pp * dp * cp;
    }

    /**
     * Whether stages hold different numbers of transformer layers: first/last stage counts given, or the embedding or
     * loss accounted as a layer in the pipeline split.
     */
    public boolean unevenStages() {
        return firstStageLayers > 0 || lastStageLayers > 0 || accountEmbedding || accountLoss;
    }

    /** Layer slots of the pipeline split: transformer layers plus the embedding and loss when they are accounted. */
    private int splitSlots(int modelLayers) {
        return modelLayers + (accountEmbedding ? 1 : 0) + (accountLoss ? 1 : 0);
    }

    /**
     * Transformer layers on pipeline rank {@code rank} (all its virtual stages): the given first/last stage counts and
     * an even split of the rest over the other ranks, or layers / pp when none is given.
     */
    public int rankLayers(int modelLayers, int rank) {
        if (accountEmbedding || accountLoss) {
            int sum = 0;
            for (int c = 0; c < vpp; c++) {
                sum += stageLayers(modelLayers, c * pp + rank);
            }
            return sum;
        }
        if (!unevenStages()) {
            return modelLayers / pp;
        }
        if (rank == 0 && firstStageLayers > 0) {
            return firstStageLayers;
        }
        if (rank == pp - 1 && lastStageLayers > 0) {
            return lastStageLayers;
        }
        int given = (firstStageLayers > 0 ? 1 : 0) + (lastStageLayers > 0 ? 1 : 0);
        return (modelLayers - firstStageLayers - lastStageLayers) / (pp - given);
    }

    /**
     * Transformer layers on virtual stage {@code stage} = chunk x pp + rank (0 to pp x vpp - 1): the rank's layers
     * split over its vpp chunks as evenly as possible. A remainder goes to the later chunks on the first rank (its
     * first chunk also holds the embedding) and to the earlier chunks elsewhere (the last rank's last chunk holds the
     * output layer).
     */
    public int stageLayers(int modelLayers, int stage) {
        if (accountEmbedding || accountLoss) {
            int per = splitSlots(modelLayers) / (pp * vpp);
            return per - (accountEmbedding && stage == 0 ? 1 : 0) - (accountLoss && stage == pp * vpp - 1 ? 1 : 0);
        }
        int rank = stage % pp;
        int chunk = stage / pp;
        int layers = rankLayers(modelLayers, rank);
        int extra = layers % vpp;
        boolean plusOne = rank == 0 ? chunk >= vpp - extra : chunk < extra;
        return layers / vpp + (plusOne ? 1 : 0);
    }

    /** A suggestion of first/last stage layers that make {@code layers} fit {@code pp} plain 1F1B stages, or "". */
    private String unevenHint(int layers) {
        if (vpp > 1 || pp < 3) {
            return "";
        }
        int k = (layers + pp - 1) / pp;
        int rest = layers - (pp - 2) * k;
        if (rest < 2 || rest % 2 != 0) {
            return "";
        }
        return ", or give first/last stage layers, e.g. " + rest / 2 + " + " + k + " x " + (pp - 2) + " + " + rest / 2;
    }

    /** Micro-batches per pipeline per step: gbs / (dp x mbs). */
    public int microBatches() {
        return globalBatch / (dp * microBatch);
    }

    /** Checks the degrees against the model and the GPU count; throws a one-line {@link InputException}. */
    public void validateAgainst(ModelSpec model, long gpuCount) {
        RunSoftware.of(this).checkAgainst(model);
        if (gpus() != gpuCount) {
            throw InputException.of(
                    "gpus",
                    "tp x pp x dp x cp = " + tp + " x " + pp + " x " + dp + " x " + cp + " = " + gpus() + " but the"
                            + " cluster has " + gpuCount + " GPUs",
                    "make the product equal {gpus}");
        }
        if (model.heads() % tp != 0) {
            throw new InputException("tp: heads " + model.heads() + " are not divisible by tp " + tp
                    + " (use a divisor of " + model.heads() + ")");
        }
        if (model.kvHeads() % tp != 0 && tp % model.kvHeads() != 0) {
            throw new InputException("tp: kv-heads " + model.kvHeads() + " and tp " + tp
                    + " must divide one another (use a divisor or multiple of " + model.kvHeads() + ")");
        }
        if (accountEmbedding || accountLoss) {
            // Megatron-Core gives every virtual stage slots / (pp x vpp) slots and takes the embedding's and the
            // loss's out of the first and last: at one slot each, those two stages hold no transformer layer (Llama
            // 3.1 405B ran so on PP 16 x VP 8, Megatron-Bridge 26.06).
            int slots = splitSlots(model.layers());
            if (slots % (pp * vpp) != 0) {
                throw new InputException(
                        "pp: layers " + model.layers() + " plus the accounted embedding/loss = " + slots
                                + " are not divisible by pp x vpp = " + pp + " x " + vpp
                                + " (choose pp x vpp dividing " + slots + ")");
            }
        } else if (unevenStages()) {
            int given = (firstStageLayers > 0 ? 1 : 0) + (lastStageLayers > 0 ? 1 : 0);
            int middle = pp - given;
            int rest = model.layers() - firstStageLayers - lastStageLayers;
            if (rest < middle || (middle == 0 ? rest != 0 : rest % middle != 0)) {
                throw new InputException("pp: layers " + model.layers() + " minus first/last stage layers "
                        + firstStageLayers + " + " + lastStageLayers + " = " + rest + " do not split evenly over the "
                        + middle + " other stages (make them a multiple of " + Math.max(1, middle) + ")");
            }
            int fewest = Math.min(
                    firstStageLayers > 0 ? firstStageLayers : Integer.MAX_VALUE,
                    Math.min(
                            lastStageLayers > 0 ? lastStageLayers : Integer.MAX_VALUE,
                            middle > 0 ? rest / middle : Integer.MAX_VALUE));
            if (fewest < vpp) {
                throw new InputException("vpp: " + vpp + " virtual stages per rank but a pipeline rank holds only "
                        + fewest + " layers (use vpp <= " + fewest + " or more layers per stage)");
            }
        } else if (model.layers() % (pp * vpp) != 0) {
            throw new InputException("pp: layers " + model.layers() + " are not divisible by pp x vpp = " + pp + " x "
                    + vpp + " (choose pp x vpp dividing " + model.layers() + unevenHint(model.layers()) + ")");
        }
        if (cpuOffloadLayers >= model.layers()) {
            throw InputException.of(
                    "cpuOffloadLayers",
                    cpuOffloadLayers + " layers offloaded but the model has " + model.layers()
                            + " (Megatron-Core offloads fewer than all)",
                    "use fewer than " + model.layers() + " for {cpuOffloadLayers}");
        }
        if (model.seqLen() % (2 * cp) != 0 && cp > 1) {
            throw new InputException(
                    "cp: seq " + model.seqLen() + " is not divisible by 2 x cp = " + (2 * cp) + " (load-balanced CP)");
        }
        if (sequenceParallel && model.seqLen() / cp % tp != 0) {
            throw new InputException(
                    "sequence-parallel: seq/cp = " + (model.seqLen() / cp) + " is not divisible by tp " + tp);
        }
        if (model.isMoe() && model.experts() % ep != 0) {
            throw new InputException(
                    "ep: experts " + model.experts() + " are not divisible by ep " + ep + " (use a divisor)");
        }
        if (!model.isMoe() && ep != 1) {
            throw InputException.of("ep", ep + " needs a mixture-of-experts model", "use {ep 1} for dense models");
        }
        if (vpp > 1 && microBatches() % pp != 0) {
            throw InputException.of(
                    "vpp",
                    "interleaved 1F1B needs micro-batches gbs/(dp x mbs) = " + microBatches() + " divisible by pp "
                            + pp,
                    "change {gbs} or use {vpp 1}");
        }
    }

    /** Fluent builder for the many optional knobs. */
    public static final class Builder {
        private int tp = 1;
        private int pp = 1;
        private int dp = 1;
        private int cp = 1;
        private int ep = 1;
        private int vpp = 1;
        private boolean sequenceParallel;
        private DpSharding dpSharding = DpSharding.NONE;
        private int microBatch = 1;
        private int globalBatch = 1;
        private Recompute recompute = Recompute.NONE;
        private boolean overlapGradReduce = true;
        private boolean overlapParamGather = true;
        private boolean tpCommOverlap = true;
        private boolean flashAttention = true;
        private int firstStageLayers;
        private int lastStageLayers;
        private boolean accountEmbedding;
        private boolean accountLoss;
        private boolean gradReduceBf16;
        private boolean hiddenDropout = true;
        private boolean tritonAttention;
        private boolean fp8CurrentScaling;
        private boolean eagerSquaredRelu;
        private boolean unfusedWgradAccumulation;
        private boolean eagerTorchOps;
        private boolean eagerRmsNorm;
        private boolean teCrossEntropy;
        private Boolean recomputeEarlyStop;
        private int cpuOffloadLayers;

        private Builder() {}

        /** Transformer layers whose activations are offloaded to host memory (default 0, none). */
        public Builder cpuOffloadLayers(int v) {
            cpuOffloadLayers = v;
            return this;
        }

        /**
         * Full recomputation as PyTorch's early-stopping non-reentrant checkpoint; unset, true exactly for {@code
         * fsdp} sharding (PyTorch's FSDP) and false otherwise (Megatron's whole-layer rerun).
         */
        public Builder recomputeEarlyStop(boolean v) {
            recomputeEarlyStop = v;
            return this;
        }

        /** RMSNorm as eager PyTorch kernels (default false: one fused kernel per norm). */
        public Builder eagerRmsNorm(boolean v) {
            eagerRmsNorm = v;
            return this;
        }

        /** RoPE, SwiGLU and GQA repetition as eager PyTorch kernels (default false: fused kernels). */
        public Builder eagerTorchOps(boolean v) {
            eagerTorchOps = v;
            return this;
        }

        /** Weight gradients are accumulated by a separate kernel (default false: fused into the wgrad GEMM). */
        public Builder unfusedWgradAccumulation(boolean v) {
            unfusedWgradAccumulation = v;
            return this;
        }

        /** The MLP activation is squared ReLU as eager PyTorch ops (default false: one fused kernel). */
        public Builder eagerSquaredRelu(boolean v) {
            eagerSquaredRelu = v;
            return this;
        }

        /** The loss runs as Transformer Engine's fused cross-entropy (default false: the unfused passes). */
        public Builder teCrossEntropy(boolean v) {
            teCrossEntropy = v;
            return this;
        }

        /** Quantise FP8/FP4 tensors with the current step's amax (default false: delayed scaling). */
        public Builder fp8CurrentScaling(boolean v) {
            fp8CurrentScaling = v;
            return this;
        }

        /** The fused attention is the 2022 Triton FlashAttention kernel (default false: FlashAttention-2 class). */
        public Builder tritonAttention(boolean v) {
            tritonAttention = v;
            return this;
        }

        /** Train with (default) or without hidden dropout, whose masks take activation memory. */
        public Builder hiddenDropout(boolean v) {
            hiddenDropout = v;
            return this;
        }

        /** Accumulate and reduce gradients in BF16 instead of FP32. */
        public Builder gradReduceBf16(boolean v) {
            gradReduceBf16 = v;
            return this;
        }

        /** Count the embedding as one layer of the first virtual stage in the pipeline split. */
        public Builder accountEmbedding(boolean v) {
            accountEmbedding = v;
            return this;
        }

        /** Count the output layer and loss as one layer of the last virtual stage in the pipeline split. */
        public Builder accountLoss(boolean v) {
            accountLoss = v;
            return this;
        }

        /** Layers on the first pipeline stage (0 = even split). */
        public Builder firstStageLayers(int v) {
            firstStageLayers = v;
            return this;
        }

        /** Layers on the last pipeline stage (0 = even split). */
        public Builder lastStageLayers(int v) {
            lastStageLayers = v;
            return this;
        }

        public Builder tp(int v) {
            tp = v;
            return this;
        }

        public Builder pp(int v) {
            pp = v;
            return this;
        }

        public Builder dp(int v) {
            dp = v;
            return this;
        }

        public Builder cp(int v) {
            cp = v;
            return this;
        }

        public Builder ep(int v) {
            ep = v;
            return this;
        }

        public Builder vpp(int v) {
            vpp = v;
            return this;
        }

        public Builder sequenceParallel(boolean v) {
            sequenceParallel = v;
            return this;
        }

        public Builder dpSharding(DpSharding v) {
            dpSharding = v;
            return this;
        }

        public Builder microBatch(int v) {
            microBatch = v;
            return this;
        }

        public Builder globalBatch(int v) {
            globalBatch = v;
            return this;
        }

        public Builder recompute(Recompute v) {
            recompute = v;
            return this;
        }

        /** Sets gradient-reduce, parameter-gather and TP-communication overlap together. */
        public Builder overlap(boolean v) {
            overlapGradReduce = v;
            overlapParamGather = v;
            tpCommOverlap = v;
            return this;
        }

        public Builder overlapGradReduce(boolean v) {
            overlapGradReduce = v;
            return this;
        }

        public Builder overlapParamGather(boolean v) {
            overlapParamGather = v;
            return this;
        }

        public Builder tpCommOverlap(boolean v) {
            tpCommOverlap = v;
            return this;
        }

        public Builder flashAttention(boolean v) {
            flashAttention = v;
            return this;
        }

        public Parallelism build() {
            return new Parallelism(
                    tp,
                    pp,
                    dp,
                    cp,
                    ep,
                    vpp,
                    sequenceParallel,
                    dpSharding,
                    microBatch,
                    globalBatch,
                    recompute,
                    overlapGradReduce,
                    overlapParamGather,
                    tpCommOverlap,
                    flashAttention,
                    firstStageLayers,
                    lastStageLayers,
                    accountEmbedding,
                    accountLoss,
                    gradReduceBf16,
                    hiddenDropout,
                    tritonAttention,
                    fp8CurrentScaling,
                    eagerSquaredRelu,
                    unfusedWgradAccumulation,
                    eagerTorchOps,
                    eagerRmsNorm,
                    teCrossEntropy,
                    recomputeEarlyStop != null ? recomputeEarlyStop : dpSharding == DpSharding.FSDP,
                    cpuOffloadLayers);
        }
    }
}
