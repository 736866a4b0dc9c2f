package dev.nearlight.compose.manager;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.nearlight.core.InputException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The physical inventory the manager composes from: racks of hosts, GPU trays, CXL memory pools (split into memory
 * chunks) and NVMe shelves, plus the geometry that gives each host-to-device path a latency. Deterministic: the same
 * spec always yields the same ids in the same order.
 *
 * @param spec the inventory specification this was built from
 * @param blocks every resource block, in id order per rack
 */
public record Inventory(Spec spec, List<Block> blocks) {
    /** Latency of light in fibre, ns per metre (group index about 1.47). */
    public static final double FIBRE_NS_PER_M = 4.9;

    /** Kinds of resource block; the Redfish ResourceBlockType each maps to. */
    public enum Kind {
        COMPUTE("Compute", "Host"),
        GPU("Processor", "GPU"),
        MEMORY("Memory", "Mem"),
        STORAGE("Storage", "NVMe");

        private final String redfishType;
        private final String prefix;

        Kind(String redfishType, String prefix) {
            this.redfishType = redfishType;
            this.prefix = prefix;
        }

        /** The Redfish ResourceBlockType value. */
        public String redfishType() {
            return redfishType;
        }

        /** Id prefix of blocks of this kind. */
        public String prefix() {
            return prefix;
        }
    }

    /**
     * One resource block.
     *
     * @param id block id (also the endpoint and port id on the fabric)
     * @param kind kind of block
     * @param rack rack index
     * @param index index within the rack and kind
     * @param chassisId the chassis the device sits in
     * @param zoneId the resource zone (pod) id
     * @param capacityMiB memory chunk size (memory blocks) or drive size (storage), 0 otherwise
     */
    public record Block(String id, Kind kind, int rack, int index, String chassisId, String zoneId, long capacityMiB) {
        /** The fabric (PCIe or CXL) that carries this device's traffic to a host. */
        public String fabric() {
            return kind == Kind.MEMORY ? "CXL" : "PCIe";
        }

        /** The switch port the device hangs off; for memory chunks it is the pool's port. */
        public String portId() {
            return kind == Kind.MEMORY ? "MemPool-" + rack : id;
        }

        /** The switch that owns {@link #portId()}. */
        public String switchId() {
            return (kind == Kind.MEMORY ? "CxlLeaf-" : "Leaf-") + rack;
        }
    }

    /**
     * Inventory specification; loadable from YAML with the same field names.
     *
     * @param racks number of racks in the row
     * @param hostsPerRack compute hosts per rack
     * @param gpusPerRack GPUs in each rack's GPU tray
     * @param memoryChunksPerRack memory chunks in each rack's CXL memory pool
     * @param memoryChunkMiB size of each memory chunk
     * @param drivesPerRack NVMe drives per rack
     * @param driveMiB size of each drive
     * @param racksPerZone racks per resource zone (pod)
     * @param rackPitchM distance between adjacent racks
     * @param verticalRunM fibre run inside the two racks (tray to top of rack and back down)
     * @param switchHopNs latency of one switch traversal
     */
    public record Spec(
            int racks,
            int hostsPerRack,
            int gpusPerRack,
            int memoryChunksPerRack,
            long memoryChunkMiB,
            int drivesPerRack,
            long driveMiB,
            int racksPerZone,
            double rackPitchM,
            double verticalRunM,
            double switchHopNs) {
        /** Validates ranges. */
        public Spec {
            check("racks", racks, 1, 64);
            check("hostsPerRack", hostsPerRack, 1, 256);
            check("gpusPerRack", gpusPerRack, 0, 256);
            check("memoryChunksPerRack", memoryChunksPerRack, 0, 256);
            check("drivesPerRack", drivesPerRack, 0, 256);
            check("racksPerZone", racksPerZone, 1, 64);
            if (!(rackPitchM > 0 && rackPitchM < 10)) {
                throw new InputException("inventory: rackPitchM=" + rackPitchM + " must be in (0, 10) m");
            }
            if (!(verticalRunM >= 0 && verticalRunM < 100)) {
                throw new InputException("inventory: verticalRunM=" + verticalRunM + " must be in [0, 100) m");
            }
            if (!(switchHopNs >= 0 && switchHopNs < 10_000)) {
                throw new InputException("inventory: switchHopNs=" + switchHopNs + " must be in [0, 10000) ns");
            }
            if (memoryChunkMiB <= 0 || driveMiB <= 0) {
                throw new InputException("inventory: memoryChunkMiB and driveMiB must be positive");
            }
        }

        private static void check(String name, int v, int lo, int hi) {
            if (v < lo || v > hi) {
                throw new InputException("inventory: " + name + "=" + v + " must be in [" + lo + ", " + hi + "]");
            }
        }

        /** The demo inventory: 4 racks, 8 hosts, 8 GPUs, 4 x 64 GiB CXL chunks and 4 NVMe per rack, 2 racks per pod. */
        public static Spec demo() {
            return new Spec(4, 8, 8, 4, 65_536, 4, 3_815_447, 2, 0.6, 3.0, 110.0);
        }
    }

    /** Builds the inventory from a spec. */
    public static Inventory build(Spec spec) {
        List<Block> blocks = new ArrayList<>();
        for (int r = 0; r < spec.racks(); r++) {
            String zone = "Pod-" + (r / spec.racksPerZone());
            for (int i = 0; i < spec.hostsPerRack(); i++) {
                blocks.add(new Block(id(Kind.COMPUTE, r, i), Kind.COMPUTE, r, i, "Sled-" + r + "-" + i, zone, 0));
            }
            for (int i = 0; i < spec.gpusPerRack(); i++) {
                blocks.add(new Block(id(Kind.GPU, r, i), Kind.GPU, r, i, "GpuTray-" + r, zone, 0));
            }
            for (int i = 0; i < spec.memoryChunksPerRack(); i++) {
                blocks.add(new Block(
                        id(Kind.MEMORY, r, i), Kind.MEMORY, r, i, "MemPool-" + r, zone, spec.memoryChunkMiB()));
            }
            for (int i = 0; i < spec.drivesPerRack(); i++) {
                blocks.add(new Block(id(Kind.STORAGE, r, i), Kind.STORAGE, r, i, "Jbof-" + r, zone, spec.driveMiB()));
            }
        }
        return new Inventory(spec, List.copyOf(blocks));
    }

    /** The demo inventory. */
    public static Inventory demo() {
        return build(Spec.demo());
    }

    /** Loads a spec from a YAML (or JSON) file with the {@link Spec} field names. */
    public static Inventory load(Path file) {
        try {
            Spec spec = new ObjectMapper(new YAMLFactory()).readValue(file.toFile(), Spec.class);
            return build(spec);
        } catch (IOException e) {
            throw new InputException("--inventory " + file + ": "
                    + e.getMessage().lines().findFirst().orElse("")
                    + " (expected the fields of Inventory.Spec, e.g. racks: 4)");
        }
    }

    private static String id(Kind kind, int rack, int i) {
        return kind.prefix() + "-" + rack + "-" + i;
    }

    /** Blocks by id, in inventory order. */
    public Map<String, Block> byId() {
        Map<String, Block> m = new LinkedHashMap<>();
        blocks.forEach(b -> m.put(b.id(), b));
        return m;
    }

    /** Resource zone ids in order. */
    public List<String> zoneIds() {
        List<String> z = new ArrayList<>();
        for (Block b : blocks) {
            if (!z.contains(b.zoneId())) {
                z.add(b.zoneId());
            }
        }
        return z;
    }

    /** Fibre length between a host in rack {@code a} and a device in rack {@code b}. */
    public double fibreM(int a, int b) {
        return spec.verticalRunM() + spec.rackPitchM() * Math.abs(a - b);
    }

    /** Switch traversals: one leaf in the same rack, leaf-spine-leaf otherwise. */
    public int hops(int a, int b) {
        return a == b ? 1 : 3;
    }

    /** One-way latency host to device: {@value #FIBRE_NS_PER_M} ns/m fibre plus switch hops. */
    public double latencyNs(int hostRack, int deviceRack) {
        return FIBRE_NS_PER_M * fibreM(hostRack, deviceRack) + hops(hostRack, deviceRack) * spec.switchHopNs();
    }
}
