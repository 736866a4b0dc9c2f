package dev.nearlight.bench;

import dev.nearlight.sim.train.AcceleratorCatalog;
import dev.nearlight.sim.train.DpSharding;
import dev.nearlight.sim.train.ModelSpec;
import dev.nearlight.sim.train.Parallelism;
import dev.nearlight.sim.train.ParallelismSearch;
import dev.nearlight.sim.train.Precision;
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
// search_llama3_405b_16384xH100 takes about 0.4 s per call: keep iterations long enough for several calls
public class TrainStepBenchmark {
    private TrainingJob llama70b;
    private TrainingJob llama405b;
    private TrainingJob llama405bFp8Gb200;
    private AcceleratorCatalog catalog;

    @Setup
    public void setUp() {
        catalog = AcceleratorCatalog.load();
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

    /** NeMo's Llama-3.1 405B FP8 recipe on 128 GB200: TP 4, PP 8 x VP 8 with embedding and loss accounted, CP 2. */
    @Setup
    public void setUpFp8() {
        llama405bFp8Gb200 = TrainingJob.of(
                ModelSpec.preset("llama3-405b").withPrecision(Precision.FP8),
                Parallelism.builder()
                        .tp(4)
                        .pp(8)
                        .vpp(8)
                        .cp(2)
                        .dp(2)
                        .globalBatch(64)
                        .sequenceParallel(true)
                        .dpSharding(DpSharding.ZERO1)
                        .accountEmbedding(true)
                        .accountLoss(true)
                        .gradReduceBf16(true)
                        .build(),
                AcceleratorCatalog.load().get("gb200"));
    }

    @Benchmark
    public StepResult llama3_405b_fp8_128xGB200() {
        return TrainingStepModel.estimate(llama405bFp8Gb200);
    }

    /** Parallelism search for Llama-3 405B on 16,384 H100 with a 2048-sequence batch (target: under 1 s). */
    @Benchmark
    public ParallelismSearch.Result search_llama3_405b_16384xH100() {
        return ParallelismSearch.search(
                ModelSpec.preset("llama3-405b"),
                catalog.get("h100"),
                null,
                16384,
                ParallelismSearch.Options.defaults(2048));
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
