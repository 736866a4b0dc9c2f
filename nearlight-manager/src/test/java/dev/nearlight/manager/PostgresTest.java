package dev.nearlight.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The same migrations, transactions and invariants on a real PostgreSQL server. Runs when NEARLIGHT_TEST_PG_URL is set
 * (.ci/postgres.sh does that in CI); each run uses a fresh schema that is dropped afterwards.
 */
class PostgresTest {
    @Test
    void composeLoadRestartOnPostgres() throws Exception {
        String base = System.getenv("NEARLIGHT_TEST_PG_URL");
        assumeTrue(base != null && !base.isBlank(), "NEARLIGHT_TEST_PG_URL not set");
        String schema = "nl_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(base);
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        try {
            Map<String, List<String>> live;
            try (FabricManager m = ManagerFixture.start(url)) {
                Client admin = new Client(m.port()).login("admin", ManagerFixture.ADMIN_PW);
                assertThat(admin.post("/redfish/v1/Systems", CompositionTest.specific("pg", "Host-0-0", "GPU-0-0"))
                                .statusCode())
                        .isEqualTo(201);
                // the block is taken: the database refuses a second owner too
                assertThat(admin.post("/redfish/v1/Systems", CompositionTest.specific("pg2", "Host-0-1", "GPU-0-0"))
                                .statusCode())
                        .isEqualTo(409);
                live = ConcurrencyTest.load(m.port(), 32, 2_000, 15L);
                live.putAll(m.store().databaseSnapshot().entrySet().stream()
                        .filter(e -> e.getValue().contains("GPU-0-0"))
                        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
                ConcurrencyTest.checkInvariants(admin, m.store(), live);
            }
            try (FabricManager m = ManagerFixture.start(url)) {
                Client admin = new Client(m.port()).login("admin", ManagerFixture.ADMIN_PW);
                ConcurrencyTest.checkInvariants(admin, m.store(), live);
            }
            try (Connection c = DriverManager.getConnection(url);
                    Statement s = c.createStatement()) {
                // the primary key on block_id is what makes a second owner impossible
                s.execute(
                        "INSERT INTO block_assignment (block_id, owner_kind, owner_id) VALUES ('NVMe-0-0', 'System', 'a')");
                org.assertj.core.api.Assertions.assertThatThrownBy(
                                () -> s.execute(
                                        "INSERT INTO block_assignment (block_id, owner_kind, owner_id) VALUES ('NVMe-0-0', 'Connection', 'b')"))
                        .isInstanceOf(java.sql.SQLException.class);
            }
        } finally {
            try (Connection c = DriverManager.getConnection(base);
                    Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }
}
