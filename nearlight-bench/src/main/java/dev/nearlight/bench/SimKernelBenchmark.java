package dev.nearlight.bench;

import dev.nearlight.sim.kernel.BinaryHeapFutureQueue;
import dev.nearlight.sim.kernel.BucketFutureQueue;
import dev.nearlight.sim.kernel.EventHandler;
import dev.nearlight.sim.kernel.FutureQueue;
import dev.nearlight.sim.kernel.SimEvent;
import dev.nearlight.sim.kernel.Simulation;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Kernel throughput: 1,000 concurrent flows, each start schedules its finish after a pseudo-random duration and each
 * finish starts a new flow, until one million flow start/finish events were handled. Score = events per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class SimKernelBenchmark {
    private static final int EVENTS = 1_000_000;
    private static final int CONCURRENT = 1_000;

    @Param({"heap", "bucket"})
    public String queue;

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long flowStartFinishEvents() {
        FutureQueue q = queue.equals("heap") ? new BinaryHeapFutureQueue() : new BucketFutureQueue();
        long[] state = {0x9E3779B97F4A7C15L, 0};
        EventHandler h = (e, sim) -> {
            if (e instanceof SimEvent.FlowStart) {
                long x = state[0];
                x ^= x << 13;
                x ^= x >>> 7;
                x ^= x << 17;
                state[0] = x;
                double durationNs = 100 + (x >>> 40) % 10_000;
                sim.schedule(
                        sim.nowNs() + durationNs, 0, new SimEvent.FlowDrained(((SimEvent.FlowStart) e).flowId(), 0));
            } else if (++state[1] < EVENTS / 2 - CONCURRENT + 1) {
                sim.schedule(sim.nowNs(), 0, new SimEvent.FlowStart((int) state[1]));
            }
        };
        Simulation sim = new Simulation(q, h);
        for (int i = 0; i < CONCURRENT; i++) {
            sim.schedule(0, 0, new SimEvent.FlowStart(i));
        }
        return sim.run();
    }
}
