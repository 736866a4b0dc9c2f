package dev.nearlight.manager;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.ValidationMessage;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Redfish surface: every GET resource and error body validates against the DMTF schemas; protocol rules. */
class RedfishApiTest {
    @TempDir
    static Path dir;

    static FabricManager manager;
    static Client admin;
    static RedfishSchemas schemas;

    @BeforeAll
    static void start() {
        manager = ManagerFixture.start(ManagerFixture.h2(dir));
        admin = new Client(manager.port()).login("admin", ManagerFixture.ADMIN_PW);
        schemas = new RedfishSchemas();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    static void assertValid(String what, JsonNode body) {
        Optional<Set<ValidationMessage>> v = schemas.validate(body);
        assertThat(v)
                .as("schema for %s (%s) is in the local bundle", what, RedfishSchemas.schemaFile(body))
                .isPresent();
        assertThat(v.get())
                .as("%s validates against %s", what, RedfishSchemas.schemaFile(body))
                .isEmpty();
    }

    static void collectIds(JsonNode n, Set<String> out) {
        if (n.isObject()) {
            JsonNode id = n.get("@odata.id");
            if (id != null && id.isTextual()) {
                out.add(id.asText());
            }
            n.elements().forEachRemaining(c -> collectIds(c, out));
            n.fields().forEachRemaining(e -> {
                if (e.getKey().equals("target") || e.getKey().equals("ServerSentEventUri")) {
                    return;
                }
            });
        } else if (n.isArray()) {
            n.elements().forEachRemaining(c -> collectIds(c, out));
        }
    }

    @Test
    void everyReachableResourceValidatesAndCarriesProtocolHeaders() {
        // Make the tree non-trivial: a composed system, a memory connection, a zone, a subscription, a reservation.
        assertThat(admin.post(
                                "/redfish/v1/Systems",
                                "{\"Name\":\"crawl\",\"Links\":{\"ResourceBlocks\":["
                                        + "{\"@odata.id\":\"/redfish/v1/CompositionService/ResourceBlocks/Host-1-15\"},"
                                        + "{\"@odata.id\":\"/redfish/v1/CompositionService/ResourceBlocks/GPU-1-15\"}]}}")
                        .statusCode())
                .isEqualTo(201);
        assertThat(admin.post(
                                "/redfish/v1/Fabrics/CXL/Connections",
                                "{\"ConnectionType\":\"Memory\",\"MemoryChunkInfo\":[{\"MemoryChunk\":{\"@odata.id\":"
                                        + "\"/redfish/v1/Chassis/MemPool-1-0/MemoryDomains/Domain/MemoryChunks/Mem-1-7\"}}],"
                                        + "\"Links\":{\"InitiatorEndpoints\":[{\"@odata.id\":\"/redfish/v1/Fabrics/CXL/Endpoints/Host-1-14\"}]}}")
                        .statusCode())
                .isEqualTo(201);
        assertThat(admin.post(
                                "/redfish/v1/Fabrics/PCIe/Zones",
                                "{\"Id\":\"Crawl\",\"Links\":{\"Endpoints\":[{\"@odata.id\":\"/redfish/v1/Fabrics/PCIe/Endpoints/Host-1-13\"}]}}")
                        .statusCode())
                .isEqualTo(201);
        assertThat(admin.post(
                                "/redfish/v1/EventService/Subscriptions",
                                "{\"Destination\":\"http://127.0.0.1:9/none\",\"Context\":\"crawl\",\"Protocol\":\"Redfish\"}")
                        .statusCode())
                .isEqualTo(201);

        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of("/redfish/v1/"));
        List<String> unvalidated = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        while (!todo.isEmpty()) {
            String uri = todo.poll();
            if (!seen.add(uri)) {
                continue;
            }
            HttpResponse<String> r = admin.get(uri);
            assertThat(r.statusCode()).as(uri).isEqualTo(200);
            assertThat(r.headers().firstValue("OData-Version")).as(uri).contains("4.0");
            assertThat(r.headers().firstValue("ETag")).as(uri).isPresent();
            assertThat(r.headers().firstValue("Allow").orElse("")).as(uri).startsWith("GET, HEAD");
            assertThat(r.headers().firstValue("Cache-Control")).as(uri).isPresent();
            assertThat(r.headers().firstValue("Link").orElse("")).as(uri).contains("rel=describedby");
            JsonNode body = Client.json(r);
            assertThat(body.path("@odata.id").asText())
                    .as("@odata.id of " + uri)
                    .isEqualTo(uri);
            if (!uri.equals("/redfish/v1/") && body.has("Id")) {
                assertThat(body.get("Id").asText()).isEqualTo(uri.substring(uri.lastIndexOf('/') + 1));
            }
            if (schemas.has(body)) {
                schemas.validate(body).orElseThrow().forEach(m -> failures.add(uri + ": " + m));
            } else {
                unvalidated.add(uri);
            }
            Set<String> links = new LinkedHashSet<>();
            collectIds(body, links);
            links.stream().filter(l -> !seen.contains(l)).forEach(todo::add);
        }
        assertThat(failures).isEmpty();
        // every resource expanded one level (links and subordinates) still validates
        int expanded = 0;
        for (String uri : seen) {
            HttpResponse<String> r = admin.get(uri + "?$expand=*($levels=1)");
            assertThat(r.statusCode()).as(uri + " expanded").isEqualTo(200);
            JsonNode body = Client.json(r);
            if (schemas.has(body)) {
                schemas.validate(body).orElseThrow().forEach(m -> failures.add(uri + "?$expand=*: " + m));
            }
            if (!body.equals(Client.json(admin.get(uri)))) {
                expanded++;
            }
        }
        assertThat(failures).isEmpty();
        assertThat(expanded).isGreaterThan(200);
        // 2 pods x (16 hosts + 16 GPUs + 8 chunks + 8 drives) = 96 blocks; the crawl reaches all of them and more.
        assertThat(seen)
                .contains(
                        "/redfish/v1/CompositionService/ResourceBlocks/NVMe-1-7",
                        "/redfish/v1/Fabrics/PCIe/Switches/FabricSw-1-0/Ports/HostSw-1-1",
                        "/redfish/v1/Fabrics/CXL/Switches/FabricSw-0-0/Ports/MemPool-0-0",
                        "/redfish/v1/Chassis/NvmePool-1-0",
                        "/redfish/v1/CompositionService/ResourceBlocks/GPU-1-3/Processors/GPU-1-3",
                        "/redfish/v1/CompositionService/ResourceBlocks/Mem-1-3/Memory/Mem-1-3",
                        "/redfish/v1/CompositionService/ResourceBlocks/NVMe-1-3/Drives/NVMe-1-3",
                        "/redfish/v1/TaskService");
        assertThat(seen.size()).isGreaterThan(300);
        // Only the reservation collection and the memory regions (CSDL only; the Service Validator checks them) lack a
        // schema in the local bundle.
        assertThat(unvalidated)
                .containsExactlyInAnyOrder(
                        "/redfish/v1/CompositionService/CompositionReservations",
                        "/redfish/v1/Chassis/MemPool-0-0/PCIeDevices/MemPool-0-0/CXLLogicalDevices/LD0/MemoryRegions",
                        "/redfish/v1/Chassis/MemPool-1-0/PCIeDevices/MemPool-1-0/CXLLogicalDevices/LD0/MemoryRegions",
                        "/redfish/v1/Chassis/MemPool-0-0/PCIeDevices/MemPool-0-0/CXLLogicalDevices/LD0/MemoryRegions/DC0",
                        "/redfish/v1/Chassis/MemPool-1-0/PCIeDevices/MemPool-1-0/CXLLogicalDevices/LD0/MemoryRegions/DC0");
    }

    @Test
    void resourceBlocksExposeTheirDevicesAndComposedSystemsSumThem() {
        String rb = "/redfish/v1/CompositionService/ResourceBlocks/";
        // each device block links its device as a sub-resource of the DMTF type the ResourceBlock schema names
        JsonNode gpuBlock = Client.json(admin.get(rb + "GPU-0-12"));
        assertValid("GPU block", gpuBlock);
        assertThat(gpuBlock.path("Processors").findValuesAsText("@odata.id"))
                .containsExactly(rb + "GPU-0-12/Processors/GPU-0-12");
        JsonNode gpu = Client.json(admin.get(rb + "GPU-0-12/Processors/GPU-0-12"));
        assertValid("processor", gpu);
        assertThat(gpu.get("@odata.type").asText()).isEqualTo("#Processor.v1_22_0.Processor");
        assertThat(gpu.get("ProcessorType").asText()).isEqualTo("GPU");
        assertThat(gpu.path("Links").path("Chassis").path("@odata.id").asText())
                .isEqualTo("/redfish/v1/Chassis/GpuPool-0-1");
        assertThat(gpu.path("Links").path("PCIeDevice").path("@odata.id").asText())
                .isEqualTo("/redfish/v1/Chassis/GpuPool-0-1/PCIeDevices/GPU-0-12");
        JsonNode mem = Client.json(admin.get(rb + "Mem-0-6/Memory/Mem-0-6"));
        assertValid("memory", mem);
        assertThat(mem.get("CapacityMiB").asLong()).isEqualTo(65_536L);
        assertThat(Client.json(admin.get(rb + "Mem-0-6"))
                        .path("Memory")
                        .get(0)
                        .get("@odata.id")
                        .asText())
                .isEqualTo(rb + "Mem-0-6/Memory/Mem-0-6");
        JsonNode drive = Client.json(admin.get(rb + "NVMe-0-6/Drives/NVMe-0-6"));
        assertValid("drive", drive);
        assertThat(drive.get("Protocol").asText()).isEqualTo("NVMe");
        assertThat(drive.get("CapacityBytes").asLong()).isEqualTo(3_815_447L * 1024 * 1024);
        // a device under the wrong block or collection does not exist; hosts have no device sub-resources
        assertThat(admin.get(rb + "GPU-0-12/Processors/GPU-0-11").statusCode()).isEqualTo(404);
        assertThat(admin.get(rb + "GPU-0-12/Memory/GPU-0-12").statusCode()).isEqualTo(404);
        assertThat(Client.json(admin.get(rb + "Host-0-12")).has("Processors")).isFalse();

        HttpResponse<String> r = admin.post(
                "/redfish/v1/Systems",
                CompositionTest.specific(
                        "devices", "Host-0-12", "GPU-0-12", "GPU-0-13", "Mem-0-6", "Mem-0-5", "NVMe-0-6"));
        assertThat(r.statusCode()).isEqualTo(201);
        String sys = r.headers().firstValue("Location").orElseThrow();
        JsonNode s = Client.json(admin.get(sys));
        assertValid("composed system", s);
        JsonNode procs = Client.json(admin.get(sys + "/Processors"));
        assertValid("processors", procs);
        assertThat(procs.findValuesAsText("@odata.id"))
                .containsExactly(sys + "/Processors", sys + "/Processors/GPU-0-12", sys + "/Processors/GPU-0-13");
        assertThat(s.path("ProcessorSummary").path("Count").asInt())
                .isEqualTo(procs.get("Members@odata.count").asInt())
                .isEqualTo(2);
        JsonNode memory = Client.json(admin.get(sys + "/Memory"));
        assertValid("memory collection", memory);
        long mib = 0;
        for (JsonNode m : memory.get("Members")) {
            JsonNode dimm = Client.json(admin.get(m.get("@odata.id").asText()));
            assertValid("system memory", dimm);
            mib += dimm.get("CapacityMiB").asLong();
        }
        assertThat(mib).isEqualTo(2 * 65_536L);
        assertThat(s.path("MemorySummary").path("TotalSystemMemoryGiB").asDouble())
                .isEqualTo(mib / 1024.0);
        JsonNode proc = Client.json(admin.get(sys + "/Processors/GPU-0-13"));
        assertValid("system processor", proc);
        assertThat(proc.get("Id").asText()).isEqualTo("GPU-0-13");
        JsonNode storage = Client.json(admin.get(sys + "/Storage/Fabric"));
        assertValid("storage", storage);
        assertThat(storage.path("Drives").findValuesAsText("@odata.id"))
                .containsExactly(rb + "NVMe-0-6/Drives/NVMe-0-6");
        assertValid("storage collection", Client.json(admin.get(sys + "/Storage")));
        // blocks not in the system are not among its devices; removing a block shrinks the collections
        assertThat(admin.get(sys + "/Processors/GPU-0-14").statusCode()).isEqualTo(404);
        assertThat(admin.post(
                                sys + "/Actions/ComputerSystem.RemoveResourceBlock",
                                "{\"ResourceBlock\":{\"@odata.id\":\"" + rb + "GPU-0-12\"}}")
                        .statusCode())
                .isEqualTo(200);
        assertThat(Client.json(admin.get(sys + "/Processors")).findValuesAsText("@odata.id"))
                .containsExactly(sys + "/Processors", sys + "/Processors/GPU-0-13");
        assertThat(admin.get(sys + "/Processors/GPU-0-12").statusCode()).isEqualTo(404);
        assertThat(admin.delete(sys).statusCode()).isEqualTo(204);
        assertThat(admin.get(sys + "/Memory").statusCode()).isEqualTo(404);
    }

    static String messageId(HttpResponse<String> r) {
        return Client.json(r)
                .path("error")
                .path("@Message.ExtendedInfo")
                .get(0)
                .get("MessageId")
                .asText();
    }

    @Test
    void selectOnlyAndExpandQueries() {
        JsonNode features = Client.json(admin.get("/redfish/v1/")).get("ProtocolFeaturesSupported");
        assertThat(features.get("SelectQuery").asBoolean()).isTrue();
        assertThat(features.get("OnlyMemberQuery").asBoolean()).isTrue();
        assertThat(features.get("FilterQuery").asBoolean()).isFalse();
        assertThat(features.get("ExcerptQuery").asBoolean()).isFalse();
        assertThat(features.get("TopSkipQuery").asBoolean()).isTrue();
        assertThat(features.path("ExpandQuery").get("MaxLevels").asInt()).isEqualTo(1);
        for (String o : List.of("ExpandAll", "Levels", "Links", "NoLinks")) {
            assertThat(features.path("ExpandQuery").get(o).asBoolean()).as(o).isTrue();
        }

        // $select: the selected properties (also inside complex ones) plus the annotations and Id/Name
        JsonNode sel = Client.json(admin.get("/redfish/v1/Systems/Host-0-3?$select=SystemType,Status/Health"));
        assertValid("$select", sel);
        List<String> keys = new ArrayList<>();
        sel.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactlyInAnyOrder("@odata.id", "@odata.type", "Id", "Name", "SystemType", "Status");
        assertThat(sel.get("Status").size()).isEqualTo(1);
        assertThat(sel.path("Status").path("Health").asText()).isEqualTo("OK");
        JsonNode selColl = Client.json(admin.get("/redfish/v1/Chassis?$select=Name"));
        assertValid("$select on a collection", selColl);
        assertThat(selColl.get("Members@odata.count").asInt())
                .isEqualTo(selColl.get("Members").size());
        assertThat(admin.get("/redfish/v1/Systems?$select=Name,,Id").statusCode())
                .isEqualTo(400);

        // only: the single member of a one-member collection; other collections unchanged; 400 on a singleton
        HttpResponse<String> only = admin.get("/redfish/v1/Managers?only");
        assertThat(only.statusCode()).isEqualTo(200);
        assertValid("only", Client.json(only));
        assertThat(Client.json(only).get("@odata.id").asText()).isEqualTo("/redfish/v1/Managers/FabricManager");
        assertThat(Client.json(only).get("ManagerType").asText()).isEqualTo("FabricManager");
        assertThat(Client.json(admin.get("/redfish/v1/Fabrics?only"))
                        .get("Members@odata.count")
                        .asInt())
                .isEqualTo(2);
        HttpResponse<String> onlySingle = admin.get("/redfish/v1/Managers/FabricManager?only");
        assertThat(onlySingle.statusCode()).isEqualTo(400);
        assertValid("400", Client.json(onlySingle));
        assertThat(messageId(onlySingle)).isEqualTo("Base.1.22.1.QueryNotSupportedOnResource");
        HttpResponse<String> combo = admin.get("/redfish/v1/Managers?only&$select=Name");
        assertThat(combo.statusCode()).isEqualTo(400);
        assertThat(messageId(combo)).isEqualTo("Base.1.22.1.QueryCombinationInvalid");

        // $expand: '.' expands subordinate references, '~' those under Links, '*' both; one level
        String gpu = "/redfish/v1/CompositionService/ResourceBlocks/GPU-1-5";
        JsonNode dot = Client.json(admin.get(gpu + "?$expand=."));
        assertValid("$expand=.", dot);
        assertThat(dot.path("Processors").get(0).get("ProcessorType").asText()).isEqualTo("GPU");
        assertThat(dot.path("Links").path("Chassis").get(0).size()).isEqualTo(1);
        JsonNode tilde = Client.json(admin.get(gpu + "?$expand=~"));
        assertValid("$expand=~", tilde);
        assertThat(tilde.path("Processors").get(0).size()).isEqualTo(1);
        assertThat(tilde.path("Links").path("Chassis").get(0).get("ChassisType").asText())
                .isEqualTo("Enclosure");
        assertThat(tilde.path("Links").path("Zones").get(0).get("ZoneType").asText())
                .isEqualTo("ZoneOfResourceBlocks");
        JsonNode star = Client.json(admin.get(gpu + "?$expand=*($levels=1)"));
        assertThat(star.path("Processors").get(0).has("ProcessorType")).isTrue();
        assertThat(star.path("Links").path("Chassis").get(0).has("ChassisType")).isTrue();
        // one level only: the expanded zone's own block references stay references
        assertThat(star.path("Links")
                        .path("Zones")
                        .get(0)
                        .path("Links")
                        .path("ResourceBlocks")
                        .get(0)
                        .size())
                .isEqualTo(1);
        JsonNode fabrics = Client.json(admin.get("/redfish/v1/Fabrics?$expand=."));
        assertValid("expanded collection", fabrics);
        assertThat(fabrics.get("Members").findValuesAsText("FabricType")).containsExactly("PCIe", "CXL");
        // $select applies to the expanded result
        JsonNode both = Client.json(admin.get("/redfish/v1/Fabrics?$expand=.&$select=Members"));
        assertThat(both.get("Members").get(1).get("FabricType").asText()).isEqualTo("CXL");
        assertThat(both.has("Name")).isTrue();
        // the public service root expands only for an authenticated client
        Client anon = new Client(manager.port());
        assertThat(Client.json(anon.get("/redfish/v1/?$expand=."))
                        .path("Systems")
                        .size())
                .isEqualTo(1);
        assertThat(Client.json(admin.get("/redfish/v1/?$expand=."))
                        .path("Systems")
                        .get("Members@odata.count")
                        .asInt())
                .isEqualTo(Client.json(admin.get("/redfish/v1/Systems"))
                        .get("Members@odata.count")
                        .asInt())
                .isGreaterThanOrEqualTo(32);

        HttpResponse<String> deep = admin.get(gpu + "?$expand=.($levels=2)");
        assertThat(deep.statusCode()).isEqualTo(400);
        assertValid("400", Client.json(deep));
        assertThat(messageId(deep)).isEqualTo("Base.1.22.1.QueryParameterOutOfRange");
        HttpResponse<String> badExpand = admin.get(gpu + "?$expand=Links");
        assertThat(badExpand.statusCode()).isEqualTo(400);
        assertThat(messageId(badExpand)).isEqualTo("Base.1.22.1.QueryParameterValueFormatError");
        // unsupported $ parameters: 501 with QueryParameterUnsupported
        for (String q : List.of("$filter=Id%20eq%20'x'", "$orderby=Id", "$levels=1")) {
            HttpResponse<String> r = admin.get("/redfish/v1/Systems?" + q);
            assertThat(r.statusCode()).as(q).isEqualTo(501);
            assertThat(messageId(r)).isEqualTo("Base.1.22.1.QueryParameterUnsupported");
        }
        // queries are for reads
        HttpResponse<String> post = admin.post("/redfish/v1/Systems?$select=Name", "{}");
        assertThat(post.statusCode()).isEqualTo(400);
        assertThat(messageId(post)).isEqualTo("Base.1.22.1.QueryNotSupportedOnOperation");
    }

    @Test
    void topAndSkipPageCollections() {
        JsonNode all = Client.json(admin.get("/redfish/v1/Systems"));
        int n = all.get("Members@odata.count").asInt();
        assertThat(n).isGreaterThan(7);
        List<String> ids = new ArrayList<>();
        all.get("Members").forEach(m -> ids.add(m.get("@odata.id").asText()));

        // walk the collection 3 at a time by following nextLink: every member once, in order
        List<String> walked = new ArrayList<>();
        String next = "/redfish/v1/Systems?$top=3";
        int pages = 0;
        while (next != null) {
            JsonNode page = Client.json(admin.get(next));
            assertValid("page " + pages, page);
            assertThat(page.get("Members@odata.count").asInt()).isEqualTo(n);
            assertThat(page.get("Members").size()).isLessThanOrEqualTo(3);
            page.get("Members").forEach(m -> walked.add(m.get("@odata.id").asText()));
            next = page.has("Members@odata.nextLink")
                    ? page.get("Members@odata.nextLink").asText()
                    : null;
            pages++;
        }
        assertThat(walked).isEqualTo(ids);
        assertThat(pages).isEqualTo((n + 2) / 3);

        // $skip alone, $skip past the end, $top=0, and a page combined with $expand and $select
        JsonNode skipped = Client.json(admin.get("/redfish/v1/Systems?$skip=" + (n - 2)));
        assertThat(skipped.get("Members").size()).isEqualTo(2);
        assertThat(skipped.get("Members").get(0).get("@odata.id").asText()).isEqualTo(ids.get(n - 2));
        assertThat(skipped.has("Members@odata.nextLink")).isFalse();
        assertThat(Client.json(admin.get("/redfish/v1/Systems?$skip=" + (n + 5)))
                        .get("Members")
                        .size())
                .isZero();
        assertThat(Client.json(admin.get("/redfish/v1/Systems?$top=0")).get("Members"))
                .isEmpty();
        JsonNode expanded = Client.json(admin.get("/redfish/v1/Systems?$expand=.&$top=2&$skip=1"));
        assertValid("expanded page", expanded);
        assertThat(expanded.get("Members").get(0).get("Id").asText())
                .isEqualTo(ids.get(1).substring(ids.get(1).lastIndexOf('/') + 1));
        assertThat(expanded.get("Members@odata.nextLink").asText())
                .isEqualTo("/redfish/v1/Systems?$skip=3&$top=2&$expand=.");
        JsonNode selected = Client.json(admin.get("/redfish/v1/Systems?$top=1&$select=Name"));
        assertThat(selected.get("Members")).hasSize(1);
        assertThat(selected.has("Members@odata.nextLink")).isTrue();

        // bad values 400; paging a single resource or the root 400; combined with only 400
        for (String q : List.of("$top=-1", "$top=x", "$skip=1.5", "$skip=")) {
            HttpResponse<String> r = admin.get("/redfish/v1/Systems?" + q);
            assertThat(r.statusCode()).as(q).isEqualTo(400);
            assertValid("400", Client.json(r));
        }
        assertThat(messageId(admin.get("/redfish/v1/Systems?$top=-1")))
                .isEqualTo("Base.1.22.1.QueryParameterOutOfRange");
        HttpResponse<String> onResource = admin.get(ids.get(0) + "?$top=1");
        assertThat(onResource.statusCode()).isEqualTo(400);
        assertThat(messageId(onResource)).isEqualTo("Base.1.22.1.QueryNotSupportedOnResource");
        assertThat(admin.get("/redfish/v1/?$top=1").statusCode()).isEqualTo(400);
        assertThat(messageId(admin.get("/redfish/v1/Managers?only&$top=1")))
                .isEqualTo("Base.1.22.1.QueryCombinationInvalid");
        assertThat(Client.json(admin.get("/redfish/v1/"))
                        .at("/ProtocolFeaturesSupported/TopSkipQuery")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void theValidatorRejectsWhatTheSchemaForbids() {
        var bad =
                (com.fasterxml.jackson.databind.node.ObjectNode) Client.json(admin.get("/redfish/v1/Systems/Host-0-0"));
        bad.put("PowerState", "Sideways");
        bad.put("NoSuchProperty", 1);
        assertThat(schemas.validate(bad).orElseThrow()).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void unauthenticatedUrisAndProtocolRules() {
        Client anon = new Client(manager.port());
        assertThat(Client.json(anon.get("/redfish")).get("v1").asText()).isEqualTo("/redfish/v1/");
        assertThat(anon.get("/redfish/v1/").statusCode()).isEqualTo(200);
        HttpResponse<String> md = anon.get("/redfish/v1/$metadata");
        assertThat(md.statusCode()).isEqualTo(200);
        assertThat(md.body()).contains("<EntityContainer");
        assertThat(md.headers().firstValue("Content-Type").orElse("")).contains("xml");
        assertThat(Client.json(anon.get("/redfish/v1/odata")).get("value").size())
                .isGreaterThan(5);
        HttpResponse<String> denied = anon.get("/redfish/v1/Systems");
        assertThat(denied.statusCode()).isEqualTo(401);
        assertValid("401", Client.json(denied));
        assertThat(anon.send("POST", "/redfish/v1/Systems", "{}", false).statusCode())
                .isEqualTo(401);

        // 412 for OData-Version 4.1
        assertThat(admin.send("GET", "/redfish/v1/Systems", null, true, "OData-Version", "4.1")
                        .statusCode())
                .isEqualTo(412);
        // 400 for bad only/excerpt, 501 for unknown $ parameters
        assertThat(admin.get("/redfish/v1/Systems?only=foo").statusCode()).isEqualTo(400);
        assertThat(admin.get("/redfish/v1/Systems?excerpt=foo").statusCode()).isEqualTo(400);
        HttpResponse<String> dollar = admin.get("/redfish/v1/Systems?$foo=bar");
        assertThat(dollar.statusCode()).isEqualTo(501);
        assertValid("501", Client.json(dollar));
        // 405 with Allow for unsupported methods; HEAD without a body
        HttpResponse<String> put = admin.send("PUT", "/redfish/v1/Chassis", "{}", true);
        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(put.headers().firstValue("Allow")).contains("GET, HEAD");
        HttpResponse<String> del = admin.delete("/redfish/v1/Chassis/Rack-0");
        assertThat(del.statusCode()).isEqualTo(405);
        assertThat(admin.send(
                                "PATCH",
                                "/redfish/v1/AccountService/Roles/Operator",
                                "{\"AssignedPrivileges\":[\"Login\"]}",
                                true)
                        .statusCode())
                .isEqualTo(405);
        assertThat(Client.json(admin.get("/redfish/v1/AccountService/Roles/Operator"))
                        .get("AssignedPrivileges")
                        .size())
                .isEqualTo(3);
        HttpResponse<String> head = admin.send("HEAD", "/redfish/v1/Systems", null, true);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("Allow")).contains("GET, HEAD, POST");
        assertThat(admin.get("/redfish/v1/NoSuchThing").statusCode()).isEqualTo(404);
        assertThat(admin.get("/redfish/v1/Systems/nope").statusCode()).isEqualTo(404);
    }

    @Test
    void sessionsAccountsEtagsAndPasswords() {
        HttpResponse<String> created = admin.post(
                "/redfish/v1/AccountService/Accounts/Members",
                "{\"UserName\":\"etag-user\",\"Password\":\"etag-pass-1\",\"RoleId\":\"ReadOnly\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        String uri = created.headers().firstValue("Location").orElseThrow();
        JsonNode acct = Client.json(created);
        assertValid("account", acct);
        assertThat(acct.get("Password").isNull()).isTrue();
        HttpResponse<String> got = admin.get(uri);
        String etag = got.headers().firstValue("ETag").orElseThrow();
        assertThat(admin.patch(uri, "{\"RoleId\":\"Operator\"}", "If-Match", "\"stale\"")
                        .statusCode())
                .isEqualTo(412);
        HttpResponse<String> ok = admin.patch(uri, "{\"RoleId\":\"Operator\"}", "If-Match", etag);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(Client.json(ok).get("RoleId").asText()).isEqualTo("Operator");
        assertThat(admin.get(uri).headers().firstValue("ETag")).isNotEqualTo(Optional.of(etag));

        HttpResponse<String> login = new Client(manager.port())
                .send(
                        "POST",
                        "/redfish/v1/SessionService/Sessions",
                        "{\"UserName\":\"etag-user\",\"Password\":\"etag-pass-1\"}",
                        false);
        assertThat(login.statusCode()).isEqualTo(201);
        assertThat(login.headers().firstValue("X-Auth-Token")).isPresent();
        assertThat(login.headers().firstValue("Location")).isPresent();
        assertValid("session", Client.json(login));
        assertThat(new Client(manager.port())
                        .send(
                                "POST",
                                "/redfish/v1/SessionService/Sessions",
                                "{\"UserName\":\"etag-user\",\"Password\":\"wrong-password\"}",
                                false)
                        .statusCode())
                .isEqualTo(401);
        Client basic = new Client(manager.port()).basic("etag-user", "etag-pass-1");
        assertThat(basic.get("/redfish/v1/Systems").statusCode()).isEqualTo(200);
        // logout invalidates the token
        Client s = new Client(manager.port()).login("etag-user", "etag-pass-1");
        String sessionUri = "/redfish/v1/SessionService/Sessions/"
                + s.get("/redfish/v1/SessionService/Sessions").body().length();
        assertThat(sessionUri).isNotEmpty();
        JsonNode sessions = Client.json(admin.get("/redfish/v1/SessionService/Sessions"));
        assertThat(sessions.get("Members@odata.count").asInt()).isGreaterThanOrEqualTo(3);
        // passwords are stored as bcrypt hashes, never in clear
        ManagerStore.Account a = manager.store().accounts().stream()
                .filter(x -> x.userName().equals("etag-user"))
                .findFirst()
                .orElseThrow();
        assertThat(a.passwordHash()).startsWith("$2a$10$").doesNotContain("etag-pass-1");
    }
}
