package dev.nearlight.manager;

import static dev.nearlight.manager.Json.arr;
import static dev.nearlight.manager.Json.coll;
import static dev.nearlight.manager.Json.o;
import static dev.nearlight.manager.Json.ref;
import static dev.nearlight.manager.Json.refs;
import static dev.nearlight.manager.Json.res;
import static dev.nearlight.manager.Json.status;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nearlight.fabric.NodeKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Renders the Redfish resources (GET side) from the inventory and the store's committed state. Payloads follow
 * composable.md 4.1 and 4.3: Id equals the last URI segment, reference objects hold only {@code @odata.id}, dates
 * carry an offset, Password is null, unsupported properties are omitted.
 */
final class Resources {
    static final String ROOT = "/redfish/v1/";
    static final String V1 = "/redfish/v1";
    private final ManagerStore store;
    private final Inventory inv;
    private final String uuid;
    private final List<String> chassisIds;
    private final Map<String, Inventory.Chassis> chassisById = new HashMap<>();
    private final Map<String, List<Inventory.Block>> byChassis = new HashMap<>();
    private final List<String> switchIds;
    private final Map<String, List<String>> attachedSwitches = new HashMap<>();
    private final List<String> pcieEndpoints = new ArrayList<>();
    private final List<String> cxlEndpoints = new ArrayList<>();
    private final int pcieGen;

    Resources(ManagerStore store, String uuid) {
        this.store = store;
        this.inv = store.inventory();
        this.uuid = uuid;
        this.chassisIds = inv.chassis().stream().map(Inventory.Chassis::id).toList();
        inv.chassis().forEach(c -> chassisById.put(c.id(), c));
        for (Inventory.Block b : inv.blocks()) {
            byChassis.computeIfAbsent(b.chassisId(), k -> new ArrayList<>()).add(b);
            if (b.kind() == Inventory.Kind.COMPUTE) {
                pcieEndpoints.add(b.id());
                cxlEndpoints.add(b.id());
            } else if (b.kind() != Inventory.Kind.MEMORY) {
                pcieEndpoints.add(b.id());
            }
        }
        inv.chassis().stream().filter(c -> c.kind() == Inventory.Kind.MEMORY).forEach(c -> cxlEndpoints.add(c.id()));
        this.switchIds = inv.switches().stream().map(Inventory.Switch::id).toList();
        for (Inventory.Switch sw : inv.switches()) {
            for (Inventory.Port p : sw.ports()) {
                if (!p.interswitch()) {
                    attachedSwitches
                            .computeIfAbsent(p.id(), k -> new ArrayList<>())
                            .add(sw.id());
                }
            }
        }
        this.pcieGen = inv.spec().fabric().pcieGen();
    }

    ObjectNode serviceRoot() {
        ObjectNode n = o(
                "@odata.id", ROOT,
                "@odata.type", "#ServiceRoot.v1_20_0.ServiceRoot",
                "Id", "RootService",
                "Name", "Nearlight Fabric Manager",
                "RedfishVersion", "1.21.0",
                "UUID", uuid);
        n.set(
                "ProtocolFeaturesSupported",
                o(
                        "ExcerptQuery",
                        false,
                        "ExpandQuery",
                        o(
                                "ExpandAll",
                                true,
                                "Levels",
                                true,
                                "Links",
                                true,
                                "NoLinks",
                                true,
                                "MaxLevels",
                                Query.MAX_LEVELS),
                        "FilterQuery",
                        false,
                        "OnlyMemberQuery",
                        true,
                        "SelectQuery",
                        true,
                        "TopSkipQuery",
                        true));
        for (String s : List.of(
                "Systems",
                "Chassis",
                "Managers",
                "Fabrics",
                "CompositionService",
                "SessionService",
                "AccountService",
                "EventService")) {
            n.set(s, ref(V1 + "/" + s));
        }
        n.set("Tasks", ref(V1 + "/TaskService"));
        n.set("Links", o("Sessions", ref(V1 + "/SessionService/Sessions")));
        return n;
    }

    static ObjectNode odata() {
        ArrayNode v = Json.MAPPER.createArrayNode();
        v.add(o("name", "Service", "kind", "Singleton", "url", ROOT));
        for (String s : List.of(
                "Systems",
                "Chassis",
                "Managers",
                "Fabrics",
                "CompositionService",
                "SessionService",
                "AccountService",
                "EventService",
                "TaskService")) {
            v.add(o("name", s, "kind", "Singleton", "url", V1 + "/" + s));
        }
        v.add(o("name", "Sessions", "kind", "Singleton", "url", V1 + "/SessionService/Sessions"));
        return o("@odata.context", V1 + "/$metadata", "value", v);
    }

    static final List<String> METADATA_TYPES = List.of(
            "ServiceRoot.v1_20_0",
            "ComputerSystemCollection",
            "ComputerSystem.v1_27_0",
            "ChassisCollection",
            "Chassis.v1_28_0",
            "PCIeDeviceCollection",
            "PCIeDevice.v1_21_0",
            "ProcessorCollection",
            "Processor.v1_22_0",
            "MemoryCollection",
            "Memory.v1_23_0",
            "StorageCollection",
            "Storage.v1_21_0",
            "Drive.v1_22_0",
            "MemoryDomainCollection",
            "MemoryDomain.v1_5_1",
            "MemoryChunksCollection",
            "MemoryChunks.v1_6_2",
            "CXLLogicalDeviceCollection",
            "CXLLogicalDevice.v1_3_0",
            "MemoryRegionCollection",
            "MemoryRegion.v1_0_3",
            "ManagerCollection",
            "Manager.v1_24_0",
            "FabricCollection",
            "Fabric.v1_4_0",
            "SwitchCollection",
            "Switch.v1_11_0",
            "PortCollection",
            "Port.v1_18_0",
            "EndpointCollection",
            "Endpoint.v1_8_2",
            "ZoneCollection",
            "Zone.v1_6_3",
            "ConnectionCollection",
            "Connection.v1_4_0",
            "CompositionService.v1_2_3",
            "ResourceBlockCollection",
            "ResourceBlock.v1_4_3",
            "CompositionReservationCollection",
            "CompositionReservation.v1_0_2",
            "AccountService.v1_18_1",
            "ManagerAccountCollection",
            "ManagerAccount.v1_14_1",
            "RoleCollection",
            "Role.v1_3_3",
            "SessionService.v1_2_0",
            "SessionCollection",
            "Session.v1_8_0",
            "EventService.v1_12_0",
            "EventDestinationCollection",
            "EventDestination.v1_16_0",
            "Event.v1_13_0",
            "TaskService.v1_3_0",
            "TaskCollection",
            "Task.v1_7_4",
            "Message.v1_3_0",
            "Resource.v1_23_0");

    /** Prefix of the OEM objects' @odata.type (CSDL in resources/schemas/Nearlight_v1.xml). */
    static final String OEM = "#Nearlight.v1_0_0.";
    /** Where the service publishes its OEM CSDL (public, like $metadata). */
    static final String OEM_SCHEMA_URI = V1 + "/Schemas/Nearlight_v1.xml";

    /** The OEM CSDL document. */
    static String oemSchema() {
        try (java.io.InputStream in = Resources.class.getResourceAsStream("/schemas/Nearlight_v1.xml")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException | NullPointerException e) {
            throw new IllegalStateException("schemas/Nearlight_v1.xml missing from the manager jar", e);
        }
    }

    static String metadata() {
        StringBuilder b = new StringBuilder();
        b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append("<edmx:Edmx xmlns:edmx=\"http://docs.oasis-open.org/odata/ns/edmx\" Version=\"4.0\">\n");
        for (String t : METADATA_TYPES) {
            int dot = t.indexOf('.');
            String ns = dot < 0 ? t : t.substring(0, dot);
            b.append("  <edmx:Reference Uri=\"http://redfish.dmtf.org/schemas/v1/")
                    .append(ns)
                    .append("_v1.xml\">\n");
            b.append("    <edmx:Include Namespace=\"").append(ns).append("\"/>\n");
            if (dot >= 0) {
                b.append("    <edmx:Include Namespace=\"").append(t).append("\"/>\n");
            }
            b.append("  </edmx:Reference>\n");
        }
        b.append("  <edmx:Reference Uri=\"").append(OEM_SCHEMA_URI).append("\">\n");
        b.append("    <edmx:Include Namespace=\"Nearlight\"/>\n");
        b.append("    <edmx:Include Namespace=\"Nearlight.v1_0_0\"/>\n");
        b.append("  </edmx:Reference>\n");
        b.append("  <edmx:DataServices>\n");
        b.append("    <Schema xmlns=\"http://docs.oasis-open.org/odata/ns/edm\" Namespace=\"Service\">\n");
        b.append("      <EntityContainer Name=\"Service\" Extends=\"ServiceRoot.v1_20_0.ServiceContainer\"/>\n");
        b.append("    </Schema>\n  </edmx:DataServices>\n</edmx:Edmx>\n");
        return b.toString();
    }

    // ------------------------------------------------------------------ systems

    private List<Inventory.Block> hosts() {
        return store.blocks().stream()
                .filter(b -> b.kind() == Inventory.Kind.COMPUTE)
                .toList();
    }

    ObjectNode systems() {
        List<String> m = new ArrayList<>();
        hosts().forEach(h -> m.add(V1 + "/Systems/" + h.id()));
        store.compositions().forEach(c -> m.add(V1 + "/Systems/" + c.id()));
        ObjectNode n = coll("ComputerSystemCollection", V1 + "/Systems", "Computer Systems", m);
        ObjectNode cap =
                o("UseCase", "ComputerSystemComposition", "Links", o("TargetCollection", ref(V1 + "/Systems")));
        n.set(
                "@Redfish.CollectionCapabilities",
                o(
                        "@odata.type",
                        "#CollectionCapabilities.v1_4_1.CollectionCapabilities",
                        "Capabilities",
                        Json.MAPPER.createArrayNode().add(cap)));
        return n;
    }

    Optional<ObjectNode> system(String id) {
        Optional<Inventory.Block> b = store.block(id).filter(x -> x.kind() == Inventory.Kind.COMPUTE);
        if (b.isPresent()) {
            Inventory.Block h = b.get();
            ObjectNode n = res("#ComputerSystem.v1_27_0.ComputerSystem", V1 + "/Systems/" + id, "Host " + id);
            n.put("SystemType", "Physical");
            n.put("PowerState", "On");
            n.set("Status", status(store.blockState(h), store.blockHealth(h)));
            n.set(
                    "Links",
                    o(
                            "Chassis", refs(List.of(V1 + "/Chassis/" + h.chassisId())),
                            "ManagedBy", refs(List.of(V1 + "/Managers/FabricManager")),
                            "ResourceBlocks", refs(List.of(blockUri(id)))));
            return Optional.of(n);
        }
        return store.composition(id).map(this::composed);
    }

    ObjectNode composed(ManagerStore.Composition c) {
        String uri = V1 + "/Systems/" + c.id();
        ObjectNode n = res("#ComputerSystem.v1_27_0.ComputerSystem", uri, c.name());
        n.put("SystemType", "Composed");
        n.put("PowerState", "On");
        String health = store.health(c);
        n.set("Status", status("Enabled", health));
        int gpus = 0;
        long memMiB = 0;
        int drives = 0;
        for (String b : c.blocks()) {
            Inventory.Block bl = store.block(b).orElseThrow();
            switch (bl.kind()) {
                case GPU -> gpus++;
                case MEMORY -> memMiB += bl.capacityMiB();
                case STORAGE -> drives++;
                default -> {}
            }
        }
        // memory attached to the host by CXL connections counts too (it is the same host's memory)
        for (ManagerStore.MemoryConnection mc : store.connections()) {
            if (mc.hostBlock().equals(c.hostBlock())) {
                for (String chunk : mc.chunks()) {
                    memMiB +=
                            store.block(chunk).map(Inventory.Block::capacityMiB).orElse(0L);
                }
            }
        }
        n.set("ProcessorSummary", o("Count", gpus));
        n.set("MemorySummary", o("TotalSystemMemoryGiB", memMiB / 1024.0));
        n.set("Processors", ref(uri + "/Processors"));
        n.set("Memory", ref(uri + "/Memory"));
        n.set("Storage", ref(uri + "/Storage"));
        n.set(
                "Links",
                o(
                        "ResourceBlocks",
                        refs(c.blocks().stream().map(Resources::blockUri).toList()),
                        "ManagedBy",
                        refs(List.of(V1 + "/Managers/FabricManager"))));
        n.set(
                "Actions",
                o(
                        "#ComputerSystem.AddResourceBlock",
                        o("target", uri + "/Actions/ComputerSystem.AddResourceBlock"),
                        "#ComputerSystem.RemoveResourceBlock",
                        o("target", uri + "/Actions/ComputerSystem.RemoveResourceBlock")));
        n.set(
                "Oem",
                o(
                        "Nearlight",
                        o(
                                "@odata.type",
                                OEM + "ComputerSystem",
                                "CreatedAt",
                                c.createdAt(),
                                "HostBlock",
                                c.hostBlock(),
                                "Drives",
                                drives)));
        return n;
    }

    // ------------------------------------------------------------------ devices of blocks and composed systems

    /** The device sub-resource of a block: Processors (GPU), Memory (CXL chunk) or Drives (NVMe); null for hosts. */
    static String deviceCollection(Inventory.Kind k) {
        return switch (k) {
            case GPU -> "Processors";
            case MEMORY -> "Memory";
            case STORAGE -> "Drives";
            default -> null;
        };
    }

    static String deviceUri(Inventory.Block b) {
        String c = deviceCollection(b.kind());
        return c == null ? null : blockUri(b.id()) + "/" + c + "/" + b.id();
    }

    /** Renders a block's device at {@code uri} (its own URI or its place in a composed system). */
    private ObjectNode device(Inventory.Block b, String uri) {
        ObjectNode n;
        ObjectNode links = o("Chassis", ref(V1 + "/Chassis/" + b.chassisId()));
        switch (b.kind()) {
            case GPU -> {
                n = res("#Processor.v1_22_0.Processor", uri, "GPU " + b.id());
                n.put("ProcessorType", "GPU");
                links.set("PCIeDevice", ref(pcieDeviceUri(b)));
            }
            case MEMORY -> {
                n = res("#Memory.v1_23_0.Memory", uri, "CXL memory " + b.id());
                n.put("MemoryType", "DRAM");
                n.put("MemoryDeviceType", "DDR5");
                n.put("CapacityMiB", b.capacityMiB());
                n.put("VolatileSizeMiB", b.capacityMiB());
                n.set("Oem", o("Nearlight", o("@odata.type", OEM + "Memory", "MemoryChunk", ref(chunkUri(b)))));
                // the dynamic-capacity region of the pool's CXL device provides this memory's media
                links.set("MemoryRegionMediaSources", refs(List.of(regionUri(b.chassisId()))));
            }
            default -> {
                n = res("#Drive.v1_22_0.Drive", uri, "NVMe drive " + b.id());
                n.put("Protocol", "NVMe");
                n.put("MediaType", "SSD");
                n.put("CapacityBytes", b.capacityMiB() * 1024L * 1024L);
            }
        }
        n.set("Status", status(store.blockState(b), store.blockHealth(b)));
        n.set("Links", links);
        return n;
    }

    /** GET {@code /CompositionService/ResourceBlocks/{b}/{Processors|Memory|Drives}/{id}}. */
    Optional<ObjectNode> blockDevice(String blockId, String collection, String id) {
        return store.block(blockId)
                .filter(b -> collection.equals(deviceCollection(b.kind())) && id.equals(b.id()))
                .map(b -> device(b, deviceUri(b)));
    }

    private Optional<List<Inventory.Block>> composedDevices(String systemId, Inventory.Kind kind) {
        return store.composition(systemId)
                .map(c -> c.blocks().stream()
                        .map(id -> store.block(id).orElseThrow())
                        .filter(b -> b.kind() == kind)
                        .toList());
    }

    private static Inventory.Kind systemKind(String collection) {
        return switch (collection) {
            case "Processors" -> Inventory.Kind.GPU;
            case "Memory" -> Inventory.Kind.MEMORY;
            default -> null;
        };
    }

    /** GET {@code /Systems/{id}/Processors} or {@code /Memory} of a composed system: the devices of its blocks. */
    Optional<ObjectNode> systemDevices(String systemId, String collection) {
        Inventory.Kind k = systemKind(collection);
        if (k == null) {
            return Optional.empty();
        }
        String uri = V1 + "/Systems/" + systemId + "/" + collection;
        return composedDevices(systemId, k)
                .map(l -> coll(
                        k == Inventory.Kind.GPU ? "ProcessorCollection" : "MemoryCollection",
                        uri,
                        collection,
                        l.stream().map(b -> uri + "/" + b.id()).toList()));
    }

    /** GET {@code /Systems/{id}/Processors/{p}} or {@code /Memory/{m}}: a block's device as part of the system. */
    Optional<ObjectNode> systemDevice(String systemId, String collection, String id) {
        Inventory.Kind k = systemKind(collection);
        if (k == null) {
            return Optional.empty();
        }
        return composedDevices(systemId, k)
                .flatMap(l -> l.stream().filter(b -> b.id().equals(id)).findFirst())
                .map(b -> device(b, V1 + "/Systems/" + systemId + "/" + collection + "/" + id));
    }

    /** GET {@code /Systems/{id}/Storage}: one Storage resource ({@code Fabric}) once the system holds drives. */
    Optional<ObjectNode> systemStorages(String systemId) {
        String uri = V1 + "/Systems/" + systemId + "/Storage";
        return composedDevices(systemId, Inventory.Kind.STORAGE)
                .map(l ->
                        coll("StorageCollection", uri, "Storage", l.isEmpty() ? List.of() : List.of(uri + "/Fabric")));
    }

    /** GET {@code /Systems/{id}/Storage/Fabric}: the NVMe drives of the system's storage blocks. */
    Optional<ObjectNode> systemStorage(String systemId, String id) {
        if (!id.equals("Fabric")) {
            return Optional.empty();
        }
        return composedDevices(systemId, Inventory.Kind.STORAGE)
                .filter(l -> !l.isEmpty())
                .map(l -> {
                    ObjectNode n = res(
                            "#Storage.v1_21_0.Storage",
                            V1 + "/Systems/" + systemId + "/Storage/Fabric",
                            "NVMe drives over the fabric");
                    String worst = "OK";
                    for (Inventory.Block b : l) {
                        String h = store.blockHealth(b);
                        if (h.equals("Critical") || (h.equals("Warning") && worst.equals("OK"))) {
                            worst = h;
                        }
                    }
                    n.set("Status", status("Enabled", worst));
                    n.set("Drives", refs(l.stream().map(Resources::deviceUri).toList()));
                    n.put("Drives@odata.count", l.size());
                    return n;
                });
    }

    static String blockUri(String id) {
        return V1 + "/CompositionService/ResourceBlocks/" + id;
    }

    // ------------------------------------------------------------------ chassis and devices

    private List<String> chassisIds() {
        return chassisIds;
    }

    ObjectNode chassisCollection() {
        return coll(
                "ChassisCollection",
                V1 + "/Chassis",
                "Chassis",
                chassisIds().stream().map(i -> V1 + "/Chassis/" + i).toList());
    }

    Optional<ObjectNode> chassis(String id) {
        Inventory.Chassis c = chassisById.get(id);
        if (c == null) {
            return Optional.empty();
        }
        String uri = V1 + "/Chassis/" + id;
        ObjectNode n = res("#Chassis.v1_28_0.Chassis", uri, id);
        n.put("ChassisType", c.chassisType());
        n.set("Status", status("Enabled", "OK"));
        ObjectNode links = o("ManagedBy", refs(List.of(V1 + "/Managers/FabricManager")));
        if (c.containedBy() == null) {
            List<String> contains = new ArrayList<>();
            for (Inventory.Chassis x : inv.chassis()) {
                if (id.equals(x.containedBy())) {
                    contains.add(V1 + "/Chassis/" + x.id());
                }
            }
            links.set("Contains", refs(contains));
        } else {
            links.set("ContainedBy", ref(V1 + "/Chassis/" + c.containedBy()));
            if (c.kind() == Inventory.Kind.COMPUTE) {
                links.set(
                        "ComputerSystems",
                        refs(List.of(
                                V1 + "/Systems/" + devicesIn(id, true).get(0).id())));
            } else {
                if (c.kind() == Inventory.Kind.MEMORY) {
                    n.set("MemoryDomains", ref(uri + "/MemoryDomains"));
                }
                n.set("PCIeDevices", ref(uri + "/PCIeDevices"));
            }
        }
        n.set("Links", links);
        return Optional.of(n);
    }

    private List<Inventory.Block> devicesIn(String chassisId) {
        return devicesIn(chassisId, false);
    }

    private List<Inventory.Block> devicesIn(String chassisId, boolean hosts) {
        return byChassis.getOrDefault(chassisId, List.of()).stream()
                .filter(b -> hosts == (b.kind() == Inventory.Kind.COMPUTE))
                .toList();
    }

    private boolean kindOf(String chassisId, Inventory.Kind k) {
        Inventory.Chassis c = chassisById.get(chassisId);
        return c != null && c.kind() == k;
    }

    Optional<ObjectNode> pcieDevices(String chassisId) {
        if (kindOf(chassisId, Inventory.Kind.MEMORY)) {
            return Optional.of(coll(
                    "PCIeDeviceCollection",
                    V1 + "/Chassis/" + chassisId + "/PCIeDevices",
                    "PCIe Devices",
                    List.of(V1 + "/Chassis/" + chassisId + "/PCIeDevices/" + chassisId)));
        }
        if (!kindOf(chassisId, Inventory.Kind.GPU) && !kindOf(chassisId, Inventory.Kind.STORAGE)) {
            return Optional.empty();
        }
        return Optional.of(coll(
                "PCIeDeviceCollection",
                V1 + "/Chassis/" + chassisId + "/PCIeDevices",
                "PCIe Devices",
                devicesIn(chassisId).stream()
                        .map(b -> V1 + "/Chassis/" + chassisId + "/PCIeDevices/" + b.id())
                        .toList()));
    }

    static String pcieDeviceUri(Inventory.Block b) {
        return V1 + "/Chassis/" + b.chassisId() + "/PCIeDevices/" + b.id();
    }

    Optional<ObjectNode> pcieDevice(String chassisId, String id) {
        String uri = V1 + "/Chassis/" + chassisId + "/PCIeDevices/" + id;
        if (kindOf(chassisId, Inventory.Kind.MEMORY) && id.equals(chassisId)) {
            ObjectNode n = res("#PCIeDevice.v1_21_0.PCIeDevice", uri, "CXL memory pool " + id);
            n.put("DeviceType", "SingleFunction");
            Inventory.Block any = devicesIn(chassisId).get(0);
            n.set("Status", status(store.blockState(any), store.blockHealth(any)));
            n.set("CXLDevice", o("DeviceType", "Type3"));
            n.set("CXLLogicalDevices", ref(uri + "/CXLLogicalDevices"));
            return Optional.of(n);
        }
        return store.block(id)
                .filter(b -> b.chassisId().equals(chassisId))
                .filter(b -> b.kind() == Inventory.Kind.GPU || b.kind() == Inventory.Kind.STORAGE)
                .map(b -> {
                    ObjectNode n = res(
                            "#PCIeDevice.v1_21_0.PCIeDevice",
                            uri,
                            (b.kind() == Inventory.Kind.GPU ? "GPU " : "NVMe drive ") + b.id());
                    n.put("DeviceType", "SingleFunction");
                    n.set("Status", status(store.blockState(b), store.blockHealth(b)));
                    n.set(
                            "PCIeInterface",
                            o("PCIeType", "Gen" + pcieGen, "LanesInUse", b.kind() == Inventory.Kind.GPU ? 16 : 4));
                    return n;
                });
    }

    // ------------------------------------------------------------------ CXL logical device and memory region

    /** The one logical device of a memory pool's CXL Type 3 device (a single-logical-device pool). */
    static final String LD = "LD0";

    /** The pool's dynamic-capacity memory region (DCD region 0). */
    static final String REGION = "DC0";

    static String logicalDeviceUri(String chassisId) {
        return V1 + "/Chassis/" + chassisId + "/PCIeDevices/" + chassisId + "/CXLLogicalDevices/" + LD;
    }

    static String regionUri(String chassisId) {
        return logicalDeviceUri(chassisId) + "/MemoryRegions/" + REGION;
    }

    Optional<ObjectNode> cxlLogicalDevices(String chassisId, String device) {
        if (!kindOf(chassisId, Inventory.Kind.MEMORY) || !device.equals(chassisId)) {
            return Optional.empty();
        }
        String uri = V1 + "/Chassis/" + chassisId + "/PCIeDevices/" + chassisId + "/CXLLogicalDevices";
        return Optional.of(
                coll("CXLLogicalDeviceCollection", uri, "CXL Logical Devices", List.of(logicalDeviceUri(chassisId))));
    }

    Optional<ObjectNode> cxlLogicalDevice(String chassisId, String device, String ld) {
        if (cxlLogicalDevices(chassisId, device).isEmpty() || !ld.equals(LD)) {
            return Optional.empty();
        }
        String uri = logicalDeviceUri(chassisId);
        ObjectNode n = res("#CXLLogicalDevice.v1_3_0.CXLLogicalDevice", uri, "CXL memory logical device");
        List<Inventory.Block> chunks = devicesIn(chassisId);
        n.set("Status", status(store.blockState(chunks.get(0)), store.blockHealth(chunks.get(0))));
        n.set("SemanticsSupported", Json.arr("CXLio", "CXLmem"));
        n.put(
                "MemorySizeMiB",
                chunks.stream().mapToLong(Inventory.Block::capacityMiB).sum());
        n.set("MemoryRegions", ref(uri + "/MemoryRegions"));
        n.set(
                "Links",
                o(
                        "MemoryChunks",
                                refs(chunks.stream().map(Resources::chunkUri).toList()),
                        "MemoryDomains", refs(List.of(V1 + "/Chassis/" + chassisId + "/MemoryDomains/Domain")),
                        "Endpoints", refs(List.of(V1 + "/Fabrics/CXL/Endpoints/" + chassisId))));
        return Optional.of(n);
    }

    Optional<ObjectNode> memoryRegions(String chassisId, String device, String ld) {
        if (cxlLogicalDevice(chassisId, device, ld).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(coll(
                "MemoryRegionCollection",
                logicalDeviceUri(chassisId) + "/MemoryRegions",
                "Memory Regions",
                List.of(regionUri(chassisId))));
    }

    /**
     * The pool's memory as one CXL dynamic-capacity region (DMTF MemoryRegion, Redfish 2023.3): the region spans every
     * chunk (block size = chunk size, so one block is one chunk); each chunk bound to an owner (a composed system, a
     * reservation or a CXL connection) is one allocated extent tagged with that owner. The composed systems' memory
     * totals and the extents come from the same block owners.
     */
    Optional<ObjectNode> memoryRegion(String chassisId, String device, String ld, String region) {
        if (cxlLogicalDevice(chassisId, device, ld).isEmpty() || !region.equals(REGION)) {
            return Optional.empty();
        }
        List<Inventory.Block> chunks = devicesIn(chassisId);
        ObjectNode n = res("#MemoryRegion.v1_0_3.MemoryRegion", regionUri(chassisId), "Dynamic capacity region 0");
        n.set("Status", status(store.blockState(chunks.get(0)), store.blockHealth(chunks.get(0))));
        n.put("RegionType", "Dynamic");
        n.put("RegionNumber", 0);
        long block = chunks.get(0).capacityMiB();
        n.put("BlockSizeMiB", block);
        n.put("RegionBaseOffsetMiB", 0);
        n.put("ShareableRegion", false);
        n.put("NonVolatileRegion", false);
        n.put("SanitizeOnRelease", true);
        var extents = Json.MAPPER.createArrayNode();
        var chunkRefs = Json.MAPPER.createArrayNode();
        long offset = 0;
        int seq = 0;
        for (Inventory.Block b : chunks) {
            chunkRefs.add(o("ChunkOffsetMiB", offset, "ChunkLink", ref(chunkUri(b))));
            String owner = store.ownerOf(b.id());
            if (owner != null) {
                extents.add(o(
                        "ExtentOffsetMiB",
                        offset,
                        "ExtentSizeMiB",
                        b.capacityMiB(),
                        "Tag",
                        owner,
                        "SequenceNumber",
                        seq++));
            }
            offset += b.capacityMiB();
        }
        n.put("RegionSizeMiB", offset);
        n.put("ExtentsCount", extents.size());
        n.set("MemoryExtents", extents);
        n.set("MemoryChunks", chunkRefs);
        return Optional.of(n);
    }

    Optional<ObjectNode> memoryDomains(String chassisId) {
        if (!kindOf(chassisId, Inventory.Kind.MEMORY)) {
            return Optional.empty();
        }
        String uri = V1 + "/Chassis/" + chassisId + "/MemoryDomains";
        return Optional.of(coll("MemoryDomainCollection", uri, "Memory Domains", List.of(uri + "/Domain")));
    }

    Optional<ObjectNode> memoryDomain(String chassisId, String id) {
        if (!id.equals("Domain") || memoryDomains(chassisId).isEmpty()) {
            return Optional.empty();
        }
        String uri = V1 + "/Chassis/" + chassisId + "/MemoryDomains/Domain";
        ObjectNode n = res("#MemoryDomain.v1_5_1.MemoryDomain", uri, "CXL pool memory domain");
        n.put("AllowsMemoryChunkCreation", false);
        n.set("MemoryChunks", ref(uri + "/MemoryChunks"));
        long total = 0;
        long used = 0;
        for (Inventory.Block b : devicesIn(chassisId)) {
            total += b.capacityMiB();
            if (store.ownerOf(b.id()) != null) {
                used += b.capacityMiB();
            }
        }
        n.set(
                "Oem",
                o(
                        "Nearlight",
                        o(
                                "@odata.type",
                                OEM + "MemoryDomain",
                                "CapacityMiB",
                                total,
                                "AllocatedMiB",
                                used,
                                "FreeMiB",
                                total - used)));
        return Optional.of(n);
    }

    Optional<ObjectNode> memoryChunks(String chassisId, String domain) {
        if (memoryDomain(chassisId, domain).isEmpty()) {
            return Optional.empty();
        }
        String uri = V1 + "/Chassis/" + chassisId + "/MemoryDomains/Domain/MemoryChunks";
        return Optional.of(coll(
                "MemoryChunksCollection",
                uri,
                "Memory Chunks",
                devicesIn(chassisId).stream().map(b -> uri + "/" + b.id()).toList()));
    }

    static String chunkUri(Inventory.Block b) {
        return V1 + "/Chassis/" + b.chassisId() + "/MemoryDomains/Domain/MemoryChunks/" + b.id();
    }

    Optional<ObjectNode> memoryChunk(String chassisId, String domain, String id) {
        if (!domain.equals("Domain")) {
            return Optional.empty();
        }
        return store.block(id)
                .filter(b -> b.kind() == Inventory.Kind.MEMORY && b.chassisId().equals(chassisId))
                .map(b -> {
                    ObjectNode n = res("#MemoryChunks.v1_6_2.MemoryChunks", chunkUri(b), "Memory chunk " + id);
                    n.put("AddressRangeType", "Volatile");
                    n.put("MemoryChunkSizeMiB", b.capacityMiB());
                    n.set("Links", o("MemoryRegions", refs(List.of(regionUri(chassisId)))));
                    n.set("Status", status(store.blockState(b), store.blockHealth(b)));
                    return n;
                });
    }

    // ------------------------------------------------------------------ manager

    ObjectNode managers() {
        return coll("ManagerCollection", V1 + "/Managers", "Managers", List.of(V1 + "/Managers/FabricManager"));
    }

    ObjectNode manager() {
        ObjectNode n = res("#Manager.v1_24_0.Manager", V1 + "/Managers/FabricManager", "Nearlight fabric manager");
        n.put("ManagerType", "FabricManager");
        n.put("FirmwareVersion", "0.1.0");
        n.put("UUID", uuid);
        n.put("DateTime", Times.now());
        n.put("DateTimeLocalOffset", "+00:00");
        n.set("Status", status("Enabled", "OK"));
        n.set(
                "Links",
                o(
                        "ManagerForChassis",
                        refs(chassisIds().stream()
                                .map(i -> V1 + "/Chassis/" + i)
                                .toList()),
                        "ManagerForSwitches",
                        refs(switchIds("PCIe").stream()
                                .map(s -> V1 + "/Fabrics/PCIe/Switches/" + s)
                                .toList())));
        return n;
    }

    // ------------------------------------------------------------------ fabrics

    static boolean fabric(String f) {
        return f.equals("PCIe") || f.equals("CXL");
    }

    ObjectNode fabrics() {
        return coll("FabricCollection", V1 + "/Fabrics", "Fabrics", List.of(V1 + "/Fabrics/PCIe", V1 + "/Fabrics/CXL"));
    }

    Optional<ObjectNode> fabricRes(String f) {
        if (!fabric(f)) {
            return Optional.empty();
        }
        String uri = V1 + "/Fabrics/" + f;
        ObjectNode n = res("#Fabric.v1_4_0.Fabric", uri, f + " over fiber");
        n.put("FabricType", f);
        n.set("Status", status("Enabled", "OK"));
        n.set("Switches", ref(uri + "/Switches"));
        n.set("Endpoints", ref(uri + "/Endpoints"));
        n.set("Zones", ref(uri + "/Zones"));
        if (f.equals("CXL")) {
            n.set("Connections", ref(uri + "/Connections"));
        }
        n.set("Links", o("ManagedBy", refs(List.of(V1 + "/Managers/FabricManager"))));
        return Optional.of(n);
    }

    /** Switch ids: the same physical PCIe/CXL switches appear in both fabric views. */
    List<String> switchIds(String f) {
        return switchIds;
    }

    Optional<ObjectNode> switches(String f) {
        if (!fabric(f)) {
            return Optional.empty();
        }
        String uri = V1 + "/Fabrics/" + f + "/Switches";
        return Optional.of(coll(
                "SwitchCollection",
                uri,
                "Switches",
                switchIds(f).stream().map(s -> uri + "/" + s).toList()));
    }

    Optional<ObjectNode> switchRes(String f, String s) {
        Inventory.Switch sw = inv.switchById(s);
        if (!fabric(f) || sw == null) {
            return Optional.empty();
        }
        String uri = V1 + "/Fabrics/" + f + "/Switches/" + s;
        ObjectNode n = res("#Switch.v1_11_0.Switch", uri, s);
        n.put("SwitchType", f);
        n.put("Model", sw.model());
        n.set("Status", status("Enabled", "OK"));
        n.set("Ports", ref(uri + "/Ports"));
        n.set(
                "Links",
                o(
                        "ManagedBy",
                        refs(List.of(V1 + "/Managers/FabricManager")),
                        "Chassis",
                        ref(V1 + "/Chassis/Rack-" + sw.rack())));
        return Optional.of(n);
    }

    /** Port ids of a switch in one fabric view: one per link, named after the peer. */
    List<String> portIds(String f, String s) {
        Inventory.Switch sw = inv.switchById(s);
        if (sw == null) {
            return List.of();
        }
        return sw.ports().stream().filter(p -> p.in(f)).map(Inventory.Port::id).toList();
    }

    Optional<ObjectNode> ports(String f, String s) {
        if (switchRes(f, s).isEmpty()) {
            return Optional.empty();
        }
        String uri = V1 + "/Fabrics/" + f + "/Switches/" + s + "/Ports";
        return Optional.of(coll(
                "PortCollection",
                uri,
                "Ports",
                portIds(f, s).stream().map(p -> uri + "/" + p).toList()));
    }

    private Optional<Inventory.Port> portOf(String f, String s, String p) {
        Inventory.Switch sw = fabric(f) ? inv.switchById(s) : null;
        if (sw == null) {
            return Optional.empty();
        }
        return sw.ports().stream().filter(x -> x.id().equals(p) && x.in(f)).findFirst();
    }

    boolean portExists(String f, String s, String p) {
        return portOf(f, s, p).isPresent();
    }

    /** Endpoint ids behind a port in a fabric view. */
    private List<String> endpointsBehind(String f, Inventory.Port p) {
        return switch (p.peer()) {
            case HOST -> List.of(p.id());
            case MEMORY_POOL -> List.of(p.id());
            case GPU_POOL, STORAGE_POOL ->
                devicesIn(p.id()).stream().map(Inventory.Block::id).toList();
            default -> List.of();
        };
    }

    Optional<ObjectNode> port(String f, String s, String p) {
        Optional<Inventory.Port> po = portOf(f, s, p);
        if (po.isEmpty()) {
            return Optional.empty();
        }
        Inventory.Port ip = po.get();
        String uri = V1 + "/Fabrics/" + f + "/Switches/" + s + "/Ports/" + p;
        ObjectNode n = res("#Port.v1_18_0.Port", uri, "Port " + p);
        String fault = store.fault(f, s, p);
        boolean up = fault == null;
        n.put("PortProtocol", f);
        n.put(
                "PortType",
                ip.interswitch() ? "InterswitchPort" : ip.peer() == NodeKind.HOST ? "UpstreamPort" : "DownstreamPort");
        n.put("PortMedium", ip.optical() ? "Optical" : "Electrical");
        n.put("LinkState", fault != null && !fault.equals("LinkDown") ? "Disabled" : "Enabled");
        n.put("LinkStatus", up ? "LinkUp" : "LinkDown");
        n.put("Width", 16);
        n.put("MaxSpeedGbps", ip.rateGbps() / 16);
        n.put("CurrentSpeedGbps", up ? ip.rateGbps() / 16 : 0.0);
        n.set(
                "Status",
                status(
                        "DeviceRemoval".equals(fault) ? "Absent" : "Enabled",
                        fault == null ? "OK" : fault.equals("LinkDown") ? "Warning" : "Critical"));
        ObjectNode links = o();
        if (ip.interswitch()) {
            links.set("ConnectedSwitches", refs(List.of(V1 + "/Fabrics/" + f + "/Switches/" + ip.id())));
            links.set(
                    "ConnectedSwitchPorts",
                    refs(List.of(V1 + "/Fabrics/" + f + "/Switches/" + ip.id() + "/Ports/" + s)));
        } else {
            links.set(
                    "AssociatedEndpoints",
                    refs(endpointsBehind(f, ip).stream()
                            .map(e -> V1 + "/Fabrics/" + f + "/Endpoints/" + e)
                            .toList()));
        }
        n.set("Links", links);
        n.set(
                "Oem",
                o(
                        "Nearlight",
                        o(
                                "@odata.type",
                                OEM + "Port",
                                "CableLengthM",
                                round(ip.lengthM()),
                                "LinkLatencyNs",
                                round(ip.linkLatencyNs()))));
        n.set(
                "Actions",
                o(
                        "#Port.Reset",
                        o("target", uri + "/Actions/Port.Reset"),
                        "Oem",
                        o("#Nearlight.InjectFault", o("target", uri + "/Actions/Oem/Nearlight.InjectFault"))));
        return Optional.of(n);
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    /** Endpoint ids of a fabric: hosts and devices (PCIe) or hosts and memory pools (CXL). */
    List<String> endpointIds(String f) {
        return f.equals("CXL") ? cxlEndpoints : f.equals("PCIe") ? pcieEndpoints : List.of();
    }

    Optional<ObjectNode> endpoints(String f) {
        if (!fabric(f)) {
            return Optional.empty();
        }
        String uri = V1 + "/Fabrics/" + f + "/Endpoints";
        return Optional.of(coll(
                "EndpointCollection",
                uri,
                "Endpoints",
                endpointIds(f).stream().map(e -> uri + "/" + e).toList()));
    }

    Optional<ObjectNode> endpoint(String f, String e) {
        if (!fabric(f) || !endpointIds(f).contains(e)) {
            return Optional.empty();
        }
        String uri = V1 + "/Fabrics/" + f + "/Endpoints/" + e;
        ObjectNode n = res("#Endpoint.v1_8_2.Endpoint", uri, "Endpoint " + e);
        n.put("EndpointProtocol", f);
        String entityType;
        String role;
        String link;
        String attach;
        if (kindOf(e, Inventory.Kind.MEMORY)) {
            entityType = "CXLDevice";
            role = "Target";
            link = V1 + "/Chassis/" + e + "/PCIeDevices/" + e;
            attach = e;
        } else {
            Inventory.Block b = store.block(e).orElseThrow();
            switch (b.kind()) {
                case COMPUTE -> {
                    entityType = "RootComplex";
                    role = "Initiator";
                    link = V1 + "/Systems/" + e;
                    attach = e;
                }
                case GPU -> {
                    entityType = "Processor";
                    role = "Target";
                    link = pcieDeviceUri(b);
                    attach = b.chassisId();
                }
                default -> {
                    entityType = "Drive";
                    role = "Target";
                    link = pcieDeviceUri(b);
                    attach = b.chassisId();
                }
            }
        }
        ArrayNode ce = Json.MAPPER.createArrayNode();
        ce.add(o("EntityType", entityType, "EntityRole", role, "EntityLink", ref(link)));
        n.set("ConnectedEntities", ce);
        List<String> zoneUris = new ArrayList<>();
        for (ManagerStore.FabricZone z : store.zones(f)) {
            if (z.endpoints().contains(e)) {
                zoneUris.add(V1 + "/Fabrics/" + f + "/Zones/" + z.id());
            }
        }
        n.set(
                "Links",
                o(
                        "ConnectedPorts",
                        refs(attachedSwitches.getOrDefault(attach, List.of()).stream()
                                .map(sw -> V1 + "/Fabrics/" + f + "/Switches/" + sw + "/Ports/" + attach)
                                .toList()),
                        "Zones",
                        refs(zoneUris)));
        return Optional.of(n);
    }

    Optional<ObjectNode> zones(String f) {
        if (!fabric(f)) {
            return Optional.empty();
        }
        String uri = V1 + "/Fabrics/" + f + "/Zones";
        return Optional.of(coll(
                "ZoneCollection",
                uri,
                "Zones",
                store.zones(f).stream().map(z -> uri + "/" + z.id()).toList()));
    }

    Optional<ObjectNode> zone(String f, String id) {
        return store.zone(f, id).map(z -> {
            String uri = V1 + "/Fabrics/" + f + "/Zones/" + id;
            ObjectNode n = res("#Zone.v1_6_3.Zone", uri, z.name());
            n.put("ZoneType", "ZoneOfEndpoints");
            n.set("Status", status("Enabled", "OK"));
            n.set(
                    "Links",
                    o(
                            "Endpoints",
                            refs(z.endpoints().stream()
                                    .map(e -> V1 + "/Fabrics/" + f + "/Endpoints/" + e)
                                    .toList())));
            n.set(
                    "Actions",
                    o(
                            "#Zone.AddEndpoint",
                            o("target", uri + "/Actions/Zone.AddEndpoint"),
                            "#Zone.RemoveEndpoint",
                            o("target", uri + "/Actions/Zone.RemoveEndpoint")));
            return n;
        });
    }

    Optional<ObjectNode> connections(String f) {
        if (!f.equals("CXL")) {
            return Optional.empty();
        }
        String uri = V1 + "/Fabrics/CXL/Connections";
        return Optional.of(coll(
                "ConnectionCollection",
                uri,
                "Connections",
                store.connections().stream().map(c -> uri + "/" + c.id()).toList()));
    }

    Optional<ObjectNode> connection(String f, String id) {
        if (!f.equals("CXL")) {
            return Optional.empty();
        }
        return store.connections().stream()
                .filter(c -> c.id().equals(id))
                .findFirst()
                .map(c -> {
                    ObjectNode n = res(
                            "#Connection.v1_4_0.Connection",
                            V1 + "/Fabrics/CXL/Connections/" + id,
                            "Memory for " + c.hostBlock());
                    n.put("ConnectionType", "Memory");
                    ArrayNode info = Json.MAPPER.createArrayNode();
                    List<String> targets = new ArrayList<>();
                    String health = "OK";
                    for (String ch : c.chunks()) {
                        Inventory.Block b = store.block(ch).orElseThrow();
                        info.add(o("AccessCapabilities", arr("Read", "Write"), "MemoryChunk", ref(chunkUri(b))));
                        String t = V1 + "/Fabrics/CXL/Endpoints/" + b.chassisId();
                        if (!targets.contains(t)) {
                            targets.add(t);
                        }
                        if (!store.blockHealth(b).equals("OK")) {
                            health = store.blockHealth(b);
                        }
                    }
                    n.set("Status", status("Enabled", health));
                    n.set("MemoryChunkInfo", info);
                    n.set(
                            "Links",
                            o(
                                    "InitiatorEndpoints",
                                    refs(List.of(V1 + "/Fabrics/CXL/Endpoints/" + c.hostBlock())),
                                    "TargetEndpoints",
                                    refs(targets)));
                    return n;
                });
    }

    // ------------------------------------------------------------------ composition service

    ObjectNode compositionService() {
        String uri = V1 + "/CompositionService";
        ObjectNode n = res("#CompositionService.v1_2_3.CompositionService", uri, "Composition Service");
        n.set("Status", status("Enabled", "OK"));
        n.put("ServiceEnabled", true);
        n.put("AllowOverprovisioning", false);
        n.put("AllowZoneAffinity", true);
        n.put("ReservationDuration", "PT1H");
        n.set("ResourceBlocks", ref(uri + "/ResourceBlocks"));
        n.set("ResourceZones", ref(uri + "/ResourceZones"));
        n.set("FreePool", ref(uri + "/FreePool"));
        n.set("ActivePool", ref(uri + "/ActivePool"));
        n.set("CompositionReservations", ref(uri + "/CompositionReservations"));
        n.set(
                "Actions",
                o(
                        "#CompositionService.Compose",
                        o(
                                "target",
                                uri + "/Actions/CompositionService.Compose",
                                "RequestType@Redfish.AllowableValues",
                                arr("Preview", "PreviewReserve", "Apply"))));
        return n;
    }

    ObjectNode resourceBlocks() {
        return coll(
                "ResourceBlockCollection",
                V1 + "/CompositionService/ResourceBlocks",
                "Resource Blocks",
                store.blocks().stream().map(b -> blockUri(b.id())).toList());
    }

    ObjectNode pool(boolean free) {
        String name = free ? "FreePool" : "ActivePool";
        List<String> m = store.blocks().stream()
                .filter(b -> (store.ownerOf(b.id()) == null) == free)
                .map(b -> blockUri(b.id()))
                .toList();
        return coll("ResourceBlockCollection", V1 + "/CompositionService/" + name, name, m);
    }

    Optional<ObjectNode> resourceBlock(String id) {
        return store.block(id).map(b -> {
            ObjectNode n = res("#ResourceBlock.v1_4_3.ResourceBlock", blockUri(id), id);
            n.set("ResourceBlockType", arr(b.kind().redfishType()));
            n.set("Status", status(store.blockState(b), store.blockHealth(b)));
            String own = store.ownerOf(id);
            String state = own == null ? "Unused" : own.startsWith("Reservation:") ? "Unused" : "Composed";
            if (store.blockState(b).equals("Absent")) {
                state = "Unavailable";
            }
            n.set(
                    "CompositionStatus",
                    o(
                            "CompositionState",
                            state,
                            "Reserved",
                            own != null && own.startsWith("Reservation:"),
                            "SharingCapable",
                            false));
            List<String> systems = new ArrayList<>();
            if (own != null && own.startsWith("System:")) {
                systems.add(V1 + "/Systems/" + own.substring(7));
            }
            if (b.kind() == Inventory.Kind.COMPUTE) {
                systems.add(0, V1 + "/Systems/" + id);
            }
            n.set(
                    "Links",
                    o(
                            "ComputerSystems",
                            refs(systems),
                            "Chassis",
                            refs(List.of(V1 + "/Chassis/" + b.chassisId())),
                            "Zones",
                            refs(List.of(V1 + "/CompositionService/ResourceZones/" + b.zoneId()))));
            String devices = deviceCollection(b.kind());
            if (devices != null) {
                n.set(devices, refs(List.of(deviceUri(b))));
                n.put(devices + "@odata.count", 1);
            }
            ObjectNode oem = o(
                    "@odata.type",
                    OEM + "ResourceBlock",
                    "Rack",
                    b.rack(),
                    "Kind",
                    b.kind().name());
            if (b.capacityMiB() > 0) {
                oem.put("CapacityMiB", b.capacityMiB());
            }
            n.set("Oem", o("Nearlight", oem));
            return n;
        });
    }

    ObjectNode resourceZones() {
        return coll(
                "ZoneCollection",
                V1 + "/CompositionService/ResourceZones",
                "Resource Zones",
                inv.zoneIds().stream()
                        .map(z -> V1 + "/CompositionService/ResourceZones/" + z)
                        .toList());
    }

    Optional<ObjectNode> resourceZone(String id) {
        if (!inv.zoneIds().contains(id)) {
            return Optional.empty();
        }
        ObjectNode n = res("#Zone.v1_6_3.Zone", V1 + "/CompositionService/ResourceZones/" + id, "Resource zone " + id);
        n.put("ZoneType", "ZoneOfResourceBlocks");
        n.set("Status", status("Enabled", "OK"));
        n.set(
                "Links",
                o(
                        "ResourceBlocks",
                        refs(store.blocks().stream()
                                .filter(b -> b.zoneId().equals(id))
                                .map(b -> blockUri(b.id()))
                                .toList())));
        return Optional.of(n);
    }

    ObjectNode reservations() {
        return coll(
                "CompositionReservationCollection",
                V1 + "/CompositionService/CompositionReservations",
                "Composition Reservations",
                store.reservations().keySet().stream()
                        .map(r -> V1 + "/CompositionService/CompositionReservations/" + r)
                        .toList());
    }

    Optional<ObjectNode> reservation(String id) {
        List<String> bl = store.reservations().get(id);
        if (bl == null) {
            return Optional.empty();
        }
        ObjectNode n = res(
                "#CompositionReservation.v1_0_2.CompositionReservation",
                V1 + "/CompositionService/CompositionReservations/" + id,
                "Reservation " + id);
        n.set(
                "ReservedResourceBlocks",
                refs(bl.stream().map(Resources::blockUri).toList()));
        return Optional.of(n);
    }

    // ------------------------------------------------------------------ accounts, sessions

    ObjectNode accountService() {
        String uri = V1 + "/AccountService";
        ObjectNode n = res("#AccountService.v1_18_1.AccountService", uri, "Account Service");
        n.put("ServiceEnabled", true);
        n.put("MinPasswordLength", AccountPolicy.MIN_PASSWORD);
        n.put("MaxPasswordLength", AccountPolicy.MAX_PASSWORD_BYTES);
        n.put("AccountLockoutThreshold", AccountPolicy.LOCKOUT_THRESHOLD);
        n.put("AccountLockoutDuration", AccountPolicy.LOCKOUT_DURATION_S);
        n.put("AccountLockoutCounterResetAfter", AccountPolicy.COUNTER_RESET_S);
        n.put("AccountLockoutCounterResetEnabled", true);
        n.put("PasswordGuidanceMessage", AccountPolicy.guidance());
        n.set("Status", status("Enabled", "OK"));
        n.set("Accounts", ref(uri + "/Accounts"));
        n.set("Roles", ref(uri + "/Roles"));
        return n;
    }

    ObjectNode accounts() {
        return coll(
                "ManagerAccountCollection",
                V1 + "/AccountService/Accounts",
                "Accounts",
                store.accounts().stream()
                        .map(a -> V1 + "/AccountService/Accounts/" + a.id())
                        .toList());
    }

    Optional<ObjectNode> account(String id) {
        return store.account(id).map(a -> {
            ObjectNode n = res(
                    "#ManagerAccount.v1_14_1.ManagerAccount",
                    V1 + "/AccountService/Accounts/" + id,
                    "Account " + a.userName());
            n.put("UserName", a.userName());
            n.putNull("Password");
            n.put("RoleId", a.roleId());
            n.put("Enabled", a.enabled());
            n.put("Locked", store.locked(a));
            n.set("AccountTypes", arr("Redfish"));
            n.set("Links", o("Role", ref(V1 + "/AccountService/Roles/" + a.roleId())));
            return n;
        });
    }

    ObjectNode roles() {
        return coll(
                "RoleCollection",
                V1 + "/AccountService/Roles",
                "Roles",
                ManagerStore.ROLES.stream()
                        .map(r -> V1 + "/AccountService/Roles/" + r)
                        .toList());
    }

    static List<String> privileges(String role) {
        return switch (role) {
            case "Administrator" ->
                List.of("Login", "ConfigureManager", "ConfigureUsers", "ConfigureSelf", "ConfigureComponents");
            case "Operator" -> List.of("Login", "ConfigureSelf", "ConfigureComponents");
            default -> List.of("Login", "ConfigureSelf");
        };
    }

    Optional<ObjectNode> role(String id) {
        if (!ManagerStore.ROLES.contains(id)) {
            return Optional.empty();
        }
        ObjectNode n = res("#Role.v1_3_3.Role", V1 + "/AccountService/Roles/" + id, id + " role");
        n.put("RoleId", id);
        n.put("IsPredefined", true);
        n.set("AssignedPrivileges", arr(privileges(id).toArray()));
        return Optional.of(n);
    }

    ObjectNode sessionService() {
        String uri = V1 + "/SessionService";
        ObjectNode n = res("#SessionService.v1_2_0.SessionService", uri, "Session Service");
        n.put("ServiceEnabled", true);
        n.put("SessionTimeout", store.sessionTimeoutS());
        n.set("Status", status("Enabled", "OK"));
        n.set("Sessions", ref(uri + "/Sessions"));
        return n;
    }

    ObjectNode sessions() {
        return coll(
                "SessionCollection",
                V1 + "/SessionService/Sessions",
                "Sessions",
                store.sessions().stream()
                        .map(s -> V1 + "/SessionService/Sessions/" + s.id())
                        .toList());
    }

    Optional<ObjectNode> session(String id) {
        return store.sessionById(id).map(s -> {
            ObjectNode n = res("#Session.v1_8_0.Session", V1 + "/SessionService/Sessions/" + id, "Session " + id);
            n.put(
                    "UserName",
                    store.account(s.accountId())
                            .map(ManagerStore.Account::userName)
                            .orElse(""));
            n.putNull("Password");
            n.put("CreatedTime", s.createdAt());
            n.put("SessionType", "Redfish");
            return n;
        });
    }

    // ------------------------------------------------------------------ events and tasks

    ObjectNode eventService() {
        String uri = V1 + "/EventService";
        ObjectNode n = res("#EventService.v1_12_0.EventService", uri, "Event Service");
        n.put("ServiceEnabled", true);
        n.put("DeliveryRetryAttempts", 3);
        n.put("DeliveryRetryIntervalSeconds", 5);
        n.put("ServerSentEventUri", uri + "/SSE");
        n.set("RegistryPrefixes", arr("ResourceEvent", "Composition", "Base"));
        n.set("Status", status("Enabled", "OK"));
        n.set("Subscriptions", ref(uri + "/Subscriptions"));
        n.set(
                "Actions",
                o("#EventService.SubmitTestEvent", o("target", uri + "/Actions/EventService.SubmitTestEvent")));
        return n;
    }

    ObjectNode subscriptions() {
        return coll(
                "EventDestinationCollection",
                V1 + "/EventService/Subscriptions",
                "Event Subscriptions",
                store.subscriptions().stream()
                        .map(s -> V1 + "/EventService/Subscriptions/" + s.id())
                        .toList());
    }

    Optional<ObjectNode> subscription(String id) {
        return store.subscription(id).map(s -> {
            ObjectNode n = res(
                    "#EventDestination.v1_16_0.EventDestination",
                    V1 + "/EventService/Subscriptions/" + id,
                    "Subscription " + id);
            n.put("Destination", s.destination());
            n.put("Context", s.context());
            n.put("Protocol", s.protocol());
            n.put("SubscriptionType", "RedfishEvent");
            n.put("DeliveryRetryPolicy", "SuspendRetries");
            n.set("Status", status("Enabled", "OK"));
            n.set(
                    "Oem",
                    o(
                            "Nearlight",
                            o(
                                    "@odata.type",
                                    OEM + "EventDestination",
                                    "RetryAttempts",
                                    s.retryAttempts(),
                                    "RetryIntervalSeconds",
                                    s.retryIntervalS())));
            return n;
        });
    }

    ObjectNode taskService() {
        String uri = V1 + "/TaskService";
        ObjectNode n = res("#TaskService.v1_3_0.TaskService", uri, "Task Service");
        n.put("ServiceEnabled", true);
        n.put("CompletedTaskOverWritePolicy", "Oldest");
        n.put("DateTime", Times.now());
        n.set("Status", status("Enabled", "OK"));
        n.set("Tasks", ref(uri + "/Tasks"));
        return n;
    }

    ObjectNode tasks() {
        return coll(
                "TaskCollection",
                V1 + "/TaskService/Tasks",
                "Tasks",
                store.tasks().stream()
                        .map(t -> V1 + "/TaskService/Tasks/" + t.id())
                        .toList());
    }

    Optional<ObjectNode> task(String id) {
        return store.task(id).map(t -> {
            ObjectNode n = res("#Task.v1_7_4.Task", V1 + "/TaskService/Tasks/" + id, "Task " + id);
            n.put("TaskState", t.state());
            n.put("TaskStatus", t.status());
            n.put("StartTime", t.startTime());
            if (t.endTime() != null) {
                n.put("EndTime", t.endTime());
            }
            n.put("TaskMonitor", V1 + "/TaskService/TaskMonitors/" + id);
            ArrayNode msgs = Json.MAPPER.createArrayNode();
            msgs.add(o(
                    "MessageId",
                    "Base.1.22.1." + (t.status().equals("OK") ? "Success" : "GeneralError"),
                    "Message",
                    t.message()));
            n.set("Messages", msgs);
            if (t.targetUri() != null) {
                n.set("Payload", o("TargetUri", t.targetUri()));
            }
            return n;
        });
    }
}
