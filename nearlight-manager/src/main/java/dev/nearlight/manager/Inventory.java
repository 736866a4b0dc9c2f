package dev.nearlight.manager;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.nearlight.core.InputException;
import dev.nearlight.fabric.Fabric;
import dev.nearlight.fabric.LinkClass;
import dev.nearlight.fabric.NodeKind;
import dev.nearlight.fabric.graph.PathLatency;
import dev.nearlight.fabric.link.DefaultLinkEvaluator;
import dev.nearlight.fabric.link.LinkPlanner;
import dev.nearlight.fabric.link.LinkQuote;
import dev.nearlight.fabric.spec.FabricFactory;
import dev.nearlight.fabric.spec.FabricSpec;
import dev.nearlight.fabric.spec.FabricSpecReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The physical inventory the manager composes from, built by the fabric module's PCIe/CXL fabric builder
 * ({@link dev.nearlight.fabric.topology.PcieFabricBuilder} through {@link FabricFactory}): every pod (resource zone) is
 * one such fabric, whose hosts, PCIe switches, pooled GPU, CXL memory and NVMe enclosures and per-path latencies
 * ({@link PathLatency}) become the manager's chassis, resource blocks, switches, ports and latency table.
 * Deterministic: the same spec always yields the same ids in the same order.
 */
public final class Inventory {
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
     * One resource block: a host or one device inside a pooled enclosure.
     *
     * @param id block id ({@code Host-p-i}, {@code GPU-p-i}, {@code Mem-p-i}, {@code NVMe-p-i}; p = pod)
     * @param kind kind of block
     * @param pod pod index
     * @param index index within the pod and kind
     * @param rack global rack index of the host or enclosure
     * @param chassisId the sled (hosts) or pooled enclosure the device sits in
     * @param zoneId the resource zone (pod) id
     * @param capacityMiB memory chunk size (memory blocks) or drive size (storage), 0 otherwise
     * @param switchId the switch of the block's (first) fabric attachment
     * @param portId the port on {@link #switchId()}: the host id for hosts, the enclosure id for devices
     */
    public record Block(
            String id,
            Kind kind,
            int pod,
            int index,
            int rack,
            String chassisId,
            String zoneId,
            long capacityMiB,
            String switchId,
            String portId) {
        /** The fabric (PCIe or CXL) that carries this device's traffic to a host. */
        public String fabric() {
            return kind == Kind.MEMORY ? "CXL" : "PCIe";
        }
    }

    /**
     * A chassis: a rack, a host sled or a pooled enclosure.
     *
     * @param id chassis id
     * @param chassisType Redfish ChassisType (Rack, Sled, Enclosure, Drawer, StorageEnclosure)
     * @param rack global rack index
     * @param containedBy the rack chassis id, or null for racks
     * @param kind the block kind inside (COMPUTE for sleds), or null for racks
     */
    public record Chassis(String id, String chassisType, int rack, String containedBy, Kind kind) {}

    /**
     * One switch port, i.e. one end of a fabric link.
     *
     * @param id port id: the id of the peer (host, enclosure or switch)
     * @param peer what the port connects to
     * @param rateGbps link rate per direction (x16)
     * @param optical whether the link planner chose optics (else copper)
     * @param lengthM cable length
     * @param linkLatencyNs the link's latency (flight, PHY, retimers, FEC)
     */
    public record Port(
            String id, NodeKind peer, double rateGbps, boolean optical, double lengthM, double linkLatencyNs) {
        /** Whether the port carries PCIe (hosts, GPU and NVMe enclosures, switches) or CXL (hosts, memory, switches). */
        public boolean in(String fabric) {
            return switch (peer) {
                case MEMORY_POOL -> fabric.equals("CXL");
                case GPU_POOL, STORAGE_POOL -> fabric.equals("PCIe");
                default -> true;
            };
        }

        /** InterswitchPort or DownstreamPort. */
        public boolean interswitch() {
            return peer.isSwitch();
        }
    }

    /**
     * A PCIe/CXL switch.
     *
     * @param id switch id ({@code HostSw-p-k} on hosts, {@code FabricSw-p-k} in the network rack)
     * @param pod pod index
     * @param rack global rack index
     * @param model switch model name
     * @param ports ports in link order
     */
    public record Switch(String id, int pod, int rack, String model, List<Port> ports) {}

    /**
     * A fault-relevant port on a host-to-device path.
     *
     * @param switchId switch
     * @param portId port
     */
    public record PortRef(String switchId, String portId) {}

    /**
     * Inventory specification; loadable from YAML with the same field names. Missing fields take the demo values.
     *
     * @param pods number of pods; each is one PCIe/CXL fabric and one resource zone
     * @param fabric the fabric builder's parameters (fields of {@code nearlight fabric --spec}, topology pcie: hosts,
     *     hostsPerSwitch, pcieLevels, pcieGen, pcieSwitchPorts, gpuPools, memoryPools, storagePools, layout,
     *     opticsPerClass.pcie); the builder puts 8 GPUs in each GPU pool
     * @param memoryChunksPerPool CXL memory chunks per memory pool
     * @param memoryChunkMiB size of each memory chunk
     * @param drivesPerPool NVMe drives per storage pool
     * @param driveMiB size of each drive
     * @param maxLatencyNs default latency budget of constrained compositions
     */
    public record Spec(
            Integer pods,
            FabricSpec fabric,
            Integer memoryChunksPerPool,
            Long memoryChunkMiB,
            Integer drivesPerPool,
            Long driveMiB,
            Double maxLatencyNs) {

        /**
         * The demo: 2 pods, each a 2-level Gen6 fabric of 16 hosts (8 per host switch), 2 GPU pools (8 GPUs each), one
         * CXL memory pool of 8 x 64 GiB chunks and one NVMe pool of 8 drives; 1000 ns default latency budget.
         */
        public static Spec demo() {
            FabricSpec f = FabricSpecReader.parse(
                    "topology: pcie\nhosts: 16\nhostsPerSwitch: 8\npcieLevels: 2\npcieGen: 6\npcieSwitchPorts: 32\n"
                            + "gpuPools: 2\nmemoryPools: 1\nstoragePools: 1\n",
                    "demo inventory");
            return new Spec(2, f, 8, 65_536L, 8, 3_815_447L, 1000.0);
        }

        /** This spec with missing fields taken from {@link #demo()} and validated. */
        public Spec resolved() {
            Spec d = demo();
            FabricSpec f = d.fabric().overriddenBy(fabric);
            if (!"pcie".equals(f.topology())) {
                throw new InputException("inventory: fabric.topology must be pcie (the PCIe/CXL fabric builder), got '"
                        + f.topology() + "'");
            }
            Spec s = new Spec(
                    pods != null ? pods : d.pods(),
                    f,
                    memoryChunksPerPool != null ? memoryChunksPerPool : d.memoryChunksPerPool(),
                    memoryChunkMiB != null ? memoryChunkMiB : d.memoryChunkMiB(),
                    drivesPerPool != null ? drivesPerPool : d.drivesPerPool(),
                    driveMiB != null ? driveMiB : d.driveMiB(),
                    maxLatencyNs != null ? maxLatencyNs : d.maxLatencyNs());
            check("pods", s.pods(), 1, 64);
            check("memoryChunksPerPool", s.memoryChunksPerPool(), 1, 1024);
            check("drivesPerPool", s.drivesPerPool(), 1, 1024);
            if (s.memoryChunkMiB() <= 0 || s.driveMiB() <= 0) {
                throw new InputException("inventory: memoryChunkMiB and driveMiB must be positive");
            }
            if (!(s.maxLatencyNs() > 0 && s.maxLatencyNs() < 1e6)) {
                throw new InputException("inventory: maxLatencyNs=" + s.maxLatencyNs() + " must be in (0, 1e6) ns");
            }
            return s;
        }

        private static void check(String name, int v, int lo, int hi) {
            if (v < lo || v > hi) {
                throw new InputException("inventory: " + name + "=" + v + " must be in [" + lo + ", " + hi + "]");
            }
        }
    }

    private final Spec spec;
    private final List<Block> blocks;
    private final List<Chassis> chassis;
    private final List<Switch> switches;
    private final Map<String, Map<String, Double>> latency;
    private final Map<String, Block> byId;
    private final Map<String, Switch> switchById;
    private final Map<String, List<String>> zoneIds = new LinkedHashMap<>();

    private Inventory(
            Spec spec,
            List<Block> blocks,
            List<Chassis> chassis,
            List<Switch> switches,
            Map<String, Map<String, Double>> latency) {
        this.spec = spec;
        this.blocks = List.copyOf(blocks);
        this.chassis = List.copyOf(chassis);
        this.switches = List.copyOf(switches);
        this.latency = latency;
        Map<String, Block> m = new LinkedHashMap<>();
        blocks.forEach(b -> m.put(b.id(), b));
        this.byId = java.util.Collections.unmodifiableMap(m);
        Map<String, Switch> s = new LinkedHashMap<>();
        switches.forEach(w -> s.put(w.id(), w));
        this.switchById = s;
        blocks.forEach(b -> zoneIds.computeIfAbsent(b.zoneId(), z -> new ArrayList<>()));
    }

    /** Builds the inventory: one fabric from the builder, replicated once per pod with pod-prefixed ids. */
    public static Inventory build(Spec given) {
        Spec spec = given.resolved();
        DefaultLinkEvaluator evaluator = new DefaultLinkEvaluator();
        Fabric f;
        try {
            f = new FabricFactory(evaluator).build(spec.fabric());
        } catch (InputException e) {
            if (e.field() == null) {
                throw e;
            }
            // the builder names its own field; an inventory file writes it under fabric:
            throw new InputException("inventory: " + INVENTORY_KEYS.name(e.field()) + ": " + e.problem() + " ("
                    + e.fix(INVENTORY_KEYS) + ")");
        }
        LinkPlanner.PlannedLinks plan = new LinkPlanner(evaluator).plan(f);
        List<PathLatency.Path> paths = PathLatency.between(
                f, plan, NodeKind.HOST, List.of(NodeKind.GPU_POOL, NodeKind.MEMORY_POOL, NodeKind.STORAGE_POOL));
        int racksPerPod = 0;
        for (int v = 0; v < f.nodeCount(); v++) {
            racksPerPod = Math.max(racksPerPod, f.rack(v) + 1);
        }
        int gpuPools = f.count(NodeKind.GPU_POOL);
        int gpusPerPool = gpuPools == 0 ? 0 : f.gpus() / gpuPools;
        // which switches serve hosts (host switches) and which only switches and enclosures (fabric switches)
        boolean[] hostSwitch = new boolean[f.nodeCount()];
        for (int l = 0; l < f.linkCount(); l++) {
            if (f.kind(f.linkA(l)) == NodeKind.HOST) {
                hostSwitch[f.linkB(l)] = true;
            }
            if (f.kind(f.linkB(l)) == NodeKind.HOST) {
                hostSwitch[f.linkA(l)] = true;
            }
        }
        List<Block> blocks = new ArrayList<>();
        List<Chassis> chassis = new ArrayList<>();
        List<Switch> switches = new ArrayList<>();
        Map<String, Map<String, Double>> latency = new HashMap<>();
        for (int p = 0; p < spec.pods(); p++) {
            String zone = "Pod-" + p;
            int rack0 = p * racksPerPod;
            for (int r = 0; r < racksPerPod; r++) {
                chassis.add(new Chassis("Rack-" + (rack0 + r), "Rack", rack0 + r, null, null));
            }
            // vertex names in build order
            String[] name = new String[f.nodeCount()];
            int[] perKind = new int[NodeKind.values().length];
            int hostSw = 0;
            int fabricSw = 0;
            for (int v = 0; v < f.nodeCount(); v++) {
                NodeKind k = f.kind(v);
                int i = perKind[k.ordinal()]++;
                name[v] = switch (k) {
                    case HOST -> Kind.COMPUTE.prefix() + "-" + p + "-" + i;
                    case GPU_POOL -> "GpuPool-" + p + "-" + i;
                    case MEMORY_POOL -> "MemPool-" + p + "-" + i;
                    case STORAGE_POOL -> "NvmePool-" + p + "-" + i;
                    case PCIE_SWITCH ->
                        hostSwitch[v] ? "HostSw-" + p + "-" + hostSw++ : "FabricSw-" + p + "-" + fabricSw++;
                    default -> throw new IllegalStateException("unexpected vertex kind " + k + " in a PCIe fabric");
                };
            }
            // ports: one per link end at a switch, named after the peer
            Map<Integer, List<Port>> ports = new LinkedHashMap<>();
            Map<Integer, String> firstAttachment = new HashMap<>();
            for (int l = 0; l < f.linkCount(); l++) {
                LinkQuote q = plan.quotes().get(plan.quoteIndex()[l]);
                LinkClass c = f.linkClasses().get(f.linkClass(l));
                int[] ends = {f.linkA(l), f.linkB(l)};
                for (int e = 0; e < 2; e++) {
                    int at = ends[e];
                    int peer = ends[1 - e];
                    if (!f.kind(at).isSwitch()) {
                        firstAttachment.putIfAbsent(at, name[peer]);
                        continue;
                    }
                    ports.computeIfAbsent(at, x -> new ArrayList<>())
                            .add(new Port(
                                    name[peer],
                                    f.kind(peer),
                                    c.rateGbps(),
                                    "optical".equals(q.medium()),
                                    f.lengthM(l),
                                    q.latencyNs()));
                }
            }
            for (int v = 0; v < f.nodeCount(); v++) {
                if (f.kind(v) == NodeKind.PCIE_SWITCH) {
                    switches.add(new Switch(
                            name[v],
                            p,
                            rack0 + f.rack(v),
                            f.switchModels().get(NodeKind.PCIE_SWITCH).id(),
                            List.copyOf(ports.getOrDefault(v, List.of()))));
                }
            }
            int[] deviceIndex = new int[Kind.values().length];
            for (int v = 0; v < f.nodeCount(); v++) {
                NodeKind k = f.kind(v);
                int rack = rack0 + f.rack(v);
                String sw = firstAttachment.get(v);
                switch (k) {
                    case HOST -> {
                        int i = deviceIndex[Kind.COMPUTE.ordinal()]++;
                        String sled = "Sled-" + p + "-" + i;
                        chassis.add(new Chassis(sled, "Sled", rack, "Rack-" + rack, Kind.COMPUTE));
                        blocks.add(new Block(name[v], Kind.COMPUTE, p, i, rack, sled, zone, 0, sw, name[v]));
                    }
                    case GPU_POOL, MEMORY_POOL, STORAGE_POOL -> {
                        Kind bk = k == NodeKind.GPU_POOL
                                ? Kind.GPU
                                : k == NodeKind.MEMORY_POOL ? Kind.MEMORY : Kind.STORAGE;
                        String type = bk == Kind.GPU ? "Enclosure" : bk == Kind.MEMORY ? "Drawer" : "StorageEnclosure";
                        chassis.add(new Chassis(name[v], type, rack, "Rack-" + rack, bk));
                        int n = bk == Kind.GPU
                                ? gpusPerPool
                                : bk == Kind.MEMORY ? spec.memoryChunksPerPool() : spec.drivesPerPool();
                        long cap = bk == Kind.GPU ? 0 : bk == Kind.MEMORY ? spec.memoryChunkMiB() : spec.driveMiB();
                        for (int j = 0; j < n; j++) {
                            int i = deviceIndex[bk.ordinal()]++;
                            blocks.add(new Block(
                                    bk.prefix() + "-" + p + "-" + i, bk, p, i, rack, name[v], zone, cap, sw, name[v]));
                        }
                    }
                    default -> {}
                }
            }
            for (PathLatency.Path path : paths) {
                latency.computeIfAbsent(name[path.from()], x -> new HashMap<>()).put(name[path.to()], path.latencyNs());
            }
        }
        // order blocks like before: per pod, hosts then GPUs, memory, storage (build order already groups them)
        return new Inventory(spec, blocks, chassis, switches, latency);
    }

    /** An inventory file's names for the fabric builder's fields: {@code fabric.<field>}, a setting {@code key: value}. */
    static final InputException.Vocabulary INVENTORY_KEYS = new InputException.Vocabulary() {
        @Override
        public String name(String field) {
            return "fabric." + dev.nearlight.fabric.spec.FabricSpec.fileKey(field);
        }

        @Override
        public String setting(String field, String value) {
            return name(field) + ": " + value;
        }
    };

    /** The demo inventory. */
    public static Inventory demo() {
        return build(Spec.demo());
    }

    /** Loads a spec from a YAML (or JSON) file with the {@link Spec} field names. */
    public static Inventory load(Path file) {
        try {
            Spec spec = new ObjectMapper(new YAMLFactory())
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(file.toFile(), Spec.class);
            return build(spec == null ? new Spec(null, null, null, null, null, null, null) : spec);
        } catch (IOException e) {
            throw new InputException("--inventory " + file + ": "
                    + e.getMessage().lines().findFirst().orElse("")
                    + " (expected the fields of Inventory.Spec: pods, fabric, memoryChunksPerPool, memoryChunkMiB,"
                    + " drivesPerPool, driveMiB, maxLatencyNs)");
        }
    }

    /** The resolved specification this was built from. */
    public Spec spec() {
        return spec;
    }

    /** Every resource block, per pod: hosts, GPUs, memory chunks, drives. */
    public List<Block> blocks() {
        return blocks;
    }

    /** Racks, then sleds and enclosures in build order. */
    public List<Chassis> chassis() {
        return chassis;
    }

    /** Switches, per pod in build order (host switches first). */
    public List<Switch> switches() {
        return switches;
    }

    /** A switch by id. */
    public Switch switchById(String id) {
        return switchById.get(id);
    }

    /** Blocks by id, in inventory order (unmodifiable). */
    public Map<String, Block> byId() {
        return byId;
    }

    /** Resource zone ids in order. */
    public List<String> zoneIds() {
        return List.copyOf(zoneIds.keySet());
    }

    /**
     * One-way fabric latency from a host to a device's enclosure, as computed by {@link PathLatency} (links, retimers,
     * FEC and each transit switch); infinite when no path exists (another pod).
     */
    public double latencyNs(Block host, Block device) {
        Map<String, Double> m = latency.get(host.id());
        Double v = m == null ? null : m.get(device.chassisId());
        return v == null ? Double.POSITIVE_INFINITY : v;
    }

    /**
     * The switch ports a host-to-device binding traverses: the host's port, the inter-switch ports (2-level fabrics)
     * and the enclosure's port on the last switch. Empty when there is no path (another pod).
     */
    public List<PortRef> path(Block host, Block device) {
        Switch hs = switchById.get(host.switchId());
        String enc = device.chassisId();
        List<PortRef> out = new ArrayList<>();
        out.add(new PortRef(hs.id(), host.id()));
        if (has(hs, enc)) {
            out.add(new PortRef(hs.id(), enc));
            return out;
        }
        for (Port up : hs.ports()) {
            Switch t = switchById.get(up.id());
            if (up.interswitch() && t != null && has(t, enc)) {
                out.add(new PortRef(hs.id(), t.id()));
                out.add(new PortRef(t.id(), hs.id()));
                out.add(new PortRef(t.id(), enc));
                return out;
            }
        }
        return List.of();
    }

    private static boolean has(Switch s, String port) {
        for (Port p : s.ports()) {
            if (p.id().equals(port)) {
                return true;
            }
        }
        return false;
    }
}
