package dev.nearlight.explore.sweep;

import dev.nearlight.explore.compare.AlternativeEvaluator;
import dev.nearlight.explore.scenario.ScenarioFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;

/**
 * The local engine: evaluates chunks of consecutive design points on a fixed thread pool (all cores by default) and
 * delivers them in point order, keeping a bounded number of chunks in flight so memory stays flat on any sweep size.
 */
public final class LocalSweepEngine implements SweepEngine {
    private final int threads;
    private final BiFunction<ScenarioFile, List<Path>, AlternativeEvaluator> factory;

    /** An engine on {@code threads} threads with the real models. */
    public LocalSweepEngine(int threads) {
        this(threads, null);
    }

    /** An engine with another evaluator factory (tests); null for the real models. */
    public LocalSweepEngine(int threads, BiFunction<ScenarioFile, List<Path>, AlternativeEvaluator> factory) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1");
        }
        this.threads = threads;
        this.factory = factory;
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public void run(SweepJob job, long from, long to, PointSink sink) throws IOException {
        if (from >= to) {
            return;
        }
        SweepFile sweep = job.sweep();
        List<Path> catalogues = job.cataloguePaths();
        PointEvaluator evaluator = factory == null
                ? new PointEvaluator(sweep, catalogues)
                : new PointEvaluator(sweep, catalogues, factory);
        Sampler sampler = new Sampler(sweep);
        long chunk = Math.max(1, Math.min(256, (to - from) / (threads * 16L)));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "nearlight-sweep");
            t.setDaemon(true);
            return t;
        });
        Deque<Future<List<PointResult>>> inflight = new ArrayDeque<>();
        long next = from;
        try {
            while (next < to || !inflight.isEmpty()) {
                while (inflight.size() < threads * 4 && next < to) {
                    long a = next;
                    long b = Math.min(to, next + chunk);
                    inflight.add(pool.submit(() -> {
                        List<PointResult> out = new ArrayList<>();
                        for (DesignPoint p : sampler.points(a, b)) {
                            out.add(evaluator.evaluate(p));
                        }
                        return out;
                    }));
                    next = b;
                }
                for (PointResult r : await(inflight.poll())) {
                    sink.accept(r);
                }
            }
        } finally {
            inflight.forEach(f -> f.cancel(true));
            pool.shutdownNow();
        }
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("sweep interrupted", e);
        } catch (CancellationException e) {
            throw new IllegalStateException("sweep cancelled", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(c);
        }
    }
}
