package dev.nearlight.bench;

import dev.nearlight.sim.train.AcceleratorCatalog;
import dev.nearlight.sim.train.DpSharding;
import dev.nearlight.sim.train.ModelSpec;
import dev.nearlight.sim.train.Parallelism;
import dev.nearlight.sim.train.Recompute;
import dev.nearlight.sim.train.StepResult;
import dev.nearlight.sim.train.TrainingJob;
import dev.nearlight.sim.train.TrainingStepModel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Time of one analytical training-step estimate (target: under 1 ms per configuration): Llama-3 70B on 1024 H100
 * (TP 8, PP 4, VPP 5, DP 32, 16 micro-batches) and Llama-3 405B on 16,416 H100 (TP 8, PP 18, VPP 7, DP 114; 126 layers need a PP dividing 126).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TrainStepBenchmark {
    private TrainingJob llama70b;
    private TrainingJob llama405b;

    @Setup
    public void setUp() {
        AcceleratorCatalog catalog = AcceleratorCatalog.load();
        llama70b = TrainingJob.of(
                ModelSpec.preset("llama3-70b"),
                Parallelism.builder()
                        .tp(8)
                        .pp(4)
                        .vpp(5)
                        .dp(32)
                        .globalBatch(512)
                        .sequenceParallel(true)
                        .dpSharding(DpSharding.ZERO1)
                        .recompute(Recompute.SELECTIVE)
                        .build(),
                catalog.get("h100"));
        llama405b = TrainingJob.of(
                ModelSpec.preset("llama3-405b"),
                Parallelism.builder()
                        .tp(8)
                        .pp(18)
                        .vpp(7)
                        .dp(114)
                        .globalBatch(2052)
                        .sequenceParallel(true)
                        .dpSharding(DpSharding.ZERO1)
                        .recompute(Recompute.FULL)
                        .build(),
                catalog.get("h100"));
    }

    @Benchmark
    public StepResult llama3_70b_1024xH100() {
        return TrainingStepModel.estimate(llama70b);
    }

    @Benchmark
    public StepResult llama3_405b_16416xH100() {
        return TrainingStepModel.estimate(llama405b);
    }
}
