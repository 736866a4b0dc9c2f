package dev.nearlight.bench;

import dev.nearlight.core.catalogue.Catalogue;
import dev.nearlight.core.link.LinkDesign;
import dev.nearlight.core.link.LinkReport;
import dev.nearlight.core.link.PhysicalLinkModel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Time to evaluate one {@link LinkDesign} with the physical link model (target: under 5 us). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LinkBenchmark {
    @Param({"pluggable-dsp-dr-1.6t", "npo-1.6t", "cpo-els-1.6t", "dac-1.6t"})
    public String technology;

    private PhysicalLinkModel model;
    private LinkDesign design;

    /** Builds the model (catalogue resolved, fits precomputed) and the design once. */
    @Setup
    public void setup() {
        Catalogue c = Catalogue.defaults();
        model = new PhysicalLinkModel(c);
        design = LinkDesign.defaultFor(technology, 1600, c);
    }

    /** One evaluation. */
    @Benchmark
    public LinkReport evaluate() {
        return model.evaluate(design);
    }
}
