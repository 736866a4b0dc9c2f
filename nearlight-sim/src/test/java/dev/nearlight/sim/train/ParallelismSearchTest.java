package dev.nearlight.sim.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nearlight.core.InputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParallelismSearchTest {
    private static final AcceleratorCatalog CATALOG = AcceleratorCatalog.load();

    @Test
    void branchAndBoundReturnsTheSameBestAsSimulatingEveryFittingLayout() {
        // Llama-3 8B on 64 H100, gbs 128: the bound may skip layouts only when they cannot beat the k-th best.
        ModelSpec model = ModelSpec.preset("llama3-8b");
        AcceleratorSpec h100 = CATALOG.get("h100");
        ParallelismSearch.Options all = new ParallelismSearch.Options(
                128,
                List.of(1, 2),
                List.of(Recompute.NONE, Recompute.SELECTIVE, Recompute.FULL),
                List.of(DpSharding.ZERO1, DpSharding.ZERO3),
                4,
                4,
                false,
                100_000);
        ParallelismSearch.Result exhaustive = ParallelismSearch.search(model, h100, null, 64, all);
        assertThat(exhaustive.simulated()).isEqualTo(exhaustive.fitting());
        ParallelismSearch.Options top3 = new ParallelismSearch.Options(
                128, all.microBatches(), all.recompute(), all.shardings(), 4, 4, false, 3);
        ParallelismSearch.Result bounded = ParallelismSearch.search(model, h100, null, 64, top3);
        assertThat(bounded.simulated()).isLessThan(exhaustive.simulated());
        for (int i = 0; i < 3; i++) {
            assertThat(bounded.best().get(i).result().stepTimeS())
                    .isEqualTo(exhaustive.best().get(i).result().stepTimeS());
        }
    }

    /** The recipe's run settings: no dropout (Llama), gradients reduced in bf16 ({@code grad_reduce_in_fp32 = False}). */
    private static final RunSettings RECIPE =
            new RunSettings(false, true, true, true, true, true, true, null, RunSoftware.DEFAULT);

    /** {@code p} as the search builds it with {@link #RECIPE}, with {@code k} layers offloaded. */
    private static Parallelism withOffload(Parallelism p, int k) {
        return RECIPE.applyTo(Parallelism.builder())
                .tp(p.tp())
                .pp(p.pp())
                .dp(p.dp())
                .cp(p.cp())
                .ep(p.ep())
                .vpp(p.vpp())
                .microBatch(p.microBatch())
                .globalBatch(p.globalBatch())
                .sequenceParallel(p.sequenceParallel())
                .dpSharding(p.dpSharding())
                .recompute(p.recompute())
                .cpuOffloadLayers(k)
                .build();
    }

    @Test
    void theSearchOffloadsTheFewestLayersThatFitWhereMegatronCoreAllowsIt() {
        // Megatron-Bridge's GB200 recipe for Llama 3 70B: FSDP over 64 GPUs, mbs 2, no recomputation. Without offload
        // TP 1 needs 304.5 GiB; the search finds the fewest offloaded layers that fit (40, what the recipe runs).
        ModelSpec base = ModelSpec.preset("llama3-70b");
        ModelSpec model = new ModelSpec(
                base.name(),
                base.layers(),
                base.hiddenSize(),
                base.ffnHiddenSize(),
                base.heads(),
                base.kvHeads(),
                base.seqLen(),
                base.vocabSize(),
                base.experts(),
                base.topK(),
                base.expertFfnHiddenSize(),
                base.gatedMlp(),
                base.tiedEmbeddings(),
                Precision.FP8);
        AcceleratorSpec gb200 = CATALOG.get("gb200");
        ParallelismSearch.Options o = new ParallelismSearch.Options(
                        256, List.of(2), List.of(Recompute.NONE), List.of(DpSharding.FSDP), 1, 1, false, 100_000)
                .withSettings(RECIPE);
        ParallelismSearch.Result r = ParallelismSearch.search(model, gb200, null, 64, o);
        ParallelismSearch.Candidate tp1 = r.best().stream()
                .filter(c -> c.parallelism().tp() == 1)
                .findFirst()
                .orElseThrow();
        Parallelism p = tp1.parallelism();
        assertThat(p.pp()).isEqualTo(1);
        assertThat(p.recompute()).isEqualTo(Recompute.NONE);
        assertThat(p.cpuOffloadLayers()).isEqualTo(40);
        ClusterNetwork net = ClusterNetwork.defaultFor(gb200);
        java.util.function.IntPredicate fits = k -> MemoryFit.of(
                        new TrainingJob(model, withOffload(p, k), gb200, net, null, 1e12, StepCalibration.defaults()))
                .fits();
        assertThat(fits.test(40)).isTrue();
        assertThat(fits.test(39)).isFalse();
        // without "none" among the allowed modes nothing is offloaded (Megatron-Core refuses offload with recompute)
        ParallelismSearch.Result recomputing = ParallelismSearch.search(
                model,
                gb200,
                null,
                64,
                new ParallelismSearch.Options(
                                256,
                                List.of(2),
                                List.of(Recompute.SELECTIVE, Recompute.FULL),
                                List.of(DpSharding.FSDP),
                                1,
                                1,
                                false,
                                100_000)
                        .withSettings(RECIPE));
        assertThat(recomputing.best())
                .isNotEmpty()
                .allMatch(c -> c.parallelism().cpuOffloadLayers() == 0);
        // and where "none" fits, the plain layout is the one kept: no offload is ever added to a fitting layout
        assertThat(r.best())
                .allMatch(c -> c.parallelism().cpuOffloadLayers() == 0
                        || !MemoryFit.of(new TrainingJob(
                                        model,
                                        withOffload(c.parallelism(), 0),
                                        gb200,
                                        net,
                                        null,
                                        1e12,
                                        StepCalibration.defaults()))
                                .fits());
    }

    @Test
    void everyReturnedLayoutFitsAndUsesAllGpusAndTheyAreSortedByStepTime() {
        ModelSpec model = ModelSpec.preset("llama3-70b");
        AcceleratorSpec h100 = CATALOG.get("h100");
        ParallelismSearch.Result r =
                ParallelismSearch.search(model, h100, null, 1024, ParallelismSearch.Options.defaults(512));
        assertThat(r.best()).hasSize(10);
        double previous = 0;
        for (ParallelismSearch.Candidate c : r.best()) {
            assertThat(c.parallelism().gpus()).isEqualTo(1024);
            assertThat(c.result().memoryPerGpuGiB()).isLessThanOrEqualTo(h100.hbmGiB());
            assertThat(c.result().stepTimeS()).isGreaterThanOrEqualTo(previous);
            previous = c.result().stepTimeS();
        }
        // 70B does not fit on a single 80 GB GPU per model replica without TP/PP or FSDP sharding
        assertThat(r.best().get(0).parallelism().tp()
                                        * r.best().get(0).parallelism().pp()
                                        * r.best().get(0).parallelism().cp()
                                > 1
                        || r.best().get(0).parallelism().dpSharding().shardsParameters())
                .isTrue();
    }

    @Test
    void llama405bOn16kH100UsesEmbeddingAndLossAccountingWhenPipelinesArePowersOfTwo() {
        ParallelismSearch.Result r = ParallelismSearch.search(
                ModelSpec.preset("llama3-405b"),
                CATALOG.get("h100"),
                null,
                16384,
                ParallelismSearch.Options.defaults(2048));
        assertThat(r.best()).isNotEmpty();
        for (ParallelismSearch.Candidate c : r.best()) {
            Parallelism p = c.parallelism();
            boolean even = 126 % (p.pp() * p.vpp()) == 0;
            assertThat(even || (p.accountEmbedding() && p.accountLoss())).isTrue();
        }
    }

    @Test
    void aBatchThatNoLayoutSplitsIsAnEmptyResultNotAnError() {
        ParallelismSearch.Result r = ParallelismSearch.search(
                ModelSpec.preset("llama3-8b"), CATALOG.get("h100"), null, 8, ParallelismSearch.Options.defaults(3));
        // gbs 3 is divisible only by dp 1 or 3; dp 1 layouts exist (tp 8 or pp) so there are candidates
        assertThat(r.best()).allSatisfy(c -> assertThat(c.parallelism().dp()).isEqualTo(1));
        assertThatThrownBy(() -> ParallelismSearch.Options.defaults(0))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("gbs");
    }
}
