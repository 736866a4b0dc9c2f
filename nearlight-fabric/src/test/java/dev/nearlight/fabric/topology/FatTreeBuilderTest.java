package dev.nearlight.fabric.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nearlight.core.InputException;
import dev.nearlight.fabric.Fabric;
import dev.nearlight.fabric.FabricInvariants;
import dev.nearlight.fabric.NodeKind;
import dev.nearlight.fabric.bom.FabricReport;
import dev.nearlight.fabric.device.NodeModel;
import dev.nearlight.fabric.device.OpticsPackaging;
import dev.nearlight.fabric.device.SwitchModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FatTreeBuilderTest {
    static FatTreeBuilder rail(int radix, double rate) {
        return new FatTreeBuilder(Common.of(SwitchModel.generic(radix, rate, OpticsPackaging.PLUGGABLE)));
    }

    @Test
    void dgxSuperPodLikeFourUnitsTwoTiers() {
        // radix 64: leaf 32 down / 32 up, SU = 32 nodes x 8 rails = 256 GPUs, 8 leaves per SU.
        // 1024 GPUs = 128 nodes = 4 SUs -> 32 leaves; leaf uplinks 32 x 32 = 1024 -> 1024/64 = 16 spines,
        // each leaf 32 uplinks over 16 spines = 2 links per spine.
        Fabric f = rail(64, 400).gpus(1024).node(NodeModel.railPerGpu(8)).build();
        FabricReport r = FabricInvariants.check(f);
        assertThat(f.count(NodeKind.LEAF)).isEqualTo(32);
        assertThat(f.count(NodeKind.SPINE)).isEqualTo(16);
        assertThat(f.linkCount("nodeLeaf")).isEqualTo(1024);
        assertThat(f.linkCount("leafSpine")).isEqualTo(1024);
        assertThat(r.switches())
                .containsEntry("leaf", 32L)
                .containsEntry("spine", 16L)
                .containsEntry("core", 0L);
        // every spine port used: 16 x 64 = 1024
        assertThat(r.tiers().get(1).portsUsed()).isEqualTo(1024);
        assertThat(r.tiers().get(1).portsFree()).isZero();
        // non-blocking: bisection = 1024 x 400 G / 2 = 204.8 Tb/s
        assertThat(r.bisectionTbps()).isEqualTo(204.8);
        // GPU -> leaf -> spine -> leaf -> GPU
        assertThat(r.diameterHops()).isEqualTo(4);
        // each leaf's uplinks spread evenly: two links to each of the 16 spines
        int leaf0 = -1;
        for (int v = 0; v < f.nodeCount(); v++) {
            if (f.kind(v) == NodeKind.LEAF) {
                leaf0 = v;
                break;
            }
        }
        int[] perSpine = new int[f.nodeCount()];
        for (int l = 0; l < f.linkCount(); l++) {
            if (f.linkA(l) == leaf0 && f.kind(f.linkB(l)) == NodeKind.SPINE) {
                perSpine[f.linkB(l)]++;
            }
        }
        assertThat(java.util.Arrays.stream(perSpine).filter(x -> x > 0).toArray())
                .hasSize(16)
                .containsOnly(2);
    }

    @ParameterizedTest
    @CsvSource({
        // radix, gpus, leaves, spines, cores
        // radix 64 max 2-tier: 8 SUs x 8 leaves = 64 leaves, 64 x 32 / 64 = 32 spines, 2048 GPUs
        "64, 2048, 2, 64, 32, 0",
        // radix 32: SU = 16 nodes x 8 = 128 GPUs; 512 GPUs = 4 SUs = 32 leaves (= radix), 32 x 16 / 32 = 16 spines
        "32, 512, 2, 32, 16, 0",
        // 3 tiers radix 64: 65536 GPUs = 256 SUs, 4 SUs per pod -> 64 pods; 2048 leaves;
        // spines per pod = 32 leaves x 32 up / 32 = 32 -> 2048 spines; cores = 32 groups x ceil(64 x 32 / 64) = 1024
        "64, 65536, 3, 2048, 2048, 1024",
        // 3 tiers radix 32: SU = 16 nodes = 128 GPUs, 2 SUs per pod (16 leaves), 8192 GPUs = 64 SUs = 32 pods;
        // spines/pod = 16 x 16 / 16 = 16 -> 512 spines; cores = 16 groups x ceil(32 x 16 / 32) = 256
        "32, 8192, 3, 512, 512, 256",
        // 3 tiers, 2 pods only (radix 64, 2048 GPUs = 8 SUs): 64 leaves, 64 spines, cores 32 x ceil(2 x 32/64) = 32
        "64, 2048, 3, 64, 64, 32"
    })
    void handDerivedCounts(int radix, int gpus, int tiers, int leaves, int spines, int cores) {
        Fabric f = rail(radix, 400).gpus(gpus).tiers(tiers).build();
        FabricReport r = FabricInvariants.check(f);
        assertThat(r.switches().get("leaf")).isEqualTo(leaves);
        assertThat(r.switches().get("spine")).isEqualTo(spines);
        assertThat(r.switches().get("core")).isEqualTo(cores);
        assertThat(r.cables().get("nodeLeaf")).isEqualTo(gpus);
        // non-blocking: full bisection
        assertThat(r.bisectionTbps()).isEqualTo(gpus * 400.0 / 2 / 1000);
        assertThat(r.diameterHops()).isEqualTo(tiers == 2 ? 4 : 6);
    }

    @Test
    void oversubscribedLeaf() {
        // radix 64, 3:1 -> 48 down, 16 up; SU = 48 nodes = 384 GPUs; 1536 GPUs = 4 SUs = 32 leaves;
        // uplinks 32 x 16 = 512 -> 8 spines; bisection = 512 x 400 / 2 = 102.4 Tb/s
        Fabric f = rail(64, 400).gpus(1536).oversubscription(3).build();
        FabricReport r = FabricInvariants.check(f);
        assertThat(r.switches().get("leaf")).isEqualTo(32);
        assertThat(r.switches().get("spine")).isEqualTo(8);
        assertThat(r.oversubscription()).isEqualTo(3.0);
        assertThat(r.bisectionTbps()).isEqualTo(102.4);
    }

    @Test
    void plainFatTreeKaryThree() {
        // k = 4 fat tree: 16 hosts, 8 edge, 8 aggregation, 4 core
        Fabric f = rail(4, 100)
                .railOptimized(false)
                .node(NodeModel.railPerGpu(1))
                .gpus(16)
                .tiers(3)
                .build();
        FabricReport r = FabricInvariants.check(f);
        assertThat(r.switches())
                .containsEntry("leaf", 8L)
                .containsEntry("spine", 8L)
                .containsEntry("core", 4L);
        assertThat(r.cables())
                .containsEntry("nodeLeaf", 16L)
                .containsEntry("leafSpine", 16L)
                .containsEntry("spineCore", 16L);
    }

    @Test
    void badInputsSayWhatFits() {
        assertThatThrownBy(() -> rail(64, 400).gpus(4096).build())
                .isInstanceOf(InputException.class)
                .hasMessageContaining("at most 64 leaves = 2048 GPUs")
                .hasMessageContaining("--tiers 3 (up to 65536 GPUs)");
        assertThatThrownBy(() -> rail(64, 400).gpus(131072).tiers(3).build())
                .isInstanceOf(InputException.class)
                .hasMessageContaining("at most 64 pods = 65536 GPUs");
        assertThatThrownBy(() -> rail(64, 400).gpus(1001).build())
                .isInstanceOf(InputException.class)
                .hasMessage("gpus: 1001 does not fill whole nodes of 8 GPUs (use --gpus 1000 or --gpus 1008)");
        assertThatThrownBy(() -> rail(64, 400).gpus(1024).nodesPerUnit(40).build())
                .isInstanceOf(InputException.class)
                .hasMessageContaining("use --nodes-per-unit <= 32");
        // fewer ports than rails: no leaf per rail fits, and the fix is a radix, not a third tier
        assertThatThrownBy(() -> rail(7, 400).gpus(1024).build())
                .isInstanceOf(InputException.class)
                .hasMessage(
                        "switch-radix: 7 is smaller than the 8 rails of a node (use a --switch-radix of at least 16)");
    }
}
