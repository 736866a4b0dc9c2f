package dev.nearlight.explore.scenario;

import dev.nearlight.sim.train.DpSharding;
import dev.nearlight.sim.train.ModelSpec;
import dev.nearlight.sim.train.Precision;
import dev.nearlight.sim.train.Recompute;
import dev.nearlight.sim.train.SearchedField;

/**
 * One training job to run on every alternative: a model (preset id or explicit hyper-parameters), its parallelism,
 * batch, sequence length, memory-saving options, precision and token budget.
 *
 * @param name label in reports (default: the preset id, or {@code custom})
 * @param model training preset id, e.g. {@code llama3-405b}; exclusive with {@code custom}
 * @param custom explicit hyper-parameters, bound to the training model's own {@link ModelSpec} ({@link
 *     ModelSpec#custom}); exclusive with {@code model}
 * @param tp tensor-parallel degree (default 1)
 * @param pp pipeline-parallel degree (default 1)
 * @param dp data-parallel degree (default: GPUs / (tp x pp x cp))
 * @param cp context-parallel degree (default 1)
 * @param ep expert-parallel degree (default 1)
 * @param vpp virtual pipeline stages per rank, interleaved 1F1B when > 1 (default 1)
 * @param mbs micro-batch size (default 1)
 * @param gbs global batch size in sequences
 * @param seq sequence length in tokens
 * @param recompute activation recomputation, the training model's {@link Recompute} (default {@code selective})
 * @param sequenceParallel Megatron sequence parallelism (default true when tp > 1; with {@code search} true = on
 *     in every layout with tp > 1, false = off)
 * @param dpSharding data-parallel sharding, the training model's {@link DpSharding} (default {@code zero1})
 * @param precision GEMM precision, the training model's {@link Precision} (default {@code bf16})
 * @param tokens training token budget, e.g. {@code 15T}
 * @param firstStageLayers transformer layers on the first pipeline stage (optional; Megatron-LM's {@code
 *     --decoder-first-pipeline-num-layers}); the other stages split the rest evenly
 * @param lastStageLayers transformer layers on the last pipeline stage (optional; Megatron-LM's {@code
 *     --decoder-last-pipeline-num-layers})
 * @param search when true, every alternative runs the fastest layout that fits in memory on its own fabric ({@code
 *     sim.train.ParallelismSearch}, as {@code nearlight train --search}): tp, pp, dp, cp, ep, vpp and the stage
 *     layers are then chosen, not given; mbs, recompute and dpSharding, when given, restrict the search; dropout,
 *     sequenceParallel and precision are run settings every searched layout is priced with (default false)
 * @param dropout dropout after attention and MLP, whose masks take activation memory (default true, Megatron-LM's GPT
 *     default; Llama 3 trained without); a given layout and every searched one are priced with it
 * @param gradReduce precision of the gradient buffer and its reduction, {@code fp32} (default, Megatron-LM's) or
 *     {@code bf16} (NeMo's FP8 recipes), as {@code nearlight train --grad-reduce}
 * @param software the run's kernels and framework facts ({@link WorkloadSoftware}; absent = current Megatron-Core)
 * @param accountEmbedding Megatron-LM's {@code --account-for-embedding-in-pipeline-split} (optional, default false)
 * @param accountLoss Megatron-LM's {@code --account-for-loss-in-pipeline-split} (optional, default false)
 * @param cpuOffloadLayers layers whose activations go to host memory and back (Megatron-Core's {@code
 *     cpu_offloading_num_layers}; optional, default 0; pp 1 and no recomputation, which then is the default)
 */
public record Workload(
        String name,
        String model,
        ModelSpec custom,
        Integer tp,
        Integer pp,
        Integer dp,
        Integer cp,
        Integer ep,
        Integer vpp,
        Integer mbs,
        Integer gbs,
        Integer seq,
        Recompute recompute,
        Boolean sequenceParallel,
        DpSharding dpSharding,
        Precision precision,
        String tokens,
        Integer firstStageLayers,
        Integer lastStageLayers,
        Boolean search,
        Boolean dropout,
        GradReduce gradReduce,
        WorkloadSoftware software,
        Boolean accountEmbedding,
        Boolean accountLoss,
        Integer cpuOffloadLayers) {
    /** Precision of the gradient buffer and its data-parallel reduction. */
    public enum GradReduce implements ScenarioEnum {
        FP32,
        BF16;

        @Override
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The first given field that {@code search: true} chooses (the compact constructor reassigns its parameters). */
    private static SearchedField firstSearched(
            Integer tp,
            Integer pp,
            Integer dp,
            Integer cp,
            Integer ep,
            Integer vpp,
            Integer firstStageLayers,
            Integer lastStageLayers,
            Boolean accountEmbedding,
            Boolean accountLoss,
            Integer cpuOffloadLayers) {
        return SearchedField.firstGiven(f -> switch (f) {
            case TP -> tp;
            case PP -> pp;
            case DP -> dp;
            case CP -> cp;
            case EP -> ep;
            case VPP -> vpp;
            case FIRST_STAGE_LAYERS -> firstStageLayers;
            case LAST_STAGE_LAYERS -> lastStageLayers;
            case ACCOUNT_EMBEDDING -> accountEmbedding;
            case ACCOUNT_LOSS -> accountLoss;
            case CPU_OFFLOAD_LAYERS -> cpuOffloadLayers;
        });
    }

    /** Validates each field alone; the scenario checks the degrees against the cluster. */
    public Workload {
        gradReduce = Checks.orDefault(gradReduce, GradReduce.FP32);
        software = Checks.orDefault(software, WorkloadSoftware.NONE);
        search = Checks.orDefault(search, false);
        if (search) {
            SearchedField chosen = firstSearched(
                    tp,
                    pp,
                    dp,
                    cp,
                    ep,
                    vpp,
                    firstStageLayers,
                    lastStageLayers,
                    accountEmbedding,
                    accountLoss,
                    cpuOffloadLayers);
            String given = chosen == null ? null : chosen.key();
            if (given != null) {
                throw new FieldProblem(
                        given,
                        "search: true chooses " + given + " per alternative",
                        "remove " + given + " or set search: false");
            }
        }
        dropout = Checks.orDefault(dropout, true);
        if (model == null && custom == null) {
            throw new FieldProblem(
                    "model", "missing required field", "add model: <preset id> or custom: {layers: ...}");
        }
        if (model != null && custom != null) {
            throw new FieldProblem("custom", "both model and custom are given", "keep only one of them");
        }
        if (model != null) {
            model = Checks.nonBlank(model, "model", "model: llama3-405b");
        }
        name = name == null || name.isBlank() ? (model != null ? model : "custom") : name.trim();
        tp = Checks.intRange(Checks.orDefault(tp, 1), "tp", 1, 1024);
        pp = Checks.intRange(Checks.orDefault(pp, 1), "pp", 1, 4096);
        if (dp != null) {
            dp = Checks.intRange(dp, "dp", 1, 10_000_000);
        }
        cp = Checks.intRange(Checks.orDefault(cp, 1), "cp", 1, 1024);
        ep = Checks.intRange(Checks.orDefault(ep, 1), "ep", 1, 4096);
        vpp = Checks.intRange(Checks.orDefault(vpp, 1), "vpp", 1, 1024);
        if (vpp > 1 && pp == 1) {
            throw new FieldProblem("vpp", "vpp " + vpp + " needs pipeline parallelism", "set pp > 1 or vpp: 1");
        }
        if (!search || mbs != null) {
            mbs = Checks.intRange(Checks.orDefault(mbs, 1), "mbs", 1, 65_536);
        }
        gbs = Checks.intRange(gbs, "gbs", 1, 100_000_000);
        seq = Checks.intRange(seq, "seq", 1, 100_000_000);
        accountEmbedding = Checks.orDefault(accountEmbedding, false);
        accountLoss = Checks.orDefault(accountLoss, false);
        cpuOffloadLayers = Checks.intRange(Checks.orDefault(cpuOffloadLayers, 0), "cpuOffloadLayers", 0, 100_000);
        if (!search) {
            // offloading replaces recomputation (Megatron-Core refuses both): no recompute is then the default
            recompute = Checks.orDefault(recompute, cpuOffloadLayers > 0 ? Recompute.NONE : Recompute.SELECTIVE);
            dpSharding = Checks.orDefault(dpSharding, DpSharding.ZERO1);
        }
        // with search, true means on wherever the searched tp is above 1 (tp itself is not known yet)
        sequenceParallel = Checks.orDefault(sequenceParallel, search || tp > 1);
        precision = Checks.orDefault(precision, Precision.BF16);
        tokens = Checks.nonBlank(tokens, "tokens", "tokens: 15T");
        Checks.count(tokens, "tokens");
        if (firstStageLayers != null) {
            Checks.intRange(firstStageLayers, "firstStageLayers", 1, 10_000);
        }
        if (lastStageLayers != null) {
            Checks.intRange(lastStageLayers, "lastStageLayers", 1, 10_000);
        }
        if ((firstStageLayers != null || lastStageLayers != null) && pp < 2) {
            throw new FieldProblem(
                    firstStageLayers != null ? "firstStageLayers" : "lastStageLayers",
                    "first/last stage layers need pp >= 2 (pp " + pp + ")",
                    "remove them or set pp >= 2");
        }
        if (mbs != null && gbs % mbs != 0) {
            throw new FieldProblem("gbs", "gbs " + gbs + " is not a multiple of mbs " + mbs, "use a multiple of mbs");
        }
    }

    /** The token budget as a number of tokens. */
    public double tokenCount() {
        return Checks.count(tokens, "tokens");
    }

    /** The same workload with the data-parallel degree set. */
    public Workload withDp(int newDp) {
        return new Workload(
                name,
                model,
                custom,
                tp,
                pp,
                newDp,
                cp,
                ep,
                vpp,
                mbs,
                gbs,
                seq,
                recompute,
                sequenceParallel,
                dpSharding,
                precision,
                tokens,
                firstStageLayers,
                lastStageLayers,
                search,
                dropout,
                gradReduce,
                software,
                accountEmbedding,
                accountLoss,
                cpuOffloadLayers);
    }
}
