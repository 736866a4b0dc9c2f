package dev.nearlight.sim.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nearlight.core.InputException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * An NCCL collective overlapped with compute holds its CTAs' SMs for as long as it runs (NVIDIA/nccl#689), so the
 * compute beside it advances on the remaining SMs: hand-derived pairs, the catalogue's counts, and a whole FSDP step.
 */
class CollectiveSmsTest {
    private static final AcceleratorCatalog CATALOG = AcceleratorCatalog.load();

    @Test
    void aHiddenCollectiveCostsItsShareOfTheSmsForItsDuration() {
        // 10 ms of all-gather beside 20 ms of GEMMs with 24 of 132 SMs taken: the GEMMs advance 10 x 108/132 ms of
        // their work during the collective and finish the rest at full speed, 20 + 10 x 24/132 ms in all.
        double loss = 24.0 / 132;
        assertThat(CollectiveSms.exposedS(0.010, 0.020, loss)).isCloseTo(0.010 * 24 / 132, within(1e-15));
        // A collective longer than the compute beside it shows whole: 30 ms against 20 ms of compute.
        assertThat(CollectiveSms.exposedS(0.030, 0.020, loss)).isCloseTo(0.010, within(1e-15));
        // Between the two the compute, slowed, outlasts the collective: 22 ms against 20 + 22 x 24/132 = 24 ms.
        assertThat(CollectiveSms.exposedS(0.022, 0.020, loss)).isCloseTo(0.022 * 24 / 132, within(1e-15));
        // Without the SM share it is the classic max(0, comm - compute).
        assertThat(CollectiveSms.exposedS(0.010, 0.020, 0)).isZero();
    }

    @Test
    void theEndOfTheOverlappedPairIsNeverBeforeEitherPartAlone() {
        SplittableRandom rnd = new SplittableRandom(17);
        for (int i = 0; i < 10_000; i++) {
            double comm = rnd.nextDouble(0, 1);
            double compute = rnd.nextDouble(0, 1);
            double loss = rnd.nextDouble(0, 0.5);
            double end = compute + CollectiveSms.exposedS(comm, compute, loss);
            assertThat(end).isGreaterThanOrEqualTo(Math.max(comm, compute) - 1e-15);
            // ... and never after running them one after the other.
            assertThat(end).isLessThanOrEqualTo(comm + compute + 1e-15);
        }
    }

    @Test
    void theCatalogueCountsSmsAndChannelsPerGpu() {
        CommGroup inside = CommGroup.placed(8, 1, 8, 64);
        CommGroup across = CommGroup.placed(64, 1, 8, 64);
        assertThat(CATALOG.get("a100").collectiveSms().computeLoss(inside)).isCloseTo(24.0 / 108, within(1e-12));
        assertThat(CATALOG.get("h100").collectiveSms().computeLoss(inside)).isCloseTo(24.0 / 132, within(1e-12));
        assertThat(CATALOG.get("h100").collectiveSms().computeLoss(across)).isCloseTo(16.0 / 132, within(1e-12));
        assertThat(CATALOG.get("gb300").collectiveSms().sms()).isEqualTo(160);
        for (String id : CATALOG.ids()) {
            CollectiveSms c = CATALOG.get(id).collectiveSms();
            assertThat(c.sms()).as(id).isPositive();
            assertThat(c.computeLoss(inside)).as(id).isBetween(0.05, 0.35);
            assertThat(CATALOG.estimates(id).get("collectiveCtasScaleUp").source())
                    .contains("nccl");
        }
        assertThat(CollectiveSms.NONE.computeLoss(inside)).isZero();
    }

    @Test
    void impossibleCountsAreRefused() {
        assertThatThrownBy(() -> new CollectiveSms(132, 132, 16))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("leave SMs");
        assertThatThrownBy(() -> new CollectiveSms(0, 24, 16))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("set sms");
        assertThatThrownBy(() -> new CollectiveSms(132, -1, 16)).isInstanceOf(InputException.class);
    }

    @Test
    void anFsdpStepPaysTheSmShareOfEveryHiddenGatherAndReduction() {
        // MPT-13B on 8 H100 at mbs 2 without recomputation (llm-foundry's table): every layer's all-gather and
        // reduce-scatter hide behind its compute, so the data-parallel time is exactly the SM share of them.
        ModelSpec m = ModelSpec.gpt("mpt-13b", 40, 5120, 40, 2048, 50368);
        Parallelism par = Parallelism.builder()
                .dp(8)
                .microBatch(2)
                .globalBatch(16)
                .dpSharding(DpSharding.FSDP)
                .build();
        TrainingJob job = TrainingJob.of(m, par, CATALOG.get("h100"));
        TrainingStepModel model = new TrainingStepModel(new AlphaBetaCostModel(job.network()));
        long ports = (long) Math.ceil(job.gpus() * job.network().nicsPerGpu());
        CommGroup g = TrainingStepModel.dpGroup(job, ports);
        AlphaBetaCostModel comm = new AlphaBetaCostModel(job.network());
        double layerParams = TrainingStepModel.rankLayerParams(m, par);
        double ag = comm.allGatherS(layerParams * 2, g);
        double rs = comm.reduceScatterS(layerParams * par.gradientBytes(), g);
        TrainingStepModel.LayerCost layer = model.layerCost(job, ports);
        assertThat(ag).isLessThan(layer.fwd());
        assertThat(ag + rs).isLessThan(layer.bwd());
        double loss = 24.0 / 132;
        StepResult res = model.simulate(job);
        assertThat(res.dpCommS()).isCloseTo(40 * loss * (ag + ag + rs), within(1e-12));
        // The same job on a GPU whose collectives take no SMs hides them completely.
        AcceleratorSpec h = CATALOG.get("h100");
        AcceleratorSpec free = new AcceleratorSpec(
                h.id(),
                h.name(),
                h.peakBf16Flops(),
                h.peakFp8Flops(),
                h.hbmGiB(),
                h.hbmBytesPerS(),
                h.scaleUpDomainGpus(),
                h.scaleUpBytesPerSPerDirection(),
                h.nicsPerGpu(),
                h.nicRateGbps(),
                h.tdpW(),
                h.gemmEfficiency(),
                h.peakFp4Flops(),
                h.tpCommOverlap(),
                h.expPerS(),
                h.fa2PeakFraction(),
                h.attentionExpOverlap(),
                CollectiveSms.NONE,
                h.host());
        StepResult ideal = TrainingStepModel.estimate(TrainingJob.of(m, par, free));
        assertThat(ideal.dpCommS()).isZero();
        assertThat(res.stepTimeS() - ideal.stepTimeS()).isCloseTo(res.dpCommS(), within(1e-12));
    }
}
