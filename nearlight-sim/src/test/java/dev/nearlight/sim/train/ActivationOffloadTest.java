package dev.nearlight.sim.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nearlight.core.InputException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Activation offloading to host memory (Megatron-Core's {@code cpu_offloading_num_layers}), as Megatron-Bridge's
 * Llama 3 70B FSDP recipes run it on GB200 (40 layers) and GB300 (20 layers).
 */
class ActivationOffloadTest {
    private static final AcceleratorCatalog CATALOG = AcceleratorCatalog.load();

    private static Parallelism.Builder fsdp70b(int offloaded) {
        return Parallelism.builder()
                .dp(64)
                .microBatch(2)
                .globalBatch(256)
                .dpSharding(DpSharding.FSDP)
                .hiddenDropout(false)
                .gradReduceBf16(true)
                .fp8CurrentScaling(true)
                .cpuOffloadLayers(offloaded);
    }

    @Test
    void offloadedLayersLeaveTheGpuButOneAndTheirCopiesOutlastTheLayersTheyHideBehind() {
        ModelSpec m = ModelSpec.preset("llama3-70b").withPrecision(Precision.FP8);
        AcceleratorSpec gb200 = CATALOG.get("gb200");
        TrainingJob none = TrainingJob.of(m, fsdp70b(0).build(), gb200);
        TrainingJob forty = TrainingJob.of(m, fsdp70b(40).build(), gb200);
        // One layer's saved activations, 2 x 8192 tokens x 8192 wide, FP8 inputs, no dropout masks: 6 unsplit words
        // (two norm inputs 4, QKV and FC1 inputs in FP8 1 + 1) + 21 split (Q and projection input 2 + 1, K and V 4 x
        // 8/64, the MLP 2 x 3 x 28672/8192 less the FC2 input's FP8 saving 3.5) = 27 bytes per element: 3.62 GB.
        double perLayer = 27.0 * 16384 * 8192;
        assertThat(TrainingStepModel.layerActivationBytes(forty)).isCloseTo(perLayer, within(1.0));
        // 40 offloaded layers leave the GPU except the one in flight: 39 layers' worth less.
        double saved = TrainingStepModel.memory(none).activationBytes()
                - TrainingStepModel.memory(forty).activationBytes();
        assertThat(saved).isCloseTo(39 * perLayer, within(1.0));
        // Without offloading the published run would not fit in GB200's 173.2 GiB; with its 40 layers it does.
        assertThat(TrainingStepModel.memory(none).totalGiB()).isGreaterThan(gb200.hbmGiB());
        assertThat(TrainingStepModel.memory(forty).totalGiB()).isLessThan(gb200.hbmGiB());
        // Time: each copy (3.62 GB at 225 GB/s = 16.1 ms) hides behind the next layer's forward and the previous
        // layer's backward; what outlasts them is exposed, per offloaded layer and micro-batch (2 micro-batches).
        TrainingStepModel model = new TrainingStepModel(new AlphaBetaCostModel(forty.network()));
        TrainingStepModel.LayerCost layer = model.layerCost(forty, (long) forty.gpus());
        double copy = perLayer / 225e9;
        double exposed = 40 * (Math.max(0, copy - layer.fwd()) + Math.max(0, copy - layer.bwd()));
        StepResult with = model.simulate(forty);
        assertThat(with.offloadS()).isCloseTo(2 * exposed, within(1e-9)).isPositive();
        assertThat(with.breakdownS()).containsKey("offload");
        double sum = with.breakdownS().values().stream()
                .mapToDouble(Double::doubleValue)
                .sum();
        assertThat(sum).isCloseTo(with.stepTimeS(), within(1e-9));
        StepResult without = model.simulate(none, false);
        assertThat(without.offloadS()).isZero();
        assertThat(without.breakdownS()).doesNotContainKey("offload");
        assertThat(with.stepTimeS() - without.stepTimeS()).isCloseTo(with.offloadS(), within(1e-9));
        // Over PCIe (B200, 50 GB/s each way) the same copy takes 72 ms and most of it is exposed.
        AcceleratorSpec b200 = CATALOG.get("b200");
        assertThat(b200.host().copyS(perLayer)).isCloseTo(perLayer / 50e9, within(1e-12));
        TrainingJob onB200 = TrainingJob.of(m, fsdp70b(40).build(), b200);
        StepResult pcie = new TrainingStepModel(new AlphaBetaCostModel(onB200.network())).simulate(onB200, false);
        assertThat(pcie.offloadS() / pcie.stepTimeS()).isGreaterThan(with.offloadS() / with.stepTimeS());
    }

    @Test
    void offloadingIsRefusedWhereMegatronCoreRefusesItAndBeyondTheHostsMemory() {
        ModelSpec m = ModelSpec.preset("llama3-70b").withPrecision(Precision.FP8);
        assertThatThrownBy(() -> fsdp70b(4).pp(2).dp(32).build())
                .isInstanceOf(InputException.class)
                .hasMessageContaining("needs pp 1");
        assertThatThrownBy(() -> fsdp70b(4).recompute(Recompute.FULL).build())
                .isInstanceOf(InputException.class)
                .hasMessageContaining("recomputation");
        assertThatThrownBy(() -> fsdp70b(-1).build()).isInstanceOf(InputException.class);
        Parallelism all = fsdp70b(80).build();
        assertThatThrownBy(() -> all.validateAgainst(m, 64))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("fewer than 80");
        // 79 layers x 3.62 GB = 267 GiB of host memory per GPU, beyond GB200's 220 GiB share of its Grace.
        TrainingJob big = TrainingJob.of(m, fsdp70b(79).build(), CATALOG.get("gb200"));
        assertThatThrownBy(() -> new TrainingStepModel(new AlphaBetaCostModel(big.network())).simulate(big))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("host memory");
        // A GPU without a host link in the catalogue cannot offload.
        AcceleratorSpec noHost = CATALOG.get("h100").withHost(HostLink.NONE);
        TrainingJob job = TrainingJob.of(m, fsdp70b(4).build(), noHost);
        assertThatThrownBy(() -> new TrainingStepModel(new AlphaBetaCostModel(job.network())).simulate(job, false))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("no host link");
    }

    @Test
    void megatronBridgeFsdpRowsFitWithTheirRecipesOffload() {
        List<TrainingValidation.Row> rows = new TrainingValidation(CATALOG)
                .runHeldOut().stream()
                        .filter(r -> r.source().startsWith("Megatron-Bridge") && r.pp() == 1 && r.gpus() == 64)
                        .toList();
        assertThat(rows).hasSize(3).extracting(TrainingValidation.Row::note).allMatch(String::isEmpty);
    }

    @Test
    void onHgxBoardsTheHostCopyAndTheNicTrafficShareTheGpusPcieLink() {
        // Hand-derived: a 25 GB/s link, a 0.5 GB copy, 0.8 GB of parameters gathered over a group of 16 with 2 members
        // in each of 8 domains: each member's NIC moves (1 - 1/8) / 2 = 0.4375 of them, 0.35 GB, and the
        // reduce-scatter twice that in fp32. Forward window 20 ms, backward 40 ms; the FSDP collectives alone expose 2
        // and 5 ms. Forward: (0.5 + 0.35) GB / 25 GB/s = 34 ms, 14 ms past the window, 12 beyond the 0 + 2 priced.
        // Backward: (0.5 + 0.35 + 0.7) GB = 62 ms, 22 ms past the window, 17 beyond the 0 + 5 priced.
        HostLink pcie = new HostLink(25e9, 238, true);
        TrainingStepModel.LayerCost layer = new TrainingStepModel.LayerCost(0.020, 0.040, 0, 0, 0, 0, 0, 0);
        double[] extra = TrainingStepModel.sharedHostLinkS(
                pcie, 0.5e9, 0.8e9, 2, new CommGroup(16, 2, 1, 64), layer, 0.002, 0.005);
        assertThat(extra[0]).isCloseTo(0.012, within(1e-12));
        assertThat(extra[1]).isCloseTo(0.017, within(1e-12));

        // GPT-3 175B on 64 A100, TP 4 x ZeRO-3 over 16 ranks (two per node), micro-batch 4, 61 layers offloaded: the
        // layout `train --search` ranked first at 61.7 % MFU while each GPU's PCIe link carried its activation copies
        // and its share of the ZeRO-3 gathers as if each had the link alone. Shared, the offload costs 0.83 s more a
        // step (57.6 %); on GB200 the host path is NVLink-C2C and the NICs have their own links, so nothing changes.
        ModelSpec m = ModelSpec.preset("gpt3-175b");
        Parallelism par = Parallelism.builder()
                .tp(4)
                .dp(16)
                .microBatch(4)
                .globalBatch(64)
                .sequenceParallel(true)
                .dpSharding(DpSharding.ZERO3)
                .cpuOffloadLayers(61)
                .build();
        AcceleratorSpec a100 = CATALOG.get("a100");
        assertThat(a100.host().sharedWithNics()).isTrue();
        assertThat(CATALOG.get("gb200").host().sharedWithNics()).isFalse();
        AcceleratorSpec ownLink = a100.withHost(
                new HostLink(a100.host().bytesPerSPerDirection(), a100.host().memoryGiB(), false));
        StepResult shared = TrainingStepModel.estimate(TrainingJob.of(m, par, a100));
        StepResult apart = TrainingStepModel.estimate(TrainingJob.of(m, par, ownLink));
        assertThat(shared.offloadS() - apart.offloadS()).isBetween(0.7, 1.0);
        assertThat(shared.stepTimeS() - apart.stepTimeS())
                .isCloseTo(shared.offloadS() - apart.offloadS(), within(1e-9));
    }
}
