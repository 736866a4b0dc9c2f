package dev.nearlight.fabric.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nearlight.core.InputException;
import dev.nearlight.fabric.Fabric;
import dev.nearlight.fabric.FabricInvariants;
import dev.nearlight.fabric.NodeKind;
import dev.nearlight.fabric.bom.FabricReport;
import dev.nearlight.fabric.device.OpticsPackaging;
import dev.nearlight.fabric.device.SwitchModel;
import dev.nearlight.fabric.graph.PathLatency;
import dev.nearlight.fabric.layout.Layout;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OtherTopologiesTest {
    @ParameterizedTest
    @CsvSource({
        // dims, gpus, links, diameter, bisection links
        // 4x4: 16 + 16 links; diameter 2 + 2; cut across a size-4 dimension: 2 x 16 / 4 = 8 links
        "4x4, 16, 32, 4, 8",
        // 4x4x4: 3 x 64 links; diameter 6; 2 x 64 / 4 = 32
        "4x4x4, 64, 192, 6, 32",
        // 2x4: size-2 dimension has 8/2 = 4 links, size-4 dimension 8 -> 12; diameter 1 + 2; 2 x 8 / 4 = 4
        "2x4, 8, 12, 3, 4",
        // 8x8x8: 3 x 512 links; diameter 12; 2 x 512 / 8 = 128
        "8x8x8, 512, 1536, 12, 128"
    })
    void torus(String dims, int gpus, int links, int diameter, int cutLinks) {
        Fabric f = new TorusBuilder(TorusBuilder.parseDims(dims), 800, "pluggable-dsp", true, Layout.defaults(), 64)
                .build(gpus);
        FabricReport r = FabricInvariants.check(f);
        assertThat(f.linkCount()).isEqualTo(links);
        assertThat(r.diameterHops()).isEqualTo(diameter);
        assertThat(r.bisectionTbps()).isEqualTo(cutLinks * 0.8);
        assertThatThrownBy(() -> new TorusBuilder(TorusBuilder.parseDims(dims), 800, "npo", true, Layout.defaults(), 64)
                        .build(gpus + 1))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("holds " + gpus + " GPUs");
    }

    static Common radix(int k) {
        return Common.of(SwitchModel.generic(k, 400, OpticsPackaging.PLUGGABLE));
    }

    @Test
    void dragonflyTwoGroups() {
        // radix 16 balanced: h = 4, p = 4, a = 8 (4 + 7 + 4 = 15 ports); 32 GPUs per group, 64 GPUs = 2 groups;
        // 8 x 4 / 1 = 32 global links between the pair; local 2 x 8 x 7 / 2 = 56; terminals 64
        Fabric f = new DragonflyBuilder(radix(16)).gpus(64).build();
        FabricReport r = FabricInvariants.check(f);
        assertThat(f.count(NodeKind.LEAF)).isEqualTo(16);
        assertThat(f.linkCount("nodeLeaf")).isEqualTo(64);
        assertThat(f.linkCount("local")).isEqualTo(56);
        assertThat(f.linkCount("global")).isEqualTo(32);
        // router i of group 0 links to router i of group 1 -> GPU, router, router, router, GPU
        assertThat(r.diameterHops()).isEqualTo(4);
        // 32 crossing links >= 32 GPUs per half -> full: 32 x 400 G
        assertThat(r.bisectionTbps()).isEqualTo(12.8);
    }

    @Test
    void dragonflyNineGroups() {
        // a h = 32 global ports per group over 8 other groups = 4 links per pair; 36 pairs x 4 = 144 global links
        Fabric f = new DragonflyBuilder(radix(16)).gpus(9 * 32).build();
        FabricReport r = FabricInvariants.check(f);
        assertThat(f.linkCount("global")).isEqualTo(144);
        assertThat(f.linkCount("local")).isEqualTo(9 * 28);
        // GPU, router, local, global, local, GPU
        assertThat(r.diameterHops()).isEqualTo(5);
        // groups 0-3 vs 4-8: 4 x 5 pairs x 4 links = 80 links x 400 G
        assertThat(r.bisectionTbps()).isEqualTo(32.0);
        assertThatThrownBy(() -> new DragonflyBuilder(radix(16)).gpus(100).build())
                .isInstanceOf(InputException.class)
                .hasMessageContaining("use a multiple of 32");
        assertThatThrownBy(() -> new DragonflyBuilder(radix(16)).gpus(34 * 32).build())
                .isInstanceOf(InputException.class)
                .hasMessageContaining("at most 33 groups = 1056 GPUs");
    }

    @Test
    void scaleUpDomainsBesideRailFatTree() {
        // 1024 GPUs in 8-GPU NVLink domains of 18 ports, 64-port switch chips: ceil(8 x 18 / 64) = 3 per domain
        ScaleUpDomain d = new ScaleUpDomain(8, 18, 900, 64, "npo", true);
        assertThat(d.portRateGbps()).isEqualTo(400.0);
        Fabric f = FatTreeBuilderTest.rail(64, 400).gpus(1024).scaleUp(d).build();
        FabricReport r = FabricInvariants.check(f);
        assertThat(f.count(NodeKind.SCALE_UP_SWITCH)).isEqualTo(128 * 3);
        assertThat(f.linkCount("scaleUp")).isEqualTo(1024 * 18);
        // in-rack links are copper
        assertThat(r.linkClasses().get(2).linksByMedium()).containsOnlyKeys("copper");
        // NVL72: 72 x 18 / 72 = 18 switches, one link from each GPU to each
        ScaleUpDomain nvl72 = new ScaleUpDomain(72, 18, 900, 72, "npo", true);
        assertThat(nvl72.switchesPerDomain()).isEqualTo(18);
        Fabric f72 = FatTreeBuilderTest.rail(64, 400).gpus(1152).scaleUp(nvl72).build();
        FabricInvariants.check(f72);
        assertThat(f72.count(NodeKind.SCALE_UP_SWITCH)).isEqualTo(16 * 18);
        assertThatThrownBy(() -> FatTreeBuilderTest.rail(64, 400)
                        .gpus(1024)
                        .scaleUp(nvl72)
                        .build())
                .isInstanceOf(InputException.class)
                .hasMessageContaining("does not divide the 1024 GPUs");
    }

    @Test
    void pcieTwoLevelPathLatencySummedByHand() {
        Fabric f = new PcieFabricBuilder()
                .hosts(4)
                .hostsPerSwitch(4)
                .levels(2)
                .pools(1, 1, 0)
                .generation(6)
                .build();
        FabricInvariants.check(f);
        var plan = FabricInvariants.PLANNER.plan(f);
        List<PathLatency.Path> paths = PathLatency.between(f, plan, NodeKind.HOST, List.of(NodeKind.MEMORY_POOL));
        assertThat(paths).hasSize(4);
        PathLatency.Path p = paths.get(0);
        assertThat(p.links()).isEqualTo(3);
        assertThat(p.switches()).isEqualTo(2);
        // host 0 at U1, host switch at U21 in the same rack: 20 x 0.04445 + 0.5 = 1.389 m -> 1.5 m bucket, copper:
        //   4.6 x 1.5 + 2 x 5 (PHY) + 2 (FLIT FEC) = 18.9 ns
        // host switch (rack 0) -> fabric switch (rack 1): 0.6 + 2 x 1.5 + 1 = 4.6 m -> 4.75 m, optical:
        //   4.9 x 4.75 + 2 x 20 (PHY + optical-aware retimer) + 2 = 65.275 ns
        // fabric switch (rack 1) -> memory pool (rack 3): 1.2 + 3 + 1 = 5.2 m -> 5.25 m: 4.9 x 5.25 + 42 = 67.725 ns
        // two PCIe switch hops: 2 x 120 ns
        assertThat(p.latencyNs()).isCloseTo(18.9 + 65.275 + 67.725 + 240, within(1e-6));
    }

    @Test
    void pcieOneLevelAndBadInputs() {
        Fabric f = new PcieFabricBuilder()
                .hosts(16)
                .hostsPerSwitch(8)
                .levels(1)
                .pools(2, 2, 1)
                .build();
        // host -> host switch -> enclosure -> other host switch -> host: 4 links between the farthest endpoints
        assertThat(FabricInvariants.check(f).diameterHops()).isEqualTo(4);
        // 2 host switches, each enclosure linked to both: 16 + 5 x 2 links
        assertThat(f.linkCount()).isEqualTo(26);
        var plan = FabricInvariants.PLANNER.plan(f);
        assertThat(PathLatency.between(f, plan, NodeKind.HOST, List.of(NodeKind.GPU_POOL)))
                .allSatisfy(p -> assertThat(p.switches()).isEqualTo(1));
        assertThatThrownBy(() -> new PcieFabricBuilder()
                        .hosts(8)
                        .hostsPerSwitch(8)
                        .levels(1)
                        .switchPorts(12)
                        .pools(4, 4, 0)
                        .build())
                .isInstanceOf(InputException.class)
                .hasMessageContaining("use at most 4 enclosures or --pcie-levels 2");
        assertThatThrownBy(() -> new PcieFabricBuilder().generation(4).build())
                .isInstanceOf(InputException.class)
                .hasMessage("pcie-gen: 4 is not supported (use --pcie-gen 5, --pcie-gen 6 or --pcie-gen 7)");
    }
}
