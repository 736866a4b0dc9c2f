package dev.nearlight.sim.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Under the interleaved schedule Megatron-Core reduces each model chunk's gradients when that chunk's last backward
 * ends and gathers each chunk's parameters one chunk ahead of its first forward; the step model times both on the
 * executed schedule. Hand-derived queue cases, bounds on a real layout, and the published B200 / GB200 pair the
 * earlier one-micro-batch window got wrong.
 */
class InterleavedDataParallelOverlapTest {
    private static final AcceleratorCatalog CATALOG = AcceleratorCatalog.load();

    @Test
    void aSerialQueueStartsEachJobWhenItIsReadyAndTheStreamIsFree() {
        // ready 0, 1, 5 and 2, 2, 1 s long: 0-2, 2-4 (waited for the stream), 5-6 (waited for its data); an empty job
        // ready at 10 changes nothing.
        assertThat(TrainingStepModel.serialQueueEndS(new double[] {0, 1, 5}, new double[] {2, 2, 1}))
                .isCloseTo(6.0, within(1e-12));
        assertThat(TrainingStepModel.serialQueueEndS(new double[] {0, 1, 5, 10}, new double[] {2, 2, 1, 0}))
                .isCloseTo(6.0, within(1e-12));
    }

    @Test
    void aLateGatherStallsTheRankAndPushesEveryLaterDeadline() {
        // Gathers of 2 s launched at 0, 0, 3 and due at 1, 4, 6: the first ends at 2 (1 s stall); the clock then runs
        // 1 s late, so the second (2-4) meets its deadline 5 and the third, launched at 4, ends at 6 before 7.
        double[] due = {1, 4, 6};
        double[] dur = {2, 2, 2};
        assertThat(TrainingStepModel.gatherStallS(new double[] {0, 0, 3}, due, dur))
                .isCloseTo(1.0, within(1e-12));
        // Launched at 5 instead (6 on the late clock) the third ends at 8, 1 s past its deadline of 7.
        assertThat(TrainingStepModel.gatherStallS(new double[] {0, 0, 5}, due, dur))
                .isCloseTo(2.0, within(1e-12));
        // Launched long before they are due, nothing stalls.
        assertThat(TrainingStepModel.gatherStallS(new double[] {0, 0, 0}, new double[] {2, 4, 6}, dur))
                .isZero();
    }

    @Test
    void exposedDataParallelTimeLiesBetweenTheFirstChunkAndNoOverlapAtAll() {
        // Nemotron-4 340B as NeMo 25.02 ran it on 128 B200: TP 8, PP 4 x vpp 12, DP 4, 8 micro-batches, bf16
        // reduce-scatter over the NICs. Overlapped, the rank still reduces its first chunk after its last backward; it
        // can never pay more than reduce-scatter and all-gather of all its parameters with nothing overlapped.
        ModelSpec m = nemotron340b();
        Parallelism par = layout(true);
        TrainingJob job = TrainingJob.of(m, par, CATALOG.get("b200"));
        long ports = (long) Math.ceil(job.gpus() * job.network().nicsPerGpu());
        CommGroup g = TrainingStepModel.dpGroup(job, ports);
        AlphaBetaCostModel comm = new AlphaBetaCostModel(job.network());
        double floor = Double.MAX_VALUE;
        double ceiling = 0;
        for (int r = 0; r < par.pp(); r++) {
            double tail = r == 0
                    ? TrainingStepModel.unbucketedTailParams(m, par, 0)
                    : TrainingStepModel.chunkParams(m, par, r, 0);
            floor = Math.min(floor, comm.reduceScatterS(tail * 2, g));
            double all = TrainingStepModel.rankParams(m, par, r);
            ceiling = Math.max(ceiling, comm.reduceScatterS(all * 2, g) + comm.allGatherS(all * 2, g));
        }
        StepResult overlapped = TrainingStepModel.estimate(job);
        assertThat(overlapped.dpCommS()).isBetween(floor, ceiling);
        StepResult serial = TrainingStepModel.estimate(TrainingJob.of(m, layout(false), CATALOG.get("b200")));
        assertThat(serial.dpCommS()).isGreaterThan(overlapped.dpCommS());
        // The chunks' parameters add up to the rank's.
        for (int r = 0; r < par.pp(); r++) {
            double sum = 0;
            for (int c = 0; c < par.vpp(); c++) {
                sum += TrainingStepModel.chunkParams(m, par, r, c);
            }
            assertThat(sum).isCloseTo(TrainingStepModel.rankParams(m, par, r), within(1e-3 * sum));
        }
    }

    @Test
    void nemotron340bOnB200AndGb200KeepsThePublishedRatio() {
        // NeMo 25.02 (DGX-B200) and 25.04 (DGX-GB200) ran the same layout at 602 and 737 tokens/s per GPU: GB200 is
        // 1.224x faster. Timing the reductions on a one-micro-batch window left 0.56 s of the B200's 1.9 s step
        // exposed and predicted 1.50x; the schedule-timed reductions hide behind the earlier chunks' backward passes.
        // The model now says 1.16x: GB200's measured GEMM ceiling is 1.044x B200's (tenth pass), and the two runs are
        // also two releases apart (B200's first container is slow on every dense row, docs/validation.md).
        List<TrainingValidation.Row> rows = new TrainingValidation(CATALOG)
                .runHeldOut().stream()
                        .filter(r -> r.model().equals("nemotron4-340b"))
                        .toList();
        assertThat(rows).hasSize(2);
        TrainingValidation.Row b200 =
                rows.stream().filter(r -> r.gpu().equals("b200")).findFirst().orElseThrow();
        TrainingValidation.Row gb200 =
                rows.stream().filter(r -> r.gpu().equals("gb200")).findFirst().orElseThrow();
        double measured = gb200.published() / b200.published();
        double predicted = gb200.predicted() / b200.predicted();
        assertThat(measured).isCloseTo(1.224, within(0.001));
        assertThat(predicted / measured).isBetween(0.92, 1.05);
    }

    private static ModelSpec nemotron340b() {
        return new ModelSpec(
                "nemotron4-340b", 96, 18432, 73728, 96, 8, 4096, 256000, 1, 1, 73728, false, false, Precision.FP8);
    }

    private static Parallelism layout(boolean overlap) {
        return Parallelism.builder()
                .tp(8)
                .pp(4)
                .vpp(12)
                .dp(4)
                .microBatch(1)
                .globalBatch(32)
                .sequenceParallel(true)
                .dpSharding(DpSharding.ZERO1)
                .gradReduceBf16(true)
                .hiddenDropout(false)
                .overlap(overlap)
                .build();
    }
}
