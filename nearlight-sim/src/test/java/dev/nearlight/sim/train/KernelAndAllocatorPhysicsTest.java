package dev.nearlight.sim.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The GEMM epilogue, the attention exponentials on the special-function units, interleaved-schedule activation
 * accounting with uneven virtual stages and hidden-dropout masks, each against a hand derivation.
 */
class KernelAndAllocatorPhysicsTest {
    private static final AcceleratorCatalog CATALOG = AcceleratorCatalog.load();

    private static AcceleratorSpec withoutExp(AcceleratorSpec s) {
        return withExp(s, 0, s.attentionExpOverlap());
    }

    private static AcceleratorSpec withExp(AcceleratorSpec s, double expPerS, boolean overlap) {
        return new AcceleratorSpec(
                s.id(),
                s.name(),
                s.peakBf16Flops(),
                s.peakFp8Flops(),
                s.hbmGiB(),
                s.hbmBytesPerS(),
                s.scaleUpDomainGpus(),
                s.scaleUpBytesPerSPerDirection(),
                s.nicsPerGpu(),
                s.nicRateGbps(),
                s.tdpW(),
                s.gemmEfficiency(),
                s.peakFp4Flops(),
                s.tpCommOverlap(),
                expPerS,
                s.fa2PeakFraction(),
                overlap,
                s.collectiveSms(),
                s.host());
    }

    @Test
    void gemmTimeIsMathPlusTheOutputEpilogueThroughHbm() {
        // MPT-760M QKV GEMM on H100: M = 24 x 2048 tokens, K = 1536, N = 4608, BF16.
        ModelSpec m = ModelSpec.gpt("760m", 24, 1536, 12, 2048, 50368);
        Parallelism par =
                Parallelism.builder().dp(8).microBatch(24).globalBatch(384).build();
        TrainingJob job = TrainingJob.of(m, par, CATALOG.get("h100"));
        double mm = 49152;
        double k = 1536;
        double n = 4608;
        double g = (mm / (mm + 59)) * (k / (k + 59)) * (n / (n + 59));
        double math = 2 * mm * k * n / (989e12 * 0.57 * g);
        double epilogue = mm * n * 2 / (3.35e12 * 0.8);
        assertThat(TrainingStepModel.gemmS(job, mm, k, n)).isCloseTo(math + epilogue, within(1e-12));
        // The epilogue weighs by FLOP per HBM byte: a larger share of the GEMM on H100 than on A100.
        TrainingJob a100 = TrainingJob.of(m, par, CATALOG.get("a100"));
        double shareH100 = epilogue / TrainingStepModel.gemmS(job, mm, k, n);
        double shareA100 = mm * n * 2 / (2.039e12 * 0.8) / TrainingStepModel.gemmS(a100, mm, k, n);
        assertThat(shareH100).isBetween(0.10, 0.13);
        assertThat(shareA100).isBetween(0.06, 0.09);
    }

    @Test
    void theOutputLayerOfAnFp8RunIsPricedAtTheBf16Peak() {
        // Megatron-Core's output layer is a plain ColumnParallelLinear outside Transformer Engine's FP8 autocast: the
        // logit GEMM of an FP8 job costs what the same GEMM costs in a BF16 job, about 2 x 0.97 its FP8 price.
        ModelSpec m = ModelSpec.preset("llama3-8b");
        Parallelism par = Parallelism.builder().dp(8).globalBatch(64).build();
        TrainingJob fp8 = TrainingJob.of(m.withPrecision(Precision.FP8), par, CATALOG.get("b200"));
        TrainingJob bf16 = TrainingJob.of(m, par, CATALOG.get("b200"));
        double t = 8192;
        double v = 128256;
        assertThat(TrainingStepModel.gemmS(fp8, Precision.BF16, t, 4096, v))
                .isEqualTo(TrainingStepModel.gemmS(bf16, t, 4096, v));
        double ratio =
                TrainingStepModel.gemmS(fp8, Precision.BF16, t, 4096, v) / TrainingStepModel.gemmS(fp8, t, 4096, v);
        assertThat(ratio).isBetween(1.7, 1.9);
    }

    @Test
    void fusedAttentionPaysOneExponentialPerCausalScoreEachWay() {
        // Llama 3 8B on one B200, mbs 1, no TP: s = 8192, 32 heads; 8192 x 8192 x 32 / 2 = 1.074e9 exponentials per
        // layer and direction at 16 x 148 SMs x 1.86 GHz = 4.4e12 /s: 244 us each way.
        ModelSpec m = ModelSpec.preset("llama3-8b").withPrecision(Precision.FP8);
        Parallelism par = Parallelism.builder().dp(8).globalBatch(64).build();
        AcceleratorSpec b200 = CATALOG.get("b200");
        TrainingStepModel model = new TrainingStepModel(null);
        // A kernel that runs its exponentials in turn with the MMAs (Ampere-style) pays them on top.
        AcceleratorSpec inTurn = withExp(b200, b200.expPerS(), false);
        TrainingStepModel.LayerCost with = model.layerCost(TrainingJob.of(m, par, inTurn), 8);
        TrainingStepModel.LayerCost without = model.layerCost(TrainingJob.of(m, par, withoutExp(inTurn)), 8);
        double exps = 8192.0 * 8192 * 32 / 2;
        assertThat(with.computeF() - without.computeF()).isCloseTo(exps / 4.4e12, within(1e-9));
        assertThat(with.computeB() - without.computeB()).isCloseTo(exps / 4.4e12, within(1e-9));
        // B200's cuDNN kernels overlap them (FlashAttention-4, arXiv 2603.05451: cuDNN 9.13 beats the in-turn bound):
        // the causal MMAs, 4 s s h / 2 = 5.5e11 FLOP at 2250 x 0.550 x 0.81 = 1003 TFLOP/s = 548 us, outlast the 244 us
        // of exponentials, so they cost nothing more; with the exponential rate cut 5x (1.22 ms) the excess shows.
        assertThat(b200.attentionExpOverlap()).isTrue();
        TrainingStepModel.LayerCost overlapped = model.layerCost(TrainingJob.of(m, par, b200), 8);
        assertThat(overlapped.computeF() - without.computeF()).isCloseTo(0, within(1e-12));
        TrainingStepModel.LayerCost scarce = model.layerCost(TrainingJob.of(m, par, withExp(b200, 0.88e12, true)), 8);
        double mma = 4 * 8192.0 * 8192 * 4096 / 2 / (2250e12 * b200.gemmEfficiency() * 0.81);
        assertThat(scarce.computeF() - without.computeF()).isCloseTo(exps / 0.88e12 - mma, within(1e-9));
        // Per tensor-core FLOP the exponential units are twice as scarce on Blackwell as on Hopper (FlashAttention-3:
        // H100 has 989 TFLOPS of matmul but 3.9 T/s of special functions).
        AcceleratorSpec h100 = CATALOG.get("h100");
        assertThat(h100.expPerS()).isCloseTo(3.9e12, within(0.05e12));
        double hopper = h100.peakBf16Flops() / h100.expPerS();
        assertThat(b200.peakBf16Flops() / b200.expPerS() / hopper).isBetween(1.9, 2.1);
    }

    @Test
    void interleavedScheduleHoldsTheActualChunksOfUnevenVirtualStages() {
        // 6 layers + embedding + loss on pp 2 x vpp 2: virtual stages of 1, 2, 2, 1 layers; rank 0 runs vs 0 and 2,
        // rank 1 vs 1 and 3; 4 micro-batches. Rank 0 warms up (2-0-1) x 2 + (2-1) x 2 = 4 forwards: chunk 0 twice
        // (1 layer), chunk 1 twice (2) = 6; then F(chunk 0) +1 = 7 (peak), B(chunk 1) -2, F(0) +1, B(1) -2, F(1) +2,
        // B(0) -1, F(1) +2 = 7 again. Rank 1 warms up 2 forwards of chunk 0 (2 layers each) = 4, then F(1) +1, B(1)
        // -1, F(1) +1, B(1) -1, F(0) +2 = 6 (peak). The former bound, chunks in flight x largest stage, gave 10 and 6.
        ModelSpec m = ModelSpec.gpt("toy", 6, 1024, 8, 2048, 51200);
        Parallelism par = Parallelism.builder()
                .pp(2)
                .vpp(2)
                .globalBatch(4)
                .accountEmbedding(true)
                .accountLoss(true)
                .build();
        assertThat(TrainingStepModel.interleavedPeakLayers(m, par, 0, 4)).isEqualTo(7.0);
        assertThat(TrainingStepModel.interleavedPeakLayers(m, par, 1, 2)).isEqualTo(6.0);
    }

    @Test
    void trainingWithoutHiddenDropoutDropsTwoMaskBytesPerHiddenElement() {
        // Llama 3 8B, one GPU's layers, no TP or PP: the two 1-byte dropout masks are 2 s b h bytes per layer.
        ModelSpec m = ModelSpec.preset("llama3-8b");
        Parallelism.Builder b = Parallelism.builder().dp(8).globalBatch(64).dpSharding(DpSharding.ZERO1);
        MemoryBreakdown with = TrainingStepModel.memory(TrainingJob.of(m, b.build(), CATALOG.get("b200")));
        MemoryBreakdown without = TrainingStepModel.memory(
                TrainingJob.of(m, b.hiddenDropout(false).build(), CATALOG.get("b200")));
        assertThat(with.activationBytes() - without.activationBytes()).isEqualTo(2.0 * 8192 * 4096 * 32);
    }
}
