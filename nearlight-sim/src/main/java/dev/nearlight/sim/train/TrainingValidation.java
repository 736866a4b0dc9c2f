package dev.nearlight.sim.train;

import dev.nearlight.core.InputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Replays published training runs through {@link TrainingStepModel} and reports predicted vs published throughput.
 * Two kinds of input: the calibration tables of {@code shared/validation} (SC21 Table 1 on A100, Megatron-Core r0.8.0
 * on H100; each configured by one documented policy, never per row) and run files in the generic CSV format of
 * {@code docs/validation.md} (the held-out set {@code train/heldout_public_runs.csv} and any {@code --data FILE}).
 * Rows whose configuration the model refuses (memory, divisibility) are reported with the reason, never dropped.
 */
public final class TrainingValidation {
    /** Classpath resource of the held-out public runs (not used for calibration). */
    public static final String HELD_OUT_RESOURCE = "/train/heldout_public_runs.csv";

    /**
     * One validation row.
     *
     * @param source publication
     * @param role {@code fitted} (a calibration row) or {@code checked} (held out)
     * @param metric what {@code published} and {@code predicted} measure (see {@link #METRICS})
     * @param note why the model refused the configuration, or the memory verdict; empty when it fits
     * @param predictedStepS the model's step time for the row's configuration, in seconds
     */
    public record Row(
            String source,
            String role,
            String model,
            String gpu,
            String precision,
            int gpus,
            int tp,
            int pp,
            int dp,
            int cp,
            int vpp,
            int mbs,
            String metric,
            double published,
            double predicted,
            String note,
            double predictedStepS) {
        /** Signed relative error (predicted - published) / published; NaN when the model refused the row. */
        public double error() {
            return (predicted - published) / published;
        }

        /**
         * The measured step time over the predicted one: the factor the model's step time needs to match the run.
         * Every metric but {@code step_time_s} is a rate (inversely proportional to the step time), so its ratio is
         * predicted / published; NaN when the model refused the row.
         */
        public double stepTimeRatio() {
            return "step_time_s".equals(metric) ? published / predicted : predicted / published;
        }

        /** Published TFLOP/s per GPU (for the TFLOP/s metrics). */
        public double publishedTflops() {
            return published;
        }

        /** Predicted value of the row's metric. */
        public double predictedTflops() {
            return predicted;
        }
    }

    /** Metrics a run file may give: model/Megatron TFLOP/s per GPU, tokens/s per GPU, MFU in %, step time in s. */
    public static final List<String> METRICS = List.of(
            "model_tflops_per_gpu",
            "model_tflops_per_gpu_causal",
            "megatron_tflops_per_gpu",
            "tokens_per_s_per_gpu",
            "mfu_pct",
            "step_time_s");

    private final Function<String, AcceleratorSpec> accelerators;
    private final StepCalibration calibration;

    /** A validation run over {@code catalog} with the default calibration. */
    public TrainingValidation(AcceleratorCatalog catalog) {
        this(catalog::get, StepCalibration.defaults());
    }

    /** A validation run with explicit accelerators (by id) and calibration, for calibration sweeps. */
    public TrainingValidation(Function<String, AcceleratorSpec> accelerators, StepCalibration calibration) {
        this.accelerators = accelerators;
        this.calibration = calibration;
    }

    /** Runs every row of the SC21 Table 1 and Megatron-Core H100 CSVs found in {@code validationDir}. */
    public List<Row> run(Path validationDir) {
        List<Row> rows = new ArrayList<>();
        Path sc21 = validationDir.resolve("megatron_sc21_table1_weak_scaling.csv");
        Map<String, Sc21Layout> layouts = sc21Layouts();
        for (Map<String, String> r : csv(sc21, read(sc21))) {
            Sc21Layout layout = layouts.get(r.get("params_billion"));
            if (layout == null) {
                throw new InputException(sc21 + ": params_billion " + r.get("params_billion")
                        + " has no published layout in " + SC21_LAYOUTS_RESOURCE + " (add its micro-batch, DDP and"
                        + " interleaving from the authors' script)");
            }
            rows.add(row(
                    "SC21 Table 1",
                    r.get("params_billion") + "B",
                    i(r, "attention_heads"),
                    i(r, "hidden_size"),
                    i(r, "num_layers"),
                    i(r, "tp"),
                    i(r, "pp"),
                    i(r, "dp_derived"),
                    i(r, "global_batch_seqs"),
                    i(r, "seq_len_tokens"),
                    i(r, "vocab_size"),
                    "a100",
                    Double.parseDouble(r.get("achieved_tflops_per_gpu")),
                    layout));
        }
        Path core = validationDir.resolve("megatron_core_r080_h100_weak_scaling.csv");
        for (Map<String, String> r : csv(core, read(core))) {
            rows.add(row(
                    "Megatron-Core r0.8.0",
                    r.get("model"),
                    i(r, "attention_heads"),
                    i(r, "hidden_size"),
                    i(r, "num_layers"),
                    i(r, "tp"),
                    i(r, "pp"),
                    i(r, "dp"),
                    i(r, "global_batch_seqs"),
                    i(r, "seq_len_tokens"),
                    i(r, "vocab_size"),
                    "h100",
                    Double.parseDouble(r.get("achieved_tflops_per_gpu")),
                    null));
        }
        return rows;
    }

    /** Runs the bundled held-out public runs ({@link #HELD_OUT_RESOURCE}). */
    public List<Row> runHeldOut() {
        try (InputStream in = TrainingValidation.class.getResourceAsStream(HELD_OUT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + HELD_OUT_RESOURCE);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return runRows("heldout_public_runs.csv", text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a run file in the generic CSV format (docs/validation.md). */
    public List<Row> runFile(Path file) {
        return runRows(file.toString(), read(file));
    }

    /** The columns of the {@code --data} format (docs/validation.md, "CSV format for --data"). */
    static final Set<String> COLUMNS = Set.of(
            "source",
            "citation",
            "role",
            "model",
            "layers",
            "hidden",
            "ffn",
            "heads",
            "kv_heads",
            "vocab",
            "seq",
            "experts",
            "top_k",
            "expert_ffn",
            "gated",
            "tied",
            "gpu",
            "gpus",
            "tp",
            "pp",
            "cp",
            "ep",
            "vpp",
            "mbs",
            "gbs",
            "precision",
            "recompute",
            "sharding",
            "grad_reduce",
            "first_stage_layers",
            "last_stage_layers",
            "account_embedding",
            "account_loss",
            "tp_overlap",
            "sequence_parallel",
            "flash_attention",
            "attention_kernel",
            "activation",
            "grad_accumulation_fusion",
            "elementwise",
            "cross_entropy",
            "recompute_early_stop",
            "cpu_offload_layers",
            "fp8_scaling",
            "dropout",
            "metric",
            "measured",
            "confidence");

    private List<Row> runRows(String fileName, List<String> lines) {
        List<Row> rows = new ArrayList<>();
        for (Map<String, String> r : csv(fileName, lines, COLUMNS)) {
            rows.add(genericRow(fileName + ":" + r.get("#line"), r));
        }
        return rows;
    }

    private List<Row> runRows(String fileName, String text) {
        return runRows(fileName, List.of(text.split("\\R", -1)));
    }

    private Row genericRow(String where, Map<String, String> r) {
        String metric = req(r, "metric", where);
        if (!METRICS.contains(metric)) {
            throw new InputException(where + ": metric '" + metric + "' is unknown (use one of " + METRICS + ")");
        }
        double measured = num(r, "measured", where, Double.NaN);
        if (!(measured > 0)) {
            throw new InputException(where + ": measured must be a positive number");
        }
        String name = r.getOrDefault("model", "");
        ModelSpec base = null;
        if (!name.isBlank() && ModelSpec.presetIds().contains(name.toLowerCase(Locale.ROOT))) {
            base = ModelSpec.preset(name);
        }
        if (base == null && r.getOrDefault("layers", "").isBlank()) {
            throw new InputException(where + ": model '" + name + "' is no preset; give layers, hidden, ffn, heads,"
                    + " kv_heads, vocab and seq");
        }
        int heads = (int) num(r, "heads", where, base == null ? Double.NaN : base.heads());
        int hidden = (int) num(r, "hidden", where, base == null ? Double.NaN : base.hiddenSize());
        ModelSpec model = new ModelSpec(
                name.isBlank() ? "custom" : name,
                (int) num(r, "layers", where, base == null ? Double.NaN : base.layers()),
                hidden,
                (int) num(r, "ffn", where, base == null ? 4.0 * hidden : base.ffnHiddenSize()),
                heads,
                (int) num(r, "kv_heads", where, base == null ? heads : base.kvHeads()),
                (int) num(r, "seq", where, base == null ? Double.NaN : base.seqLen()),
                (int) num(r, "vocab", where, base == null ? Double.NaN : base.vocabSize()),
                (int) num(r, "experts", where, base == null ? 1 : base.experts()),
                (int) num(r, "top_k", where, base == null ? 1 : base.topK()),
                (int) num(r, "expert_ffn", where, base == null ? 0 : base.expertFfnHiddenSize()),
                bool(r, "gated", base != null && base.gatedMlp(), where),
                bool(r, "tied", base == null || base.tiedEmbeddings(), where),
                r.getOrDefault("precision", "").isBlank()
                        ? Precision.BF16
                        : Precision.parse(r.get("precision"), where + ": precision"));
        String gpu = req(r, "gpu", where);
        int gpus = (int) num(r, "gpus", where, Double.NaN);
        int tp = (int) num(r, "tp", where, 1);
        int pp = (int) num(r, "pp", where, 1);
        int cp = (int) num(r, "cp", where, 1);
        int ep = (int) num(r, "ep", where, 1);
        if (gpus % ((long) tp * pp * cp) != 0) {
            throw new InputException(where + ": gpus " + gpus + " is not divisible by tp x pp x cp");
        }
        int dp = gpus / (tp * pp * cp);
        int vpp = (int) num(r, "vpp", where, 1);
        int mbs = (int) num(r, "mbs", where, 1);
        // Row policy for current Megatron-Core / NeMo runs (docs/validation.md): flash attention, sequence
        // parallelism with TP, distributed optimizer and overlapped TP/DP communication, no recomputation.
        RunSoftware software = software(r, where);
        Parallelism par;
        try {
            par = software.applyTo(Parallelism.builder())
                    .tp(tp)
                    .pp(pp)
                    .dp(dp)
                    .cp(cp)
                    .ep(ep)
                    .vpp(vpp)
                    .microBatch(mbs)
                    .globalBatch((int) num(r, "gbs", where, Double.NaN))
                    .sequenceParallel(bool(r, "sequence_parallel", tp > 1, where))
                    .dpSharding(
                            r.getOrDefault("sharding", "").isBlank()
                                    ? DpSharding.ZERO1
                                    : DpSharding.parse(r.get("sharding"), where + ": sharding"))
                    .recompute(
                            r.getOrDefault("recompute", "").isBlank()
                                    ? Recompute.NONE
                                    : Recompute.parse(r.get("recompute"), where + ": recompute"))
                    .overlap(true)
                    // Transformer Engine's TP overlap (2023+) and flash attention (2022+) postdate older runs.
                    .tpCommOverlap(bool(r, "tp_overlap", true, where))
                    .flashAttention(bool(r, "flash_attention", true, where))
                    .firstStageLayers((int) num(r, "first_stage_layers", where, 0))
                    .cpuOffloadLayers((int) num(r, "cpu_offload_layers", where, 0))
                    .lastStageLayers((int) num(r, "last_stage_layers", where, 0))
                    .accountEmbedding(bool(r, "account_embedding", false, where))
                    .accountLoss(bool(r, "account_loss", false, where))
                    .hiddenDropout(bool(r, "dropout", true, where))
                    // NeMo's FP8 performance recipes reduce gradients in bf16 (grad_reduce_in_fp32 = False);
                    // Megatron-LM forces fp32 gradient accumulation with bf16.
                    .gradReduceBf16(
                            r.getOrDefault("grad_reduce", "").isBlank()
                                    ? model.precision().isFp8Class()
                                    : "bf16".equalsIgnoreCase(r.get("grad_reduce")))
                    .build();
        } catch (InputException e) {
            throw e.getMessage().startsWith(where + ": ") ? e : new InputException(where + ": " + e.getMessage());
        }
        String source = r.getOrDefault("source", "");
        String role = r.getOrDefault("role", "checked");
        AcceleratorSpec acc = accelerators.apply(gpu);
        TrainingJob job;
        try {
            job = new TrainingJob(model, par, acc, null, null, 1e12, calibration);
        } catch (InputException e) {
            throw e.getMessage().startsWith(where + ": ") ? e : new InputException(where + ": " + e.getMessage());
        }
        MemoryBreakdown mem = TrainingStepModel.memory(job);
        String note = mem.totalBytes() > acc.hbmBytes()
                ? String.format(Locale.ROOT, "memory %.1f of %.1f GiB", mem.totalGiB(), acc.hbmGiB())
                : "";
        StepResult res = new TrainingStepModel(new AlphaBetaCostModel(job.network())).simulate(job, false);
        double predicted = metric(metric, res, model, par, acc);
        return new Row(
                source,
                role,
                name,
                gpu,
                model.precision().name().toLowerCase(Locale.ROOT),
                gpus,
                tp,
                pp,
                dp,
                cp,
                vpp,
                mbs,
                metric,
                measured,
                predicted,
                note,
                res.stepTimeS());
    }

    /** The value of {@code metric} for one estimate. */
    static double metric(String metric, StepResult res, ModelSpec model, Parallelism par, AcceleratorSpec acc) {
        long gpus = par.gpus();
        return switch (metric) {
            case "model_tflops_per_gpu" ->
                model.modelFlopsPerIteration(par.globalBatch()) / (res.stepTimeS() * gpus) / 1e12;
            case "model_tflops_per_gpu_causal" ->
                model.causalModelFlopsPerIteration(par.globalBatch()) / (res.stepTimeS() * gpus) / 1e12;
            case "megatron_tflops_per_gpu" -> res.tflopsPerGpu();
            case "tokens_per_s_per_gpu" -> res.tokensPerS() / gpus;
            case "mfu_pct" -> 100 * res.mfu();
            case "step_time_s" -> res.stepTimeS();
            default -> throw new InputException("metric: unknown '" + metric + "' (use one of " + METRICS + ")");
        };
    }

    private Row row(
            String source,
            String name,
            int heads,
            int hidden,
            int layers,
            int tp,
            int pp,
            int dp,
            int gbs,
            int seq,
            int vocab,
            String gpu,
            double published,
            Sc21Layout sc21Layout) {
        ModelSpec model = ModelSpec.gpt(name, layers, hidden, heads, seq, vocab);
        boolean modern = sc21Layout == null;
        int mbs = modern ? 1 : sc21Layout.microBatch();
        int vpp;
        if (modern) {
            // Megatron-Core r0.8.0: one layer per virtual stage whenever the micro-batch count allows it.
            vpp = pp > 1 && (gbs / dp) % pp == 0 ? layers / pp : 1;
        } else {
            vpp = sc21Layout.layersPerVirtualStage() > 0 ? layers / pp / sc21Layout.layersPerVirtualStage() : 1;
        }
        Parallelism par = Parallelism.builder()
                .tp(tp)
                .pp(pp)
                .dp(dp)
                .vpp(vpp)
                .microBatch(mbs)
                .globalBatch(gbs)
                .recompute(modern ? Recompute.NONE : Recompute.FULL)
                .sequenceParallel(modern && tp > 1)
                .dpSharding(modern ? DpSharding.ZERO1 : DpSharding.NONE)
                // Two-byte gradient reduction in both: SC21 ran --fp16 without fp32 accumulation, so its gradients are
                // accumulated and all-reduced in fp16. Megatron-Core r0.8.0: the README does not say; the measured DP
                // scaling (32B on TP 8 x DP 48) is consistent with bf16 gradient reduce-scatter only.
                .gradReduceBf16(true)
                .overlap(modern)
                // SC21: PyTorch DDP overlaps the last micro-batch's backward; Megatron's local DDP reduces after it.
                .overlapGradReduce(modern || sc21Layout.torchDdp())
                .flashAttention(modern)
                // SC21 (Megatron-LM of 2021): autograd adds each micro-batch's fp16 weight gradient into param.grad
                // (local DDP: main_grad is param.grad) in its own kernel; the fusion into the GEMM came in 2022.
                .unfusedWgradAccumulation(!modern)
                .build();
        TrainingJob job = new TrainingJob(model, par, accelerators.apply(gpu), null, null, 1e12, calibration);
        StepResult res = TrainingStepModel.estimate(job);
        return new Row(
                source,
                "fitted",
                name,
                gpu,
                // SC21 ran --fp16: the same 2-byte tensors and A100 peak as BF16, which the model prices it as.
                modern ? "bf16" : "fp16",
                (int) par.gpus(),
                tp,
                pp,
                dp,
                1,
                vpp,
                mbs,
                "megatron_tflops_per_gpu",
                published,
                res.tflopsPerGpu(),
                "",
                res.stepTimeS());
    }

    /** Classpath resource of the SC21 Table 1 runs' published layouts (the authors' scripts). */
    static final String SC21_LAYOUTS_RESOURCE = "/train/sc21_table1_layouts.csv";

    /**
     * What the authors' script set for one SC21 Table 1 run beyond the shared table's columns.
     *
     * @param microBatch {@code --micro-batch-size}
     * @param torchDdp {@code --DDP-impl torch} (gradient all-reduce overlapped with the last backward) rather than
     *     {@code local} (all-reduced after it)
     * @param layersPerVirtualStage {@code --num-layers-per-virtual-pipeline-stage}; 0 = no interleaving
     */
    record Sc21Layout(int microBatch, boolean torchDdp, int layersPerVirtualStage) {}

    /** The SC21 layouts by the shared table's {@code params_billion} cell. */
    static Map<String, Sc21Layout> sc21Layouts() {
        try (InputStream in = TrainingValidation.class.getResourceAsStream(SC21_LAYOUTS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + SC21_LAYOUTS_RESOURCE);
            }
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .toList();
            Map<String, Sc21Layout> out = new HashMap<>();
            for (Map<String, String> r : csv(SC21_LAYOUTS_RESOURCE, lines, null)) {
                String ddp = r.get("ddp");
                String lpvs = r.getOrDefault("layers_per_virtual_stage", "");
                out.put(
                        r.get("params_billion"),
                        new Sc21Layout(
                                Integer.parseInt(r.get("micro_batch")),
                                "torch".equals(ddp),
                                lpvs.isBlank() ? 0 : Integer.parseInt(lpvs)));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Median of |error| over {@code rows}. */
    public static double medianAbsError(List<Row> rows) {
        double[] e =
                rows.stream().mapToDouble(r -> Math.abs(r.error())).sorted().toArray();
        int n = e.length;
        if (n == 0) {
            return 0;
        }
        return n % 2 == 1 ? e[n / 2] : (e[n / 2 - 1] + e[n / 2]) / 2;
    }

    /** Mean of |error| over {@code rows}. */
    public static double meanAbsError(List<Row> rows) {
        return rows.stream().mapToDouble(r -> Math.abs(r.error())).average().orElse(0);
    }

    /** Largest |error| over {@code rows}. */
    public static double maxAbsError(List<Row> rows) {
        return rows.stream().mapToDouble(r -> Math.abs(r.error())).max().orElse(0);
    }

    /** A table cell of {@code metric}: step times in ms resolution (seconds with 3 decimals), rates with one decimal. */
    private static String value(String metric, double v) {
        return String.format(Locale.ROOT, "step_time_s".equals(metric) ? "%.3f" : "%.1f", v);
    }

    /** The rows as a Markdown table with a summary line. */
    public static String markdown(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("| source | role | model | GPU | prec | GPUs | TP | PP | DP | CP | VPP | MBS | metric | published |"
                + " predicted | error | note |\n");
        sb.append("|---|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---|\n");
        for (Row r : rows) {
            sb.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %s | %s | %d | %d | %d | %d | %d | %d | %d | %s | %s | %s | %+.1f %% | %s |%n",
                    r.source(),
                    r.role(),
                    r.model(),
                    r.gpu(),
                    r.precision(),
                    r.gpus(),
                    r.tp(),
                    r.pp(),
                    r.dp(),
                    r.cp(),
                    r.vpp(),
                    r.mbs(),
                    r.metric(),
                    value(r.metric(), r.published()),
                    value(r.metric(), r.predicted()),
                    100 * r.error(),
                    r.note()));
        }
        sb.append(summary(rows));
        return sb.toString();
    }

    /**
     * The rows grouped by source (a publication or a software release) and GPU, with each group's median signed error
     * (its bias: + means the model predicts the run faster than it ran) beside its median and max |error|. One
     * release's rows sharing a bias that the next release's rows of the same configuration do not share is software
     * drift, which a model without a software version cannot follow (docs/validation.md).
     */
    public static String bySource(List<Row> rows) {
        Map<String, List<Row>> groups = new java.util.LinkedHashMap<>();
        for (Row r : rows) {
            groups.computeIfAbsent(r.source() + " | " + r.gpu(), k -> new ArrayList<>())
                    .add(r);
        }
        StringBuilder sb = new StringBuilder();
        sb.append("| source | GPU | rows | median error (bias) | median |error| | max |error| |\n");
        sb.append("|---|---|---:|---:|---:|---:|\n");
        for (Map.Entry<String, List<Row>> g : groups.entrySet()) {
            List<Row> rs = g.getValue();
            sb.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %+.1f %% | %.1f %% | %.1f %% |%n",
                    g.getKey(),
                    rs.size(),
                    100 * medianSignedError(rs),
                    100 * medianAbsError(rs),
                    100 * maxAbsError(rs)));
        }
        return sb.toString();
    }

    /**
     * Median bias, + meaning predicted faster than the run: the step-time ratio minus one, which is the signed error of
     * a rate row and the opposite sign of a {@code step_time_s} row's; 0 for no rows.
     */
    public static double medianSignedError(List<Row> rows) {
        double[] e =
                rows.stream().mapToDouble(r -> r.stepTimeRatio() - 1).sorted().toArray();
        int n = e.length;
        if (n == 0) {
            return 0;
        }
        return n % 2 == 1 ? e[n / 2] : (e[n / 2 - 1] + e[n / 2]) / 2;
    }

    /** One summary line: rows, median, mean and max |error|. */
    public static String summary(List<Row> rows) {
        return String.format(
                Locale.ROOT,
                "%nrows: %d, median |error|: %.1f %%, mean |error|: %.1f %%, max |error|: %.1f %%%n",
                rows.size(),
                100 * medianAbsError(rows),
                100 * meanAbsError(rows),
                100 * maxAbsError(rows));
    }

    private static int i(Map<String, String> r, String key) {
        String v = r.get(key);
        if (v == null) {
            throw new InputException("validation CSV: missing column " + key);
        }
        return (int) Math.round(Double.parseDouble(v));
    }

    private static String req(Map<String, String> r, String key, String where) {
        String v = r.get(key);
        if (v == null || v.isBlank()) {
            throw new InputException(where + ": column '" + key + "' is empty (give a value)");
        }
        return v;
    }

    private static double num(Map<String, String> r, String key, String where, double dflt) {
        String v = r.get(key);
        if (v == null || v.isBlank()) {
            if (Double.isNaN(dflt)) {
                throw new InputException(where + ": column '" + key + "' is empty (give a number)");
            }
            return dflt;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new InputException(where + ": " + key + " '" + v + "' is not a number");
        }
    }

    /**
     * The run's software facts from the columns {@code attention_kernel} ({@code flash2} or {@code triton}), {@code
     * activation} ({@code fused} or {@code squared_relu_eager}), {@code fp8_scaling} ({@code delayed} or {@code
     * current}), {@code elementwise}, {@code cross_entropy} ({@code unfused} or {@code te}), {@code
     * grad_accumulation_fusion} (Megatron-LM runs before February 2022 added
     * each weight gradient into main_grad in a hook) and {@code recompute_early_stop} (blank: the sharding decides,
     * fsdp = PyTorch's FSDP and its early-stopping checkpoint), in {@link RunSoftware}'s vocabulary.
     */
    private static RunSoftware software(Map<String, String> r, String where) {
        try {
            String early = r.getOrDefault("recompute_early_stop", "");
            return new RunSoftware(
                    RunSoftware.parse(
                            RunSoftware.AttentionKernel.class,
                            r.get("attention_kernel"),
                            RunSoftware.AttentionKernel.FLASH2,
                            "attention_kernel"),
                    RunSoftware.parse(
                            RunSoftware.Activation.class,
                            r.get("activation"),
                            RunSoftware.Activation.FUSED,
                            "activation"),
                    RunSoftware.parse(
                            RunSoftware.Fp8Scaling.class,
                            r.get("fp8_scaling"),
                            RunSoftware.Fp8Scaling.DELAYED,
                            "fp8_scaling"),
                    RunSoftware.parse(
                            RunSoftware.Elementwise.class,
                            r.get("elementwise"),
                            RunSoftware.Elementwise.FUSED,
                            "elementwise"),
                    RunSoftware.parse(
                            RunSoftware.CrossEntropy.class,
                            r.get("cross_entropy"),
                            RunSoftware.CrossEntropy.UNFUSED,
                            "cross_entropy"),
                    bool(r, "grad_accumulation_fusion", true, where),
                    early.isBlank() ? null : bool(r, "recompute_early_stop", false, where));
        } catch (InputException e) {
            throw e.getMessage().startsWith(where + ": ") ? e : new InputException(where + ": " + e.getMessage());
        }
    }

    private static boolean bool(Map<String, String> r, String key, boolean dflt, String where) {
        String v = r.get(key);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        String t = v.trim();
        if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(t);
        }
        throw new InputException(where + ": " + key + " '" + t + "' is not a boolean (use true or false)");
    }

    private static List<String> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InputException(file + ": validation file not found (pass --shared DIR pointing at shared/)");
        }
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Map<String, String>> csv(Path file, List<String> lines) {
        return csv(file.toString(), lines, null);
    }

    /**
     * Parses a CSV with a header; '#' lines are comments, double quotes protect commas. Adds "#line". A header cell
     * outside {@code known} (when given) is an error: a misspelt column would otherwise be ignored silently.
     */
    private static List<Map<String, String>> csv(String file, List<String> lines, Set<String> known) {
        List<Map<String, String>> out = new ArrayList<>();
        String[] header = null;
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            List<String> cells = split(line);
            if (header == null) {
                header = cells.stream().map(String::trim).toArray(String[]::new);
                for (String h : header) {
                    if (known != null && !known.contains(h)) {
                        throw new InputException(file + ":" + (n + 1) + ": unknown column '" + h
                                + "' (the columns are listed in docs/validation.md, CSV format for --data)");
                    }
                }
                continue;
            }
            if (cells.size() > header.length) {
                throw new InputException(file + ":" + (n + 1) + ": " + cells.size() + " cells but the header has "
                        + header.length + " (quote cells that contain commas)");
            }
            Map<String, String> m = new HashMap<>();
            for (int k = 0; k < cells.size(); k++) {
                m.put(header[k], cells.get(k).trim());
            }
            m.put("#line", Integer.toString(n + 1));
            out.add(m);
        }
        if (header == null) {
            throw new InputException(file + ": no header row");
        }
        return out;
    }

    private static List<String> split(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int k = 0; k < line.length(); k++) {
            char c = line.charAt(k);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                cells.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        cells.add(cur.toString());
        return cells;
    }
}
