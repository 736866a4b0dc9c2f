package dev.nearlight.manager;

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
        // blocks from two resource zones (Pod-0 and Pod-1 are separate PCIe/CXL fabrics)
        HttpResponse<String> zones = admin.post("/redfish/v1/Systems", specific("zones", "Host-0-1", "GPU-1-0"));
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
        // Path latencies come from the fabric builder's PathLatency (see InventoryTest for the derivation):
        // Host-0-5 (0.5 m copper to HostSw-0-0) -> GPU pool 387.3 ns, memory pool 389.75 ns, NVMe pool 393.425 ns;
        // Host-0-0 (1.5 m copper) -> GPU pool 391.9 ns.
        Inventory inv = Inventory.demo();
        var by = inv.byId();
        assertThat(inv.latencyNs(by.get("Host-0-5"), by.get("GPU-0-0")))
                .isCloseTo(387.3, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(inv.latencyNs(by.get("Host-0-5"), by.get("Mem-0-0")))
                .isCloseTo(389.75, org.assertj.core.data.Offset.offset(1e-6));
        String req = "{\"Name\":\"c\",\"Processors\":{\"Members\":[{\"@Redfish.RequestedCount\":%d}]},"
                + "\"Memory\":{\"Members\":[{\"@Redfish.RequestedCount\":1,\"CapacityMiB\":65536}]},"
                + "\"Oem\":{\"Nearlight\":{\"HostBlock\":\"Host-0-5\",\"MaxLatencyNs\":390}}}";
        HttpResponse<String> ok = admin.post("/redfish/v1/Systems", String.format(req, 3));
        assertThat(ok.statusCode()).isEqualTo(201);
        JsonNode sys = Client.json(ok);
        List<String> blocks = sys.path("Links").path("ResourceBlocks").findValuesAsText("@odata.id");
        // GPUs (387.3 ns) and memory (389.75 ns) are within 390 ns; equal latencies keep inventory order
        assertThat(blocks)
                .containsExactly(RB + "Host-0-5", RB + "GPU-0-0", RB + "GPU-0-1", RB + "GPU-0-2", RB + "Mem-0-0");
        assertThat(sys.path("MemorySummary").path("TotalSystemMemoryGiB").asDouble())
                .isEqualTo(64.0);
        // NVMe is 393.425 ns away: over the same budget
        String storage = "{\"Storage\":{\"Members\":[{\"@Redfish.RequestedCount\":1}]},"
                + "\"Oem\":{\"Nearlight\":{\"HostBlock\":\"Host-0-6\",\"MaxLatencyNs\":390}}}";
        assertThat(Client.json(admin.post("/redfish/v1/Systems", storage))
                        .path("error")
                        .path("@Message.ExtendedInfo")
                        .get(0)
                        .get("Resolution")
                        .asText())
                .isEqualTo("Of 16 Storage blocks for host Host-0-6: 0 in use, 0 faulted, 8 outside its resource zone"
                        + " Pod-0, 8 over the latency budget of 390.0 ns; 0 remain, 1 requested.");

        // Host-0-0 is 391.9 ns from the GPU pools: every free GPU of its pod is over a 390 ns budget.
        String req2 = "{\"Processors\":{\"Members\":[{\"@Redfish.RequestedCount\":1}]},"
                + "\"Oem\":{\"Nearlight\":{\"HostBlock\":\"Host-0-0\",\"MaxLatencyNs\":390}}}";
        HttpResponse<String> refused = admin.post("/redfish/v1/Systems", req2);
        assertThat(refused.statusCode()).isEqualTo(409);
        JsonNode info =
                Client.json(refused).path("error").path("@Message.ExtendedInfo").get(0);
        assertThat(info.get("MessageId").asText()).isEqualTo("Composition.1.1.3.NoResourceMatch");
        assertThat(info.get("MessageArgs").get(0).asText()).isEqualTo("Processor");
        // 32 GPUs: 3 in use, 0 faulted, 16 in Pod-1, 13 over budget (391.9 ns) -> 0 remain
        assertThat(info.get("Resolution").asText())
                .isEqualTo("Of 32 Processor blocks for host Host-0-0: 3 in use, 0 faulted, 16 outside its resource zone"
                        + " Pod-0, 13 over the latency budget of 390.0 ns; 0 remain, 1 requested.");
        RedfishApiTest.schemas = RedfishApiTest.schemas == null ? new RedfishSchemas() : RedfishApiTest.schemas;
        assertThat(RedfishApiTest.schemas.validate(Client.json(refused)).orElseThrow())
                .isEmpty();
        // with 392 ns the same request succeeds
        assertThat(admin.post("/redfish/v1/Systems", req2.replace("390", "392")).statusCode())
                .isEqualTo(201);
        // the refusals changed nothing
        assertThat(m.store().databaseCounts()).containsEntry("systems", 2).containsEntry("assignments", 7);
    }

    @Test
    void composeIsAllOrNothingWhenTheFabricRefusesABinding() {
        assertThat(admin.post(
                                "/redfish/v1/Fabrics/PCIe/Switches/FabricSw-1-0/Ports/GpuPool-1-1/Actions/Oem/Nearlight.InjectFault",
                                "{\"FaultType\":\"PortFailure\"}")
                        .statusCode())
                .isEqualTo(204);
        // GPU-1-4 (pool 0) binds, GPU-1-9 (pool 1, behind the failed port) is refused: the first is unbound again
        HttpResponse<String> r = admin.post("/redfish/v1/Systems", specific("x", "Host-1-0", "GPU-1-4", "GPU-1-9"));
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(Client.json(r)
                        .path("error")
                        .path("@Message.ExtendedInfo")
                        .get(0)
                        .get("Resolution")
                        .asText())
                .contains("port FabricSw-1-0/GpuPool-1-1 is PortFailure");
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
                        + "\"Oem\":{\"Nearlight\":{\"HostBlock\":\"Host-1-0\"}}}}]}}";
        String action = "/redfish/v1/CompositionService/Actions/CompositionService.Compose";
        JsonNode preview = Client.json(admin.post(action, String.format(stanza, "Preview")));
        assertThat(preview.findValuesAsText("@odata.id"))
                .containsExactly(RB + "Host-1-0", RB + "GPU-1-0", RB + "GPU-1-1");
        assertThat(state("GPU-1-0")).isEqualTo("Unused");
        JsonNode reserved = Client.json(admin.post(action, String.format(stanza, "PreviewReserve")));
        String rid = reserved.get("ReservationId").asText();
        assertThat(Client.json(admin.get(RB + "GPU-1-0"))
                        .path("CompositionStatus")
                        .path("Reserved")
                        .asBoolean())
                .isTrue();
        // a reserved block is not available to others
        assertThat(admin.post("/redfish/v1/Systems", specific("x", "Host-1-1", "GPU-1-0"))
                        .statusCode())
                .isEqualTo(409);
        HttpResponse<String> applied =
                admin.post(action, "{\"RequestType\":\"Apply\",\"ReservationId\":\"" + rid + "\"}");
        assertThat(applied.statusCode()).isEqualTo(200);
        assertThat(state("GPU-1-1")).isEqualTo("Composed");
        assertThat(m.store().reservations()).isEmpty();

        HttpResponse<String> async = admin.send(
                "POST",
                "/redfish/v1/Systems",
                specific("async", "Host-1-3", "GPU-1-3"),
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
        String domain = "/redfish/v1/Chassis/MemPool-0-0/MemoryDomains/Domain";
        assertThat(Client.json(admin.get(domain))
                        .path("Oem")
                        .path("Nearlight")
                        .path("FreeMiB")
                        .asLong())
                .isEqualTo(8 * 65_536L);
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
                .isEqualTo(6 * 65_536L);
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
                .isEqualTo(8 * 65_536L);
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
            String uri = admin.post("/redfish/v1/Systems", specific("f", "Host-1-0", "GPU-1-0", "Mem-1-0"))
                    .headers()
                    .firstValue("Location")
                    .orElseThrow();
            String port = "/redfish/v1/Fabrics/PCIe/Switches/FabricSw-1-0/Ports/GpuPool-1-0";
            assertThat(admin.post(port + "/Actions/Oem/Nearlight.InjectFault", "{\"FaultType\":\"LinkDown\"}")
                            .statusCode())
                    .isEqualTo(204);
            assertThat(Client.json(admin.get(uri)).path("Status").path("Health").asText())
                    .isEqualTo("Warning");
            assertThat(Client.json(admin.get(port)).path("LinkStatus").asText()).isEqualTo("LinkDown");
            assertThat(admin.post(
                                    "/redfish/v1/Fabrics/CXL/Switches/FabricSw-1-0/Ports/MemPool-1-0/Actions/Oem/Nearlight.InjectFault",
                                    "{\"FaultType\":\"DeviceRemoval\"}")
                            .statusCode())
                    .isEqualTo(204);
            assertThat(Client.json(admin.get(uri)).path("Status").path("Health").asText())
                    .isEqualTo("Critical");
            assertThat(Client.json(admin.get(RB + "Mem-1-1"))
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
                                    "/redfish/v1/Fabrics/CXL/Switches/FabricSw-1-0/Ports/MemPool-1-0/Actions/Oem/Nearlight.InjectFault",
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

    @Test
    void uplinkFaultOnThePathDegradesCompositionsAndRefusesNewBindings() {
        String uri = admin.post("/redfish/v1/Systems", specific("u", "Host-0-0", "GPU-0-0"))
                .headers()
                .firstValue("Location")
                .orElseThrow();
        // the link HostSw-0-0 -> FabricSw-0-0 carries every path of hosts 0-7 of pod 0
        String uplink = "/redfish/v1/Fabrics/PCIe/Switches/HostSw-0-0/Ports/FabricSw-0-0";
        assertThat(Client.json(admin.get(uplink)).path("PortType").asText()).isEqualTo("InterswitchPort");
        assertThat(admin.post(uplink + "/Actions/Oem/Nearlight.InjectFault", "{\"FaultType\":\"LinkDown\"}")
                        .statusCode())
                .isEqualTo(204);
        // the blocks themselves are healthy, the composition's path is not
        assertThat(Client.json(admin.get(RB + "GPU-0-0"))
                        .path("Status")
                        .path("Health")
                        .asText())
                .isEqualTo("OK");
        assertThat(Client.json(admin.get(uri)).path("Status").path("Health").asText())
                .isEqualTo("Warning");
        HttpResponse<String> refused = admin.post("/redfish/v1/Systems", specific("v", "Host-0-1", "GPU-0-1"));
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(Client.json(refused)
                        .path("error")
                        .path("@Message.ExtendedInfo")
                        .get(0)
                        .get("Resolution")
                        .asText())
                .contains("port HostSw-0-0/FabricSw-0-0 is LinkDown");
        // hosts on the other host switch still reach the same GPU pool
        assertThat(admin.post("/redfish/v1/Systems", specific("w", "Host-0-8", "GPU-0-1"))
                        .statusCode())
                .isEqualTo(201);
        assertThat(admin.post(uplink + "/Actions/Port.Reset", "{}").statusCode())
                .isEqualTo(204);
        assertThat(Client.json(admin.get(uri)).path("Status").path("Health").asText())
                .isEqualTo("OK");
    }
}
