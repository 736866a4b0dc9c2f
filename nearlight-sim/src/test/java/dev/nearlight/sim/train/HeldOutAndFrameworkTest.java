package dev.nearlight.sim.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nearlight.core.InputException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Held-out public runs, Megatron's pipeline-split accounting, FP8 memory and the distributed-optimizer table. */
class HeldOutAndFrameworkTest {
    private static final AcceleratorCatalog CATALOG = AcceleratorCatalog.load();

    @Test
    void heldOutPublicRunsStayWithinTheMeasuredErrors() {
        // train/heldout_public_runs.csv, 71 rows (67 before issue 17's twelfth pass added Korthikanti's four
        // full-recomputation runs): NeMo 24.12/25.02/25.04 FP8 tables (H100, B200, GB200, with the
        // Nemotron-4 15B/340B and FSDP Llama 3 70B rows added for issue 17), Llama 3 Table 4, Korthikanti et al. 2022
        // (A100), MosaicML llm-foundry MPT FSDP (A100, H100), TorchTitan FSDP2 (A100) and, since issue 17's seventh
        // pass, 15 Megatron-Bridge FP8 rows (NeMo 25.11-26.06 containers; B200, GB200, GB300, H100). Measured state
        // (docs/validation.md), not the target: median 4.7 %, mean 5.6 %, max 17.7 % (Llama 3 70B on H100 at PP 8,
        // Megatron-Bridge 26.04.01) since the seventh pass (GB300's efficiency fitted on its three 25.11 rows,
        // Blackwell attention overlapping its exponentials, the FSDP rows' activation offload); the 52
        // rows before it: median 4.2 %, mean 5.0 %, max 14.3 % (GPT3-175B on H100, NeMo 25.02)
        // since issue 17's sixth pass (interleaved data-parallel reductions and gathers timed on the schedule); 3.9 %,
        // 4.9 %, 14.7 % since issue 17's fifth pass (overlapped FSDP and data-parallel collectives hold NCCL's SMs;
        // Megatron-Core
        // reduces the bucket holding the embedding after the backward); median 4.75 %,
        // mean 5.5 %, max 15.0 % (MPT-13B at mbs 2 on H100) after issue 17's fourth pass (SC21's unfused gradient
        // accumulation with the A100 efficiency refitted 0.69 -> 0.72,
        // the Triton kernel's FlashAttention-2 bound on H100, TorchTitan's eager kernels, Hopper attention overlapping
        // its exponentials, PyTorch's early-stopping recomputation on the llm-foundry and TorchTitan rows); 5.6 %,
        // 6.6 %, 17.6 % before; 5.8 %, 6.8 %, 19.5 % before the Nemotron rows' eager squared ReLU; 5.2 %, 6.7 %, 21.3 %
        // before the MPT rows ran on their Triton attention kernel and the NeMo 25.04 rows with current FP8 scaling;
        // the
        // 47 rows before issue 17 were at 5.8 %, 7.2 %, 28.0 %.
        List<TrainingValidation.Row> rows = new TrainingValidation(CATALOG).runHeldOut();
        assertThat(rows).hasSize(71);
        assertThat(TrainingValidation.medianAbsError(rows)).isLessThanOrEqualTo(0.048);
        assertThat(TrainingValidation.meanAbsError(rows)).isLessThanOrEqualTo(0.0565);
        assertThat(TrainingValidation.maxAbsError(rows)).isLessThanOrEqualTo(0.178);
        // The first 25 rows (NeMo + Llama 3): median 5.0 %, max 16.1 % (Llama 3 405B on GB200, NeMo 25.04) since
        // Blackwell attention overlaps its exponentials (seventh pass); 4.9 %, 14.3 % (GPT3-175B on H100, NeMo 25.02)
        // since the sixth pass; 4.6 %, 14.7 % since H100
        // attention overlaps its exponentials (Llama 3's 131k-context row -13.0 -> -8.0 %); 5.0 % / 14.9 % before, 5.2
        // %
        // / 19.5 % before the Nemotron rows' eager squared ReLU, 6.2 % before current scaling on the 25.04 rows.
        List<TrainingValidation.Row> first = rows.subList(0, 25);
        assertThat(first)
                .allMatch(r -> r.source().startsWith("NeMo") || r.source().equals("Llama 3 paper"));
        assertThat(TrainingValidation.medianAbsError(first)).isLessThanOrEqualTo(0.051);
        assertThat(TrainingValidation.maxAbsError(first)).isLessThanOrEqualTo(0.162);
        // NeMo's Blackwell rows (B200, GB200; 12 rows, cuDNN of early 2025): median 9.3 %, mean 8.9 %, max 16.1 %
        // (Llama 3 405B on GB200) since their attention overlaps its exponentials, as current cuDNN's does (seventh
        // pass); 8.7 %, 7.2 %, 13.8 % since the
        // sixth pass (Nemotron-4 340B on B200 -11.4 -> +9.0 %, GPT3-175B on B200 +0.8 -> +5.7 %, Llama 3 405B on B200
        // +9.1 -> +10.8 %); 8.7 %, 6.8 %, 13.8 % since the fifth pass (Nemotron-4 15B on B200 +14.8 -> +9.9 %); 9.1 %,
        // 7.9 %, 14.8 % before; 9.8 %, 8.8
        // %,
        // 19.5 % before the Nemotron rows' eager squared ReLU, 9.2 %, 9.4 %, 19.5 % with delayed scaling on GB200.
        List<TrainingValidation.Row> blackwell = rows.stream()
                .filter(r -> r.source().startsWith("NeMo"))
                .filter(r -> r.gpu().equals("b200") || r.gpu().equals("gb200"))
                .toList();
        assertThat(blackwell).hasSize(12);
        // since the eighth pass (the fused loss is not theirs; the backward GEMMs' outputs and the refit are): median
        // 8.6 %, mean 9.0 %, max 15.4 %
        assertThat(TrainingValidation.medianAbsError(blackwell)).isLessThanOrEqualTo(0.088);
        assertThat(TrainingValidation.meanAbsError(blackwell)).isLessThanOrEqualTo(0.092);
        assertThat(TrainingValidation.maxAbsError(blackwell)).isLessThanOrEqualTo(0.156);
        // llm-foundry on H100 (7 rows), Triton attention kernel at FlashAttention-2's 35 % of the peak, FSDP's
        // collectives holding 24 of 132 SMs: median 4.8 %, max 8.6 % (MPT-13B at mbs 2, +15.0 % before the SM share,
        // whose per-layer gathers and reductions hide behind only 4k tokens of compute); 2.2 % / 17.0 % with the
        // kernel's ratios applied to the fused rate (the 52
        // sweep
        // rows: 4.5 % against 6.1 %), 9.2 % / 21.3 % priced as FlashAttention-2, 12.3 % / 28.0 % before issue 17. Since
        // the fixed per-layer time was fitted (eleventh pass): median 2.4 %, max 9.8 % (MPT-760M at mbs 24, +9.8 %).
        List<TrainingValidation.Row> mptH100 = rows.stream()
                .filter(r -> r.gpu().equals("h100") && r.source().equals("MosaicML"))
                .toList();
        assertThat(mptH100).hasSize(7);
        assertThat(TrainingValidation.medianAbsError(mptH100)).isLessThanOrEqualTo(0.049);
        assertThat(TrainingValidation.maxAbsError(mptH100)).isLessThanOrEqualTo(0.099);
    }

    @Test
    void megatronBridgeRowsCheckTheBlackwellEfficiencies() {
        // Megatron-Bridge's FP8 tables (NeMo 25.11-26.06): 15 rows, 3 of them (GB300, container 25.11) fit GB300's
        // gemmEfficiency 0.65. The 12 checked rows: median 5.9 %, mean 6.8 %, max 14.2 % (5.0 %, 6.1 % while B200 and
        // GB200 kept H100's efficiency: their GB200 rows are 3.9-10.7 % slow now, 3.1-4.2 % fast then) (Llama 3 70B on
        // H100, PP 8,
        // software drift the model has no version for: docs/validation.md, eighth pass); 5.4 %, 6.5 %, 17.7 % before
        // the fused loss and the backward GEMMs' outputs were priced; 6.8 %, 7.4 % before Blackwell attention
        // overlapped its exponentials.
        List<TrainingValidation.Row> bridge = new TrainingValidation(CATALOG)
                .runHeldOut().stream()
                        .filter(r -> r.source().startsWith("Megatron-Bridge"))
                        .toList();
        assertThat(bridge).hasSize(15);
        assertThat(bridge.stream().filter(r -> r.role().equals("fitted")))
                .hasSize(3)
                .allMatch(r -> r.gpu().equals("gb300") && r.source().endsWith("25.11"));
        List<TrainingValidation.Row> checked =
                bridge.stream().filter(r -> r.role().equals("checked")).toList();
        assertThat(TrainingValidation.medianAbsError(checked)).isLessThanOrEqualTo(0.060);
        assertThat(TrainingValidation.meanAbsError(checked)).isLessThanOrEqualTo(0.069);
        assertThat(TrainingValidation.maxAbsError(checked)).isLessThanOrEqualTo(0.143);
        // GB300's later containers, never fitted: -4.5 % (70B FSDP, 20 layers offloaded), -8.9 % and -6.8 % (405B);
        // at H100's 0.55 they are 16-21 % slow.
        assertThat(checked.stream().filter(r -> r.gpu().equals("gb300")))
                .hasSize(3)
                .allMatch(r -> Math.abs(r.error()) < 0.090);
        AcceleratorCatalog h100Efficiency = AcceleratorCatalog.load();
        List<TrainingValidation.Row> atH100 = new TrainingValidation(
                        id -> {
                            AcceleratorSpec s = h100Efficiency.get(id);
                            return s.id().equals("gb300") ? s.withGemmEfficiency(0.55) : s;
                        },
                        StepCalibration.defaults())
                .runHeldOut().stream()
                        .filter(r -> r.gpu().equals("gb300") && r.role().equals("checked"))
                        .toList();
        assertThat(atH100).hasSize(3).allMatch(r -> r.error() < -0.16);
    }

    @Test
    void llama3PaperConfigurationsComeCloserToTheirHbm() {
        // Llama 3 Table 4 (PP 16, vpp 4, one layer less on the first and last stage, no dropout, FSDP sharding
        // optimizer states and gradients but not parameters = ZeRO-2, no recomputation; section 3.3.2 of the paper).
        // The model needed 103.9 / 88.6 GiB of 80 before exact interleaved accounting, dropout-free masks and the
        // paper's sharding; now the 16k-GPU rows (16 micro-batches per pipeline) fit and the 8k-GPU row (32
        // micro-batches, rank 1 holding 77 two-layer chunks in Megatron's warm-up) needs 86.1 GiB, see
        // docs/validation.md.
        List<TrainingValidation.Row> llama = new TrainingValidation(CATALOG)
                .runHeldOut().stream()
                        .filter(r -> r.source().equals("Llama 3 paper"))
                        .toList();
        assertThat(llama).extracting(TrainingValidation.Row::note).containsExactly("memory 86.1 of 80.0 GiB", "", "");
    }

    @Test
    void everyNemoRowFitsWithTheDropoutItsConfigurationSets() {
        // NeMo's GPT3-175B, Llama and Nemotron configurations set hidden_dropout = 0.0 (dropout = false in the CSV):
        // no 1-byte masks. Llama 3 70B with Megatron-Core FSDP on 64 GB200 needed 175.6 of 173.2 GiB with them (about
        // 10 GiB of masks) and now fits, as the published run did; so does every other NeMo row.
        List<TrainingValidation.Row> nemo = new TrainingValidation(CATALOG)
                .runHeldOut().stream()
                        .filter(r -> r.source().startsWith("NeMo"))
                        .toList();
        assertThat(nemo).hasSize(22);
        assertThat(nemo).extracting(TrainingValidation.Row::note).allMatch(String::isEmpty);
    }

    @Test
    void a100PublicRunsAreWithinTheMeasuredErrors() {
        // 24 A100 rows outside shared/ (Korthikanti 2022: 8, llm-foundry: 13, TorchTitan: 3). Since issue 17's twelfth
        // pass: median 3.7 %, mean 4.0 %, max 9.3 % (TorchTitan Llama 2 13B +9.3 %). Korthikanti's rows run the
        // paper's layouts (Table 3 micro-batch, section 6 interleaving) against its Table 5 iteration times, both
        // columns, with Megatron-LM's asynchronous backward TP overlap; before, 20 rows at micro-batch 1 against the
        // README's MFU: median 3.2 %, max 9.3 % (twelfth pass, counted softmax passes), 3.5 % / 10.7 % (fifth pass),
        // 4.8 % / 10.6 % (fourth), 6.1 % / 17.6 % before it. Before TP overlap was tied to CUDA multicast,
        // Korthikanti's 22B was +35 %.
        List<TrainingValidation.Row> a100 = new TrainingValidation(CATALOG)
                .runHeldOut().stream().filter(r -> r.gpu().equals("a100")).toList();
        assertThat(a100).hasSize(24);
        assertThat(TrainingValidation.medianAbsError(a100)).isLessThanOrEqualTo(0.038);
        assertThat(TrainingValidation.meanAbsError(a100)).isLessThanOrEqualTo(0.041);
        assertThat(TrainingValidation.maxAbsError(a100)).isLessThanOrEqualTo(0.094);
        // Korthikanti's eight step times (seconds, error + = predicted slower): within 8 %, the model slower on the
        // three pipelined models in both columns.
        List<TrainingValidation.Row> k =
                a100.stream().filter(r -> r.source().equals("Korthikanti 2022")).toList();
        assertThat(k).hasSize(8).allMatch(r -> r.metric().equals("step_time_s"));
        assertThat(k).allMatch(r -> Math.abs(r.error()) < 0.08);
        assertThat(k.get(0).model()).isEqualTo("gpt-22b");
        assertThat(k.get(0).mbs()).isEqualTo(4);
        assertThat(k.get(1).vpp()).isEqualTo(3);
    }

    @Test
    void tpCollectivesOverlapOnlyWithSequenceParallelismOnHopperInsideTheNode() {
        // Userbuffers overlap (both passes) needs CUDA multicast over NVSwitch (TransformerEngine#1071: not on A100)
        // and sequence parallelism (Megatron asserts it, TransformerEngine#746). Elsewhere the TP flag leaves the
        // forward's collectives exposed and only overlaps the backward's, as Megatron-LM's asynchronous
        // communication does.
        ModelSpec m = ModelSpec.preset("gpt3-175b");
        for (String gpu : new String[] {"a100", "h100"}) {
            for (boolean sp : new boolean[] {false, true}) {
                TrainingStepModel.LayerCost[] c = new TrainingStepModel.LayerCost[2];
                for (int k = 0; k < 2; k++) {
                    Parallelism par = Parallelism.builder()
                            .tp(8)
                            .pp(8)
                            .vpp(12)
                            .dp(1)
                            .globalBatch(64)
                            .sequenceParallel(sp)
                            .tpCommOverlap(k == 1)
                            .build();
                    TrainingJob job = TrainingJob.of(m, par, CATALOG.get(gpu));
                    c[k] = new TrainingStepModel(new AlphaBetaCostModel(job.network())).layerCost(job, 64);
                }
                assertThat(c[1].tpB()).isLessThan(c[0].tpB());
                if (gpu.equals("h100") && sp) {
                    assertThat(c[1].tpF()).isLessThan(c[0].tpF());
                } else {
                    assertThat(c[1].tpF()).isEqualTo(c[0].tpF());
                }
            }
        }
    }

    @Test
    void asynchronousBackwardOverlapHidesEachCollectiveBehindItsGemm() {
        // Hand-derived: an all-reduce of 1 ms, QKV GEMM 0.5 ms, fc1 GEMM 2 ms, collectives holding 20 % of the SMs.
        // Without SP: max(1 - 0.5, 0.2 x 1) + max(1 - 2, 0.2 x 1) = 0.5 + 0.2.
        assertThat(TrainingStepModel.asyncBackwardTpS(1e-3, 0.5e-3, 2e-3, false, 0.2))
                .isCloseTo(0.7e-3, within(1e-12));
        // With SP: the two row-parallel gradient all-gathers (0.5 ms each) stay exposed; each column-parallel linear
        // hides a 0.5 ms reduce-scatter and a 0.5 ms re-gather behind its two GEMMs: 1.0 + 2 x 0.1 + 2 x 0.1.
        assertThat(TrainingStepModel.asyncBackwardTpS(1e-3, 0.5e-3, 2e-3, true, 0.2))
                .isCloseTo(1.4e-3, within(1e-12));
    }

    @Test
    void the22bLayerTimesMatchKorthikantisTable4() {
        // Korthikanti et al. 2022, Table 4: one layer of the 22B model (TP 8, micro-batch 4, seq 2048, 8 A100),
        // forward / backward in ms: no recomputation 7.7 / 11.9, sequence parallelism 7.2 / 11.8, full recomputation
        // 7.7 / 19.5, selective 7.7 / 13.2, selective + sequence parallelism 7.2 / 13.1. The model: forwards within
        // 3 %, backwards 4.5-11 % slow (23 % slow before the asynchronous backward overlap).
        ModelSpec m = ModelSpec.gpt("22b", 48, 6144, 64, 2048, 51200);
        Object[][] cases = {
            {false, Recompute.NONE, 7.7, 11.9},
            {true, Recompute.NONE, 7.2, 11.8},
            {false, Recompute.FULL, 7.7, 19.5},
            {false, Recompute.SELECTIVE, 7.7, 13.2},
            {true, Recompute.SELECTIVE, 7.2, 13.1}
        };
        for (Object[] k : cases) {
            Parallelism par = Parallelism.builder()
                    .tp(8)
                    .microBatch(4)
                    .globalBatch(4)
                    .sequenceParallel((Boolean) k[0])
                    .recompute((Recompute) k[1])
                    .dpSharding(DpSharding.NONE)
                    .flashAttention(false)
                    .build();
            TrainingJob job = TrainingJob.of(m, par, CATALOG.get("a100"));
            TrainingStepModel.LayerCost c =
                    new TrainingStepModel(new AlphaBetaCostModel(job.network())).layerCost(job, 8);
            assertThat(1e3 * c.fwd()).isCloseTo((Double) k[2], within(0.03 * (Double) k[2]));
            assertThat(1e3 * c.bwd() / (Double) k[3]).isBetween(1.0, 1.12);
        }
    }

    @Test
    void fp8Gpt3OnH100IsNoLongerPredictedTooSlow() {
        // NeMo 24.12, GPT3-175B, 128 H100, FP8, TP 4 PP 8 VP 6: 716 tokens/s per GPU (was predicted 25-55 % slow).
        TrainingValidation.Row row = new TrainingValidation(CATALOG)
                .runHeldOut().stream()
                        .filter(r -> r.model().equals("gpt3-175b") && r.gpu().equals("h100") && r.gpus() == 128)
                        .findFirst()
                        .orElseThrow();
        assertThat(row.error()).isBetween(-0.05, 0.05);
        assertThat(row.note()).isEmpty(); // fits in 80 GB
    }

    @Test
    void mbs2WithTheDistributedOptimizerFitsWhereNeMoRanIt() {
        // NeMo 25.02 GPT3-175B on 512 H100, mbs 2, TP 4 PP 8 VP 6, FP8, bf16 gradient reduction: it ran on 80 GB.
        ModelSpec m = ModelSpec.preset("gpt3-175b").withPrecision(Precision.FP8);
        Parallelism par = Parallelism.builder()
                .tp(4)
                .pp(8)
                .vpp(6)
                .dp(16)
                .microBatch(2)
                .globalBatch(2048)
                .sequenceParallel(true)
                .dpSharding(DpSharding.ZERO1)
                .gradReduceBf16(true)
                .build();
        MemoryBreakdown mem = TrainingStepModel.memory(TrainingJob.of(m, par, CATALOG.get("h100")));
        assertThat(mem.totalGiB()).isLessThan(80.0);
    }

    @Test
    void distributedOptimizerBytesPerParameterFollowMegatronsTable() {
        // Megatron-LM docs/distrib_optimizer.md: bf16 params with fp32 grads 6 + 12/d, bf16 grads 4 + 16/d bytes.
        ModelSpec m = ModelSpec.preset("llama3-8b");
        for (boolean bf16 : new boolean[] {false, true}) {
            Parallelism par = Parallelism.builder()
                    .tp(8)
                    .dp(8)
                    .globalBatch(8)
                    .sequenceParallel(true)
                    .dpSharding(DpSharding.ZERO1)
                    .gradReduceBf16(bf16)
                    .build();
            MemoryBreakdown mem = TrainingStepModel.memory(TrainingJob.of(m, par, CATALOG.get("h100")));
            double perParam = (mem.weightBytes() + mem.gradientBytes() + mem.optimizerBytes()) / mem.parametersOnGpu();
            assertThat(perParam).isCloseTo(bf16 ? 4 + 16 / 8.0 : 6 + 12 / 8.0, within(1e-9));
        }
    }

    @Test
    void fp8KeepsQuantisedGemmInputsForBackward() {
        // GPT-175B layer with SP on tp 8, no recompute: 34 sbh/t bytes in bf16; FP8 halves QKV, FC1, projection and
        // FC2 inputs: 34 - (3 + 4) = 27 sbh/t.
        ModelSpec bf16 = ModelSpec.preset("gpt3-175b");
        Parallelism par = Parallelism.builder()
                .tp(8)
                .pp(96)
                .dp(1)
                .globalBatch(1)
                .sequenceParallel(true)
                .dpSharding(DpSharding.ZERO1)
                .build();
        double a16 = TrainingStepModel.memory(TrainingJob.of(bf16, par, CATALOG.get("h100")))
                .activationBytes();
        double a8 = TrainingStepModel.memory(
                        TrainingJob.of(bf16.withPrecision(Precision.FP8), par, CATALOG.get("h100")))
                .activationBytes();
        double sbh = 2048.0 * 12288;
        double logits = 2048.0 * 51200 / 8 * 4; // the most loaded rank is the last: fp32 logits
        assertThat(a16 - a8).isCloseTo(7 * sbh / 8, within(1.0));
        assertThat(a16 - logits).isCloseTo(34 * sbh / 8, within(1.0));
    }

    @Test
    void embeddingAndLossTakeOneLayerSlotEachInThePipelineSplit() {
        // Llama-3 405B, 126 layers on pp 8 x vpp 8 (NeMo's recipe): 128 slots, 2 per virtual stage.
        Parallelism par = Parallelism.builder()
                .tp(8)
                .pp(8)
                .vpp(8)
                .dp(1)
                .globalBatch(8)
                .accountEmbedding(true)
                .accountLoss(true)
                .build();
        int sum = 0;
        for (int vs = 0; vs < 64; vs++) {
            int layers = par.stageLayers(126, vs);
            sum += layers;
            assertThat(layers).isEqualTo(vs == 0 || vs == 63 ? 1 : 2);
        }
        assertThat(sum).isEqualTo(126);
        assertThat(par.rankLayers(126, 0)).isEqualTo(15);
        assertThat(par.rankLayers(126, 7)).isEqualTo(15);
        assertThat(par.rankLayers(126, 3)).isEqualTo(16);
        par.validateAgainst(ModelSpec.preset("llama3-405b"), par.gpus());
        assertThatThrownBy(() -> Parallelism.builder()
                        .pp(4)
                        .globalBatch(4)
                        .accountEmbedding(true)
                        .firstStageLayers(30)
                        .build())
                .isInstanceOf(InputException.class)
                .hasMessageContaining("not both");
        // one stage has nothing to split: the accounting could not act, so it is refused, not ignored
        assertThatThrownBy(() -> Parallelism.builder().accountLoss(true).build())
                .isInstanceOf(InputException.class)
                .hasMessage("pp: 1 has one stage, no split for the embedding/loss accounting to act on (raise --pp or"
                        + " drop the accounting)");
        Parallelism odd = Parallelism.builder()
                .pp(8)
                .globalBatch(8)
                .accountEmbedding(true)
                .build();
        assertThatThrownBy(() -> odd.validateAgainst(ModelSpec.preset("llama3-405b"), odd.gpus()))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("127");
    }

    @Test
    void oneSlotPerVirtualStageLeavesTheFirstAndLastWithOnlyEmbeddingAndLoss() {
        // Llama 3.1 405B on PP 16 x VP 8 (Megatron-Bridge 26.06, GB200): 126 layers + embedding + loss = 128 slots, one
        // per virtual stage, so stage 0 holds only the embedding and stage 127 only the output layer and loss.
        Parallelism par = Parallelism.builder()
                .tp(4)
                .pp(16)
                .vpp(8)
                .dp(4)
                .globalBatch(1536)
                .sequenceParallel(true)
                .dpSharding(DpSharding.ZERO1)
                .accountEmbedding(true)
                .accountLoss(true)
                .build();
        ModelSpec m = ModelSpec.preset("llama3-405b");
        par.validateAgainst(m, 256);
        int sum = 0;
        for (int vs = 0; vs < 128; vs++) {
            int layers = par.stageLayers(126, vs);
            sum += layers;
            assertThat(layers).isEqualTo(vs == 0 || vs == 127 ? 0 : 1);
        }
        assertThat(sum).isEqualTo(126);
        // ranks 0 and 15 hold 7 layers (one chunk without any), the others 8
        assertThat(par.rankLayers(126, 0)).isEqualTo(7);
        assertThat(par.rankLayers(126, 15)).isEqualTo(7);
        assertThat(par.rankLayers(126, 7)).isEqualTo(8);
        // the embedding-only chunk carries the vocabulary's parameters and nothing else
        assertThat(TrainingStepModel.chunkParams(m, par, 0, 0)).isEqualTo(128256.0 * 16384 / 4);
        TrainingJob job = TrainingJob.of(m, par, CATALOG.get("gb200"));
        StepResult r = new TrainingStepModel(new AlphaBetaCostModel(job.network())).simulate(job, false);
        assertThat(r.stepTimeS()).isPositive().isFinite();
        assertThat(r.hfu()).isLessThan(1);
    }

    @Test
    void tensorParallelismAcrossNodesIsNotOverlapped() {
        // GPT-3 175B, tp 16 on 8-GPU H100 nodes: Transformer Engine's userbuffer overlap works over NVLink only, so
        // the hierarchical all-reduces (NVLink + NICs) are fully exposed; tp 8 inside the node exposes
        // max(16 %, what outlasts the GEMMs).
        ModelSpec m = ModelSpec.preset("gpt3-175b");
        AcceleratorSpec h100 = CATALOG.get("h100");
        for (int tp : new int[] {8, 16}) {
            TrainingJob job = TrainingJob.of(
                    m,
                    Parallelism.builder()
                            .tp(tp)
                            .pp(8)
                            .dp(1)
                            .globalBatch(8)
                            .sequenceParallel(true)
                            .recompute(Recompute.FULL)
                            .build(),
                    h100);
            ClusterNetwork net = job.network();
            long ports = (long) Math.ceil(job.gpus() * net.nicsPerGpu());
            TrainingStepModel.LayerCost layer =
                    new TrainingStepModel(new AlphaBetaCostModel(net)).layerCost(job, ports);
            double t = 2048;
            double h = 12288;
            double gemm = TrainingStepModel.gemmS(job, t, h, 3 * h / tp)
                    + TrainingStepModel.gemmS(job, t, h / tp, h)
                    + TrainingStepModel.gemmS(job, t, h, 4 * h / tp)
                    + TrainingStepModel.gemmS(job, t, 4 * h / tp, h);
            CommGroup g = CommGroup.placed(tp, 1, 8, ports);
            double both = 2 * new AlphaBetaCostModel(net).allReduceS(t * h * 2, g);
            double expected = tp == 16 ? both : Math.max(0.16 * both, both - gemm);
            assertThat(layer.tpF()).isCloseTo(expected, within(1e-12));
        }
    }
}
