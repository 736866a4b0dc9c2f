package dev.nearlight.sim.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Megatron-Core's DDP buckets only the first model chunk of the first pipeline rank, in buckets of max(40M, 1M x dp)
 * parameters laid out from the last parameter to the first; the bucket that holds the embedding is reduced after the
 * last backward and gathered before the first forward, and every other rank reduces its first chunk as one bucket after
 * its last backward. Hand-derived bucket walks and the step-level consequence.
 */
class GradientBucketTailTest {
    private static final AcceleratorCatalog CATALOG = AcceleratorCatalog.load();

    @Test
    void nemotron15bOnDp64ReducesItsEmbeddingAloneAfterTheBackward() {
        // 32 x 6144, FFN 24576 (squared ReLU: two matrices of 151M), 48 heads / 8 KV (QKV 6144 x 8192 = 50.3M, proj
        // 37.7M), 256k vocabulary, untied. Buckets of max(40M, 64 x 1M) = 64M from the output layer backwards: the
        // output layer (1.57B) closes one alone, each layer closes three (fc2, fc1, proj + qkv = 88M), so the last
        // bucket is the embedding alone: 256000 x 6144.
        ModelSpec m = new ModelSpec(
                "nemotron4-15b", 32, 6144, 24576, 48, 8, 4096, 256000, 1, 1, 24576, false, false, Precision.FP8);
        Parallelism par =
                Parallelism.builder().dp(64).microBatch(2).globalBatch(256).build();
        assertThat(TrainingStepModel.unbucketedTailParams(m, par, 0)).isEqualTo(256000.0 * 6144);
    }

    @Test
    void aTiedGptsLastBucketIsItsEmbeddingAndTheLayersBeforeCloseTheirOwn() {
        // Megatron-Core r0.8.0's 1.7B (24 x 2304, tied, vocabulary 51200) on DP 48: buckets of 48M. Per layer fc2 and
        // fc1 (21.2M each), proj (5.3M) and qkv (15.9M) add to 63.7M, closing one bucket at the layer's first
        // matrix; the embedding (118M) then fills the last bucket alone.
        ModelSpec m = ModelSpec.gpt("1.7b", 24, 2304, 24, 2048, 51200);
        Parallelism par = Parallelism.builder().dp(48).globalBatch(48).build();
        assertThat(TrainingStepModel.unbucketedTailParams(m, par, 0)).isEqualTo(51200.0 * 2304);
        // With 40M buckets (DP 8) the boundaries alternate: the last layer's fc2 + fc1 (42.5M) close one and its proj +
        // qkv (21.2M) stay open; the next layer's fc2 closes that one, its fc1 + proj + qkv (42.5M) another. After an
        // even number of layers nothing is open and the embedding is alone; after 23 layers layer 0's proj + qkv join
        // it.
        Parallelism dp8 = Parallelism.builder().dp(8).globalBatch(8).build();
        assertThat(TrainingStepModel.unbucketedTailParams(m, dp8, 0)).isEqualTo(51200.0 * 2304);
        ModelSpec odd = ModelSpec.gpt("1.6b", 23, 2304, 24, 2048, 51200);
        double proj = 2304.0 * 2304;
        double qkv = 2304.0 * 3 * 2304;
        assertThat(TrainingStepModel.unbucketedTailParams(odd, dp8, 0))
                .isCloseTo(proj + qkv + 51200.0 * 2304, within(1e-3));
    }

    @Test
    void laterPipelineRanksReduceTheirWholeFirstChunkAfterTheirLastBackward() {
        // GPT3-175B on PP 8 x vpp 6 (two layers per virtual stage), TP 4: rank 3's first chunk is two layers of the
        // rank's share; rank 7 without interleaving also holds the output layer.
        ModelSpec m = ModelSpec.preset("gpt3-175b");
        Parallelism par = Parallelism.builder()
                .tp(4)
                .pp(8)
                .vpp(6)
                .dp(16)
                .microBatch(2)
                .globalBatch(2048)
                .sequenceParallel(true)
                .build();
        double layer = TrainingStepModel.rankLayerParams(m, par);
        assertThat(TrainingStepModel.unbucketedTailParams(m, par, 3)).isCloseTo(2 * layer, within(1e-3));
        Parallelism flat = Parallelism.builder()
                .tp(4)
                .pp(8)
                .dp(16)
                .microBatch(2)
                .globalBatch(2048)
                .sequenceParallel(true)
                .build();
        assertThat(TrainingStepModel.unbucketedTailParams(m, flat, 7))
                .isCloseTo(12 * layer + 51200.0 * 12288 / 4, within(1e-3));
    }

    @Test
    void theTailIsWhatTheOverlapCannotHide() {
        // Nemotron-4 15B layout on 64 B200: the exposed data-parallel time is at least the tail's reduce-scatter and
        // all-gather, which an overlap window of any length cannot hide.
        ModelSpec m = new ModelSpec(
                "nemotron4-15b", 32, 6144, 24576, 48, 8, 4096, 256000, 1, 1, 24576, false, false, Precision.FP8);
        Parallelism par = Parallelism.builder()
                .dp(64)
                .microBatch(2)
                .globalBatch(256)
                .dpSharding(DpSharding.ZERO1)
                .gradReduceBf16(true)
                .hiddenDropout(false)
                .build();
        TrainingJob job = TrainingJob.of(m, par, CATALOG.get("b200"));
        long ports = (long) Math.ceil(job.gpus() * job.network().nicsPerGpu());
        CommGroup g = TrainingStepModel.dpGroup(job, ports);
        AlphaBetaCostModel comm = new AlphaBetaCostModel(job.network());
        double tail = 256000.0 * 6144;
        double floor = comm.reduceScatterS(tail * 2, g) + comm.allGatherS(tail * 2, g);
        StepResult res = TrainingStepModel.estimate(job);
        assertThat(res.dpCommS()).isGreaterThanOrEqualTo(floor);
        // ... about 2 % of this step.
        assertThat(floor / res.stepTimeS()).isBetween(0.01, 0.04);
    }
}
