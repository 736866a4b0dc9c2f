package dev.nearlight.sim.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * A mixture of experts reduces and shards its expert parameters over the ranks that hold the same experts (dp x cp /
 * ep of them), not over all data-parallel ranks: hand-derived groups, shard sizes and the step-level consequence.
 */
class ExpertDataParallelTest {
    private static final AcceleratorCatalog CATALOG = AcceleratorCatalog.load();

    private static Parallelism mixtralLayout() {
        // NeMo 25.02's Mixtral 8x7B on 64 GPUs: TP 1, PP 1, EP 8, DP 64, mbs 2, gbs 256
        return Parallelism.builder()
                .dp(64)
                .ep(8)
                .microBatch(2)
                .globalBatch(256)
                .dpSharding(DpSharding.ZERO1)
                .gradReduceBf16(true)
                .hiddenDropout(false)
                .build();
    }

    @Test
    void mixtralsExpertsLiveOnOneRankPerNode() {
        ModelSpec m = ModelSpec.preset("mixtral-8x7b").withPrecision(Precision.FP8);
        Parallelism par = mixtralLayout();
        // 8 experts x 3 matrices x 4096 x 14336 over ep 8: 176.2M expert parameters per layer and rank
        assertThat(TrainingStepModel.expertLayerParams(m, par)).isCloseTo(8.0 * 3 * 4096 * 14336 / 8, within(1.0));
        assertThat(TrainingStepModel.expertLayerParams(
                        ModelSpec.preset("llama3-8b"),
                        Parallelism.builder().dp(8).globalBatch(8).build()))
                .isZero();
        // 64 / 8 = 8 ranks hold each expert, 8 apart: one per 8-GPU B200 node, all eight inside one NVL72 domain
        TrainingJob b200 = TrainingJob.of(m, par, CATALOG.get("b200"));
        CommGroup nics = TrainingStepModel.expertDpGroup(b200, 64);
        assertThat(nics.size()).isEqualTo(8);
        assertThat(nics.membersPerDomain()).isEqualTo(1);
        CommGroup nvl = TrainingStepModel.expertDpGroup(TrainingJob.of(m, par, CATALOG.get("gb200")), 64);
        assertThat(nvl.size()).isEqualTo(8);
        assertThat(nvl.insideDomain()).isTrue();
        // the dense parameters still reduce over all 64 ranks, 8 per node
        assertThat(TrainingStepModel.dpGroup(b200, 64).membersPerDomain()).isEqualTo(8);
    }

    @Test
    void expertStateIsShardedOverTheRanksThatHoldIt() {
        // 10 parameters, 8 of them experts', DP 64, EP 8: the 2 dense ones over 64 ranks, the 8 experts' over 8
        Parallelism par = mixtralLayout();
        assertThat(TrainingStepModel.shardedParams(10, 8, par)).isCloseTo(2.0 / 64 + 8.0 / 8, within(1e-12));
        // a dense model shards everything over dp x cp
        assertThat(TrainingStepModel.shardedParams(10, 0, par)).isCloseTo(10.0 / 64, within(1e-12));
        // Mixtral's optimizer state per GPU: 32 layers x 176.2M expert parameters / 8 ranks x 16 B (fp32 master,
        // Adam moments and main gradient with a bf16 buffer) = 11.3 GB, not the 1.4 GB of a 64-way shard
        ModelSpec m = ModelSpec.preset("mixtral-8x7b").withPrecision(Precision.FP8);
        MemoryBreakdown mem = TrainingStepModel.memory(TrainingJob.of(m, par, CATALOG.get("b200")));
        double expertState = 32 * 8.0 * 3 * 4096 * 14336 / 8 / 8 * 16;
        assertThat(mem.optimizerBytes()).isGreaterThan(expertState);
        assertThat(mem.optimizerBytes()).isLessThan(expertState * 1.2);
    }

    @Test
    void expertGradientsOverTheNicsCostTheB200MoreThanTheNvl72() {
        ModelSpec m = ModelSpec.preset("mixtral-8x7b").withPrecision(Precision.FP8);
        StepResult b200 = TrainingStepModel.estimate(TrainingJob.of(m, mixtralLayout(), CATALOG.get("b200")));
        StepResult gb200 = TrainingStepModel.estimate(TrainingJob.of(m, mixtralLayout(), CATALOG.get("gb200")));
        // B200: 5.6 GB of bf16 expert gradients and as many parameters cross 400G NICs around two micro-batches
        assertThat(b200.dpCommS()).isGreaterThan(0.1);
        assertThat(gb200.dpCommS()).isLessThan(0.05);
        assertThat(b200.dpCommS()).isGreaterThan(5 * gb200.dpCommS());
    }
}
