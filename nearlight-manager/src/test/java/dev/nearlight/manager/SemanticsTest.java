package dev.nearlight.manager;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #19's semantic fixes: endpoint zones enforced at compose time, CXL-connected memory in the system's memory
 * total, OEM objects typed and their CSDL published, and a renamed administrator not re-created at the next start.
 */
class SemanticsTest {
    @TempDir
    Path dir;

    @Test
    void zonesMemoryOemAndAdminRename() {
        String url = ManagerFixture.h2(dir);
        String adminUri;
        try (FabricManager m = ManagerFixture.start(url)) {
            Client admin = new Client(m.port()).login("admin", ManagerFixture.ADMIN_PW);
            // a PCIe zone holding Host-0-1 and GPU-0-1: Host-0-1 reaches only GPU-0-1; unzoned Host-0-3 reaches all
            assertThat(admin.post(
                                    "/redfish/v1/Fabrics/PCIe/Zones",
                                    "{\"Id\":\"z1\",\"Links\":{\"Endpoints\":["
                                            + "{\"@odata.id\":\"/redfish/v1/Fabrics/PCIe/Endpoints/Host-0-1\"},"
                                            + "{\"@odata.id\":\"/redfish/v1/Fabrics/PCIe/Endpoints/GPU-0-1\"}]}}")
                            .statusCode())
                    .isEqualTo(201);
            HttpResponse<String> refused =
                    admin.post("/redfish/v1/Systems", CompositionTest.specific("x", "Host-0-1", "GPU-0-2"));
            assertThat(refused.statusCode()).isEqualTo(409);
            assertThat(refused.body()).contains("Composition.1.1.3.IncompatibleZone");
            assertThat(admin.post("/redfish/v1/Systems", CompositionTest.specific("y", "Host-0-1", "GPU-0-1"))
                            .statusCode())
                    .isEqualTo(201);
            HttpResponse<String> free =
                    admin.post("/redfish/v1/Systems", CompositionTest.specific("z", "Host-0-3", "GPU-0-2"));
            assertThat(free.statusCode()).isEqualTo(201);
            String sys = free.headers().firstValue("Location").orElseThrow();

            // two 64 GiB chunks connected to the system's host by CXL count in its memory total
            assertThat(Client.json(admin.get(sys))
                            .path("MemorySummary")
                            .path("TotalSystemMemoryGiB")
                            .asDouble())
                    .isEqualTo(0.0);
            String domain = "/redfish/v1/Chassis/MemPool-0-0/MemoryDomains/Domain";
            assertThat(admin.post(
                                    "/redfish/v1/Fabrics/CXL/Connections",
                                    "{\"ConnectionType\":\"Memory\",\"MemoryChunkInfo\":["
                                            + "{\"MemoryChunk\":{\"@odata.id\":\"" + domain
                                            + "/MemoryChunks/Mem-0-0\"}},"
                                            + "{\"MemoryChunk\":{\"@odata.id\":\"" + domain
                                            + "/MemoryChunks/Mem-0-1\"}}],"
                                            + "\"Links\":{\"InitiatorEndpoints\":[{\"@odata.id\":"
                                            + "\"/redfish/v1/Fabrics/CXL/Endpoints/Host-0-3\"}]}}")
                            .statusCode())
                    .isEqualTo(201);
            JsonNode s = Client.json(admin.get(sys));
            assertThat(s.path("MemorySummary").path("TotalSystemMemoryGiB").asDouble())
                    .isEqualTo(128.0);

            // OEM objects carry their type, and the type's CSDL is published and referenced from $metadata
            assertThat(s.path("Oem").path("Nearlight").path("@odata.type").asText())
                    .isEqualTo("#Nearlight.v1_0_0.ComputerSystem");
            HttpResponse<String> csdl = new Client(m.port()).send("GET", Resources.OEM_SCHEMA_URI, null, false);
            assertThat(csdl.statusCode()).isEqualTo(200);
            assertThat(csdl.body()).contains("<ComplexType Name=\"ComputerSystem\" BaseType=\"Resource.OemObject\">");
            assertThat(new Client(m.port())
                            .send("GET", "/redfish/v1/$metadata", null, false)
                            .body())
                    .contains("Uri=\"" + Resources.OEM_SCHEMA_URI + "\"");

            // rename the administrator, keep a second one so that renaming is allowed either way
            adminUri = "/redfish/v1/AccountService/Accounts/"
                    + m.store().accounts().stream()
                            .filter(a -> a.userName().equals("admin"))
                            .findFirst()
                            .orElseThrow()
                            .id();
            assertThat(admin.patch(adminUri, "{\"UserName\":\"root-ops\"}").statusCode())
                    .isEqualTo(200);
        }
        try (FabricManager m = ManagerFixture.start(url)) {
            // NEARLIGHT_ADMIN_PASSWORD-style bootstrap: no "admin" is created again beside the renamed one
            assertThat(m.store().accounts())
                    .extracting(ManagerStore.Account::userName)
                    .containsExactly("root-ops");
            assertThat(new Client(m.port()).login("root-ops", ManagerFixture.ADMIN_PW).token)
                    .isNotBlank();
        }
    }
}
