package dev.nearlight.sim.train;

import dev.nearlight.core.InputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Replays the published Megatron-LM runs of {@code shared/validation} (SC21 Table 1 on A100, Megatron-Core r0.8.0 on
 * H100) through {@link TrainingStepModel} and reports predicted vs published TFLOP/s per GPU. The configuration of
 * each row is derived by one documented policy, never per row: micro-batch 1; SC21 rows use full recomputation,
 * no fused attention and no communication overlap (the 2021 code base); Megatron-Core rows use flash attention,
 * sequence parallelism, the distributed optimizer (ZeRO-1) and overlapped TP/DP communication, no recomputation;
 * interleaving uses one layer per virtual stage (vpp = layers/pp) whenever the micro-batch count allows it.
 */
public final class TrainingValidation {
    /** One validation row. */
    public record Row(
            String source,
            String model,
            int gpus,
            int tp,
            int pp,
            int dp,
            int vpp,
            double publishedTflops,
            double predictedTflops) {
        /** Signed relative error (predicted - published) / published. */
        public double error() {
            return (predictedTflops - publishedTflops) / publishedTflops;
        }
    }

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
        for (Map<String, String> r : csv(validationDir.resolve("megatron_sc21_table1_weak_scaling.csv"))) {
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
                    false));
        }
        for (Map<String, String> r : csv(validationDir.resolve("megatron_core_r080_h100_weak_scaling.csv"))) {
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
                    true));
        }
        return rows;
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
            boolean modern) {
        ModelSpec model = ModelSpec.gpt(name, layers, hidden, heads, seq, vocab);
        int m = gbs / dp;
        int vpp = pp > 1 && m % pp == 0 ? layers / pp : 1;
        Parallelism par = Parallelism.builder()
                .tp(tp)
                .pp(pp)
                .dp(dp)
                .vpp(vpp)
                .microBatch(1)
                .globalBatch(gbs)
                .recompute(modern ? Recompute.NONE : Recompute.FULL)
                .sequenceParallel(modern && tp > 1)
                .dpSharding(modern ? DpSharding.ZERO1 : DpSharding.NONE)
                .overlap(modern)
                .flashAttention(modern)
                .build();
        TrainingJob job = new TrainingJob(model, par, accelerators.apply(gpu), null, null, 1e12, calibration);
        StepResult res = TrainingStepModel.estimate(job);
        return new Row(source, name, (int) par.gpus(), tp, pp, dp, vpp, published, res.tflopsPerGpu());
    }

    /** Median of |error| over {@code rows}. */
    public static double medianAbsError(List<Row> rows) {
        double[] e =
                rows.stream().mapToDouble(r -> Math.abs(r.error())).sorted().toArray();
        int n = e.length;
        return n % 2 == 1 ? e[n / 2] : (e[n / 2 - 1] + e[n / 2]) / 2;
    }

    /** Largest |error| over {@code rows}. */
    public static double maxAbsError(List<Row> rows) {
        return rows.stream().mapToDouble(r -> Math.abs(r.error())).max().orElse(0);
    }

    /** The rows as a Markdown table with a summary line. */
    public static String markdown(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("| source | model | GPUs | TP | PP | DP | VPP | published TFLOP/s | predicted TFLOP/s | error |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            sb.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %d | %d | %d | %d | %d | %.1f | %.1f | %+.1f %% |%n",
                    r.source(),
                    r.model(),
                    r.gpus(),
                    r.tp(),
                    r.pp(),
                    r.dp(),
                    r.vpp(),
                    r.publishedTflops(),
                    r.predictedTflops(),
                    100 * r.error()));
        }
        sb.append(String.format(
                Locale.ROOT,
                "%nrows: %d, median |error|: %.1f %%, max |error|: %.1f %%%n",
                rows.size(),
                100 * medianAbsError(rows),
                100 * maxAbsError(rows)));
        return sb.toString();
    }

    private static int i(Map<String, String> r, String key) {
        String v = r.get(key);
        if (v == null) {
            throw new InputException("validation CSV: missing column " + key);
        }
        return (int) Math.round(Double.parseDouble(v));
    }

    private static List<Map<String, String>> csv(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InputException(file + ": validation file not found (pass --shared DIR pointing at shared/)");
        }
        try {
            List<String> lines = Files.readAllLines(file);
            String[] header = lines.get(0).split(",");
            List<Map<String, String>> out = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",", -1);
                Map<String, String> m = new HashMap<>();
                for (int k = 0; k < header.length && k < cells.length; k++) {
                    m.put(header[k].trim(), cells[k].trim());
                }
                out.add(m);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
