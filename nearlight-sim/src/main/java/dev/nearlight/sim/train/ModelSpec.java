package dev.nearlight.sim.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.nearlight.core.InputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A decoder-only transformer: depth, widths, attention heads (GQA through {@code kvHeads}), sequence length,
 * vocabulary, optional mixture-of-experts MLP and GEMM precision. FLOP counts follow Megatron-LM's conventions (see
 * {@code docs/training.md}): matrix multiplications only, 2 FLOPs per multiply-add, attention scores over the full
 * (non-causal) sequence.
 *
 * @param name display name or preset id
 * @param layers transformer layers
 * @param hiddenSize model width h
 * @param ffnHiddenSize dense MLP width (ignored when {@code experts > 1})
 * @param heads query heads a
 * @param kvHeads key/value heads (= heads for multi-head attention)
 * @param seqLen training sequence length s in tokens
 * @param vocabSize (padded) vocabulary V
 * @param experts MoE experts per layer (1 = dense MLP)
 * @param topK experts each token is routed to
 * @param expertFfnHiddenSize width of one expert's MLP
 * @param gatedMlp SwiGLU-style MLP with three weight matrices instead of two
 * @param tiedEmbeddings input embedding and output layer share weights (counted once in {@link #parameters()})
 * @param precision GEMM precision
 */
public record ModelSpec(
        String name,
        int layers,
        int hiddenSize,
        int ffnHiddenSize,
        int heads,
        int kvHeads,
        int seqLen,
        int vocabSize,
        int experts,
        int topK,
        int expertFfnHiddenSize,
        boolean gatedMlp,
        boolean tiedEmbeddings,
        Precision precision) {

    /**
     * Experts each token is routed to when a mixture-of-experts model does not say: 2, as GShard and Mixtral route
     * (the one default of {@code train --top-k} and the scenario's {@code custom.topK}).
     */
    public static final int DEFAULT_TOP_K = 2;

    public ModelSpec {
        positive("layers", layers);
        positive("hidden", hiddenSize);
        positive("heads", heads);
        positive("kv-heads", kvHeads);
        positive("seq", seqLen);
        positive("vocab", vocabSize);
        positive("experts", experts);
        if (experts == 1) {
            positive("ffn", ffnHiddenSize);
        } else {
            positive("top-k", topK);
            positive("expert-ffn", expertFfnHiddenSize);
            if (topK > experts) {
                throw new InputException(
                        "top-k: " + topK + " is more than the " + experts + " experts (use 1.." + experts + ")");
            }
        }
        if (hiddenSize % heads != 0) {
            throw new InputException("hidden: " + hiddenSize + " is not divisible by heads " + heads
                    + " (head dimension must be an integer)");
        }
        if (heads % kvHeads != 0) {
            throw new InputException("kv-heads: heads " + heads + " is not divisible by kv-heads " + kvHeads
                    + " (use a divisor of " + heads + ")");
        }
        if (precision == null) {
            throw new InputException("precision: missing (use bf16 or fp8)");
        }
        if (name == null || name.isBlank()) {
            name = "custom";
        }
    }

    /**
     * A custom model from the hyper-parameters a scenario file gives ({@code workloads[].custom}, bound by Jackson):
     * optional fields take their defaults (ffn 4 x hidden, kvHeads = heads, dense, {@link #DEFAULT_TOP_K} experts per
     * token for MoE, expert ffn = ffn), a SwiGLU-free MLP and untied embeddings as before. The sequence length (1 here)
     * and precision (BF16) are the workload's, set with {@link #withSeqLen} and {@link #withPrecision}. Errors name the
     * scenario field first ({@code kvHeads: ...}) so that the scenario loader can locate them.
     */
    @JsonCreator
    public static ModelSpec custom(
            @JsonProperty("layers") Integer layers,
            @JsonProperty("hidden") Integer hidden,
            @JsonProperty("ffn") Integer ffn,
            @JsonProperty("heads") Integer heads,
            @JsonProperty("kvHeads") Integer kvHeads,
            @JsonProperty("vocab") Integer vocab,
            @JsonProperty("experts") Integer experts,
            @JsonProperty("topK") Integer topK,
            @JsonProperty("expertFfn") Integer expertFfn) {
        int l = required("layers", layers);
        int h = required("hidden", hidden);
        int a = required("heads", heads);
        int v = required("vocab", vocab);
        int f = ffn == null ? 4 * h : ffn;
        int kv = kvHeads == null ? a : kvHeads;
        int e = experts == null ? 1 : experts;
        int k = topK == null ? (e > 1 ? DEFAULT_TOP_K : 1) : topK;
        for (Object[] c : new Object[][] {{"ffn", f}, {"kvHeads", kv}, {"experts", e}, {"topK", k}}) {
            required((String) c[0], (Integer) c[1]);
        }
        if (k > e) {
            throw new InputException("topK: " + k + " is more than the " + e + " experts (use 1.." + e + ")");
        }
        if (h % a != 0) {
            throw new InputException("heads: " + h + " hidden is not divisible by " + a
                    + " heads (use a head count that divides hidden)");
        }
        if (a % kv != 0) {
            throw new InputException("kvHeads: " + a + " heads are not divisible by " + kv
                    + " kvHeads (use a kvHeads value that divides heads)");
        }
        int ef = required("expertFfn", expertFfn == null ? f : expertFfn);
        return new ModelSpec("custom", l, h, f, a, kv, 1, v, e, k, ef, false, false, Precision.BF16);
    }

    private static int required(String field, Integer value) {
        if (value == null) {
            throw new InputException(field + ": missing required field (add " + field + ": <positive integer>)");
        }
        if (value <= 0) {
            throw new InputException(field + ": " + value + " must be a positive integer");
        }
        return value;
    }

    private static void positive(String field, int value) {
        if (value <= 0) {
            throw new InputException(field + ": " + value + " must be a positive integer");
        }
    }

    /** A dense GPT-style model (MHA, 4h non-gated MLP, tied embeddings) as in the Megatron-LM papers. */
    public static ModelSpec gpt(String name, int layers, int hidden, int heads, int seq, int vocab) {
        return new ModelSpec(
                name, layers, hidden, 4 * hidden, heads, heads, seq, vocab, 1, 1, 0, false, true, Precision.BF16);
    }

    /** Attention head dimension h / a. */
    public int headDim() {
        return hiddenSize / heads;
    }

    /** True for a mixture-of-experts MLP. */
    public boolean isMoe() {
        return experts > 1;
    }

    /** Weight matrices per MLP: 3 for gated (SwiGLU), 2 otherwise. */
    public int mlpMatrices() {
        return gatedMlp ? 3 : 2;
    }

    /** Output width of the fused QKV projection: h + 2 kvHeads headDim. */
    public long qkvWidth() {
        return hiddenSize + 2L * kvHeads * headDim();
    }

    /** Attention parameters per layer (QKV and output projection, biases ignored). */
    public double attentionParamsPerLayer() {
        return (double) hiddenSize * qkvWidth() + (double) hiddenSize * hiddenSize;
    }

    /** MLP parameters per layer: all experts plus the router for MoE. */
    public double mlpParamsPerLayer() {
        if (isMoe()) {
            return (double) experts * mlpMatrices() * hiddenSize * expertFfnHiddenSize + (double) hiddenSize * experts;
        }
        return (double) mlpMatrices() * hiddenSize * ffnHiddenSize;
    }

    /** Parameters per transformer layer including two layer norms. */
    public double paramsPerLayer() {
        return attentionParamsPerLayer() + mlpParamsPerLayer() + 2.0 * hiddenSize;
    }

    /** Total parameters: layers plus embedding (plus a separate output layer when untied). */
    public double parameters() {
        return layers * paramsPerLayer() + (tiedEmbeddings ? 1.0 : 2.0) * vocabSize * hiddenSize;
    }

    /** Forward GEMM FLOPs per token per layer outside the attention core: QKV, output projection and MLP. */
    public double denseFlopsPerTokenPerLayer() {
        double mlp = isMoe()
                ? 2.0 * mlpMatrices() * hiddenSize * (double) expertFfnHiddenSize * topK + 2.0 * hiddenSize * experts
                : 2.0 * mlpMatrices() * hiddenSize * (double) ffnHiddenSize;
        return 2.0 * attentionParamsPerLayer() + mlp;
    }

    /** Forward attention-core FLOPs per token per layer (QK^T and AV over the full sequence): 4 s h. */
    public double attentionCoreFlopsPerTokenPerLayer() {
        return 4.0 * seqLen * hiddenSize;
    }

    /** Forward FLOPs per token of the output (logit) layer: 2 h V. */
    public double logitFlopsPerToken() {
        return 2.0 * hiddenSize * vocabSize;
    }

    /**
     * Model FLOPs per iteration of {@code globalBatch} sequences without recomputation: forward plus backward (3x
     * forward) of every layer and the logit layer. For a GPT model this is 72 B s l h^2 (1 + s/(6h) + V/(12 l h)), the
     * Megatron-Core convention.
     */
    public double modelFlopsPerIteration(long globalBatch) {
        double tokens = (double) globalBatch * seqLen;
        return tokens
                * (3.0 * layers * (denseFlopsPerTokenPerLayer() + attentionCoreFlopsPerTokenPerLayer())
                        + 3.0 * logitFlopsPerToken());
    }

    /**
     * Model FLOPs per iteration counting only the unmasked half of causal attention (2 s h instead of 4 s h per token
     * and layer), the convention of reports that count causal attention as executed (see docs/validation.md).
     */
    public double causalModelFlopsPerIteration(long globalBatch) {
        double tokens = (double) globalBatch * seqLen;
        return modelFlopsPerIteration(globalBatch) - tokens * 3.0 * layers * attentionCoreFlopsPerTokenPerLayer() / 2;
    }

    /**
     * Megatron-LM's reported FLOPs per iteration with the recomputation of {@code mode}: full recomputation adds one
     * forward of every layer (giving 96 B s l h^2 (1 + s/(6h) + V/(16 l h)) for GPT), selective adds one forward of
     * the attention core only, none adds nothing.
     */
    public double megatronFlopsPerIteration(long globalBatch, Recompute mode) {
        double tokens = (double) globalBatch * seqLen;
        double extra = switch (mode) {
            case NONE -> 0.0;
            case SELECTIVE -> layers * attentionCoreFlopsPerTokenPerLayer();
            case FULL -> layers * (denseFlopsPerTokenPerLayer() + attentionCoreFlopsPerTokenPerLayer());
        };
        return modelFlopsPerIteration(globalBatch) + tokens * extra;
    }

    /** Same model with another sequence length. */
    public ModelSpec withSeqLen(int newSeq) {
        return new ModelSpec(
                name,
                layers,
                hiddenSize,
                ffnHiddenSize,
                heads,
                kvHeads,
                newSeq,
                vocabSize,
                experts,
                topK,
                expertFfnHiddenSize,
                gatedMlp,
                tiedEmbeddings,
                precision);
    }

    /** Same model with another precision. */
    public ModelSpec withPrecision(Precision p) {
        return new ModelSpec(
                name,
                layers,
                hiddenSize,
                ffnHiddenSize,
                heads,
                kvHeads,
                seqLen,
                vocabSize,
                experts,
                topK,
                expertFfnHiddenSize,
                gatedMlp,
                tiedEmbeddings,
                p);
    }

    /** Preset ids accepted by {@link #preset(String)}. */
    public static List<String> presetIds() {
        return List.copyOf(presets().keySet());
    }

    /** A preset by id (case-insensitive): GPT-3, Llama-3, Mixtral and the Megatron-LM paper models. */
    public static ModelSpec preset(String id) {
        ModelSpec m = presets().get(id.toLowerCase(java.util.Locale.ROOT));
        if (m == null) {
            throw new InputException("model: unknown preset '" + id + "' (use one of " + presetIds() + ")");
        }
        return m;
    }

    private static Map<String, ModelSpec> presets() {
        Map<String, ModelSpec> p = new LinkedHashMap<>();
        // GPT-3 175B (Brown et al. 2020, Table 2.1), Megatron-padded vocabulary.
        p.put("gpt3-175b", gpt("gpt3-175b", 96, 12288, 96, 2048, 51200));
        // Llama 3 herd (Dubey et al. 2024, Table 3): GQA with 8 KV heads, SwiGLU, vocabulary 128256.
        p.put("llama3-8b", llama("llama3-8b", 32, 4096, 14336, 32));
        p.put("llama3-70b", llama("llama3-70b", 80, 8192, 28672, 64));
        p.put("llama3-405b", llama("llama3-405b", 126, 16384, 53248, 128));
        // Mixtral 8x7B (Jiang et al. 2024): 8 experts, top-2, expert FFN 14336, vocabulary 32000.
        p.put(
                "mixtral-8x7b",
                new ModelSpec(
                        "mixtral-8x7b", 32, 4096, 14336, 32, 8, 4096, 32000, 8, 2, 14336, true, false, Precision.BF16));
        // Megatron-LM SC21 Table 1 (Narayanan et al. 2021): seq 2048, vocabulary 51200.
        int[][] sc21 = {
            {24, 2304, 24}, {30, 3072, 32}, {36, 4096, 32}, {40, 6144, 48}, {48, 8192, 64},
            {60, 10240, 80}, {80, 12288, 96}, {96, 16384, 128}, {105, 20480, 128}, {128, 25600, 160}
        };
        String[] sc21Names = {"1.7b", "3.6b", "7.5b", "18b", "39b", "76b", "145b", "310b", "530b", "1t"};
        for (int i = 0; i < sc21.length; i++) {
            String id = "megatron-" + sc21Names[i];
            p.put(id, gpt(id, sc21[i][0], sc21[i][1], sc21[i][2], 2048, 51200));
        }
        return p;
    }

    private static ModelSpec llama(String name, int layers, int hidden, int ffn, int heads) {
        return new ModelSpec(name, layers, hidden, ffn, heads, 8, 8192, 128256, 1, 1, 0, true, false, Precision.BF16);
    }
}
