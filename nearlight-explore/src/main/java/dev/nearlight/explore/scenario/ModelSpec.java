package dev.nearlight.explore.scenario;

/**
 * Explicit transformer hyper-parameters for a workload that uses no preset.
 *
 * @param layers transformer layers
 * @param hidden hidden size
 * @param ffn feed-forward size (default 4 x hidden)
 * @param heads attention heads
 * @param kvHeads key/value heads for grouped-query attention (default = heads)
 * @param vocab vocabulary size
 * @param experts MoE experts, 1 = dense (default 1)
 * @param topK experts per token (default {@code sim.train.ModelSpec.DEFAULT_TOP_K} = 2 for MoE, else 1)
 * @param expertFfn expert feed-forward size (default = ffn)
 */
public record ModelSpec(
        Integer layers,
        Integer hidden,
        Integer ffn,
        Integer heads,
        Integer kvHeads,
        Integer vocab,
        Integer experts,
        Integer topK,
        Integer expertFfn) {
    /** Validates ranges and head divisibility, applies defaults. */
    public ModelSpec {
        layers = Checks.intRange(layers, "layers", 1, 10_000);
        hidden = Checks.intRange(hidden, "hidden", 1, 1_000_000);
        ffn = Checks.intRange(Checks.orDefault(ffn, 4 * hidden), "ffn", 1, 10_000_000);
        heads = Checks.intRange(heads, "heads", 1, 10_000);
        kvHeads = Checks.intRange(Checks.orDefault(kvHeads, heads), "kvHeads", 1, heads);
        vocab = Checks.intRange(vocab, "vocab", 1, 10_000_000);
        experts = Checks.intRange(Checks.orDefault(experts, 1), "experts", 1, 100_000);
        topK = Checks.intRange(
                Checks.orDefault(topK, experts > 1 ? dev.nearlight.sim.train.ModelSpec.DEFAULT_TOP_K : 1),
                "topK",
                1,
                experts);
        expertFfn = Checks.intRange(Checks.orDefault(expertFfn, ffn), "expertFfn", 1, 10_000_000);
        if (hidden % heads != 0) {
            throw new FieldProblem(
                    "heads",
                    hidden + " hidden is not divisible by " + heads + " heads",
                    "use a head count that divides hidden");
        }
        if (heads % kvHeads != 0) {
            throw new FieldProblem(
                    "kvHeads",
                    heads + " heads are not divisible by " + kvHeads + " kvHeads",
                    "use a kvHeads value that divides heads");
        }
    }
}
