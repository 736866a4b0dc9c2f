package dev.nearlight.app;

import dev.nearlight.app.report.ProgressReporter;
import dev.nearlight.app.report.TerminalReport;
import dev.nearlight.core.InputException;
import dev.nearlight.explore.cluster.Evaluators;
import dev.nearlight.explore.compare.AlternativeEvaluator;
import dev.nearlight.explore.compare.Comparison;
import dev.nearlight.explore.compare.ComparisonListener;
import dev.nearlight.explore.compare.ComparisonRunner;
import dev.nearlight.explore.scenario.ScenarioFile;
import dev.nearlight.explore.scenario.ScenarioLoader;
import dev.nearlight.explore.uncertainty.BreakEvenAnalysis;
import dev.nearlight.explore.uncertainty.Robustness;
import dev.nearlight.explore.uncertainty.SampleEvaluators;
import dev.nearlight.studio.report.HtmlReport;
import dev.nearlight.studio.report.ResultsJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nearlight compare SCENARIO.yaml}: the interconnect alternatives of a scenario side by side, from the link to
 * time-to-train and lifetime cost, as a terminal table, a {@code --json} document, or an offline HTML report with
 * {@code results.json} and {@code results.csv} ({@code --out DIR}).
 */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        description = "Compare interconnect alternatives (pluggable, LPO, NPO, CPO, ...) for one cluster and workload:"
                + " power, latency, step time, MFU, time-to-train, reliability, capex, lifetime TCO and cost per"
                + " trained model.")
public final class CompareCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SCENARIO.yaml", description = "Scenario file (schema: docs/scenario.md).")
    Path scenarioPath;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Write report.html (offline, charts inlined), results.json and results.csv into DIR.")
    Path outDir;

    @Option(names = "--json", description = "Print the results document (docs/cli/compare.md) instead of the table.")
    boolean json;

    @Option(
            names = "--catalogue",
            paramLabel = "FILE",
            description = "Extra catalogue file; repeatable, later files override earlier ones by id.")
    List<Path> catalogues = new ArrayList<>();

    @Option(
            names = "--threads",
            paramLabel = "N",
            description = "Evaluations run in parallel (default: available processors).")
    Integer threads;

    @Spec
    CommandSpec spec;

    private final BiFunction<ScenarioFile, List<Path>, AlternativeEvaluator> evaluators;
    private final BiFunction<ScenarioFile, List<Path>, SampleEvaluators> samplers;
    private final ComparisonListener progressOverride;

    /** The command with the real models ({@link Evaluators#forScenario}, {@link Evaluators#samplers}). */
    public CompareCommand() {
        this(Evaluators::forScenario, Evaluators::samplers, null);
    }

    /**
     * A command with another evaluator factory and progress listener (tests); a null {@code samplers} skips the Monte
     * Carlo uncertainty and catalogue break-evens.
     */
    CompareCommand(
            BiFunction<ScenarioFile, List<Path>, AlternativeEvaluator> evaluators,
            BiFunction<ScenarioFile, List<Path>, SampleEvaluators> samplers,
            ComparisonListener progress) {
        this.evaluators = evaluators;
        this.samplers = samplers;
        this.progressOverride = progress;
    }

    @Override
    public Integer call() throws IOException {
        for (Path c : catalogues) {
            if (!Files.isRegularFile(c)) {
                throw new InputException("--catalogue: file not found: " + c + " (give a catalogue YAML file)");
            }
        }
        if (threads != null && (threads < 1 || threads > 1024)) {
            throw new InputException("--threads: " + threads + " is out of range (use 1 to 1024)");
        }
        if (outDir != null && Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw new InputException("--out: " + outDir + " exists and is not a directory (give a directory)");
        }
        ScenarioFile file = new ScenarioLoader(Evaluators.vocabulary(catalogues)).load(scenarioPath);
        ComparisonRunner.validate(file);
        AlternativeEvaluator evaluator = evaluators.apply(file, List.copyOf(catalogues));
        SampleEvaluators sampler = samplers == null ? null : samplers.apply(file, List.copyOf(catalogues));
        if (sampler != null) {
            BreakEvenAnalysis.validate(file, sampler);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ComparisonListener progress = progressOverride != null ? progressOverride : ProgressReporter.auto(err);
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "nearlight-compare");
            t.setDaemon(true);
            return t;
        });
        Comparison comparison;
        try {
            comparison = new ComparisonRunner(evaluator, pool).run(file.scenario(), progress);
            comparison = Robustness.add(file.scenario(), comparison, evaluator, sampler, pool, n2 -> {
                err.println("compare: uncertainty, " + n2 + " samples of the catalogue's, reliability and economics"
                        + " ranges and the step model's error");
                err.flush();
            });
        } finally {
            pool.shutdownNow();
        }
        String source = scenarioPath.toString();

        if (outDir != null) {
            Path html;
            try {
                html = HtmlReport.writeAll(comparison, source, outDir);
            } catch (IOException e) {
                throw new InputException(
                        "--out: cannot write the report to " + outDir + ": " + e + " (choose a writable directory)", e);
            }
            err.println("compare: wrote " + html + ", results.json and results.csv");
            err.flush();
        }
        if (json) {
            out.println(ResultsJson.render(comparison, source));
        } else {
            out.print(TerminalReport.render(comparison));
        }
        out.flush();
        return 0;
    }
}
