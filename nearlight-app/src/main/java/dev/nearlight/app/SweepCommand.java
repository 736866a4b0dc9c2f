package dev.nearlight.app;

import dev.nearlight.core.InputException;
import dev.nearlight.explore.sweep.LocalSweepEngine;
import dev.nearlight.explore.sweep.SweepEngine;
import dev.nearlight.explore.sweep.SweepEngineProvider;
import dev.nearlight.explore.sweep.SweepFile;
import dev.nearlight.explore.sweep.SweepJob;
import dev.nearlight.explore.sweep.SweepLoader;
import dev.nearlight.explore.sweep.SweepOutcome;
import dev.nearlight.explore.sweep.SweepRunner;
import dev.nearlight.studio.report.SweepReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nearlight sweep SWEEP.yaml --out DIR}: evaluates the design points of a sweep file (docs/sweep.md) with the
 * models of {@code compare}, streams the rows to {@code results.csv} and {@code results.parquet}, and writes the Pareto
 * front, top rows and Sobol indices ({@code analysis.json}, {@code report.html}). {@code --resume} continues a killed
 * sweep; {@code --engine spark} runs it on Apache Spark when the {@code nearlight-spark} jar is on the class path.
 */
@Command(
        name = "sweep",
        mixinStandardHelpOptions = true,
        description = "Explore a design space: evaluate up to millions of scenario variants (grid, random, Latin"
                + " hypercube, Sobol or Saltelli samples), find the Pareto front, the top designs and Sobol"
                + " sensitivity indices.")
public final class SweepCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SWEEP.yaml", description = "Sweep file (schema: docs/sweep.md).")
    Path sweepPath;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            required = true,
            description = "Output directory: results.csv, results.parquet, analysis.json, report.html, manifest.json.")
    Path outDir;

    @Option(names = "--resume", description = "Continue the sweep already in --out (same sweep, base and catalogue).")
    boolean resume;

    @Option(
            names = "--engine",
            paramLabel = "NAME",
            description = "local (threads, default) or spark (needs the nearlight-spark jar; docs/sweep.md).")
    String engine = "local";

    @Option(
            names = "--master",
            paramLabel = "URL",
            description = "Spark master URL for --engine spark (default local[*]).")
    String master;

    @Option(
            names = "--threads",
            paramLabel = "N",
            description = "Local engine threads (default: available processors).")
    Integer threads;

    @Option(
            names = "--catalogue",
            paramLabel = "FILE",
            description = "Extra catalogue file; repeatable, later files override earlier ones by id.")
    List<Path> catalogues = new ArrayList<>();

    @Option(names = "--json", description = "Print analysis.json instead of the summary table.")
    boolean json;

    @Spec
    CommandSpec spec;

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
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw new InputException("--out: " + outDir + " exists and is not a directory (give a directory)");
        }
        if (master != null && !engine.equals("spark")) {
            throw new InputException("--master: applies to --engine spark only (add --engine spark or drop --master)");
        }
        SweepFile sweep = SweepLoader.load(sweepPath);
        SweepJob job = SweepJob.of(sweep, catalogues);
        SweepEngine e = engine(engine);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long start = System.nanoTime();
        SweepOutcome o = SweepRunner.run(job, List.copyOf(catalogues), e, outDir, resume, progress(err));
        double seconds = (System.nanoTime() - start) / 1e9;
        Path html = SweepReport.write(o);
        long evaluated = o.totalPoints() - o.resumedFrom();
        err.printf(
                "sweep: %,d points evaluated in %.1f s (%.1f points/s, engine %s); wrote %s, results.csv,"
                        + " results.parquet, analysis.json%n",
                evaluated, seconds, evaluated / Math.max(seconds, 1e-9), e.name(), html);
        err.flush();
        if (json) {
            out.println(Files.readString(outDir.resolve("analysis.json")));
        } else {
            out.print(SweepReport.terminal(o));
        }
        out.flush();
        return 0;
    }

    private SweepEngine engine(String name) {
        if (name.equals("local")) {
            return new LocalSweepEngine(
                    threads != null ? threads : Runtime.getRuntime().availableProcessors());
        }
        Map<String, String> options = new LinkedHashMap<>();
        if (master != null) {
            options.put("master", master);
        }
        if (threads != null) {
            options.put("threads", threads.toString());
        }
        List<String> known = new ArrayList<>(List.of("local"));
        for (SweepEngineProvider p : ServiceLoader.load(SweepEngineProvider.class)) {
            if (p.name().equals(name)) {
                return p.create(options);
            }
            known.add(p.name());
        }
        if (name.equals("spark")) {
            throw new InputException("--engine spark: the Spark engine is not on the class path (run the"
                    + " nearlight-spark jar as docs/sweep.md shows, or use --engine local)");
        }
        throw new InputException(
                "--engine: unknown engine '" + name + "' (use one of " + String.join(", ", known) + ")");
    }

    private static SweepRunner.Listener progress(PrintWriter err) {
        boolean terminal = System.console() != null;
        return new SweepRunner.Listener() {
            ProgressBar bar;
            long total;
            long nextLine;

            @Override
            public void started(long totalPoints, long done) {
                total = totalPoints;
                if (terminal) {
                    bar = new ProgressBarBuilder()
                            .setTaskName("sweep")
                            .setInitialMax(totalPoints)
                            .setConsumer(new ConsoleProgressBarConsumer(System.err))
                            .setUpdateIntervalMillis(500)
                            .startsFrom(done, java.time.Duration.ZERO)
                            .build();
                } else {
                    err.printf("sweep: %,d design points%s%n", totalPoints, done > 0 ? ", resuming at " + done : "");
                    err.flush();
                    nextLine = done + Math.max(1, totalPoints / 10);
                }
            }

            @Override
            public void progress(long done, long totalPoints) {
                if (bar != null) {
                    bar.stepTo(done);
                } else if (done >= nextLine || done == totalPoints) {
                    err.printf("sweep: [%d/%d]%n", done, totalPoints);
                    err.flush();
                    nextLine = done + Math.max(1, totalPoints / 10);
                }
            }

            @Override
            public void finished() {
                if (bar != null) {
                    bar.close();
                    bar = null;
                }
            }
        };
    }
}
