package dev.nearlight.bench;

import dev.nearlight.sim.astra.AstraCollective;
import dev.nearlight.sim.astra.AstraSystem;
import dev.nearlight.sim.astra.AstraSystem.Impl;
import dev.nearlight.sim.astra.AstraSystem.Optimization;
import dev.nearlight.sim.collective.CollectiveOp;
import dev.nearlight.sim.collective.CollectiveResult;
import dev.nearlight.sim.collective.FlowNetworkModel;
import dev.nearlight.sim.net.AstraNetwork;
import dev.nearlight.sim.net.AstraNetwork.Kind;
import dev.nearlight.sim.net.EcmpRouting;
import dev.nearlight.sim.net.NetworkTopology;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue #18's side-by-side inputs in process (what {@code nearlight collective --compat astra} does after reading the
 * files, without the JVM start): ASTRA-sim 2.0's 1,024-NPU all-reduce on its {@code Ring}, {@code Switch} and
 * {@code [Switch, Switch]} [8, 128] networks (50 GB/s, 500 ns per link), system {@code Ring_4chunks.json} (ring per
 * dimension, 4 splits, 1 active chunk, localBWAware, endpoint-delay 10, local-mem-bw 1600), 64 MiB and 1 GiB, on the
 * flow model, whose translation quotient applies. ASTRA-sim's own wall times on the same inputs are in
 * docs/benchmarks/astra-side-by-side.md; {@code materialised} runs the same collective on the full schedule.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx2g", "-XX:+UseParallelGC"})
public class AstraBenchmark {
    @Param({"ring", "switch", "switch2d"})
    public String network;

    @Param({"64", "1024"})
    public int mib;

    private AstraNetwork net;
    private AstraSystem sys;
    private FlowNetworkModel flow;

    @Setup
    public void setUp() {
        net = switch (network) {
            case "ring" -> new AstraNetwork(List.of(Kind.RING), List.of(1024), List.of(50.0), List.of(500.0));
            case "switch" -> new AstraNetwork(List.of(Kind.SWITCH), List.of(1024), List.of(50.0), List.of(500.0));
            default ->
                new AstraNetwork(
                        List.of(Kind.SWITCH, Kind.SWITCH), List.of(8, 128), List.of(50.0, 50.0), List.of(500.0, 500.0));
        };
        List<Impl> ring = net.npusCount().size() == 1 ? List.of(Impl.RING) : List.of(Impl.RING, Impl.RING);
        sys = AstraSystem.of(ring, Optimization.LOCAL_BW_AWARE, 4, 1).withEndpointCosts(10, 1600);
        NetworkTopology t = net.toTopology();
        flow = new FlowNetworkModel(t, new EcmpRouting(t, 1), 1.0);
    }

    /** Quotient run (the CLI's path). */
    @Benchmark
    public CollectiveResult quotient() {
        return AstraCollective.run(sys, net, CollectiveOp.ALL_REDUCE, (long) mib << 20, flow);
    }

    /** The same on the materialised schedule (8.4 M transfers for the 1-D cases). */
    @Benchmark
    @Warmup(iterations = 1, time = 1)
    @Measurement(iterations = 3, time = 1)
    public CollectiveResult materialised() {
        return AstraCollective.run(sys, net.npusCount(), CollectiveOp.ALL_REDUCE, (long) mib << 20, flow);
    }
}
