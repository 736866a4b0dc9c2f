package dev.nearlight.bench;

import dev.nearlight.explore.sweep.DesignPoint;
import dev.nearlight.explore.sweep.LocalSweepEngine;
import dev.nearlight.explore.sweep.PointEvaluator;
import dev.nearlight.explore.sweep.PointResult;
import dev.nearlight.explore.sweep.Sampler;
import dev.nearlight.explore.sweep.SweepFile;
import dev.nearlight.explore.sweep.SweepJob;
import dev.nearlight.explore.sweep.SweepLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Speed target of issue 20: 1 M design points in under 10 minutes on 2 cores (0.6 ms per point per 2 cores). The
 * sweep is the README's 405B job on 16,384 H100 (4 alternatives, so 4 evaluations per point) over Sobol samples of
 * electricity price, PUE and GPU-hour value; points share their evaluator (fabrics built once, in setup).
 * {@code onePoint} is one design point on one thread; {@code engine2Threads} is the local engine on 2 threads over
 * 4,096 points (time per point).
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SweepBenchmark {
    static final int POINTS = 4096;
    private SweepFile sweep;
    private SweepJob job;
    private PointEvaluator evaluator;
    private List<DesignPoint> points;
    private int next;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        Path dir = Files.createTempDirectory("nearlight-sweep-bench");
        Path root = Path.of(System.getProperty("nearlight.root.dir", "."));
        Path base = root.resolve("examples/llama3-405b-16k-gpus.yaml");
        if (!Files.isRegularFile(base)) {
            throw new IllegalStateException("run from the repository root (or set -Dnearlight.root.dir): " + base);
        }
        Path file = dir.resolve("bench-sweep.yaml");
        Files.writeString(file, "name: throughput\nbase: " + base.toAbsolutePath() + "\n" + """
                sampling: {method: sobol, points: 4096}
                axes:
                  - {path: economics.electricityUsdPerKwh, range: [0.04, 0.2]}
                  - {path: economics.pue, range: [1.1, 1.5]}
                  - {path: economics.gpuHourUsd, log: [1, 8]}
                objectives: [costPerModelUsd, timeToTrainDays]
                """);
        sweep = SweepLoader.load(file);
        job = SweepJob.of(sweep, List.of());
        evaluator = new PointEvaluator(sweep, List.of());
        points = new Sampler(sweep).points(0, POINTS);
        evaluator.evaluate(points.get(0));
    }

    /** One design point (4 alternatives) on one thread, evaluator warm. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    public PointResult onePoint() {
        DesignPoint p = points.get(next);
        next = (next + 1) % POINTS;
        return evaluator.evaluate(p);
    }

    /** 4,096 points on the local engine with 2 threads (sampling, re-binding, evaluation, ordered delivery). */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OperationsPerInvocation(POINTS)
    public void engine2Threads(Blackhole bh) throws IOException {
        new LocalSweepEngine(2).run(job, 0, POINTS, bh::consume);
    }
}
