package dev.nearlight.sim.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Full recomputation as PyTorch's non-reentrant checkpoint with early stopping (torch 2.1+): the recomputed forward
 * ends once the last tensor the backward needs is rebuilt, so the MLP down-projection and its TP reduction do not rerun.
 */
class RecomputeEarlyStopTest {
    private static final AcceleratorCatalog CATALOG = AcceleratorCatalog.load();

    private static TrainingStepModel.LayerCost layer(ModelSpec m, int tp, Recompute r, boolean early) {
        Parallelism par = Parallelism.builder()
                .tp(tp)
                .dp(8)
                .microBatch(10)
                .globalBatch(240)
                .sequenceParallel(tp > 1)
                .recompute(r)
                .recomputeEarlyStop(early)
                .build();
        TrainingJob job = TrainingJob.of(m, par, CATALOG.get("h100"));
        return new TrainingStepModel(new AlphaBetaCostModel(job.network())).layerCost(job, 64);
    }

    @Test
    void fsdpShardingMeansPyTorchsCheckpointUnlessTheRunSaysOtherwise() {
        Parallelism.Builder b = Parallelism.builder().dp(8).globalBatch(8).recompute(Recompute.FULL);
        assertThat(b.dpSharding(DpSharding.FSDP).build().recomputeEarlyStop()).isTrue();
        for (DpSharding s : new DpSharding[] {DpSharding.NONE, DpSharding.ZERO1, DpSharding.ZERO2, DpSharding.ZERO3}) {
            assertThat(b.dpSharding(s).build().recomputeEarlyStop()).isFalse();
        }
        // An explicit setting wins either way (Megatron-FSDP keeps Megatron's whole-layer rerun).
        assertThat(b.dpSharding(DpSharding.FSDP)
                        .recomputeEarlyStop(false)
                        .build()
                        .recomputeEarlyStop())
                .isFalse();
        assertThat(Parallelism.builder()
                        .dp(8)
                        .globalBatch(8)
                        .dpSharding(DpSharding.ZERO1)
                        .recomputeEarlyStop(true)
                        .build()
                        .recomputeEarlyStop())
                .isTrue();
    }

    @Test
    void earlyStopSkipsTheDownProjectionAndItsTensorParallelReduction() {
        // MPT-13B shape (40 x 5120, FFN 20480, 40 heads, 4k context), 10 sequences per micro-batch.
        ModelSpec m = ModelSpec.gpt("mpt-13b", 40, 5120, 40, 4096, 50368);
        for (int tp : new int[] {1, 2}) {
            TrainingStepModel.LayerCost none = layer(m, tp, Recompute.NONE, false);
            TrainingStepModel.LayerCost full = layer(m, tp, Recompute.FULL, false);
            TrainingStepModel.LayerCost early = layer(m, tp, Recompute.FULL, true);
            // Megatron-style full recomputation reruns the whole forward, compute and TP communication.
            assertThat(full.computeB() - none.computeB()).isCloseTo(none.computeF(), within(1e-12));
            assertThat(full.tpB() - none.tpB()).isCloseTo(none.tpF(), within(1e-12));
            // Early stop: all of it but the down-projection GEMM (T x 20480/tp times 20480/tp x 5120), and half the TP
            // collectives (the reduction after the MLP).
            double t = 10 * 4096.0;
            TrainingJob job = TrainingJob.of(
                    m,
                    Parallelism.builder()
                            .tp(tp)
                            .dp(8)
                            .microBatch(10)
                            .globalBatch(240)
                            .build(),
                    CATALOG.get("h100"));
            double down = TrainingStepModel.gemmS(job, t, 20480.0 / tp, 5120);
            assertThat(early.computeB() - none.computeB()).isCloseTo(none.computeF() - down, within(1e-12));
            assertThat(early.tpB() - none.tpB()).isCloseTo(none.tpF() / 2, within(1e-12));
            // The down-projection is a third of the layer's GEMM FLOPs (8h^2 of 24h^2 per token).
            assertThat(down / none.computeF()).isBetween(0.2, 1.0 / 3);
            assertThat(early.computeF()).isEqualTo(full.computeF());
        }
    }
}
