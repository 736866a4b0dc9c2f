package dev.nearlight.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nearlight.core.InputException;
import dev.nearlight.fabric.Fabric;
import dev.nearlight.fabric.NodeKind;
import dev.nearlight.fabric.topology.PcieFabricBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inventory is the PCIe/CXL fabric builder's fabric, mapped into blocks, chassis, switches and latencies. */
class InventoryTest {
    @TempDir
    Path dir;

    static Inventory.PortRef port(String sw, String p) {
        return new Inventory.PortRef(sw, p);
    }

    @Test
    void demoIsTwoPodsOfTheBuildersTwoLevelFabric() {
        Inventory inv = Inventory.demo();
        // what the builder itself makes of one pod
        Fabric pod = new PcieFabricBuilder()
                .hosts(16)
                .hostsPerSwitch(8)
                .levels(2)
                .pools(2, 1, 1)
                .generation(6)
                .switchPorts(32)
                .build();
        assertThat(pod.count(NodeKind.HOST)).isEqualTo(16);
        assertThat(pod.count(NodeKind.PCIE_SWITCH)).isEqualTo(3);
        Map<Inventory.Kind, Long> kinds = inv.blocks().stream()
                .collect(java.util.stream.Collectors.groupingBy(
                        Inventory.Block::kind, java.util.stream.Collectors.counting()));
        assertThat(kinds)
                .containsEntry(Inventory.Kind.COMPUTE, 2L * pod.count(NodeKind.HOST))
                .containsEntry(Inventory.Kind.GPU, 2L * pod.gpus())
                .containsEntry(Inventory.Kind.MEMORY, 2L * 8)
                .containsEntry(Inventory.Kind.STORAGE, 2L * 8);
        assertThat(inv.zoneIds()).containsExactly("Pod-0", "Pod-1");
        // racks per pod: 2 host racks, the network rack, then one rack per enclosure kind (GPU, memory, NVMe)
        assertThat(inv.chassis().stream().filter(c -> c.chassisType().equals("Rack")))
                .hasSize(12);
        assertThat(inv.switches().stream().map(Inventory.Switch::id))
                .containsExactly(
                        "HostSw-0-0", "HostSw-0-1", "FabricSw-0-0", "HostSw-1-0", "HostSw-1-1", "FabricSw-1-0");
        Inventory.Switch fab = inv.switchById("FabricSw-0-0");
        assertThat(fab.rack()).isEqualTo(2);
        assertThat(fab.model()).isEqualTo("pcie-gen6-32x16");
        assertThat(fab.ports().stream().map(Inventory.Port::id))
                .containsExactly(
                        "HostSw-0-0", "HostSw-0-1", "GpuPool-0-0", "GpuPool-0-1", "MemPool-0-0", "NvmePool-0-0");
        assertThat(fab.ports().get(4).in("CXL")).isTrue();
        assertThat(fab.ports().get(4).in("PCIe")).isFalse();
        assertThat(fab.ports().get(2).in("CXL")).isFalse();
        Inventory.Switch hs = inv.switchById("HostSw-1-1");
        assertThat(hs.rack()).isEqualTo(7);
        assertThat(hs.ports()).hasSize(9);
        assertThat(hs.ports().get(0).id()).isEqualTo("Host-1-8");
        assertThat(hs.ports().get(0).optical()).isFalse();
        assertThat(hs.ports().get(8).optical()).isTrue();

        Map<String, Inventory.Block> by = inv.byId();
        Inventory.Block gpu9 = by.get("GPU-0-9");
        assertThat(gpu9.chassisId()).isEqualTo("GpuPool-0-1");
        assertThat(gpu9.switchId()).isEqualTo("FabricSw-0-0");
        assertThat(gpu9.portId()).isEqualTo("GpuPool-0-1");
        assertThat(gpu9.rack()).isEqualTo(3);
        assertThat(by.get("Mem-1-3").capacityMiB()).isEqualTo(65_536);
        assertThat(by.get("Mem-1-3").chassisId()).isEqualTo("MemPool-1-0");
        assertThat(by.get("Host-0-9").switchId()).isEqualTo("HostSw-0-1");
    }

    @Test
    void latenciesAreTheBuildersPathLatenciesSummedByHand() {
        Inventory inv = Inventory.demo();
        Map<String, Inventory.Block> by = inv.byId();
        // Host-0-0 at U1, HostSw-0-0 at U21 of rack 0: 20 x 0.04445 + 0.5 = 1.389 m -> 1.5 m bucket, PCIe copper:
        //   4.6 x 1.5 + 2 x 5 + 2 (FLIT FEC) = 18.9 ns
        // HostSw-0-0 (rack 0) -> FabricSw-0-0 (rack 2): 2 x 0.6 + 2 x 1.5 + 1 = 5.2 m -> 5.25 m, optical:
        //   4.9 x 5.25 + 2 x 20 + 2 = 67.725 ns
        // FabricSw-0-0 -> GPU pools (rack 3): 4.6 m -> 4.75 m: 65.275 ns; memory (rack 4): 67.725 ns;
        //   NVMe (rack 5): 5.8 m -> 6.0 m: 4.9 x 6 + 42 = 71.4 ns
        // two PCIe switches: 2 x 120 ns
        assertThat(inv.latencyNs(by.get("Host-0-0"), by.get("GPU-0-15")))
                .isCloseTo(18.9 + 67.725 + 65.275 + 240, within(1e-6));
        assertThat(inv.latencyNs(by.get("Host-0-0"), by.get("Mem-0-7")))
                .isCloseTo(18.9 + 67.725 + 67.725 + 240, within(1e-6));
        assertThat(inv.latencyNs(by.get("Host-0-0"), by.get("NVMe-0-0")))
                .isCloseTo(18.9 + 67.725 + 71.4 + 240, within(1e-6));
        // Host-0-13 at U21 of rack 1 (0.5 m: 4.6 x 0.5 + 12 = 14.3 ns), one rack closer to the network rack (65.275)
        assertThat(inv.latencyNs(by.get("Host-0-13"), by.get("GPU-0-0")))
                .isCloseTo(14.3 + 65.275 + 65.275 + 240, within(1e-6));
        // no path between pods
        assertThat(inv.latencyNs(by.get("Host-0-0"), by.get("GPU-1-0"))).isInfinite();
        assertThat(inv.path(by.get("Host-0-0"), by.get("GPU-1-0"))).isEmpty();
        assertThat(inv.path(by.get("Host-0-9"), by.get("Mem-0-0")))
                .containsExactly(
                        port("HostSw-0-1", "Host-0-9"),
                        port("HostSw-0-1", "FabricSw-0-0"),
                        port("FabricSw-0-0", "HostSw-0-1"),
                        port("FabricSw-0-0", "MemPool-0-0"));
    }

    @Test
    void yamlSpecOverridesTheDemoAndOneLevelFabricsWork() throws Exception {
        Path f = dir.resolve("inv.yaml");
        Files.writeString(f, """
                pods: 1
                fabric:
                  hosts: 8
                  hostsPerSwitch: 8
                  pcieLevels: 1
                  gpuPools: 1
                  memoryPools: 1
                  storagePools: 0
                memoryChunksPerPool: 4
                maxLatencyNs: 500
                """);
        Inventory inv = Inventory.load(f);
        assertThat(inv.spec().maxLatencyNs()).isEqualTo(500.0);
        assertThat(inv.spec().memoryChunkMiB()).isEqualTo(65_536L);
        assertThat(inv.blocks()).hasSize(8 + 8 + 4);
        assertThat(inv.switches()).hasSize(1);
        Map<String, Inventory.Block> by = inv.byId();
        // one switch: the enclosure hangs off the host switch
        assertThat(inv.path(by.get("Host-0-0"), by.get("GPU-0-3")))
                .containsExactly(port("HostSw-0-0", "Host-0-0"), port("HostSw-0-0", "GpuPool-0-0"));
        // 18.9 (host copper) + rack 0 -> rack 1 (0.6 + 3 + 1 = 4.6 m -> 4.75 m: 65.275) + one switch (120)
        assertThat(inv.latencyNs(by.get("Host-0-0"), by.get("GPU-0-3"))).isCloseTo(204.175, within(1e-6));
        // memory pool in rack 2: 5.2 m -> 5.25 m: 67.725
        assertThat(inv.latencyNs(by.get("Host-0-0"), by.get("Mem-0-3"))).isCloseTo(206.625, within(1e-6));

        Path old = dir.resolve("old.yaml");
        Files.writeString(old, "racks: 4\nhostsPerRack: 8\n");
        assertThatThrownBy(() -> Inventory.load(old))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("\"racks\"")
                .hasMessageContaining("pods, fabric, memoryChunksPerPool");
        Path torus = dir.resolve("torus.yaml");
        Files.writeString(torus, "fabric:\n  topology: torus\n");
        assertThatThrownBy(() -> Inventory.load(torus))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("fabric.topology must be pcie");
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "pods: 0\n");
        assertThatThrownBy(() -> Inventory.load(bad)).hasMessage("inventory: pods=0 must be in [1, 64]");
        // the fabric builder's error names the inventory file's keys, not the fabric command's options
        Path crowded = dir.resolve("crowded.yaml");
        Files.writeString(crowded, "fabric:\n  hosts: 30\n  hostsPerSwitch: 32\n  pcieLevels: 1\n");
        assertThatThrownBy(() -> Inventory.load(crowded))
                .isInstanceOf(InputException.class)
                .hasMessage("inventory: fabric.pcieLevels: 1-level PCIe fabric: 30 hosts + 4 enclosures per switch"
                        + " exceed 32 ports (use at most 2 enclosures or fabric.pcieLevels: 2)");
        // a GPU fabric's setting on the PCIe fabric is refused under the file's own key, not dropped
        Path scaleUp = dir.resolve("scaleup.yaml");
        Files.writeString(scaleUp, "fabric:\n  scaleUpSwitchRadix: 72\n");
        assertThatThrownBy(() -> Inventory.load(scaleUp))
                .isInstanceOf(InputException.class)
                .hasMessage("inventory: fabric.scaleUpSwitchRadix: 72 applies to a fat tree only, but the topology is"
                        + " pcie (drop fabric.scaleUpSwitchRadix or set fabric.topology: rail-fat-tree)");
        assertThat(List.of(Inventory.Spec.demo().resolved().pods())).containsExactly(2);
    }
}
