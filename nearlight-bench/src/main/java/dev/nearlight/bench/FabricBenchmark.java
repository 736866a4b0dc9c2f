package dev.nearlight.bench;

import dev.nearlight.core.catalogue.Catalogue;
import dev.nearlight.fabric.Fabric;
import dev.nearlight.fabric.bom.FabricReport;
import dev.nearlight.fabric.bom.FabricRollup;
import dev.nearlight.fabric.graph.FabricGraphs;
import dev.nearlight.fabric.link.CatalogueLinkEvaluator;
import dev.nearlight.fabric.link.LinkPlanner;
import dev.nearlight.fabric.spec.FabricFactory;
import dev.nearlight.fabric.spec.FabricSpec;
import dev.nearlight.fabric.spec.FabricSpecReader;
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
 * Builds and rolls up (links quoted by the core catalogue's physical link model) a 131,072-GPU 3-tier rail-optimized fat tree (radix 128, 800G, 8 GPUs per node: 2,048 leaves,
 * 2,048 spines, 1,024 cores, 393,216 links). Target: under 5 s per operation and under 2 GiB heap (run with
 * {@code -jvmArgs -Xmx2g}). Commands and results: {@code docs/benchmarks/fabric.md}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class FabricBenchmark {
    @Param({"131072"})
    public int gpus;

    private FabricSpec spec;
    private FabricFactory factory;
    private LinkPlanner planner;
    private Fabric built;

    /** Prepares the spec and a built fabric for the check-only benchmark. */
    @Setup
    public void setup() {
        spec = FabricSpecReader.parse(
                "topology: rail-fat-tree\ngpus: " + gpus
                        + "\ngpusPerNode: 8\nswitchRadix: 128\nrate: 800G\ntiers: 3\noptics: pluggable\n",
                "benchmark");
        Catalogue catalogue = Catalogue.defaults();
        CatalogueLinkEvaluator evaluator = new CatalogueLinkEvaluator(catalogue);
        factory = new FabricFactory(evaluator, catalogue);
        planner = new LinkPlanner(evaluator);
        built = factory.build(spec);
    }

    /** Build the fabric and roll it up (plan links, compile to CSR, diameter BFS, bill of materials). */
    @Benchmark
    public FabricReport buildAndRollUp() {
        Fabric f = factory.build(spec);
        return new FabricRollup(planner).rollup(f);
    }

    /** Build, check with JGraphT (ports within radix, connectivity), and roll up: what the CLI does. */
    @Benchmark
    public FabricReport buildCheckAndRollUp() {
        Fabric f = factory.build(spec);
        if (!FabricGraphs.check(f).isEmpty()) {
            throw new IllegalStateException("inconsistent fabric");
        }
        return new FabricRollup(planner).rollup(f);
    }

    /** JGraphT check alone, on a fabric built once. */
    @Benchmark
    public int checkOnly() {
        return FabricGraphs.check(built).size();
    }
}
