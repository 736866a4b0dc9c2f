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
