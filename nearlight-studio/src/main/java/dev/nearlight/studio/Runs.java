package dev.nearlight.studio;

import dev.nearlight.core.InputException;
import dev.nearlight.explore.cluster.Evaluators;
import dev.nearlight.explore.compare.AlternativeEvaluator;
import dev.nearlight.explore.compare.Comparison;
import dev.nearlight.explore.compare.ComparisonListener;
import dev.nearlight.explore.compare.ComparisonRunner;
import dev.nearlight.explore.scenario.ScenarioFile;
import dev.nearlight.explore.scenario.ScenarioLoader;
import dev.nearlight.explore.sweep.LocalSweepEngine;
import dev.nearlight.explore.sweep.Sampler;
import dev.nearlight.explore.sweep.SweepFile;
import dev.nearlight.explore.sweep.SweepJob;
import dev.nearlight.explore.sweep.SweepLoader;
import dev.nearlight.explore.sweep.SweepOutcome;
import dev.nearlight.explore.sweep.SweepRunner;
import dev.nearlight.explore.sweep.SweepSource;
import dev.nearlight.explore.uncertainty.BreakEvenAnalysis;
import dev.nearlight.explore.uncertainty.Robustness;
import dev.nearlight.explore.uncertainty.SampleEvaluators;
import dev.nearlight.studio.report.CsvReport;
import dev.nearlight.studio.report.HtmlReport;
import dev.nearlight.studio.report.ResultsJson;
import dev.nearlight.studio.report.SweepReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs of the studio: a scenario comparison is validated when it is submitted (so a bad scenario is a 400 with the
 * loader's located message, not a failed run), then evaluated on a background executor by the same pipeline as {@code
 * nearlight compare} (comparison, uncertainty, break-evens) and rendered by the same report code. Progress goes to
 * listeners (server-sent events) and to the database; a run can be cancelled.
 */
public final class Runs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Runs.class);

    /** One progress or state change of a run, as sent to listeners. */
    public record Event(String runId, String state, int done, int total, String label) {}

    private final StudioStore store;
    private final Path workDir;
    private final int threads;
    private final ExecutorService queue;
    private final Map<String, Active> active = new ConcurrentHashMap<>();
    private final Map<String, List<Consumer<Event>>> listeners = new ConcurrentHashMap<>();

    private static final class Active {
        volatile boolean cancelled;
        volatile Future<?> future;
        volatile ExecutorService pool;
    }

    /**
     * @param store persistence
     * @param workDir where named catalogues are written as files for the models to load
     * @param threads evaluations in parallel within one run (runs themselves are queued one at a time)
     */
    public Runs(StudioStore store, Path workDir, int threads) {
        this.store = store;
        this.workDir = workDir;
        this.threads = threads;
        this.queue = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "nearlight-studio-run");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The catalogue files of a named catalogue (none for the built-in one).
     *
     * @throws InputException if no catalogue has that name
     */
    public List<Path> catalogueFiles(String name) {
        if (name == null || name.isBlank()) {
            return List.of();
        }
        StudioStore.NamedCatalogue c = store.catalogue(name)
                .orElseThrow(() -> new InputException("catalogue: no saved catalogue named '" + name
                        + "' (choose one of "
                        + store.catalogues().stream()
                                .map(StudioStore.NamedCatalogue::name)
                                .toList() + " or none for the built-in catalogue)"));
        try {
            Files.createDirectories(workDir);
            Path f = workDir.resolve("catalogue-" + Names.fileSafe(c.name()) + ".yaml");
            Files.writeString(f, c.yaml(), StandardCharsets.UTF_8);
            return List.of(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses and validates a scenario exactly as {@code nearlight compare} does.
     *
     * @throws InputException with the loader's located message
     */
    public ScenarioFile validate(String yaml, String source, List<Path> catalogues) {
        ScenarioFile file = new ScenarioLoader(Evaluators.vocabulary(catalogues)).parse(yaml, source);
        ComparisonRunner.validate(file);
        return file;
    }

    /** Most design points a studio sweep may have (larger sweeps belong to {@code nearlight sweep}). */
    public static final long MAX_SWEEP_POINTS = 4096;

    /**
     * Validates and queues a sweep over the edited scenario: {@code sweepYaml} is a sweep file (docs/sweep.md) whose
     * textual {@code base} stands for the scenario {@code scenarioYaml} (an inline base is used as written).
     */
    public StudioStore.Run startSweep(String sweepYaml, String scenarioYaml, String catalogue, String user) {
        List<Path> cats = catalogueFiles(catalogue);
        SweepFile sweep =
                SweepLoader.parse(new SweepSource(sweepYaml, Names.SWEEP_SOURCE, scenarioYaml, Names.SCENARIO_SOURCE));
        long points = new Sampler(sweep).size();
        if (points > MAX_SWEEP_POINTS) {
            throw new InputException(Names.SWEEP_SOURCE + ": sampling: " + points + " design points, the studio runs at"
                    + " most " + MAX_SWEEP_POINTS + " (lower sampling.points or the axes' values, or use nearlight"
                    + " sweep)");
        }
        SweepJob job = SweepJob.of(sweep, cats);
        String id = UUID.randomUUID().toString();
        String input = "# sweep\n" + sweepYaml + (sweepYaml.endsWith("\n") ? "" : "\n") + "---\n" + scenarioYaml;
        StudioStore.Run run = store.create(id, "sweep", sweep.name(), catalogue, user, input);
        Active a = new Active();
        active.put(id, a);
        try {
            a.future = queue.submit(() -> executeSweep(id, a, job, cats));
        } catch (RejectedExecutionException e) {
            active.remove(id);
            store.end(id, "failed", "the studio is shutting down");
            throw e;
        }
        return run;
    }

    private void executeSweep(String id, Active a, SweepJob job, List<Path> cats) {
        try {
            if (a.cancelled) {
                throw new CancellationException();
            }
            Path dir = workDir.resolve("sweep-" + id);
            SweepRunner.Listener listener = new SweepRunner.Listener() {
                @Override
                public void started(long total, long done) {
                    store.progress(id, (int) done, (int) total);
                    publish(new Event(id, "running", (int) done, (int) total, "started"));
                }

                @Override
                public void progress(long done, long total) {
                    if (a.cancelled) {
                        throw new CancellationException("cancelled");
                    }
                    store.progress(id, (int) done, (int) total);
                    publish(new Event(id, "running", (int) done, (int) total, "points"));
                }

                @Override
                public void finished() {}
            };
            SweepOutcome o = SweepRunner.run(job, cats, new LocalSweepEngine(threads), dir, false, listener);
            if (a.cancelled) {
                throw new CancellationException();
            }
            store.succeed(
                    id,
                    Files.readString(dir.resolve("analysis.json"), StandardCharsets.UTF_8),
                    Files.readString(dir.resolve("results.csv"), StandardCharsets.UTF_8),
                    SweepReport.render(o),
                    null);
            StudioStore.Run r = store.run(id).orElseThrow();
            publish(new Event(id, "done", r.stepsDone(), r.stepsTotal(), "done"));
        } catch (IOException e) {
            fail(id, a, new UncheckedIOException(e));
        } catch (RuntimeException e) {
            fail(id, a, e);
        } finally {
            active.remove(id);
        }
    }

    private void fail(String id, Active a, RuntimeException e) {
        if (a.cancelled || rootIsCancel(e)) {
            store.end(id, "cancelled", "cancelled by the user");
            publish(new Event(id, "cancelled", 0, 0, "cancelled"));
        } else if (e instanceof InputException ie) {
            store.end(id, "failed", ie.getMessage());
            publish(new Event(id, "failed", 0, 0, ie.getMessage()));
        } else {
            LOG.error("run {} failed", id, e);
            store.end(id, "failed", "internal error: " + e);
            publish(new Event(id, "failed", 0, 0, "internal error"));
        }
    }

    /** Validates and queues a comparison; returns the run as recorded. */
    public StudioStore.Run startCompare(String yaml, String catalogue, String user) {
        List<Path> cats = catalogueFiles(catalogue);
        ScenarioFile file = validate(yaml, Names.SCENARIO_SOURCE, cats);
        AlternativeEvaluator evaluator = Evaluators.forScenario(file, cats);
        SampleEvaluators sampler = Evaluators.samplers(file, cats);
        BreakEvenAnalysis.validate(file, sampler);
        String id = UUID.randomUUID().toString();
        StudioStore.Run run = store.create(id, "compare", file.scenario().name(), catalogue, user, yaml);
        Active a = new Active();
        active.put(id, a);
        try {
            a.future = queue.submit(() -> execute(id, a, file, evaluator, sampler));
        } catch (RejectedExecutionException e) {
            active.remove(id);
            store.end(id, "failed", "the studio is shutting down");
            throw e;
        }
        return run;
    }

    private void execute(
            String id, Active a, ScenarioFile file, AlternativeEvaluator evaluator, SampleEvaluators sampler) {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "nearlight-studio-eval");
            t.setDaemon(true);
            return t;
        });
        a.pool = pool;
        try {
            if (a.cancelled) {
                throw new CancellationException();
            }
            ComparisonListener progress = new ComparisonListener() {
                @Override
                public void started(int total) {
                    store.progress(id, 0, total);
                    publish(new Event(id, "running", 0, total, "started"));
                }

                @Override
                public void stepFinished(int done, int total, String label) {
                    if (a.cancelled) {
                        throw new CancellationException("cancelled");
                    }
                    store.progress(id, done, total);
                    publish(new Event(id, "running", done, total, label));
                }
            };
            Comparison c = new ComparisonRunner(evaluator, pool).run(file.scenario(), progress);
            StudioStore.Run r = store.run(id).orElseThrow();
            publish(new Event(id, "running", r.stepsDone(), r.stepsTotal(), "uncertainty"));
            c = Robustness.add(file.scenario(), c, evaluator, sampler, pool, n -> {});
            if (a.cancelled) {
                throw new CancellationException();
            }
            String source = Names.SCENARIO_SOURCE;
            store.succeed(id, ResultsJson.render(c, source), CsvReport.render(c), HtmlReport.render(c, source), null);
            r = store.run(id).orElseThrow();
            publish(new Event(id, "done", r.stepsDone(), r.stepsTotal(), "done"));
        } catch (RuntimeException e) {
            fail(id, a, e);
        } finally {
            pool.shutdownNow();
            active.remove(id);
        }
    }

    private static boolean rootIsCancel(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CancellationException || t instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }

    /** Cancels a queued or running run; false if it is not active (finished or unknown). */
    public boolean cancel(String id) {
        Active a = active.get(id);
        if (a == null) {
            return false;
        }
        a.cancelled = true;
        ExecutorService p = a.pool;
        if (p != null) {
            p.shutdownNow();
        }
        Future<?> f = a.future;
        if (f != null && f.cancel(false)) {
            // never started: record it here, execute() will not run
            active.remove(id);
            store.end(id, "cancelled", "cancelled by the user");
            publish(new Event(id, "cancelled", 0, 0, "cancelled"));
        }
        return true;
    }

    /** Subscribes to events of one run; returns the unsubscriber. */
    public Runnable listen(String runId, Consumer<Event> listener) {
        listeners
                .computeIfAbsent(runId, k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                .add(listener);
        return () -> {
            List<Consumer<Event>> l = listeners.get(runId);
            if (l != null) {
                l.remove(listener);
            }
        };
    }

    private void publish(Event e) {
        List<Consumer<Event>> l = listeners.get(e.runId());
        if (l == null) {
            return;
        }
        for (Consumer<Event> c : l) {
            try {
                c.accept(e);
            } catch (RuntimeException ex) {
                l.remove(c);
            }
        }
    }

    @Override
    public void close() {
        active.values().forEach(a -> a.cancelled = true);
        active.values().forEach(a -> {
            if (a.pool != null) {
                a.pool.shutdownNow();
            }
        });
        queue.shutdownNow();
    }
}
