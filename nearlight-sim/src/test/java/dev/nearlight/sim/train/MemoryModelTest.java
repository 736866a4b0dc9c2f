package dev.nearlight.sim.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nearlight.core.InputException;
import org.junit.jupiter.api.Test;

class MemoryModelTest {
    private final AcceleratorCatalog catalog = AcceleratorCatalog.load();

    @Test
    void fullRecomputationSc21SmallModelByHand() {
        // SC21 1.7B: l=24, h=2304, s=2048, V=51200, tp=pp=1, mbs=1, plain DDP, full recomputation, no SP.
        ModelSpec m = ModelSpec.gpt("1.7b", 24, 2304, 24, 2048, 51200);
        Parallelism par = Parallelism.builder()
                .dp(32)
                .globalBatch(512)
                .recompute(Recompute.FULL)
                .overlap(false)
                .flashAttention(false)
                .build();
        MemoryBreakdown mem = TrainingStepModel.memory(TrainingJob.of(m, par, catalog.get("a100")));
        double params = 24 * (12.0 * 2304 * 2304 + 2 * 2304) + 51200.0 * 2304; // 1,646,899,200
        assertThat(mem.parametersOnGpu()).isEqualTo(1_646_899_200.0);
        assertThat(mem.weightBytes() + mem.gradientBytes() + mem.optimizerBytes())
                .isEqualTo(18 * params);
        // 24 stored layer inputs of 2 s b h bytes, one layer re-materialised: s b h (10 + 24), fp32 logits s b V 4.
        double act = 24 * 2.0 * 2048 * 2304 + 2048.0 * 2304 * 34 + 2048.0 * 51200 * 4;
        assertThat(mem.activationBytes()).isCloseTo(act, within(1.0));
    }

    @Test
    void zeroShardingDividesOptimizerStatesByDataRanks() {
        ModelSpec m = ModelSpec.preset("llama3-8b");
        Parallelism plain = Parallelism.builder().tp(8).dp(16).globalBatch(64).build();
        Parallelism zero1 = Parallelism.builder()
                .tp(8)
                .dp(16)
                .globalBatch(64)
                .dpSharding(DpSharding.ZERO1)
                .build();
        MemoryBreakdown a = TrainingStepModel.memory(TrainingJob.of(m, plain, catalog.get("h100")));
        MemoryBreakdown b = TrainingStepModel.memory(TrainingJob.of(m, zero1, catalog.get("h100")));
        assertThat(b.optimizerBytes()).isCloseTo(a.optimizerBytes() / 16, within(1.0));
        assertThat(b.weightBytes()).isEqualTo(a.weightBytes());
    }

    @Test
    void withoutRecomputationActivationsFollowKorthikantiTable2() {
        // No SP, no recomputation, no flash: s b h (10 + 24/t + 5 a s/(h t)) per layer; GPT, t = 8, p = 1.
        ModelSpec m = ModelSpec.gpt("x", 4, 4096, 32, 2048, 1024);
        Parallelism par = Parallelism.builder()
                .tp(8)
                .dp(1)
                .globalBatch(1)
                .flashAttention(false)
                .build();
        MemoryBreakdown mem = TrainingStepModel.memory(TrainingJob.of(m, par, catalog.get("h100")));
        double sbh = 2048.0 * 4096;
        double perLayer = sbh * (10 + 24.0 / 8 + 5.0 * 32 * 2048 / (4096 * 8));
        assertThat(mem.activationBytes()).isCloseTo(4 * perLayer + 2048.0 * 1024 / 8 * 4, within(1.0));
    }

    @Test
    void configurationThatDoesNotFitSaysByHowMuch() {
        ModelSpec m = ModelSpec.preset("llama3-405b");
        Parallelism par = Parallelism.builder().tp(8).pp(1).dp(1).globalBatch(8).build();
        TrainingJob job = TrainingJob.of(m, par, catalog.get("h100"));
        assertThatThrownBy(() -> TrainingStepModel.estimate(job))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("memory: needs")
                .hasMessageContaining("over by")
                .hasMessageNotContaining("\n");
    }

    @Test
    void interleavedActivationsEqualMegatronsOwnTheoreticalMemoryUsage() {
        // Megatron-LM megatron/training/theoretical_memory_usage.py, compute_activation_memory (SP with selective
        // recomputation): s b h (18 + 4 ffn/h) per layer, times the layers, times the interleaved penalty 1 + (p -
        // 1)/(p
        // v), over t; first pipeline stage. GPT-3 175B (ffn 4h: 34 s b h), t 8, p 8, v 12, 64 micro-batches, fused
        // attention. Megatron also adds the embedding input and its dropout mask for p micro-batches (s b p (8 + h)/t,
        // 26 MB here) and nothing for the output layer when p > 1; the model leaves those out.
        ModelSpec m = ModelSpec.preset("gpt3-175b");
        Parallelism par = Parallelism.builder()
                .tp(8)
                .pp(8)
                .vpp(12)
                .dp(1)
                .globalBatch(64)
                .sequenceParallel(true)
                .recompute(Recompute.SELECTIVE)
                .build();
        MemoryBreakdown mem = TrainingStepModel.memory(TrainingJob.of(m, par, catalog.get("h100")));
        assertThat(mem.stage()).isZero();
        double megatron = 2048.0 * 12288 * (18 + 4 * 4) * 96 * (1 + 7.0 / (8 * 12)) / 8;
        assertThat(mem.activationBytes()).isCloseTo(megatron, within(1.0));
    }
}
