package dev.nearlight.app;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.nearlight.core.InputException;
import dev.nearlight.sim.train.AcceleratorCatalog;
import dev.nearlight.sim.train.AcceleratorSpec;
import dev.nearlight.sim.train.ClusterNetwork;
import dev.nearlight.sim.train.DpSharding;
import dev.nearlight.sim.train.EnergyInputs;
import dev.nearlight.sim.train.FlowCostModel;
import dev.nearlight.sim.train.ModelSpec;
import dev.nearlight.sim.train.Parallelism;
import dev.nearlight.sim.train.ParallelismSearch;
import dev.nearlight.sim.train.Precision;
import dev.nearlight.sim.train.Recompute;
import dev.nearlight.sim.train.RunSettings;
import dev.nearlight.sim.train.RunSoftware;
import dev.nearlight.sim.train.SearchedField;
import dev.nearlight.sim.train.StepModelError;
import dev.nearlight.sim.train.StepResult;
import dev.nearlight.sim.train.TrainingJob;
import dev.nearlight.sim.train.TrainingStepModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nearlight train}: step time, MFU/HFU, TFLOP/s per GPU, time-to-train, energy and starvation of one LLM
 * training configuration. Options can also come from {@code --config FILE.yaml} (same names without dashes; command
 * line wins). JSON contract: {@code docs/cli/train.md}.
 */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = "Estimate an LLM training step on a GPU cluster: time, MFU, time-to-train, energy, starvation.")
public final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", description = "YAML file with the same keys as the long options (e.g. tp: 8).")
    Path config;

    @Option(names = "--model", description = "Preset: gpt3-175b, llama3-8b/70b/405b, mixtral-8x7b, megatron-1.7b..1t.")
    String model;

    @Option(names = "--layers")
    Integer layers;

    @Option(names = "--hidden")
    Integer hidden;

    @Option(names = "--ffn")
    Integer ffn;

    @Option(names = "--heads")
    Integer heads;

    @Option(names = "--kv-heads")
    Integer kvHeads;

    @Option(names = "--vocab")
    Integer vocab;

    @Option(names = "--experts")
    Integer experts;

    @Option(names = "--top-k")
    Integer topK;

    @Option(names = "--expert-ffn")
    Integer expertFfn;

    @Option(names = "--swiglu", description = "Gated (SwiGLU) MLP for an explicit model.")
    Boolean swiglu;

    @Option(names = "--seq", description = "Sequence length (default: the preset's).")
    Integer seq;

    @Option(names = "--precision", description = "bf16, fp8 or fp4 (Blackwell).")
    String precision;

    @Option(names = "--tp")
    Integer tp;

    @Option(names = "--pp")
    Integer pp;

    @Option(names = "--dp")
    Integer dp;

    @Option(names = "--cp")
    Integer cp;

    @Option(names = "--ep")
    Integer ep;

    @Option(names = "--vpp")
    Integer vpp;

    @Option(
            names = "--routing",
            description = "Flow fidelity: ecmp (per-flow hash, default) or dmodk (destination mod k, as InfiniBand).")
    String routing;

    @Option(
            names = "--first-stage-layers",
            description = "Transformer layers on the first pipeline stage (default: an even split).")
    Integer firstStageLayers;

    @Option(
            names = "--cpu-offload-layers",
            description = "Transformer layers whose activations go to host memory and back (Megatron-Core's"
                    + " cpu_offloading_num_layers; pp 1, recompute none; default 0).")
    Integer cpuOffloadLayers;

    @Option(
            names = "--last-stage-layers",
            description = "Transformer layers on the last pipeline stage (default: an even split).")
    Integer lastStageLayers;

    @Option(
            names = "--account-for-embedding-in-pipeline-split",
            description = "Count the embedding as one layer of the first virtual stage (Megatron-LM's flag).")
    Boolean accountEmbedding;

    @Option(
            names = "--account-for-loss-in-pipeline-split",
            description =
                    "Count the output layer and loss as one layer of the last virtual stage (Megatron-LM's flag).")
    Boolean accountLoss;

    @Option(names = "--grad-reduce", description = "Gradient buffer and reduction precision: fp32 (default) or bf16.")
    String gradReduce;

    @Option(
            names = "--search",
            description =
                    "Search the fastest TP/PP/DP/CP/EP/vpp/mbs/recompute/sharding that fits (needs --gpus, --gbs).")
    boolean search;

    @Option(names = "--top", description = "Layouts printed by --search (default 10).")
    Integer top;

    @Option(names = "--mbs")
    Integer mbs;

    @Option(names = "--gbs")
    Integer gbs;

    @Option(names = "--recompute", description = "none, selective or full (default selective).")
    String recompute;

    @Option(names = "--sequence-parallel")
    Boolean sequenceParallel;

    @Option(
            names = "--dropout",
            negatable = true,
            description =
                    "Dropout after attention and MLP, whose masks take activation memory (default on, Megatron-LM's"
                            + " GPT default; --no-dropout as Llama 3 trained).")
    Boolean dropout;

    @Option(names = "--dp-sharding", description = "none, zero1, zero2, zero3 or fsdp (default zero1).")
    String dpSharding;

    @Option(names = "--no-overlap", description = "Disable TP/DP communication overlap.")
    Boolean noOverlap;

    @Option(names = "--no-flash-attention", description = "Unfused attention (materialised s x s scores).")
    Boolean noFlash;

    @Option(
            names = "--attention-kernel",
            description = "Fused attention kernel: flash2 (default; FlashAttention-2 / cuDNN class) or triton (the 2022"
                    + " Triton kernel llm-foundry ran).")
    String attentionKernel;

    @Option(
            names = "--activation",
            description = "MLP activation: fused (default, one kernel) or squared_relu_eager (NeMo's Nemotron,"
                    + " torch.pow(relu(x), 2) as eager ops).")
    String activation;

    @Option(
            names = "--fp8-scaling",
            description = "FP8 scales: delayed (default, amax history) or current (amax of the tensor itself).")
    String fp8Scaling;

    @Option(
            names = "--elementwise",
            description = "RoPE, SwiGLU, repeat_kv and norms: fused (default), torch_eager (TorchTitan without"
                    + " compile) or torch_eager_rmsnorm (plus its eager RMSNorm).")
    String elementwise;

    @Option(
            names = "--cross-entropy",
            description = "The loss over the logits: unfused (default, Megatron-LM's fp32 passes) or te (Transformer"
                    + " Engine's fused kernel, as Megatron-Bridge runs it).")
    String crossEntropy;

    @Option(
            names = "--grad-accumulation-fusion",
            negatable = true,
            description = "Weight gradients accumulated inside the GEMM (default on; --no-grad-accumulation-fusion as"
                    + " Megatron-LM before February 2022, a hook per micro-batch).")
    Boolean gradAccumulationFusion;

    @Option(
            names = "--recompute-early-stop",
            negatable = true,
            description = "PyTorch's early-stopping recomputation (skips the MLP down-projection); default: on with"
                    + " --dp-sharding fsdp, off otherwise.")
    Boolean recomputeEarlyStop;

    @Option(names = "--tokens", description = "Token budget, e.g. 15T, 300B, 1e12 (default 1T).")
    String tokens;

    @Option(
            names = "--fidelity",
            description = "analytical (default) or flow (collectives simulated on the built fabric).")
    String fidelity;

    /**
     * FABRIC-OPTIONS, shared with {@code nearlight fabric}; {@code --gpu} is also the accelerator preset and
     * {@code --gpus} the job's GPU count.
     */
    @Mixin
    FabricOptions fabricOptions;

    @Option(
            names = "--fabric",
            paramLabel = "FILE.yaml",
            description = "Fabric spec file (the YAML of nearlight fabric --spec); FABRIC-OPTIONS override it.")
    Path fabricFile;

    @Option(names = "--seed", description = "Root seed for flow fidelity (ECMP hashing, default 1).")
    Long seed;

    @Option(names = "--nics-per-gpu", description = "Scale-out NICs per GPU (default from the GPU preset).")
    Double nicsPerGpu;

    @Option(names = "--pue")
    Double pue;

    @Option(names = "--json", description = "Print the JSON contract of docs/cli/train.md.")
    boolean json;

    private static final Set<String> KEYS = Set.of(
            "attention-kernel",
            "activation",
            "fp8-scaling",
            "elementwise",
            "cross-entropy",
            "grad-accumulation-fusion",
            "recompute-early-stop",
            "model",
            "layers",
            "hidden",
            "ffn",
            "heads",
            "kv-heads",
            "vocab",
            "experts",
            "top-k",
            "expert-ffn",
            "swiglu",
            "seq",
            "precision",
            "gpu",
            "gpus",
            "tp",
            "pp",
            "dp",
            "cp",
            "ep",
            "vpp",
            "routing",
            "first-stage-layers",
            "last-stage-layers",
            "account-for-embedding-in-pipeline-split",
            "account-for-loss-in-pipeline-split",
            "grad-reduce",
            "mbs",
            "gbs",
            "recompute",
            "sequence-parallel",
            "dropout",
            "dp-sharding",
            "no-overlap",
            "no-flash-attention",
            "tokens",
            "fidelity",
            "nics-per-gpu",
            "rate",
            "tiers",
            "switch-radix",
            "optics",
            "pue");

    private FlowCostModel flowCostModel(TrainingJob job) {
        String r = routing == null ? "ecmp" : routing.toLowerCase(Locale.ROOT);
        return switch (r) {
            case "ecmp" ->
                new FlowCostModel(built.topology(), job.network(), job.parallelism(), seed == null ? 1 : seed);
            case "dmodk" ->
                new FlowCostModel(
                        built.topology(),
                        job.network(),
                        job.parallelism(),
                        new dev.nearlight.sim.net.DestinationModKRouting(built.topology()));
            default -> throw new InputException("routing: '" + routing + "' is unknown; use --routing ecmp or dmodk");
        };
    }

    @Override
    public Integer call() throws IOException {
        if (config != null) {
            applyConfig(config);
        }
        boolean flow = false;
        if (fidelity != null) {
            switch (fidelity.toLowerCase(Locale.ROOT)) {
                case "analytical" -> flow = false;
                case "flow" -> flow = true;
                default ->
                    throw new InputException(
                            "fidelity: '" + fidelity + "' is unknown; use --fidelity analytical or flow");
            }
        }
        flowFidelity = flow;
        if (search) {
            return runSearch();
        }
        TrainingJob job = job();
        StepResult r = flow ? new TrainingStepModel(flowCostModel(job)).simulate(job) : TrainingStepModel.estimate(job);
        PrintWriter out = spec.commandLine().getOut();
        // the band is the error of the model these numbers ran: the held-out rows re-run with a changed GPU catalogue
        StepModelError err = StepModelError.of(AcceleratorCatalog.load(fabricOptions.catalogue.load()));
        if (json) {
            out.println(toJson(job, r, flow ? "flow" : "analytical", built, err));
        } else {
            out.print(text(job, r, err));
        }
        out.flush();
        return 0;
    }

    TrainingJob job() {
        ModelSpec m = modelSpec();
        String gpu = fabricOptions.gpuId;
        Long gpus = fabricOptions.gpus == null ? null : fabricOptions.gpus.longValue();
        AcceleratorSpec acc =
                AcceleratorCatalog.load(fabricOptions.catalogue.load()).get(gpu == null ? "h100" : gpu);
        int tpV = atLeastOne(or(tp, 1), "tp");
        int ppV = atLeastOne(or(pp, 1), "pp");
        int cpV = atLeastOne(or(cp, 1), "cp");
        int dpV;
        if (dp != null) {
            dpV = dp;
        } else if (gpus != null) {
            long rest = (long) tpV * ppV * cpV;
            if (gpus % rest != 0) {
                throw new InputException("gpus: " + gpus + " is not divisible by tp x pp x cp = " + rest
                        + " (give --dp or a multiple of " + rest + ")");
            }
            dpV = (int) (gpus / rest);
        } else {
            dpV = 1;
        }
        RunSettings settings = runSettings();
        Parallelism par = settings.applyTo(Parallelism.builder())
                .tp(tpV)
                .pp(ppV)
                .dp(dpV)
                .cp(cpV)
                .ep(or(ep, 1))
                .vpp(or(vpp, 1))
                .firstStageLayers(or(firstStageLayers, 0))
                .lastStageLayers(or(lastStageLayers, 0))
                .cpuOffloadLayers(or(cpuOffloadLayers, 0))
                .accountEmbedding(accountEmbedding != null && accountEmbedding)
                .accountLoss(accountLoss != null && accountLoss)
                .microBatch(or(mbs, 1))
                .globalBatch(or(gbs, defaultGlobalBatch(dpV, or(mbs, 1))))
                .sequenceParallel(sequenceParallel != null ? sequenceParallel : tpV > 1)
                .dpSharding(dpSharding == null ? DpSharding.ZERO1 : DpSharding.parse(dpSharding, "dp-sharding"))
                // Offloading replaces recomputation (Megatron-Core refuses both): no recompute is then the default.
                .recompute(
                        recompute != null
                                ? Recompute.parse(recompute, "recompute")
                                : or(cpuOffloadLayers, 0) > 0 ? Recompute.NONE : Recompute.SELECTIVE)
                .build();
        par.validateAgainst(m, gpus == null ? par.gpus() : gpus);
        ClusterNetwork net = network(acc, par.gpus());
        Map<String, Double> fabricPower = built == null ? null : built.fabricPowerW();
        EnergyInputs e = EnergyInputs.defaults();
        if (pue != null) {
            e = new EnergyInputs(
                    e.gpuBusyPowerFraction(),
                    e.gpuIdlePowerFraction(),
                    e.opticsEnergyPjPerBit(),
                    e.hostSerdesEnergyPjPerBit(),
                    e.switchPowerW(),
                    e.scaleUpPowerWPerGpu(),
                    pue);
        }
        return new TrainingJob(m, par, acc, net, e, parseTokens(tokens == null ? "1T" : tokens), null, fabricPower);
    }

    /**
     * The training network of {@code gpus} accelerators: the built fabric's when one is requested (kept in {@link
     * #built}), else the analytical defaults of the preset; {@code --nics-per-gpu} overrides the NICs either way.
     */
    private ClusterNetwork network(AcceleratorSpec acc, long gpus) {
        ClusterNetwork net = ClusterNetwork.defaultFor(acc);
        built = null;
        if (fabricRequested()) {
            built = dev.nearlight.explore.cluster.ClusterModel.build(
                    dev.nearlight.explore.cluster.ClusterModel.defaultSpec(acc, gpus)
                            .overriddenBy(userFabricSpec()),
                    fabricOptions.catalogue.load());
            if (built.bom().gpus() < gpus) {
                throw new InputException("gpus: the fabric has " + built.bom().gpus() + " GPUs but the job needs "
                        + gpus + " (tp x pp x dp x cp); give --gpus " + gpus);
            }
            net = built.trainingNetwork(acc);
        }
        if (nicsPerGpu != null) {
            net = net.withNics(nicsPerGpu, net.nicRateGbps());
        }
        return net;
    }

    /**
     * The per-run settings of the command line (dropout, sequence parallelism, gradient precision, overlaps, fused
     * attention): what {@link #job()} builds a given layout with and what {@code --search} prices every layout with.
     */
    RunSettings runSettings() {
        boolean overlap = noOverlap == null || !noOverlap;
        return new RunSettings(
                dropout == null || dropout,
                sequenceParallel == null || sequenceParallel,
                gradReduceBf16(),
                overlap,
                overlap,
                overlap,
                noFlash == null || !noFlash,
                null,
                software());
    }

    /** The run's software facts, in the vocabulary of the validation CSV's columns of the same names. */
    private RunSoftware software() {
        String[][] given = {
            {"--attention-kernel", attentionKernel},
            {"--activation", activation},
            {"--fp8-scaling", fp8Scaling},
            {"--elementwise", elementwise},
            {"--cross-entropy", crossEntropy}
        };
        for (String[] g : given) {
            if (g[1] != null && g[1].isBlank()) {
                // a blank CSV cell means the default; a blank option value is a mistake, not a choice
                throw new InputException(g[0] + ": empty value (omit the option for the default)");
            }
        }
        return new RunSoftware(
                RunSoftware.parse(
                        RunSoftware.AttentionKernel.class,
                        attentionKernel,
                        RunSoftware.AttentionKernel.FLASH2,
                        "--attention-kernel"),
                RunSoftware.parse(
                        RunSoftware.Activation.class, activation, RunSoftware.Activation.FUSED, "--activation"),
                RunSoftware.parse(
                        RunSoftware.Fp8Scaling.class, fp8Scaling, RunSoftware.Fp8Scaling.DELAYED, "--fp8-scaling"),
                RunSoftware.parse(
                        RunSoftware.Elementwise.class, elementwise, RunSoftware.Elementwise.FUSED, "--elementwise"),
                RunSoftware.parse(
                        RunSoftware.CrossEntropy.class,
                        crossEntropy,
                        RunSoftware.CrossEntropy.UNFUSED,
                        "--cross-entropy"),
                gradAccumulationFusion == null || gradAccumulationFusion,
                recomputeEarlyStop);
    }

    private boolean gradReduceBf16() {
        if (gradReduce == null) {
            return false;
        }
        return switch (gradReduce.toLowerCase(Locale.ROOT)) {
            case "fp32" -> false;
            case "bf16" -> true;
            default -> throw new InputException("grad-reduce: '" + gradReduce + "' is unknown; use fp32 or bf16");
        };
    }

    /** {@code --search}: the fastest fitting layouts on the analytical network of the GPU preset (or --nics-per-gpu). */
    private int runSearch() {
        if (fabricOptions.gpus == null || gbs == null) {
            throw new InputException(
                    "search: give --gpus and --gbs (the cluster size and the global batch are inputs)");
        }
        if (flowFidelity) {
            throw new InputException("search: ranks layouts with the analytical model; drop --fidelity flow");
        }
        SearchedField chosen = SearchedField.firstGiven(f -> switch (f) {
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
        if (chosen != null) {
            throw new InputException("search: --search chooses --" + chosen.option() + " (drop --" + chosen.option()
                    + ", or drop --search to estimate the given layout)");
        }
        ModelSpec m = modelSpec();
        AcceleratorSpec acc = AcceleratorCatalog.load(fabricOptions.catalogue.load())
                .get(fabricOptions.gpuId == null ? "h100" : fabricOptions.gpuId);
        ClusterNetwork net = network(acc, fabricOptions.gpus);
        RunSettings settings = runSettings();
        ParallelismSearch.Options d = ParallelismSearch.Options.defaults(gbs);
        ParallelismSearch.Options o = new ParallelismSearch.Options(
                gbs,
                mbs == null ? d.microBatches() : java.util.List.of(mbs),
                recompute == null ? d.recompute() : java.util.List.of(Recompute.parse(recompute, "recompute")),
                dpSharding == null ? d.shardings() : java.util.List.of(DpSharding.parse(dpSharding, "dp-sharding")),
                d.maxVpp(),
                d.maxCp(),
                d.tpAcrossDomains(),
                top == null ? d.top() : top,
                settings);
        ParallelismSearch.Result res = ParallelismSearch.search(m, acc, net, fabricOptions.gpus, o);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            ObjectNode n = om.createObjectNode();
            n.put("model", m.name());
            n.put("gpu", acc.id());
            n.put("gpus", fabricOptions.gpus);
            n.put("enumerated", res.enumerated());
            n.put("fitting", res.fitting());
            n.put("simulated", res.simulated());
            ObjectNode st = n.putObject("settings");
            st.put("dropout", settings.hiddenDropout());
            st.put("sequenceParallel", settings.sequenceParallel());
            st.put("gradReduce", settings.gradReduceBf16() ? "bf16" : "fp32");
            st.put("overlap", settings.overlapGradReduce());
            st.put("flashAttention", settings.flashAttention());
            st.put("software", settings.software().describe());
            var rcs = st.putArray("recompute");
            o.recompute().forEach(rc -> rcs.add(rc.name().toLowerCase(Locale.ROOT)));
            var shs = st.putArray("dpSharding");
            o.shardings().forEach(sh -> shs.add(sh.name().toLowerCase(Locale.ROOT)));
            var mbss = st.putArray("mbs");
            o.microBatches().forEach(mbss::add);
            st.put("network", built == null ? "defaults" : "fabric");
            var arr = n.putArray("layouts");
            for (ParallelismSearch.Candidate c : res.best()) {
                Parallelism p = c.parallelism();
                ObjectNode l = arr.addObject();
                l.put("tp", p.tp());
                l.put("pp", p.pp());
                l.put("dp", p.dp());
                l.put("cp", p.cp());
                l.put("ep", p.ep());
                l.put("vpp", p.vpp());
                l.put("mbs", p.microBatch());
                l.put("recompute", p.recompute().name().toLowerCase(Locale.ROOT));
                l.put("dpSharding", p.dpSharding().name().toLowerCase(Locale.ROOT));
                l.put("accountEmbeddingAndLoss", p.accountEmbedding());
                l.put("cpuOffloadLayers", p.cpuOffloadLayers());
                l.put("stepTimeS", c.result().stepTimeS());
                l.put("mfu", c.result().mfu());
                l.put("memoryPerGpuGiB", c.result().memoryPerGpuGiB());
            }
            try {
                out.println(om.writeValueAsString(n));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        } else {
            out.printf(
                    Locale.ROOT,
                    "%s on %d x %s, gbs %d: %d layouts, %d fit in memory, %d simulated%n",
                    m.name(),
                    fabricOptions.gpus,
                    acc.id(),
                    gbs,
                    res.enumerated(),
                    res.fitting(),
                    res.simulated());
            out.printf(
                    Locale.ROOT,
                    "assumed: %s; recompute %s (the lightest that fits), sharding %s, mbs %s; %s network%n",
                    settings.describe(),
                    names(o.recompute()),
                    names(o.shardings()),
                    o.microBatches().stream().map(String::valueOf).collect(Collectors.joining("|")),
                    built == null ? "analytical default" : "built fabric's");
            out.println(
                    "| # | TP | PP | VPP | DP | CP | EP | MBS | recompute | sharding | split | step (s) | MFU | GiB/GPU |");
            out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|---:|---:|---:|");
            int i = 1;
            for (ParallelismSearch.Candidate c : res.best()) {
                Parallelism p = c.parallelism();
                out.printf(
                        Locale.ROOT,
                        "| %d | %d | %d | %d | %d | %d | %d | %d | %s | %s | %s | %.3f | %.1f %% | %.1f |%n",
                        i++,
                        p.tp(),
                        p.pp(),
                        p.vpp(),
                        p.dp(),
                        p.cp(),
                        p.ep(),
                        p.microBatch(),
                        p.recompute().name().toLowerCase(Locale.ROOT)
                                + (p.cpuOffloadLayers() > 0 ? ", offload " + p.cpuOffloadLayers() : ""),
                        p.dpSharding().name().toLowerCase(Locale.ROOT),
                        p.accountEmbedding() ? "emb+loss" : "even",
                        c.result().stepTimeS(),
                        100 * c.result().mfu(),
                        c.result().memoryPerGpuGiB());
            }
            if (res.best().isEmpty()) {
                out.println("no layout fits: raise --gpus, change --gbs, or allow --recompute full");
            }
        }
        out.flush();
        return 0;
    }

    private static String names(java.util.List<? extends Enum<?>> values) {
        return values.stream().map(v -> v.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining("|"));
    }

    /** The fabric built for the last {@link #job()} (null when none was requested). */
    dev.nearlight.explore.cluster.ClusterModel built;

    private boolean flowFidelity;

    /**
     * A fabric is built when one is described (--fabric, --spec or any FABRIC-OPTION other than --gpu and --gpus,
     * which also describe the job) or when --fidelity flow needs one to simulate on.
     */
    private boolean fabricRequested() {
        FabricOptions o = fabricOptions;
        return flowFidelity
                || fabricFile != null
                || o.spec != null
                || o.topology != null
                || o.gpusPerNode != null
                || o.switchRadix != null
                || o.switchId != null
                || o.rate != null
                || o.tiers != null
                || o.oversubscription != null
                || o.nodesPerUnit != null
                || o.optics != null
                || o.noCopper != null
                || o.torusDims != null
                || o.groups != null
                || o.routersPerGroup != null
                || o.terminalsPerRouter != null
                || o.globalPerRouter != null
                || o.scaleUpDomain != null
                || o.scaleUpPorts != null
                || o.scaleUpBandwidth != null
                || o.scaleUpRadix != null
                || o.scaleUpOptics != null
                || o.nodesPerRack != null
                || o.racksPerRow != null
                || o.rowPitchM != null;
    }

    /** The user's fabric: --fabric FILE.yaml (or --spec) overridden by FABRIC-OPTIONS; --gpu is the accelerator. */
    private dev.nearlight.fabric.spec.FabricSpec userFabricSpec() {
        if (fabricFile != null) {
            if (fabricOptions.spec != null) {
                throw new InputException("--fabric and --spec both name a fabric file; give one");
            }
            if (!Files.isRegularFile(fabricFile)) {
                throw new InputException("--fabric " + fabricFile + ": no such file");
            }
            fabricOptions.spec = fabricFile;
        }
        String gpuId = fabricOptions.gpuId;
        fabricOptions.gpuId = null; // the accelerator preset's figures are in the default fabric below
        try {
            return fabricOptions.toSpec();
        } finally {
            fabricOptions.gpuId = gpuId;
        }
    }

    private ModelSpec modelSpec() {
        ModelSpec m;
        if (model != null) {
            m = ModelSpec.preset(model);
            if (layers != null || hidden != null || ffn != null || heads != null || kvHeads != null || vocab != null) {
                m = new ModelSpec(
                        m.name(),
                        or(layers, m.layers()),
                        or(hidden, m.hiddenSize()),
                        or(ffn, m.ffnHiddenSize()),
                        or(heads, m.heads()),
                        or(kvHeads, m.kvHeads()),
                        m.seqLen(),
                        or(vocab, m.vocabSize()),
                        m.experts(),
                        m.topK(),
                        m.expertFfnHiddenSize(),
                        m.gatedMlp(),
                        m.tiedEmbeddings(),
                        m.precision());
            }
        } else {
            if (layers == null || hidden == null || heads == null || vocab == null) {
                throw new InputException(
                        "model: give --model PRESET or an explicit model with --layers --hidden --heads --vocab"
                                + " (and optionally --ffn --kv-heads --seq)");
            }
            int e = or(experts, 1);
            m = new ModelSpec(
                    "custom",
                    layers,
                    hidden,
                    or(ffn, 4 * hidden),
                    heads,
                    or(kvHeads, heads),
                    or(seq, 2048),
                    vocab,
                    e,
                    or(topK, e > 1 ? ModelSpec.DEFAULT_TOP_K : 1),
                    or(expertFfn, e > 1 ? or(ffn, 4 * hidden) : 0),
                    swiglu != null && swiglu,
                    false,
                    Precision.BF16);
        }
        if (seq != null) {
            m = m.withSeqLen(seq);
        }
        if (precision != null) {
            m = m.withPrecision(Precision.parse(precision, "precision"));
        }
        return m;
    }

    /** A parallel degree the GPU count is divided by: refused below 1 before it divides. */
    private static int atLeastOne(int degree, String option) {
        if (degree < 1) {
            throw new InputException("--" + option + ": " + degree + " must be >= 1");
        }
        return degree;
    }

    /** dp x mbs, the global batch when none is given; refused when it does not fit an int. */
    private static int defaultGlobalBatch(int dp, int mbs) {
        try {
            return Math.multiplyExact(dp, mbs);
        } catch (ArithmeticException e) {
            throw new InputException("--mbs: dp x mbs = " + dp + " x " + mbs
                    + " sequences per step is more than any run can hold (give a smaller --mbs or --gbs)");
        }
    }

    private static int or(Integer v, int d) {
        return v == null ? d : v;
    }

    /** Parses 15T, 300B, 2.5M, 1e12 or a plain number of tokens. */
    static double parseTokens(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        double mult = 1;
        if (t.endsWith("T")) {
            mult = 1e12;
        } else if (t.endsWith("B") || t.endsWith("G")) {
            mult = 1e9;
        } else if (t.endsWith("M")) {
            mult = 1e6;
        } else if (t.endsWith("K")) {
            mult = 1e3;
        }
        if (mult != 1) {
            t = t.substring(0, t.length() - 1);
        }
        try {
            double v = Double.parseDouble(t) * mult;
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new InputException("tokens: '" + text + "' is not a positive token count (e.g. 15T, 300B, 1e12)");
        }
    }

    private void applyConfig(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new InputException(file + ": config file not found");
        }
        var matched = spec.commandLine().getParseResult();
        try (JsonParser p = new YAMLFactory().createParser(file.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new InputException(file + ":1:1: expected a mapping of option names to values");
            }
            JsonToken tok;
            while ((tok = p.nextToken()) == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonLocation loc = p.currentTokenLocation();
                String where = file + ":" + loc.getLineNr() + ":" + loc.getColumnNr();
                if (!KEYS.contains(key)) {
                    throw new InputException(where + ": unknown key '" + key + "' (use the long option names, e.g."
                            + " model, gpu, gpus, tp, pp, dp, mbs, gbs, seq, recompute)");
                }
                JsonToken vt = p.nextToken();
                JsonLocation vloc = p.currentTokenLocation();
                String vwhere = file + ":" + vloc.getLineNr() + ":" + vloc.getColumnNr();
                if (!vt.isScalarValue()) {
                    throw new InputException(vwhere + ": " + key + " must be a single value");
                }
                String value = p.getText();
                if (matched != null && matched.hasMatchedOption("--" + key)) {
                    continue; // the command line wins
                }
                set(key, value, vwhere);
            }
            if (tok != JsonToken.END_OBJECT) {
                throw new InputException(file + ": expected a flat mapping of option names to values");
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            throw new InputException(
                    file + ":" + (loc == null ? "?" : loc.getLineNr() + ":" + loc.getColumnNr()) + ": malformed YAML ("
                            + e.getOriginalMessage().lines().findFirst().orElse("") + ")");
        }
    }

    private void set(String key, String v, String where) {
        try {
            switch (key) {
                case "model" -> model = v;
                case "layers" -> layers = Integer.parseInt(v);
                case "hidden" -> hidden = Integer.parseInt(v);
                case "ffn" -> ffn = Integer.parseInt(v);
                case "heads" -> heads = Integer.parseInt(v);
                case "kv-heads" -> kvHeads = Integer.parseInt(v);
                case "vocab" -> vocab = Integer.parseInt(v);
                case "experts" -> experts = Integer.parseInt(v);
                case "top-k" -> topK = Integer.parseInt(v);
                case "expert-ffn" -> expertFfn = Integer.parseInt(v);
                case "swiglu" -> swiglu = bool(v, key, where);
                case "seq" -> seq = Integer.parseInt(v);
                case "precision" -> {
                    Precision.parse(v, where + ": precision"); // a bad value fails here, at its line
                    precision = v;
                }
                case "gpu" -> fabricOptions.gpuId = v;
                case "gpus" -> fabricOptions.gpus = Integer.parseInt(v);
                case "tp" -> tp = Integer.parseInt(v);
                case "pp" -> pp = Integer.parseInt(v);
                case "dp" -> dp = Integer.parseInt(v);
                case "cp" -> cp = Integer.parseInt(v);
                case "ep" -> ep = Integer.parseInt(v);
                case "vpp" -> vpp = Integer.parseInt(v);
                case "routing" -> routing = v;
                case "first-stage-layers" -> firstStageLayers = Integer.parseInt(v);
                case "cpu-offload-layers" -> cpuOffloadLayers = Integer.parseInt(v);
                case "last-stage-layers" -> lastStageLayers = Integer.parseInt(v);
                case "account-for-embedding-in-pipeline-split" -> accountEmbedding = bool(v, key, where);
                case "account-for-loss-in-pipeline-split" -> accountLoss = bool(v, key, where);
                case "grad-reduce" -> gradReduce = v;
                case "mbs" -> mbs = Integer.parseInt(v);
                case "gbs" -> gbs = Integer.parseInt(v);
                case "recompute" -> {
                    Recompute.parse(v, where + ": recompute");
                    recompute = v;
                }
                case "sequence-parallel" -> sequenceParallel = bool(v, key, where);
                case "dropout" -> dropout = bool(v, key, where);
                case "dp-sharding" -> {
                    DpSharding.parse(v, where + ": dp-sharding");
                    dpSharding = v;
                }
                case "no-overlap" -> noOverlap = bool(v, key, where);
                case "no-flash-attention" -> noFlash = bool(v, key, where);
                case "attention-kernel" -> {
                    RunSoftware.parse(RunSoftware.AttentionKernel.class, v, null, where + ": attention-kernel");
                    attentionKernel = v;
                }
                case "activation" -> {
                    RunSoftware.parse(RunSoftware.Activation.class, v, null, where + ": activation");
                    activation = v;
                }
                case "fp8-scaling" -> {
                    RunSoftware.parse(RunSoftware.Fp8Scaling.class, v, null, where + ": fp8-scaling");
                    fp8Scaling = v;
                }
                case "elementwise" -> {
                    RunSoftware.parse(RunSoftware.Elementwise.class, v, null, where + ": elementwise");
                    elementwise = v;
                }
                case "cross-entropy" -> {
                    RunSoftware.parse(RunSoftware.CrossEntropy.class, v, null, where + ": cross-entropy");
                    crossEntropy = v;
                }
                case "grad-accumulation-fusion" -> gradAccumulationFusion = bool(v, key, where);
                case "recompute-early-stop" -> recomputeEarlyStop = bool(v, key, where);
                case "tokens" -> tokens = v;
                case "fidelity" -> fidelity = v;
                case "nics-per-gpu" -> nicsPerGpu = Double.parseDouble(v);
                case "rate" -> fabricOptions.rate = v;
                case "tiers" -> fabricOptions.tiers = Integer.parseInt(v);
                case "switch-radix" -> fabricOptions.switchRadix = Integer.parseInt(v);
                case "optics" -> fabricOptions.optics = v;
                case "pue" -> pue = Double.parseDouble(v);
                default -> throw new IllegalStateException(key);
            }
        } catch (NumberFormatException e) {
            throw new InputException(where + ": " + key + ": '" + v + "' is not a number");
        }
    }

    private static boolean bool(String v, String key, String where) {
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw new InputException(where + ": " + key + ": '" + v + "' is not true or false");
    }

    static String toJson(TrainingJob job, StepResult r) {
        return toJson(job, r, "analytical", null, StepModelError.shipped());
    }

    /** The JSON contract; {@code fabric} (may be null) adds the additive {@code fabric} object. */
    static String toJson(
            TrainingJob job,
            StepResult r,
            String fidelityName,
            dev.nearlight.explore.cluster.ClusterModel fabric,
            StepModelError err) {
        ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode n = om.createObjectNode();
        n.put("model", job.model().name());
        n.put("gpu", job.accelerator().id());
        n.put("gpus", job.gpus());
        n.put("fidelity", fidelityName);
        n.put("stepTimeS", r.stepTimeS());
        // the step model's own error on the published runs it was not fitted to, as a band on this step
        ObjectNode band = n.putObject("stepModelError");
        band.put("lowQuantile", StepModelError.BAND_LOW);
        band.put("highQuantile", StepModelError.BAND_HIGH);
        band.put("lowFactor", err.quantile(StepModelError.BAND_LOW));
        band.put("highFactor", err.quantile(StepModelError.BAND_HIGH));
        band.put("lowStepTimeS", r.stepTimeS() * err.quantile(StepModelError.BAND_LOW));
        band.put("highStepTimeS", r.stepTimeS() * err.quantile(StepModelError.BAND_HIGH));
        band.put("runs", err.runs());
        band.put("source", err.source());
        // below the shortest run behind the band the band says nothing (and the model is optimistic there)
        if (!Double.isNaN(err.shortestStepS())) {
            band.put("shortestRunStepS", err.shortestStepS());
        }
        band.put("covers", err.covers(r.stepTimeS()));
        ObjectNode b = n.putObject("breakdownS");
        r.breakdownS().forEach(b::put);
        n.put("mfu", r.mfu());
        n.put("hfu", r.hfu());
        n.put("tflopsPerGpu", r.tflopsPerGpu());
        n.put("tokensPerS", r.tokensPerS());
        n.put("timeToTrainDays", r.timeToTrainDays());
        n.put("tokenBudget", job.tokenBudget());
        n.put("energyMWh", r.energyMWh());
        n.put("energyPerStepJ", r.energyPerStepJ());
        ObjectNode pw = n.putObject("powerW");
        r.powerBreakdownW().forEach(pw::put);
        n.put("pue", job.energy().pue());
        n.put("starvationFraction", r.starvationFraction());
        n.put("bubbleFraction", r.bubbleFraction());
        n.put("memoryPerGpuGiB", r.memoryPerGpuGiB());
        ObjectNode mem = n.putObject("memoryGiB");
        double gib = 1024.0 * 1024 * 1024;
        mem.put("weights", r.memory().weightBytes() / gib);
        mem.put("gradients", r.memory().gradientBytes() / gib);
        mem.put("optimizer", r.memory().optimizerBytes() / gib);
        mem.put("activations", r.memory().activationBytes() / gib);
        mem.put("overhead", r.memory().overheadBytes() / gib);
        mem.put("stage", r.memory().stage());
        mem.put("capacity", job.accelerator().hbmGiB());
        ObjectNode net = n.putObject("network");
        net.put("scaleOutGBpsPerGpu", job.network().scaleOutBytesPerS() / 1e9);
        net.put("scaleOutLatencyS", job.network().scaleOutLatencyS(job.gpus()));
        net.put("hopLatencyS", job.network().hopLatencyS());
        net.put("tiers", job.network().tiersFor(job.gpus()));
        net.put("scaleUpDomainGpus", job.network().scaleUpDomainGpus());
        net.put("source", fabric == null ? "defaults" : "fabric");
        if (fabric != null) {
            ObjectNode f = n.putObject("fabric");
            f.put("topology", fabric.bom().topology());
            f.put("gpus", fabric.bom().gpus());
            f.put("diameterHops", fabric.bom().diameterHops());
            f.put("switchPowerW", fabric.bom().switchPowerW());
            f.put("opticsPowerW", fabric.bom().opticsPowerW());
            f.put("hostSerdesPowerW", fabric.bom().hostSerdesPowerW());
            f.put("totalPowerW", fabric.bom().totalPowerW());
            f.set("shape", om.valueToTree(fabric.bom().shape()));
        }
        try {
            return om.writeValueAsString(n);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(TrainingJob job, StepResult r, StepModelError err) {
        Map<String, String> lines = new LinkedHashMap<>();
        var par = job.parallelism();
        lines.put(
                "model",
                String.format(
                        Locale.ROOT,
                        "%s (%.1fB parameters, seq %d, %s)",
                        job.model().name(),
                        job.model().parameters() / 1e9,
                        job.model().seqLen(),
                        job.model().precision()));
        lines.put(
                "cluster",
                String.format(
                                Locale.ROOT,
                                "%d x %s, TP %d PP %d (vpp %d) DP %d CP %d EP %d, mbs %d gbs %d," + " recompute %s, %s",
                                job.gpus(),
                                job.accelerator().id(),
                                par.tp(),
                                par.pp(),
                                par.vpp(),
                                par.dp(),
                                par.cp(),
                                par.ep(),
                                par.microBatch(),
                                par.globalBatch(),
                                par.recompute().name().toLowerCase(Locale.ROOT),
                                par.dpSharding().name().toLowerCase(Locale.ROOT))
                        + (par.cpuOffloadLayers() > 0
                                ? ", activations of " + par.cpuOffloadLayers() + " layers offloaded to the host"
                                : ""));
        String software = RunSoftware.of(par).describe();
        if (!software.isEmpty()) {
            lines.put("software", software);
        }
        lines.put(
                "step time",
                String.format(
                        Locale.ROOT,
                        "%.3f s (%.3f..%.3f s at the model's error: %s, %.0f-%.0f %% of %d %s)",
                        r.stepTimeS(),
                        r.stepTimeS() * err.quantile(StepModelError.BAND_LOW),
                        r.stepTimeS() * err.quantile(StepModelError.BAND_HIGH),
                        err.span(StepModelError.BAND_LOW, StepModelError.BAND_HIGH),
                        100 * StepModelError.BAND_LOW,
                        100 * StepModelError.BAND_HIGH,
                        err.runs(),
                        err.source()));
        String outside = err.outsideNote(r.stepTimeS());
        if (!outside.isEmpty()) {
            lines.put("model domain", outside);
        }
        StringBuilder bd = new StringBuilder();
        r.breakdownS().forEach((k, v) -> bd.append(String.format(Locale.ROOT, "%s %.3f  ", k, v)));
        lines.put("breakdown (s)", bd.toString().trim());
        lines.put("MFU / HFU", String.format(Locale.ROOT, "%.1f %% / %.1f %%", 100 * r.mfu(), 100 * r.hfu()));
        lines.put("TFLOP/s per GPU", String.format(Locale.ROOT, "%.1f (Megatron-LM formula)", r.tflopsPerGpu()));
        lines.put("tokens/s", String.format(Locale.ROOT, "%.4g", r.tokensPerS()));
        lines.put(
                "time to train",
                String.format(Locale.ROOT, "%.2f days for %.3g tokens", r.timeToTrainDays(), job.tokenBudget()));
        lines.put(
                "energy",
                String.format(
                        Locale.ROOT,
                        "%.1f MWh per run, %.3g J per step (PUE %.2f)",
                        r.energyMWh(),
                        r.energyPerStepJ(),
                        job.energy().pue()));
        lines.put(
                "starvation",
                String.format(
                        Locale.ROOT,
                        "%.1f %% of GPU time waiting on communication (bubble %.1f %%)",
                        100 * r.starvationFraction(),
                        100 * r.bubbleFraction()));
        lines.put(
                "memory per GPU",
                String.format(
                        Locale.ROOT,
                        "%.1f of %.1f GiB (stage %d)",
                        r.memoryPerGpuGiB(),
                        job.accelerator().hbmGiB(),
                        r.memory().stage()));
        StringBuilder sb = new StringBuilder();
        lines.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "%-16s %s%n", k, v)));
        return sb.toString();
    }
}
