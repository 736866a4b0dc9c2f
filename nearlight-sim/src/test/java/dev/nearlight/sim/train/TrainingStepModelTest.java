package dev.nearlight.sim.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nearlight.core.InputException;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TrainingStepModelTest {
    private static final AcceleratorCatalog CATALOG = AcceleratorCatalog.load();

    private static Parallelism llama70b(int pp, int vpp) {
        return Parallelism.builder()
                .tp(8)
                .pp(pp)
                .dp(1024 / (8 * pp))
                .vpp(vpp)
                .microBatch(1)
                .globalBatch(512)
                .sequenceParallel(true)
                .dpSharding(DpSharding.ZERO1)
                .recompute(Recompute.SELECTIVE)
                .build();
    }

    static Stream<Arguments> randomJobs() {
        RandomGenerator rng = RandomGeneratorFactory.<RandomGenerator.SplittableGenerator>of("L64X128MixRandom")
                .create(5L);
        String[] gpus = {"a100", "h100", "h200", "b200"};
        List<Arguments> cases = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int pp = new int[] {1, 2, 4, 8}[rng.nextInt(4)];
            int vpp = pp > 1 && rng.nextBoolean() ? 2 : 1;
            int tp = new int[] {2, 4, 8}[rng.nextInt(3)];
            int dp = 1 + rng.nextInt(8);
            Recompute rc = Recompute.values()[rng.nextInt(3)];
            ModelSpec m = ModelSpec.gpt("g", 32, 4096, 32, 4096, 51200);
            Parallelism par = Parallelism.builder()
                    .tp(tp)
                    .pp(pp)
                    .vpp(vpp)
                    .dp(dp)
                    .globalBatch(dp * pp * 4)
                    .recompute(rc)
                    .sequenceParallel(rng.nextBoolean())
                    .dpSharding(DpSharding.ZERO1)
                    .build();
            cases.add(Arguments.of(m, par, gpus[rng.nextInt(gpus.length)]));
        }
        return cases.stream();
    }

    @Test
    void transformerEngineCrossEntropyIsPricedFromItsKernelsBytes() {
        // One GPU and one stage, so the loss adds straight to the step. Transformer Engine's fused kernels move 8 + 14
        // = 22 bytes per logit (two bf16 reads and an fp32 gradient write forward; an in-place fp32 scale and the cast
        // to bf16 backward); the unfused loss the fitted 14.4 fp32 passes, 57.6 bytes.
        ModelSpec m = ModelSpec.gpt("g", 4, 2048, 16, 2048, 128256);
        AcceleratorSpec acc = CATALOG.get("h100");
        Parallelism.Builder b =
                Parallelism.builder().tp(1).pp(1).dp(1).microBatch(1).globalBatch(8);
        StepResult unfused = TrainingStepModel.estimate(TrainingJob.of(m, b.build(), acc));
        StepResult te = TrainingStepModel.estimate(
                TrainingJob.of(m, b.teCrossEntropy(true).build(), acc));
        double logits = 8 * 2048.0 * 128256;
        double hbm = acc.hbmBytesPerS() * StepCalibration.defaults().hbmEfficiency();
        assertThat(unfused.stepTimeS() - te.stepTimeS()).isCloseTo((14.4 * 4 - 22) * logits / hbm, within(1e-9));
        assertThat(RunSoftware.of(b.build()).describe()).isEqualTo("cross entropy te");
    }

    @ParameterizedTest
    @MethodSource("randomJobs")
    void breakdownSumsToStepTimeAndUtilisationsAreConsistent(ModelSpec m, Parallelism par, String gpu) {
        StepResult r = TrainingStepModel.estimate(TrainingJob.of(m, par, CATALOG.get(gpu)));
        double sum = r.breakdownS().values().stream()
                .mapToDouble(Double::doubleValue)
                .sum();
        assertThat(sum).isCloseTo(r.stepTimeS(), within(r.stepTimeS() * 1e-9));
        assertThat(r.mfu()).isGreaterThan(0.05).isLessThanOrEqualTo(r.hfu());
        assertThat(r.hfu()).isLessThan(1.0);
        assertThat(r.starvationFraction()).isBetween(0.0, 1.0);
        assertThat(r.tokensPerS()).isCloseTo(par.globalBatch() * 4096.0 / r.stepTimeS(), within(1e-6));
        if (par.recompute() == Recompute.FULL) {
            // 96/72 ratio for layers, logits not recomputed: HFU strictly above MFU.
            assertThat(r.hfu() / r.mfu()).isGreaterThan(1.25).isLessThan(4.0 / 3 + 1e-9);
        }
    }

    @Test
    void interleavingShrinksTheBubble() {
        ModelSpec m = ModelSpec.preset("llama3-70b");
        StepResult plain = TrainingStepModel.estimate(TrainingJob.of(m, llama70b(4, 1), CATALOG.get("h100")));
        StepResult inter = TrainingStepModel.estimate(TrainingJob.of(m, llama70b(4, 5), CATALOG.get("h100")));
        // m = 512 / 32 = 16 micro-batches: bubble at least 3/16 of the busy time (more because the last stage also
        // carries the 128k-vocabulary output layer), about 3/80 with 5 virtual stages.
        assertThat(plain.bubbleS() / (plain.stepTimeS() - plain.bubbleS())).isBetween(3.0 / 16, 0.3);
        // The output layer on the last virtual stage keeps some imbalance, so the gain is less than 5x.
        assertThat(inter.bubbleS()).isLessThan(plain.bubbleS() / 2);
        assertThat(inter.stepTimeS()).isLessThan(plain.stepTimeS());
    }

    @Test
    void fp8IsFasterThanBf16AndA100RefusesFp8() {
        ModelSpec m = ModelSpec.preset("llama3-8b");
        Parallelism par = Parallelism.builder()
                .tp(2)
                .dp(4)
                .globalBatch(64)
                .sequenceParallel(true)
                .dpSharding(DpSharding.ZERO1)
                .recompute(Recompute.SELECTIVE)
                .build();
        StepResult bf16 = TrainingStepModel.estimate(TrainingJob.of(m, par, CATALOG.get("h100")));
        StepResult fp8 =
                TrainingStepModel.estimate(TrainingJob.of(m.withPrecision(Precision.FP8), par, CATALOG.get("h100")));
        assertThat(fp8.stepTimeS()).isLessThan(bf16.stepTimeS() * 0.85);
        assertThatThrownBy(() -> TrainingJob.of(m.withPrecision(Precision.FP8), par, CATALOG.get("a100")))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("FP8");
    }

    @Test
    void fasterNicsNeverSlowTheStepAndEnergyAddsUp() {
        ModelSpec m = ModelSpec.preset("llama3-70b");
        AcceleratorSpec h100 = CATALOG.get("h100");
        ClusterNetwork base = ClusterNetwork.defaultFor(h100);
        TrainingJob slow = new TrainingJob(m, llama70b(4, 5), h100, base.withNics(1, 100), null, 15e12, null);
        TrainingJob fast = new TrainingJob(m, llama70b(4, 5), h100, base.withNics(1, 800), null, 15e12, null);
        StepResult s = TrainingStepModel.estimate(slow);
        StepResult f = TrainingStepModel.estimate(fast);
        assertThat(f.stepTimeS()).isLessThanOrEqualTo(s.stepTimeS());
        assertThat(s.dpCommS() + s.ppCommS()).isGreaterThan(f.dpCommS() + f.ppCommS());
        // Energy per run = power x PUE x step x steps; steps = 15e12 / (512 x 8192).
        double watts = f.powerBreakdownW().values().stream()
                        .mapToDouble(Double::doubleValue)
                        .sum()
                * 1.2;
        double steps = 15e12 / (512 * 8192.0);
        assertThat(f.energyMWh()).isCloseTo(watts * f.stepTimeS() * steps / 3.6e9, within(1e-6));
        assertThat(f.timeToTrainDays()).isCloseTo(f.stepTimeS() * steps / 86400, within(1e-9));
    }

    @Test
    void contextAndExpertParallelJobsRun() {
        ModelSpec m = ModelSpec.preset("llama3-8b").withSeqLen(32768);
        Parallelism cp = Parallelism.builder()
                .tp(4)
                .cp(4)
                .dp(4)
                .globalBatch(32)
                .sequenceParallel(true)
                .dpSharding(DpSharding.ZERO1)
                .recompute(Recompute.SELECTIVE)
                .build();
        StepResult r = TrainingStepModel.estimate(TrainingJob.of(m, cp, CATALOG.get("h100")));
        assertThat(r.mfu()).isBetween(0.2, 0.7);
        ModelSpec moe = ModelSpec.preset("mixtral-8x7b");
        Parallelism ep = Parallelism.builder()
                .tp(1)
                .pp(4)
                .dp(16)
                .ep(8)
                .globalBatch(256)
                .dpSharding(DpSharding.ZERO1)
                .recompute(Recompute.FULL)
                .build();
        StepResult e = TrainingStepModel.estimate(TrainingJob.of(moe, ep, CATALOG.get("h100")));
        assertThat(e.epCommS()).isGreaterThan(0);
        assertThat(e.mfu()).isBetween(0.1, 0.7);
    }
}
