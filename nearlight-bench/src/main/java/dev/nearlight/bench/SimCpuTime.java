package dev.nearlight.bench;

import dev.nearlight.sim.collective.Algorithm;
import dev.nearlight.sim.collective.CollectiveOp;
import dev.nearlight.sim.collective.CollectiveSpec;
import dev.nearlight.sim.collective.Collectives;
import dev.nearlight.sim.collective.FlowNetworkModel;
import dev.nearlight.sim.collective.NetworkRun;
import dev.nearlight.sim.collective.TransferSchedule;
import dev.nearlight.sim.net.EcmpRouting;
import dev.nearlight.sim.net.NetworkTopology;
import dev.nearlight.sim.net.Topologies;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * Companion to {@link CollectiveBenchmark} for a shared, overloaded machine: runs the two flow-level collectives a few
 * times and prints wall time and the main thread's CPU time (which load from other processes does not inflate).
 * Usage: {@code java -Xmx4g -cp benchmarks.jar dev.nearlight.bench.SimCpuTime [repetitions]}.
 */
public final class SimCpuTime {
    private SimCpuTime() {}

    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        NetworkTopology sw = Topologies.switchStar(1024, 450e9, 500);
        NetworkTopology rail = Topologies.railOptimizedTwoLevel(2048, 8, 450e9, 500, 32, 32, 50e9, 500);
        for (int i = 0; i < reps; i++) {
            measure(
                    mx,
                    "ring allreduce 1 GiB, 1024 endpoints, switch",
                    sw,
                    1024,
                    CollectiveSpec.of(CollectiveOp.ALL_REDUCE, Algorithm.RING, 1L << 30));
            measure(
                    mx,
                    "hierarchical allreduce 1 GiB, 16384 endpoints, rail 2-level",
                    rail,
                    16384,
                    new CollectiveSpec(
                            CollectiveOp.ALL_REDUCE,
                            Algorithm.HIERARCHICAL,
                            1L << 30,
                            1,
                            1,
                            8,
                            Algorithm.HALVING_DOUBLING));
        }
    }

    private static void measure(ThreadMXBean mx, String name, NetworkTopology t, int ranks, CollectiveSpec spec) {
        long w0 = System.nanoTime();
        long c0 = mx.getCurrentThreadCpuTime();
        TransferSchedule s = Collectives.schedule(spec, ranks);
        NetworkRun r = new FlowNetworkModel(t, new EcmpRouting(t, 1), Collectives.DEFAULT_PROTOCOL_EFFICIENCY).run(s);
        long c1 = mx.getCurrentThreadCpuTime();
        long w1 = System.nanoTime();
        System.out.printf(
                Locale.ROOT,
                "%-62s wall %6.3f s  cpu %6.3f s  transfers %8d  events %8d  simulated %.1f us%n",
                name,
                (w1 - w0) / 1e9,
                (c1 - c0) / 1e9,
                s.size(),
                r.events(),
                r.makespanNs() / 1e3);
    }
}
