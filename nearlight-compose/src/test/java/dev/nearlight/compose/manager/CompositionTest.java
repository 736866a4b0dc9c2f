package dev.nearlight.compose.manager;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Composition semantics, refusals with per-constraint counts, CXL memory, faults and events, restart. */
class CompositionTest {
    static final String RB = "/redfish/v1/CompositionService/ResourceBlocks/";

    @TempDir
    Path dir;

    FabricManager m;
    Client admin;

    @BeforeEach
    void start() {
        m = ManagerFixture.start(ManagerFixture.h2(dir));
        admin = new Client(m.port()).login("admin", ManagerFixture.ADMIN_PW);
    }

    @AfterEach
    void stop() {
        if (m != null) {
            m.close();
        }
    }

    static String specific(String name, String... blocks) {
        return "{\"Name\":\"" + name + "\",\"Links\":{\"ResourceBlocks\":["
                + List.of(blocks).stream()
                        .map(b -> "{\"@odata.id\":\"" + RB + b + "\"}")
                        .collect(Collectors.joining(","))
                + "]}}";
    }

    String state(String block) {
        return Client.json(admin.get(RB + block))
                .path("CompositionStatus")
                .path("CompositionState")
                .asText();
    }

    @Test
    void specificComposeAddRemoveAndDecompose() {
        HttpResponse<String> r = admin.post("/redfish/v1/Systems", specific("job", "Host-0-0", "GPU-0-0", "NVMe-0-0"));
        assertThat(r.statusCode()).isEqualTo(201);
        String uri = r.headers().firstValue("Location").orElseThrow();
        JsonNode sys = Client.json(admin.get(uri));
        assertThat(sys.get("SystemType").asText()).isEqualTo("Composed");
        assertThat(sys.path("Links").path("ResourceBlocks").size()).isEqualTo(3);
        assertThat(state("GPU-0-0")).isEqualTo("Composed");
        assertThat(Client.json(admin.get(RB + "GPU-0-0"))
                        .path("Links")
                        .path("ComputerSystems")
                        .get(0)
                        .get("@odata.id")
                        .asText())
                .isEqualTo(uri);

        // the same block cannot join a second composition
        HttpResponse<String> dup = admin.post("/redfish/v1/Systems", specific("dup", "Host-0-1", "GPU-0-0"));
        assertThat(dup.statusCode()).isEqualTo(409);
        assertThat(Client.json(dup)
                        .path("error")
                        .path("@Message.ExtendedInfo")
                        .get(0)
                        .get("MessageId")
                        .asText())
                .isEqualTo("Composition.1.1.3.ResourceBlockInUse");
        // blocks from two resource zones (Pod-0 = racks 0-1, Pod-1 = racks 2-3)
        HttpResponse<String> zones = admin.post("/redfish/v1/Systems", specific("zones", "Host-0-1", "GPU-2-0"));
        assertThat(Client.json(zones).path("error").path("code").asText())
                .isEqualTo("Composition.1.1.3.IncompatibleZone");

        JsonNode added = Client.json(admin.post(
                uri + "/Actions/ComputerSystem.AddResourceBlock",
                "{\"ResourceBlock\":{\"@odata.id\":\"" + RB + "GPU-0-1\"}}"));
        assertThat(added.path("ProcessorSummary").path("Count").asInt()).isEqualTo(2);
        JsonNode removed = Client.json(admin.post(
                uri + "/Actions/ComputerSystem.RemoveResourceBlock",
                "{\"ResourceBlock\":{\"@odata.id\":\"" + RB + "GPU-0-0\"}}"));
        assertThat(removed.path("ProcessorSummary").path("Count").asInt()).isEqualTo(1);
        assertThat(state("GPU-0-0")).isEqualTo("Unused");

        assertThat(admin.delete(uri).statusCode()).isEqualTo(204);
        assertThat(admin.get(uri).statusCode()).isEqualTo(404);
        assertThat(state("Host-0-0")).isEqualTo("Unused");
        assertThat(state("GPU-0-1")).isEqualTo("Unused");
        assertThat(m.store().databaseCounts()).containsEntry("systems", 0).containsEntry("assignments", 0);
        // physical systems cannot be deleted
        assertThat(admin.delete("/redfish/v1/Systems/Host-0-0").statusCode()).isEqualTo(405);
    }

    @Test
    void constrainedComposeRespectsLatencyBudgetAndExplainsRefusals() {
        // Same rack: 4.9 ns/m * 3.0 m + 1 hop * 110 ns = 124.7 ns. Next rack: 4.9 * (3.0 + 0.6) + 3 * 110 = 347.64 ns.
        Inventory inv = Inventory.demo();
        assertThat(inv.latencyNs(0, 0)).isCloseTo(124.7, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(inv.latencyNs(0, 1)).isCloseTo(347.64, org.assertj.core.data.Offset.offset(1e-9));
        String req = "{\"Name\":\"c\",\"Processors\":{\"Members\":[{\"@Redfish.RequestedCount\":%d}]},"
                + "\"Memory\":{\"Members\":[{\"@Redfish.RequestedCount\":1,\"CapacityMiB\":65536}]},"
                + "\"Oem\":{\"Nearlight\":{\"HostBlock\":\"Host-1-2\",\"MaxLatencyNs\":200}}}";
        HttpResponse<String> ok = admin.post("/redfish/v1/Systems", String.format(req, 3));
        assertThat(ok.statusCode()).isEqualTo(201);
        JsonNode sys = Client.json(ok);
        List<String> blocks = sys.path("Links").path("ResourceBlocks").findValuesAsText("@odata.id");
        // all devices from rack 1 (the only rack within 200 ns of Host-1-2), lowest ids first
        assertThat(blocks)
                .containsExactly(RB + "Host-1-2", RB + "GPU-1-0", RB + "GPU-1-1", RB + "GPU-1-2", RB + "Mem-1-0");
        assertThat(sys.path("MemorySummary").path("TotalSystemMemoryGiB").asDouble())
                .isEqualTo(64.0);

        // 8 GPUs per rack, 3 now in use: asking for 6 within 200 ns leaves 5 candidates.
        String req2 = "{\"Processors\":{\"Members\":[{\"@Redfish.RequestedCount\":6}]},"
                + "\"Oem\":{\"Nearlight\":{\"HostBlock\":\"Host-1-3\",\"MaxLatencyNs\":200}}}";
        HttpResponse<String> refused = admin.post("/redfish/v1/Systems", req2);
        assertThat(refused.statusCode()).isEqualTo(409);
        JsonNode info =
                Client.json(refused).path("error").path("@Message.ExtendedInfo").get(0);
        assertThat(info.get("MessageId").asText()).isEqualTo("Composition.1.1.3.NoResourceMatch");
        assertThat(info.get("MessageArgs").get(0).asText()).isEqualTo("Processor");
        // 32 GPUs: 3 in use, 0 faulted, 16 in Pod-1, 8 in rack 0 over budget (347.64 ns) -> 5 remain
        assertThat(info.get("Resolution").asText())
                .isEqualTo("Of 32 Processor blocks for host Host-1-3: 3 in use, 0 faulted, 16 outside its resource zone"
                        + " Pod-0, 8 over the latency budget of 200.0 ns; 5 remain, 6 requested.");
        RedfishApiTest.schemas = RedfishApiTest.schemas == null ? new RedfishSchemas() : RedfishApiTest.schemas;
        assertThat(RedfishApiTest.schemas.validate(Client.json(refused)).orElseThrow())
                .isEmpty();
        // the refusal changed nothing
        assertThat(m.store().databaseCounts()).containsEntry("systems", 1).containsEntry("assignments", 5);
    }

    @Test
    void composeIsAllOrNothingWhenTheFabricRefusesABinding() {
        assertThat(admin.post(
                                "/redfish/v1/Fabrics/PCIe/Switches/Leaf-1/Ports/GPU-1-5/Actions/Oem/Nearlight.InjectFault",
                                "{\"FaultType\":\"PortFailure\"}")
                        .statusCode())
                .isEqualTo(204);
        HttpResponse<String> r = admin.post("/redfish/v1/Systems", specific("x", "Host-1-0", "GPU-1-4", "GPU-1-5"));
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(state("Host-1-0")).isEqualTo("Unused");
        assertThat(state("GPU-1-4")).isEqualTo("Unused");
        assertThat(m.store().databaseCounts()).containsEntry("systems", 0).containsEntry("assignments", 0);
        assertThat(Client.json(admin.get("/redfish/v1/Systems"))
                        .get("Members@odata.count")
                        .asInt())
                .isEqualTo(32);
    }

    @Test
    void previewReserveApplyAndAsyncTask() throws Exception {
        String stanza =
                "{\"RequestFormat\":\"Manifest\",\"RequestType\":\"%s\",\"Manifest\":{\"Stanzas\":[{\"StanzaType\":"
                        + "\"ComposeSystem\",\"StanzaId\":\"s1\",\"Request\":{\"Processors\":{\"Members\":[{\"@Redfish.RequestedCount\":2}]},"
                        + "\"Oem\":{\"Nearlight\":{\"HostBlock\":\"Host-2-0\"}}}}]}}";
        String action = "/redfish/v1/CompositionService/Actions/CompositionService.Compose";
        JsonNode preview = Client.json(admin.post(action, String.format(stanza, "Preview")));
        assertThat(preview.findValuesAsText("@odata.id"))
                .containsExactly(RB + "Host-2-0", RB + "GPU-2-0", RB + "GPU-2-1");
        assertThat(state("GPU-2-0")).isEqualTo("Unused");
        JsonNode reserved = Client.json(admin.post(action, String.format(stanza, "PreviewReserve")));
        String rid = reserved.get("ReservationId").asText();
        assertThat(Client.json(admin.get(RB + "GPU-2-0"))
                        .path("CompositionStatus")
                        .path("Reserved")
                        .asBoolean())
                .isTrue();
        // a reserved block is not available to others
        assertThat(admin.post("/redfish/v1/Systems", specific("x", "Host-2-1", "GPU-2-0"))
                        .statusCode())
                .isEqualTo(409);
        HttpResponse<String> applied =
                admin.post(action, "{\"RequestType\":\"Apply\",\"ReservationId\":\"" + rid + "\"}");
        assertThat(applied.statusCode()).isEqualTo(200);
        assertThat(state("GPU-2-1")).isEqualTo("Composed");
        assertThat(m.store().reservations()).isEmpty();

        HttpResponse<String> async = admin.send(
                "POST",
                "/redfish/v1/Systems",
                specific("async", "Host-2-3", "GPU-2-3"),
                true,
                "Prefer",
                "respond-async");
        assertThat(async.statusCode()).isEqualTo(202);
        String task = async.headers().firstValue("Location").orElseThrow();
        JsonNode t = null;
        for (int i = 0; i < 100; i++) {
            t = Client.json(admin.get(task));
            if (!t.get("TaskState").asText().equals("Running")) {
                break;
            }
            Thread.sleep(20);
        }
        assertThat(t.get("TaskState").asText()).isEqualTo("Completed");
        assertThat(admin.get(t.path("Payload").path("TargetUri").asText()).statusCode())
                .isEqualTo(200);
    }

    @Test
    void cxlMemoryConnectionAccountsCapacity() {
        String domain = "/redfish/v1/Chassis/MemPool-0/MemoryDomains/Domain";
        assertThat(Client.json(admin.get(domain))
                        .path("Oem")
                        .path("Nearlight")
                        .path("FreeMiB")
                        .asLong())
                .isEqualTo(4 * 65_536L);
        String body = "{\"ConnectionType\":\"Memory\",\"MemoryChunkInfo\":["
                + "{\"MemoryChunk\":{\"@odata.id\":\"" + domain + "/MemoryChunks/Mem-0-0\"}},"
                + "{\"MemoryChunk\":{\"@odata.id\":\"" + domain + "/MemoryChunks/Mem-0-1\"}}],"
                + "\"Links\":{\"InitiatorEndpoints\":[{\"@odata.id\":\"/redfish/v1/Fabrics/CXL/Endpoints/Host-0-4\"}]}}";
        HttpResponse<String> r = admin.post("/redfish/v1/Fabrics/CXL/Connections", body);
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(Client.json(admin.get(domain))
                        .path("Oem")
                        .path("Nearlight")
                        .path("FreeMiB")
                        .asLong())
                .isEqualTo(2 * 65_536L);
        // the same chunk cannot be connected twice
        assertThat(admin.post("/redfish/v1/Fabrics/CXL/Connections", body).statusCode())
                .isEqualTo(409);
        assertThat(admin.delete(r.headers().firstValue("Location").orElseThrow())
                        .statusCode())
                .isEqualTo(204);
        assertThat(Client.json(admin.get(domain))
                        .path("Oem")
                        .path("Nearlight")
                        .path("FreeMiB")
                        .asLong())
                .isEqualTo(4 * 65_536L);
    }

    @Test
    void faultsRaiseEventsDegradeCompositionsAndSurviveRestart() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer sink = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        sink.createContext("/events", ex -> {
            received.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        sink.start();
        try {
            assertThat(admin.post(
                                    "/redfish/v1/EventService/Subscriptions",
                                    "{\"Destination\":\"http://127.0.0.1:"
                                            + sink.getAddress().getPort()
                                            + "/events\",\"Context\":\"ops\",\"Protocol\":\"Redfish\"}")
                            .statusCode())
                    .isEqualTo(201);
            String uri = admin.post("/redfish/v1/Systems", specific("f", "Host-3-0", "GPU-3-0", "Mem-3-0"))
                    .headers()
                    .firstValue("Location")
                    .orElseThrow();
            String port = "/redfish/v1/Fabrics/PCIe/Switches/Leaf-3/Ports/GPU-3-0";
            assertThat(admin.post(port + "/Actions/Oem/Nearlight.InjectFault", "{\"FaultType\":\"LinkDown\"}")
                            .statusCode())
                    .isEqualTo(204);
            assertThat(Client.json(admin.get(uri)).path("Status").path("Health").asText())
                    .isEqualTo("Warning");
            assertThat(Client.json(admin.get(port)).path("LinkStatus").asText()).isEqualTo("LinkDown");
            assertThat(admin.post(
                                    "/redfish/v1/Fabrics/CXL/Switches/CxlLeaf-3/Ports/MemPool-3/Actions/Oem/Nearlight.InjectFault",
                                    "{\"FaultType\":\"DeviceRemoval\"}")
                            .statusCode())
                    .isEqualTo(204);
            assertThat(Client.json(admin.get(uri)).path("Status").path("Health").asText())
                    .isEqualTo("Critical");
            assertThat(Client.json(admin.get(RB + "Mem-3-1"))
                            .path("Status")
                            .path("State")
                            .asText())
                    .isEqualTo("Absent");
            for (int i = 0;
                    i < 200
                            && !(String.join("", received).contains("ResourceStatusChangedCritical")
                                    && String.join("", received).contains("ResourceStatusChangedWarning"));
                    i++) {
                Thread.sleep(20);
            }
            String all = String.join("\n", received);
            assertThat(all)
                    .contains(
                            "ResourceEvent.1.4.3.ResourceCreated",
                            "ResourceEvent.1.4.3.ResourceStatusChangedWarning",
                            "ResourceEvent.1.4.3.ResourceStatusChangedCritical",
                            "\"Context\":\"ops\"",
                            uri);
            RedfishSchemas schemas = new RedfishSchemas();
            for (String e : received) {
                assertThat(schemas.validate(Client.M.readTree(e)).orElseThrow())
                        .as(e)
                        .isEmpty();
            }

            // restart on the same database: the fault, the degraded state and the subscription persist
            m.close();
            m = ManagerFixture.start(ManagerFixture.h2(dir));
            admin = new Client(m.port()).login("admin", ManagerFixture.ADMIN_PW);
            assertThat(Client.json(admin.get(uri)).path("Status").path("Health").asText())
                    .isEqualTo("Critical");
            int before = received.size();
            assertThat(admin.post(port + "/Actions/Port.Reset", "{}").statusCode())
                    .isEqualTo(204);
            assertThat(admin.post(
                                    "/redfish/v1/Fabrics/CXL/Switches/CxlLeaf-3/Ports/MemPool-3/Actions/Oem/Nearlight.InjectFault",
                                    "{\"FaultType\":\"Clear\"}")
                            .statusCode())
                    .isEqualTo(204);
            assertThat(Client.json(admin.get(uri)).path("Status").path("Health").asText())
                    .isEqualTo("OK");
            for (int i = 0; i < 200 && received.size() == before; i++) {
                Thread.sleep(20);
            }
            assertThat(received.size())
                    .as("events still delivered after restart")
                    .isGreaterThan(before);
        } finally {
            sink.stop(0);
        }
    }
}
