package dev.nearlight.sim.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The parallelism search keeps the caller's run settings: over seeded random models, clusters and settings, every
 * returned layout rebuilt by hand with the same settings estimates to exactly the searched step time and memory, and
 * turning dropout off (masks take memory, not time) never makes the best step time worse.
 */
class ParallelismSearchSettingsTest {
    private static final AcceleratorCatalog CATALOG = AcceleratorCatalog.load();
    private static final String[] GPUS = {"a100", "h100", "h200", "b200"};

    private record Case(ModelSpec model, AcceleratorSpec acc, ClusterNetwork net, int gpus, int gbs) {}

    private static Case randomCase(Random r) {
        int heads = new int[] {8, 16, 32, 64}[r.nextInt(4)];
        int headDim = new int[] {64, 128}[r.nextInt(2)];
        int hidden = heads * headDim;
        int kvHeads = heads / new int[] {1, 2, 8}[r.nextInt(3)];
        int layers = 8 + r.nextInt(41);
        int ffn = hidden * (2 + r.nextInt(3));
        ModelSpec m = ModelSpec.custom(layers, hidden, ffn, heads, kvHeads, 32000 + 64 * r.nextInt(1000), 1, 1, null)
                .withSeqLen(new int[] {2048, 4096, 8192}[r.nextInt(3)]);
        AcceleratorSpec acc = CATALOG.get(GPUS[r.nextInt(GPUS.length)]);
        ClusterNetwork net = ClusterNetwork.defaultFor(acc);
        if (r.nextBoolean()) {
            net = net.withNics(new double[] {0.5, 1, 2}[r.nextInt(3)], net.nicRateGbps());
        }
        int gpus = new int[] {8, 16, 32, 64}[r.nextInt(4)];
        int gbs = gpus * new int[] {1, 2, 4, 8}[r.nextInt(4)];
        return new Case(m, acc, net, gpus, gbs);
    }

    private static RunSettings randomSettings(Random r) {
        return randomSettings(r, null);
    }

    /** Random settings; with {@code sw} also random software facts (a stream of their own, so {@code r}'s is kept). */
    private static RunSettings randomSettings(Random r, Random sw) {
        return new RunSettings(
                r.nextBoolean(),
                r.nextBoolean(),
                r.nextBoolean(),
                r.nextBoolean(),
                r.nextBoolean(),
                r.nextBoolean(),
                r.nextInt(4) != 0,
                null,
                sw == null
                        ? null
                        : new RunSoftware(
                                RunSoftware.AttentionKernel.values()[sw.nextInt(2)],
                                RunSoftware.Activation.values()[sw.nextInt(2)],
                                RunSoftware.Fp8Scaling.values()[sw.nextInt(2)],
                                RunSoftware.Elementwise.values()[sw.nextInt(3)],
                                RunSoftware.CrossEntropy.values()[sw.nextInt(2)],
                                sw.nextBoolean(),
                                sw.nextInt(3) == 0 ? null : sw.nextBoolean()));
    }

    private static ParallelismSearch.Options options(int gbs, int top, RunSettings s) {
        return options(gbs, top, s, List.of(Recompute.NONE, Recompute.SELECTIVE, Recompute.FULL));
    }

    private static ParallelismSearch.Options options(int gbs, int top, RunSettings s, List<Recompute> recompute) {
        return new ParallelismSearch.Options(
                gbs, List.of(1, 2), recompute, List.of(DpSharding.ZERO1, DpSharding.ZERO3), 4, 4, false, top, s);
    }

    /** The layout as a user would write it: its degrees and choices, and each run setting set by name. */
    private static TrainingJob byHand(Case c, Parallelism p, RunSettings s) {
        Parallelism par = s.software()
                .applyTo(Parallelism.builder())
                .tp(p.tp())
                .pp(p.pp())
                .dp(p.dp())
                .cp(p.cp())
                .ep(p.ep())
                .vpp(p.vpp())
                .microBatch(p.microBatch())
                .globalBatch(c.gbs())
                .recompute(p.recompute())
                .dpSharding(p.dpSharding())
                .accountEmbedding(p.accountEmbedding())
                .accountLoss(p.accountLoss())
                .sequenceParallel(s.sequenceParallel() && p.tp() > 1)
                .hiddenDropout(s.hiddenDropout())
                .gradReduceBf16(s.gradReduceBf16())
                .overlapGradReduce(s.overlapGradReduce())
                .overlapParamGather(s.overlapParamGather())
                .tpCommOverlap(s.tpCommOverlap())
                .flashAttention(s.flashAttention())
                .build();
        return new TrainingJob(c.model(), par, c.acc(), c.net(), null, 1e12, s.calibration());
    }

    @Test
    void everySearchedLayoutEstimatesExactlyAsTheSameLayoutGivenWithTheSameSettings() {
        Random r = new Random(17);
        Random sw = new Random(1017);
        int nonEmpty = 0;
        for (int i = 0; i < 40; i++) {
            Case drawn = randomCase(r);
            RunSettings given = randomSettings(r, sw);
            RunSettings s = given;
            Case c = drawn;
            if (s.software().fp8Scaling() == RunSoftware.Fp8Scaling.CURRENT) {
                // current scaling acts on FP8 runs only: refused on the drawn BF16 model (a one-line error, not a
                // silent no-op), searched on its FP8 twin where the GPU has FP8 tensor cores
                assertThatThrownBy(() -> ParallelismSearch.search(
                                drawn.model(), drawn.acc(), drawn.net(), drawn.gpus(), options(drawn.gbs(), 3, given)))
                        .isInstanceOf(dev.nearlight.core.InputException.class)
                        .hasMessageStartingWith("fp8-scaling: current scaling quantises FP8/FP4 tensors");
                if (drawn.acc().peakFp8Flops() > 0) {
                    c = new Case(
                            drawn.model().withPrecision(Precision.FP8),
                            drawn.acc(),
                            drawn.net(),
                            drawn.gpus(),
                            drawn.gbs());
                } else {
                    RunSoftware f = s.software();
                    s = new RunSettings(
                            s.hiddenDropout(),
                            s.sequenceParallel(),
                            s.gradReduceBf16(),
                            s.overlapGradReduce(),
                            s.overlapParamGather(),
                            s.tpCommOverlap(),
                            s.flashAttention(),
                            s.calibration(),
                            new RunSoftware(
                                    f.attention(),
                                    f.activation(),
                                    RunSoftware.Fp8Scaling.DELAYED,
                                    f.elementwise(),
                                    f.crossEntropy(),
                                    f.gradAccumulationFusion(),
                                    f.recomputeEarlyStop()));
                }
            }
            ParallelismSearch.Result res =
                    ParallelismSearch.search(c.model(), c.acc(), c.net(), c.gpus(), options(c.gbs(), 3, s));
            assertThat(res.options().settings()).isEqualTo(s);
            if (!res.best().isEmpty()) {
                nonEmpty++;
            }
            for (ParallelismSearch.Candidate cand : res.best()) {
                StepResult direct = TrainingStepModel.estimate(byHand(c, cand.parallelism(), s));
                assertThat(cand.result().stepTimeS()).as("case %d %s", i, s).isEqualTo(direct.stepTimeS());
                assertThat(cand.result().memoryPerGpuGiB()).isEqualTo(direct.memoryPerGpuGiB());
                assertThat(cand.parallelism().hiddenDropout()).isEqualTo(s.hiddenDropout());
                assertThat(cand.parallelism().gradReduceBf16()).isEqualTo(s.gradReduceBf16());
                assertThat(cand.parallelism().flashAttention()).isEqualTo(s.flashAttention());
                assertThat(cand.parallelism().tpCommOverlap()).isEqualTo(s.tpCommOverlap());
                assertThat(RunSoftware.of(cand.parallelism()).attention())
                        .isEqualTo(s.software().attention());
                assertThat(cand.parallelism().unfusedWgradAccumulation())
                        .isEqualTo(!s.software().gradAccumulationFusion());
                assertThat(cand.parallelism().sequenceParallel())
                        .isEqualTo(s.sequenceParallel() && cand.parallelism().tp() > 1);
            }
        }
        // the property is exercised, not vacuous: most random cases have fitting layouts
        assertThat(nonEmpty).isGreaterThanOrEqualTo(20);
    }

    @Test
    void boundedSearchMatchesExhaustiveUnderAnySettings() {
        Random r = new Random(5);
        for (int i = 0; i < 12; i++) {
            Case c = randomCase(r);
            RunSettings s = randomSettings(r);
            ParallelismSearch.Result all =
                    ParallelismSearch.search(c.model(), c.acc(), c.net(), c.gpus(), options(c.gbs(), 1_000_000, s));
            ParallelismSearch.Result top =
                    ParallelismSearch.search(c.model(), c.acc(), c.net(), c.gpus(), options(c.gbs(), 1, s));
            assertThat(all.simulated()).isEqualTo(all.fitting());
            assertThat(top.best().size()).isEqualTo(Math.min(1, all.best().size()));
            if (!all.best().isEmpty()) {
                assertThat(top.best().get(0).result().stepTimeS())
                        .isEqualTo(all.best().get(0).result().stepTimeS());
            }
        }
    }

    @Test
    void turningDropoutOffNeverMakesTheBestStepWorse() {
        Random r = new Random(23);
        int moreFit = 0;
        int compared = 0;
        for (int i = 0; i < 40; i++) {
            Case c = randomCase(r);
            RunSettings s = randomSettings(r);
            // the recompute modes allowed, from none alone (where the activations' masks decide the fit) to all
            List<Recompute> allowed = List.of(Recompute.values()).subList(0, 1 + r.nextInt(3));
            ParallelismSearch.Result on = ParallelismSearch.search(
                    c.model(), c.acc(), c.net(), c.gpus(), options(c.gbs(), 1, s.withHiddenDropout(true), allowed));
            ParallelismSearch.Result off = ParallelismSearch.search(
                    c.model(), c.acc(), c.net(), c.gpus(), options(c.gbs(), 1, s.withHiddenDropout(false), allowed));
            // without the masks every layout needs less memory: all that fitted still fit
            assertThat(off.fitting()).isGreaterThanOrEqualTo(on.fitting());
            if (off.fitting() > on.fitting()) {
                moreFit++;
            }
            if (on.best().isEmpty()) {
                continue;
            }
            assertThat(off.best()).isNotEmpty();
            double tOn = on.best().get(0).result().stepTimeS();
            double tOff = off.best().get(0).result().stepTimeS();
            assertThat(tOff).as("case %d", i).isLessThanOrEqualTo(tOn);
            compared++;
        }
        assertThat(compared).isGreaterThanOrEqualTo(20);
        // the setting reaches the search: on some cases layouts fit only without the masks
        assertThat(moreFit).isPositive();
    }

    @Test
    void llama70bOn64H100SearchesWithoutDropoutAsLlamaTrained() {
        // Llama 3 trained without dropout: the search reports that assumption, and its layouts carry it
        ParallelismSearch.Options o = ParallelismSearch.Options.defaults(128)
                .withSettings(RunSettings.defaults().withHiddenDropout(false));
        ParallelismSearch.Result res =
                ParallelismSearch.search(ModelSpec.preset("llama3-70b"), CATALOG.get("h100"), null, 64, o);
        assertThat(res.best())
                .isNotEmpty()
                .allSatisfy(c -> assertThat(c.parallelism().hiddenDropout()).isFalse());
        assertThat(res.options().settings().describe())
                .isEqualTo("dropout off, sequence parallel where tp > 1, grad reduce fp32, overlap on,"
                        + " flash attention on");
    }
}
