package dev.nearlight.bench;

import dev.nearlight.core.catalogue.Catalogue;
import dev.nearlight.core.link.PhysicalLinkModel;
import dev.nearlight.explore.cluster.ClusterModel;
import dev.nearlight.fabric.spec.FabricSpec;
import dev.nearlight.fabric.spec.FabricSpecReader;
import dev.nearlight.sim.reliability.AnalyticalReliability;
import dev.nearlight.sim.reliability.ClusterReliabilityModel;
import dev.nearlight.sim.reliability.DefaultClusterFactory;
import dev.nearlight.sim.reliability.FabricInventory;
import dev.nearlight.sim.reliability.MonteCarloReliability;
import dev.nearlight.sim.reliability.OpticsConditions;
import dev.nearlight.sim.reliability.ReliabilityDefaults;
import dev.nearlight.sim.reliability.ReliabilityResult;
import dev.nearlight.sim.reliability.Sensitivity;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Speed target of issues 6 and 15: a 16,384-GPU rail-optimized fat tree (radix 64, 3 tiers) over 5 years with 1,000
 * Monte Carlo replications in under 10 s on 2 cores, with the shipped defaults: link flaps on every link (about 4,900
 * a year), drains before failure, engine repairs at the next checkpoint, rerouted fabric paths. Each invocation is one
 * complete estimate (all replications).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ReliabilityBenchmark {
    @Param({"pluggable", "npo-switch", "cpo"})
    public String optics;

    @Param({"2"})
    public int threads;

    private ClusterReliabilityModel model;

    @Setup
    public void setup() {
        // the fabric built with the optics and its bill of materials read as it is (as `nearlight reliability` does)
        ReliabilityDefaults d = ReliabilityDefaults.load();
        FabricSpec spec = FabricSpec.empty()
                .overriddenBy(FabricSpecReader.parse(
                        "topology: rail-fat-tree\ngpus: 16384\ngpusPerNode: 8\nswitchRadix: 64\nrate: 1.6T\ntiers: 3\n"
                                + "optics: " + ClusterModel.fabricOptics(d, optics) + "\n",
                        "ReliabilityBenchmark"));
        ClusterModel cluster = ClusterModel.build(spec, Catalogue.defaults());
        FabricInventory inv = cluster.reliabilityInventory();
        DefaultClusterFactory f = new DefaultClusterFactory(
                cluster.priced(d),
                new PhysicalLinkModel(Catalogue.defaults()),
                new OpticsConditions(cluster.portRateGbps(), null));
        model = f.fromInventory(optics, inv, f.defaultJob(inv), Sensitivity.NONE);
    }

    /** 1,000 replications x 5 years. */
    @Benchmark
    public ReliabilityResult monteCarlo1000Replications5Years() {
        return new MonteCarloReliability(1000, 1, threads).estimate(model, 5);
    }

    /** The analytical mode on the same model (for sweeps). */
    @Benchmark
    public ReliabilityResult analytical5Years() {
        return new AnalyticalReliability().estimate(model, 5);
    }
}
