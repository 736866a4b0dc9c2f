package dev.nearlight.bench;

import dev.nearlight.core.catalogue.Catalogue;
import dev.nearlight.fabric.Fabric;
import dev.nearlight.fabric.graph.CompiledFabric;
import dev.nearlight.fabric.link.CatalogueLinkEvaluator;
import dev.nearlight.fabric.link.LinkPlanner;
import dev.nearlight.fabric.spec.FabricFactory;
import dev.nearlight.fabric.spec.FabricSpecReader;
import dev.nearlight.sim.collective.Algorithm;
import dev.nearlight.sim.collective.AnalyticalNetworkModel;
import dev.nearlight.sim.collective.CollectiveOp;
import dev.nearlight.sim.collective.CollectiveResult;
import dev.nearlight.sim.collective.CollectiveSpec;
import dev.nearlight.sim.collective.Collectives;
import dev.nearlight.sim.collective.FlowNetworkModel;
import dev.nearlight.sim.collective.NetworkModel;
import dev.nearlight.sim.collective.SymmetricFlowNetworkModel;
import dev.nearlight.sim.net.DestinationModKRouting;
import dev.nearlight.sim.net.EcmpRouting;
import dev.nearlight.sim.net.FabricTopologies;
import dev.nearlight.sim.net.NetworkTopology;
import dev.nearlight.sim.net.Topologies;
import dev.nearlight.sim.train.ClusterNetwork;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Wall time of whole flow-level collectives (schedule, routing and simulation; the topology is built once):
 * ring all-reduce of 1 GiB on 1,024 endpoints behind one switch (target under 0.5 s), and hierarchical all-reduce of
 * 1 GiB on 16,384 endpoints of a two-level rail-optimised cluster, and on 16,384 GPUs of a 3-tier rail-optimised fat
 * tree built by nearlight-fabric with destination-mod-k routing (target under 10 s with a 2 GiB heap, the fork's), at
 * 1 GiB and at 64 MiB (small messages must not be slower to simulate), and the analytical lower bound of the same
 * collective with per-flow ECMP (whose flow-level run is still minutes, docs/benchmarks/sim.md). The {@code classes}
 * variants run the same collectives on flow classes ({@code SymmetricFlowNetworkModel}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx2g", "-XX:+UseParallelGC"})
public class CollectiveBenchmark {
    private static final double EFF = Collectives.DEFAULT_PROTOCOL_EFFICIENCY;
    private static final double EFF_OUT = ClusterNetwork.DEFAULT_SCALE_OUT_EFFICIENCY;
    private NetworkTopology switch1024;
    private NetworkTopology rail16k;
    private NetworkTopology fatTree16k;

    @Setup
    public void setUp() {
        switch1024 = Topologies.switchStar(1024, 450e9, 500);
        // 2,048 nodes x 8 GPUs on NVSwitch (450 GB/s); per rail 64 leaves of 32 nodes and 32 spines, 400G NICs
        rail16k = Topologies.railOptimizedTwoLevel(2048, 8, 450e9, 500, 32, 32, 50e9, 500);
        // the fabric of `nearlight collective --topology rail-fat-tree --gpus 16384 --switch-radix 64 --tiers 3`
        Catalogue catalogue = Catalogue.defaults();
        CatalogueLinkEvaluator eval = new CatalogueLinkEvaluator(catalogue);
        Fabric f = new FabricFactory(eval, catalogue)
                .build(FabricSpecReader.parse(
                        "gpus: 16384\nswitchRadix: 64\ntiers: 3\nscaleUpDomain: 8\nrate: 400G\n", "bench.yaml"));
        fatTree16k = FabricTopologies.from(CompiledFabric.compile(f, new LinkPlanner(eval).plan(f)));
    }

    @Benchmark
    public CollectiveResult ringAllReduce1GiBOn1024Endpoints() {
        return Collectives.run(
                CollectiveSpec.of(CollectiveOp.ALL_REDUCE, Algorithm.RING, 1L << 30),
                new FlowNetworkModel(switch1024, new EcmpRouting(switch1024, 1), 0.8),
                1024);
    }

    @Benchmark
    public CollectiveResult hierarchicalAllReduce1GiBOn16384Endpoints() {
        return Collectives.run(
                new CollectiveSpec(
                        CollectiveOp.ALL_REDUCE, Algorithm.HIERARCHICAL, 1L << 30, 1, 1, 8, Algorithm.HALVING_DOUBLING),
                new FlowNetworkModel(rail16k, new EcmpRouting(rail16k, 1), 0.8),
                16384);
    }

    @Benchmark
    public CollectiveResult hierarchicalAllReduce1GiBOn16384GpusOf3TierFatTree() {
        return fatTree(
                1L << 30, new FlowNetworkModel(fatTree16k, new DestinationModKRouting(fatTree16k), EFF, EFF_OUT));
    }

    /** The same 1 GiB run with per-flow ECMP hashing (collisions; the verified local max-min re-fill, docs/sim.md). */
    @Benchmark
    public CollectiveResult ecmpHierarchicalAllReduce1GiBOn16384GpusOf3TierFatTree() {
        return fatTree(1L << 30, new FlowNetworkModel(fatTree16k, new EcmpRouting(fatTree16k, 1), EFF, EFF_OUT));
    }

    @Benchmark
    public CollectiveResult hierarchicalAllReduce64MiBOn16384GpusOf3TierFatTree() {
        return fatTree(
                64L << 20, new FlowNetworkModel(fatTree16k, new DestinationModKRouting(fatTree16k), EFF, EFF_OUT));
    }

    /** The same 1 GiB run with flow classes ({@code nearlight collective --flow-classes}). */
    @Benchmark
    public CollectiveResult classesHierarchicalAllReduce1GiBOn16384GpusOf3TierFatTree() {
        return fatTree(
                1L << 30,
                new SymmetricFlowNetworkModel(
                        new FlowNetworkModel(fatTree16k, new DestinationModKRouting(fatTree16k), EFF, EFF_OUT)));
    }

    @Benchmark
    public CollectiveResult classesHierarchicalAllReduce64MiBOn16384GpusOf3TierFatTree() {
        return fatTree(
                64L << 20,
                new SymmetricFlowNetworkModel(
                        new FlowNetworkModel(fatTree16k, new DestinationModKRouting(fatTree16k), EFF, EFF_OUT)));
    }

    @Benchmark
    public CollectiveResult classesRingAllReduce1GiBOn1024Endpoints() {
        return Collectives.run(
                CollectiveSpec.of(CollectiveOp.ALL_REDUCE, Algorithm.RING, 1L << 30),
                new SymmetricFlowNetworkModel(new FlowNetworkModel(switch1024, new EcmpRouting(switch1024, 1), 0.8)),
                1024);
    }

    @Benchmark
    public CollectiveResult analyticalHierarchicalAllReduce1GiBOn16384GpusOf3TierFatTreeEcmp() {
        return fatTree(1L << 30, new AnalyticalNetworkModel(fatTree16k, new EcmpRouting(fatTree16k, 1), EFF, EFF_OUT));
    }

    private static CollectiveResult fatTree(long bytes, NetworkModel model) {
        return Collectives.run(
                new CollectiveSpec(
                        CollectiveOp.ALL_REDUCE, Algorithm.HIERARCHICAL, bytes, 1, 1, 8, Algorithm.HALVING_DOUBLING),
                model,
                16384);
    }
}
