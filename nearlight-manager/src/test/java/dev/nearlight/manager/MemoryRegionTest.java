package dev.nearlight.manager;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CXL pool memory as DMTF's MemoryRegion (Redfish 2023.3, the CXL dynamic-capacity model): the pool's Type 3 device has
 * one logical device with one dynamic region over all its chunks; chunks bound to a composed system are extents
 * tagged with it, the system's memory links the region as its media source, and its memory total equals its extents.
 * Every new resource validates against DMTF's JSON Schemas (MemoryRegion's, absent from the shared bundle, by its
 * required properties here and by the Service Validator against its CSDL).
 */
class MemoryRegionTest {
    @TempDir
    static Path dir;

    static FabricManager m;
    static Client admin;
    static RedfishSchemas schemas;

    static final String POOL = "/redfish/v1/Chassis/MemPool-0-0";
    static final String LD = POOL + "/PCIeDevices/MemPool-0-0/CXLLogicalDevices/LD0";
    static final String REGION = LD + "/MemoryRegions/DC0";

    @BeforeAll
    static void start() {
        m = ManagerFixture.start(ManagerFixture.h2(dir));
        admin = new Client(m.port()).login("admin", ManagerFixture.ADMIN_PW);
        schemas = new RedfishSchemas();
    }

    @AfterAll
    static void stop() {
        m.close();
    }

    static JsonNode valid(String uri) {
        var r = admin.get(uri);
        assertThat(r.statusCode()).as(uri).isEqualTo(200);
        JsonNode body = Client.json(r);
        var v = schemas.validate(body);
        if (body.get("@odata.type").asText().startsWith("#MemoryRegion")) {
            // the shared JSON-Schema bundle has MemoryRegion's CSDL but not its JSON Schema: when it is missing,
            // check the properties the CSDL marks required/non-nullable by hand (the DMTF Service Validator checks
            // the rest against the CSDL, docs/manager.md)
            if (v.isEmpty()) {
                for (String p : body.get("@odata.type").asText().contains("Collection")
                        ? new String[] {"Members", "Members@odata.count", "Name"}
                        : new String[] {"Id", "Name", "RegionType", "RegionNumber", "BlockSizeMiB", "RegionSizeMiB"}) {
                    assertThat(body.has(p)).as("%s has %s", uri, p).isTrue();
                }
                return body;
            }
        }
        assertThat(v).as("schema of %s in the bundle", uri).isPresent();
        assertThat(v.get()).as("%s validates", uri).isEmpty();
        return body;
    }

    @Test
    void composedMemoryIsAnExtentOfThePoolsDynamicRegion() {
        // the pool device links its logical device, which links its regions
        assertThat(valid(POOL + "/PCIeDevices/MemPool-0-0")
                        .get("CXLLogicalDevices")
                        .get("@odata.id")
                        .asText())
                .isEqualTo(POOL + "/PCIeDevices/MemPool-0-0/CXLLogicalDevices");
        valid(POOL + "/PCIeDevices/MemPool-0-0/CXLLogicalDevices");
        JsonNode ld = valid(LD);
        // demo pool: 8 chunks of 64 GiB = 8 x 65536 = 524288 MiB
        assertThat(ld.get("MemorySizeMiB").asLong()).isEqualTo(524_288L);
        valid(LD + "/MemoryRegions");
        JsonNode before = valid(REGION);
        assertThat(before.get("RegionType").asText()).isEqualTo("Dynamic");
        assertThat(before.get("RegionSizeMiB").asLong()).isEqualTo(524_288L);
        assertThat(before.get("BlockSizeMiB").asLong()).isEqualTo(65_536L);
        assertThat(before.get("MemoryChunks")).hasSize(8);
        // chunk i starts at i x 65536 MiB
        assertThat(before.get("MemoryChunks").get(3).get("ChunkOffsetMiB").asLong())
                .isEqualTo(196_608L);
        int extentsBefore = before.get("ExtentsCount").asInt();

        // compose 128 GiB = 2 chunks of pod 0
        var r = admin.post(
                "/redfish/v1/Systems",
                "{\"Name\":\"mem\",\"Memory\":{\"Members\":[{\"CapacityMiB\":131072}]},"
                        + "\"Oem\":{\"Nearlight\":{\"ResourceZone\":\"Pod-0\"}}}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode sys = Client.json(r);
        String id = sys.get("Id").asText();
        JsonNode after = valid(REGION);
        assertThat(after.get("ExtentsCount").asInt()).isEqualTo(extentsBefore + 2);
        long mine = 0;
        for (JsonNode e : after.get("MemoryExtents")) {
            if (e.get("Tag").asText().equals("System:" + id)) {
                mine += e.get("ExtentSizeMiB").asLong();
                assertThat(e.get("ExtentOffsetMiB").asLong() % 65_536L).isZero();
            }
        }
        assertThat(mine).isEqualTo(131_072L);
        // the system's memory total is its extents: 131072 MiB = 128 GiB
        assertThat(sys.get("MemorySummary").get("TotalSystemMemoryGiB").asDouble())
                .isEqualTo(mine / 1024.0);
        // the system's memory names the region as its media source; the chunk links the region back
        JsonNode memory = valid("/redfish/v1/Systems/" + id + "/Memory");
        String dimm = memory.get("Members").get(0).get("@odata.id").asText();
        JsonNode d = valid(dimm);
        assertThat(d.get("Links")
                        .get("MemoryRegionMediaSources")
                        .get(0)
                        .get("@odata.id")
                        .asText())
                .isEqualTo(REGION);
        JsonNode chunk =
                valid(POOL + "/MemoryDomains/Domain/MemoryChunks/" + dimm.substring(dimm.lastIndexOf('/') + 1));
        assertThat(chunk.get("Links")
                        .get("MemoryRegions")
                        .get(0)
                        .get("@odata.id")
                        .asText())
                .isEqualTo(REGION);
        assertThat(admin.delete("/redfish/v1/Systems/" + id).statusCode()).isEqualTo(204);
        assertThat(valid(REGION).get("ExtentsCount").asInt()).isEqualTo(extentsBefore);
        // the region is read-only: writes are 405 with Allow, and the pool stays as it was
        for (String method : java.util.List.of("PATCH", "POST", "DELETE", "PUT")) {
            var w = admin.send(method, REGION, method.equals("DELETE") ? null : "{\"RegionSizeMiB\":1}", true);
            assertThat(w.statusCode()).as(method).isEqualTo(405);
            assertThat(w.headers().firstValue("Allow")).as(method).contains("GET, HEAD");
        }
        assertThat(valid(REGION).get("RegionSizeMiB").asLong()).isEqualTo(524_288L);
        // a region that does not exist, and a logical device on a GPU pool's device
        assertThat(admin.get(LD + "/MemoryRegions/DC1").statusCode()).isEqualTo(404);
        assertThat(admin.get("/redfish/v1/Chassis/GpuPool-0-0/PCIeDevices/GPU-0-0/CXLLogicalDevices")
                        .statusCode())
                .isEqualTo(404);
    }
}
