package dev.nearlight.studio;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With accounts (as when bound beyond loopback) the studio asks for the fabric manager's accounts: the bootstrap
 * administrator from the same migrations and password policy, HTTP Basic, 401 with a challenge otherwise.
 */
class StudioAccountsTest {
    @Test
    void everyRequestNeedsAFabricManagerAccount(@TempDir Path dir) {
        try (StudioFixture s = new StudioFixture(dir, true, "Studio-Admin-7319")) {
            StudioFixture.Res anon = s.get("/api/runs");
            assertThat(anon.status()).isEqualTo(401);
            assertThat(anon.raw().headers().firstValue("WWW-Authenticate").orElse(""))
                    .startsWith("Basic");
            assertThat(anon.json().get("error").get("message").asText()).contains("fabric manager account");
            assertThat(s.get("/").status()).isEqualTo(401);

            s.login("admin", "wrong-password-1");
            assertThat(s.get("/api/runs").status()).isEqualTo(401);
            s.login("nobody", "Studio-Admin-7319");
            assertThat(s.get("/api/runs").status()).isEqualTo(401);

            s.login("admin", "Studio-Admin-7319");
            assertThat(s.get("/api/runs").status()).isEqualTo(200);
            assertThat(s.get("/api/whoami").json())
                    .isEqualTo(StudioFixture.JSON.valueToTree(
                            Map.of("user", "admin", "mode", "accounts", "role", "Administrator")));
            StudioFixture.Res ok = s.post("/api/scenario/validate", Map.of("yaml", StudioFixture.SMALL));
            assertThat(ok.status()).isEqualTo(200);
        }
    }

    @Test
    void readOnlyMayLookButNotChangeAndOperatorMayRun(@TempDir Path dir) {
        try (StudioFixture s = new StudioFixture(dir, true, "Studio-Admin-7319")) {
            // accounts are the fabric manager's: add them through its store on the same database, then restart
            s.studio.close();
            dev.nearlight.manager.Inventory inv = dev.nearlight.manager.Inventory.demo();
            try (dev.nearlight.manager.ManagerStore ms = new dev.nearlight.manager.ManagerStore(
                    s.url, inv, new dev.nearlight.manager.DigitalTwinDriver(java.time.Duration.ZERO, inv))) {
                ms.createAccount("viewer", "Viewer-Pass-5821", "ReadOnly");
                ms.createAccount("runner", "Runner-Pass-9047", "Operator");
            }
            s.start();
            s.login("viewer", "Viewer-Pass-5821");
            assertThat(s.get("/api/runs").status()).isEqualTo(200);
            assertThat(s.get("/api/whoami").json().get("role").asText()).isEqualTo("ReadOnly");
            StudioFixture.Res refused = s.post("/api/runs", Map.of("kind", "compare", "yaml", StudioFixture.SMALL));
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.json().get("error").get("message").asText()).contains("ReadOnly");
            assertThat(s.get("/api/runs").json()).isEmpty();

            s.login("runner", "Runner-Pass-9047");
            assertThat(s.get("/api/whoami").json().get("role").asText()).isEqualTo("Operator");
            StudioFixture.Res validated = s.post("/api/scenario/validate", Map.of("yaml", StudioFixture.SMALL));
            assertThat(validated.status()).isEqualTo(200);
        }
    }

    @Test
    void aWeakBootstrapPasswordIsRefusedByTheManagersPolicy(@TempDir Path dir) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new StudioFixture(dir, true, "password"))
                .hasMessageContaining("assword");
    }
}
