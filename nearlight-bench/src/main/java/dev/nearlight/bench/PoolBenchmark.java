package dev.nearlight.bench;

import dev.nearlight.compose.disagg.DisaggParameters;
import dev.nearlight.compose.pool.ClusterSpec;
import dev.nearlight.compose.pool.JobTrace;
import dev.nearlight.compose.pool.Placement;
import dev.nearlight.compose.pool.PoolHardware;
import dev.nearlight.compose.pool.PoolResult;
import dev.nearlight.compose.pool.PoolSimulator;
import dev.nearlight.compose.pool.SyntheticTrace;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Speed target of issue 8: a 1,000,000-job synthetic trace on 64 racks simulated in under 30 s (on 2 cores). One
 * invocation is one whole simulation ({@link Mode#SingleShotTime}); the trace is generated once per trial.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(
        value = 1,
        jvmArgs = {"-Xmx3g"})
public class PoolBenchmark {
    /** Placement under test. */
    @Param({"static", "first-fit", "best-fit", "latency-aware"})
    public String placement;

    /** Jobs in the trace. */
    @Param({"1000000"})
    public int jobs;

    /** Racks in the cluster. */
    @Param({"64"})
    public int racks;

    private JobTrace trace;
    private PoolSimulator simulator;

    /** Generates the trace (seed 1, default mix and load) and builds the simulator. */
    @Setup(Level.Trial)
    public void setUp() {
        ClusterSpec cluster = ClusterSpec.defaults(racks);
        trace = SyntheticTrace.parse("jobs=" + jobs).generate(1, cluster);
        simulator = new PoolSimulator(
                cluster, Placement.parse(placement), null, DisaggParameters.defaults(), PoolHardware.defaults());
    }

    /** Simulates the whole trace. */
    @Benchmark
    public PoolResult simulate() {
        return simulator.run(trace);
    }
}
