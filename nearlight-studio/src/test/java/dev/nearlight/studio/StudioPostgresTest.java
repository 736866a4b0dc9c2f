package dev.nearlight.studio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The studio's migration and run history on a real PostgreSQL server (the URL a user gives with {@code --db}): a run
 * and a named catalogue written by one store are read back by the next, and a run left running is marked interrupted.
 * Runs when NEARLIGHT_TEST_PG_URL is set (.ci/postgres.sh does that in CI) in a fresh schema dropped afterwards.
 */
class StudioPostgresTest {
    @Test
    void historyAndCataloguesSurviveAReopenOnPostgres() throws Exception {
        String base = System.getenv("NEARLIGHT_TEST_PG_URL");
        assumeTrue(base != null && !base.isBlank(), "NEARLIGHT_TEST_PG_URL not set");
        String schema = "nls_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(base);
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        try {
            StudioStore first = new StudioStore(url);
            first.create("a", "compare", "done run", null, "admin", "name: a");
            first.progress("a", 3, 4);
            first.succeed("a", "{\"x\":1}", "alternative,metric\n", "<html></html>", null);
            first.create("b", "compare", "cut off", null, "admin", "name: b");
            first.progress("b", 1, 4);
            first.saveCatalogue("mine", "technologies: []\n");

            StudioStore second = new StudioStore(url);
            assertThat(second.runs()).extracting(StudioStore.Run::id).containsExactlyInAnyOrder("a", "b");
            assertThat(second.run("a").orElseThrow().state()).isEqualTo("done");
            assertThat(second.text("a", "results_json")).contains("{\"x\":1}");
            assertThat(second.run("b").orElseThrow().state()).isEqualTo("interrupted");
            assertThat(second.catalogue("mine").orElseThrow().yaml()).isEqualTo("technologies: []\n");
        } finally {
            try (Connection c = DriverManager.getConnection(base);
                    Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }
}
