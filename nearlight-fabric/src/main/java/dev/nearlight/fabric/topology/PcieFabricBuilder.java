package dev.nearlight.fabric.topology;

import dev.nearlight.core.InputException;
import dev.nearlight.fabric.Fabric;
import dev.nearlight.fabric.FabricBuilder;
import dev.nearlight.fabric.LinkClass;
import dev.nearlight.fabric.NodeKind;
import dev.nearlight.fabric.device.OpticsPackaging;
import dev.nearlight.fabric.device.SwitchModel;
import dev.nearlight.fabric.layout.Layout;

/**
 * A composable PCIe/CXL fabric: hosts in compute racks, each on a top-of-rack PCIe switch ({@code hostsPerSwitch}
 * hosts per switch); pooled GPU, memory and NVMe enclosures in their own racks.
 *
 * <ul>
 *   <li><b>1 level</b>: every enclosure has one upstream port to every host switch (multi-host enclosures), so a
 *       host reaches any enclosure through one switch.
 *   <li><b>2 levels</b>: every host switch links once to each of {@code m} fabric switches in a network rack;
 *       enclosures attach round-robin to the fabric switches; a host reaches an enclosure through two switches.
 * </ul>
 *
 * Links are x16 at the generation's raw rate (Gen5 512, Gen6 1024, Gen7 2048 Gb/s per direction), copper
 * (CopprLink, 2 m) where it reaches, else optical PCIe with an optical-aware retimer at each end.
 */
public final class PcieFabricBuilder {
    /** PCIe switch power per Tb/s (est.: ~70 W for a 144-lane Gen5 switch, 4.6 Tb/s). */
    public static final double PCIE_SWITCH_W_PER_TBPS = 15;
    /** PCIe switch price per Gb/s of capacity (est., no price found). */
    public static final double PCIE_SWITCH_USD_PER_GBPS = 1.0;

    private int hosts = 16;
    private int hostsPerSwitch = 8;
    private int levels = 2;
    private int gpuPools = 2;
    private int memoryPools = 2;
    private int storagePools = 1;
    private int generation = 6;
    private int switchPorts = 32;
    private Layout layout = Layout.defaults();
    private String optics = "pcie-optical";

    /** Hosts (CPU root complexes). */
    public PcieFabricBuilder hosts(int n) {
        hosts = n;
        return this;
    }

    /** Hosts per host switch. */
    public PcieFabricBuilder hostsPerSwitch(int n) {
        hostsPerSwitch = n;
        return this;
    }

    /** 1 or 2 switch levels. */
    public PcieFabricBuilder levels(int n) {
        levels = n;
        return this;
    }

    /** Pooled enclosures: GPU, memory and NVMe. */
    public PcieFabricBuilder pools(int gpu, int memory, int storage) {
        gpuPools = gpu;
        memoryPools = memory;
        storagePools = storage;
        return this;
    }

    /** PCIe generation 5, 6 or 7. */
    public PcieFabricBuilder generation(int g) {
        generation = g;
        return this;
    }

    /** x16 ports per PCIe switch. */
    public PcieFabricBuilder switchPorts(int p) {
        switchPorts = p;
        return this;
    }

    /** Floor plan. */
    public PcieFabricBuilder layout(Layout l) {
        layout = l;
        return this;
    }

    /** Optics technology for links copper cannot reach. */
    public PcieFabricBuilder optics(String technology) {
        optics = technology;
        return this;
    }

    /** x16 raw rate per direction of a generation, Gb/s. */
    public static double x16RateGbps(int generation) {
        switch (generation) {
            case 5:
                return 512;
            case 6:
                return 1024;
            case 7:
                return 2048;
            default:
                throw InputException.of(
                        "pcieGen", generation + " is not supported", "use {pcieGen 5}, {pcieGen 6} or {pcieGen 7}");
        }
    }

    /** Validates and builds. */
    public Fabric build() {
        double rate = x16RateGbps(generation);
        if (levels != 1 && levels != 2) {
            throw InputException.of("pcieLevels", levels + " is not supported", "use {pcieLevels 1} or {pcieLevels 2}");
        }
        if (hosts < 1 || hostsPerSwitch < 1) {
            throw InputException.of(
                    hosts < 1 ? "hosts" : "hostsPerSwitch",
                    "hosts " + hosts + " and hosts per switch " + hostsPerSwitch + " must be >= 1",
                    "give {hosts} and {hostsPerSwitch} >= 1");
        }
        int enclosures = gpuPools + memoryPools + storagePools;
        if (gpuPools < 0 || memoryPools < 0 || storagePools < 0 || enclosures < 1) {
            throw InputException.of(
                    "gpuPools",
                    "a PCIe fabric needs at least one pooled enclosure",
                    "give {gpuPools}, {memoryPools} and {storagePools} >= 0 with a sum >= 1");
        }
        int l1 = (hosts + hostsPerSwitch - 1) / hostsPerSwitch;
        int hostsOnSwitch = Math.min(hosts, hostsPerSwitch);
        int m = 0;
        if (levels == 1) {
            if (hostsOnSwitch + enclosures > switchPorts) {
                throw InputException.of(
                        "pcieLevels",
                        "1-level PCIe fabric: " + hostsOnSwitch + " hosts + " + enclosures
                                + " enclosures per switch exceed " + switchPorts + " ports",
                        "use at most " + Math.max(0, switchPorts - hostsOnSwitch) + " enclosures or {pcieLevels 2}");
            }
        } else {
            if (l1 >= switchPorts) {
                throw InputException.of(
                        "hosts",
                        "2-level PCIe fabric: " + l1 + " host switches need more than the " + switchPorts
                                + " ports of a fabric switch",
                        "use at most " + ((switchPorts - 1) * hostsPerSwitch) + " {hosts} or more {hostsPerSwitch}");
            }
            m = 1;
            while (l1 + (enclosures + m - 1) / m > switchPorts) {
                m++;
            }
            if (hostsOnSwitch + m > switchPorts) {
                throw InputException.of(
                        "hostsPerSwitch",
                        "host switches need " + hostsOnSwitch + " host ports + " + m + " uplinks > " + switchPorts
                                + " ports",
                        "use fewer {hostsPerSwitch}");
            }
        }
        FabricBuilder b = new FabricBuilder("pcie", layout);
        double tbps = switchPorts * rate / 1000;
        b.switchModel(
                NodeKind.PCIE_SWITCH,
                new SwitchModel(
                        "pcie-gen" + generation + "-" + switchPorts + "x16",
                        switchPorts,
                        rate,
                        PCIE_SWITCH_W_PER_TBPS * tbps,
                        PCIE_SWITCH_USD_PER_GBPS * tbps * 1000,
                        SwitchModel.PCIE_LATENCY_NS,
                        OpticsPackaging.PLUGGABLE));
        int cHost = b.linkClass(new LinkClass("hostSwitch", rate, optics, true, true));
        int cSw = levels == 2 ? b.linkClass(new LinkClass("switchSwitch", rate, optics, true, true)) : -1;
        int cDev = b.linkClass(new LinkClass("switchDevice", rate, optics, true, true));
        b.counts(gpuPools * 8, hosts);
        b.shape("levels", levels).shape("hostSwitches", l1).shape("fabricSwitches", m);
        int[] l1Ids = new int[l1];
        int rack = -1;
        for (int h = 0; h < hosts; h++) {
            if (h % hostsPerSwitch == 0) {
                rack = b.newRack();
                l1Ids[h / hostsPerSwitch] = b.addNode(NodeKind.PCIE_SWITCH, rack, 21);
            }
            int host = b.addNode(NodeKind.HOST, rack, 1 + (h % hostsPerSwitch) * 4);
            b.addLink(host, l1Ids[h / hostsPerSwitch], cHost);
        }
        int[] l2Ids = new int[m];
        if (m > 0) {
            int r2 = b.newRack();
            for (int i = 0; i < m; i++) {
                l2Ids[i] = b.addNode(NodeKind.PCIE_SWITCH, r2, 1 + 2 * i);
            }
            for (int s : l1Ids) {
                for (int t : l2Ids) {
                    b.addLink(s, t, cSw);
                }
            }
        }
        NodeKind[] kinds = {NodeKind.GPU_POOL, NodeKind.MEMORY_POOL, NodeKind.STORAGE_POOL};
        int[] counts = {gpuPools, memoryPools, storagePools};
        int e = 0;
        for (int ki = 0; ki < 3; ki++) {
            int er = -1;
            for (int i = 0; i < counts[ki]; i++) {
                if (i % 8 == 0) {
                    er = b.newRack();
                }
                int enc = b.addNode(kinds[ki], er, 1 + (i % 8) * 5);
                if (levels == 1) {
                    for (int s : l1Ids) {
                        b.addLink(s, enc, cDev);
                    }
                } else {
                    b.addLink(l2Ids[e % m], enc, cDev);
                }
                e++;
            }
        }
        // bisection: hosts' share of the narrowest level
        double up = levels == 1 ? (double) l1 * enclosures : (double) l1 * m;
        return b.build(Math.min(hosts, up) * rate / 2, levels == 1 ? 1 : Math.max(1, (double) hostsOnSwitch / m));
    }
}
