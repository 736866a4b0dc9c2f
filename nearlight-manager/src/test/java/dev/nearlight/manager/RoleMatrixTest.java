package dev.nearlight.manager;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which role may do what: one row per route and method, expected status for anonymous, ReadOnly, Operator, Admin. */
class RoleMatrixTest {
    @TempDir
    static Path dir;

    static FabricManager m;
    static Map<String, Client> clients;

    @BeforeAll
    static void start() {
        m = ManagerFixture.start(ManagerFixture.h2(dir));
        Client admin = new Client(m.port()).login("admin", ManagerFixture.ADMIN_PW);
        admin.post(
                "/redfish/v1/AccountService/Accounts",
                "{\"UserName\":\"op\",\"Password\":\"operator-pw\",\"RoleId\":\"Operator\"}");
        admin.post(
                "/redfish/v1/AccountService/Accounts",
                "{\"UserName\":\"ro\",\"Password\":\"readonly-pw\",\"RoleId\":\"ReadOnly\"}");
        clients = Map.of(
                "anon",
                new Client(m.port()),
                "ReadOnly",
                new Client(m.port()).login("ro", "readonly-pw"),
                "Operator",
                new Client(m.port()).basic("op", "operator-pw"),
                "Administrator",
                admin);
    }

    @AfterAll
    static void stop() {
        m.close();
    }

    /**
     * One row.
     *
     * @param method HTTP method
     * @param uri URI
     * @param body request body or null
     * @param expected status for anon, ReadOnly, Operator, Administrator
     */
    record Row(String method, String uri, String body, int... expected) {}

    static String compose(int pod, int i) {
        return CompositionTest.specific("rm", "Host-" + pod + "-" + i, "GPU-" + pod + "-" + i);
    }

    @Test
    void everyRoleGetsExactlyItsPrivileges() {
        String fault =
                "/redfish/v1/Fabrics/PCIe/Switches/FabricSw-0-0/Ports/NvmePool-0-0/Actions/Oem/Nearlight.InjectFault";
        List<Row> rows = List.of(
                new Row("GET", "/redfish/v1/Systems", null, 401, 200, 200, 200),
                new Row("GET", "/redfish/v1/AccountService/Accounts", null, 401, 200, 200, 200),
                new Row(
                        "GET",
                        "/redfish/v1/Fabrics/CXL/Switches/FabricSw-0-0/Ports/MemPool-0-0",
                        null,
                        401,
                        200,
                        200,
                        200),
                new Row("GET", "/redfish/v1/EventService/Subscriptions", null, 401, 200, 200, 200),
                new Row("GET", "/redfish/v1/", null, 200, 200, 200, 200),
                new Row("POST", "/redfish/v1/Systems", "rack0", 401, 403, 201, 201),
                new Row(
                        "POST",
                        "/redfish/v1/CompositionService/Actions/CompositionService.Compose",
                        "{\"RequestType\":\"Preview\",\"Manifest\":{\"Stanzas\":[{\"Request\":{\"Processors\":{\"Members\":[{}]}}}]}}",
                        401,
                        403,
                        200,
                        200),
                new Row("POST", "/redfish/v1/Fabrics/PCIe/Zones", "{\"Links\":{\"Endpoints\":[]}}", 401, 403, 201, 201),
                new Row(
                        "POST",
                        "/redfish/v1/EventService/Subscriptions",
                        "{\"Destination\":\"http://127.0.0.1:9/x\",\"Protocol\":\"Redfish\"}",
                        401,
                        403,
                        201,
                        201),
                new Row(
                        "POST",
                        "/redfish/v1/AccountService/Accounts",
                        "{\"UserName\":\"u%s\",\"Password\":\"password-1\",\"RoleId\":\"ReadOnly\"}",
                        401,
                        403,
                        403,
                        201),
                new Row("PATCH", "/redfish/v1/SessionService", "{\"SessionTimeout\":600}", 401, 403, 403, 200),
                new Row("POST", fault, "{\"FaultType\":\"Clear\"}", 401, 403, 403, 204),
                new Row(
                        "POST",
                        "/redfish/v1/EventService/Actions/EventService.SubmitTestEvent",
                        "{}",
                        401,
                        403,
                        403,
                        204),
                // admin is already an Administrator: an administrator passes authorisation and gets NoOperation
                // (nothing changes, DSP0266); the others are refused before that
                new Row(
                        "PATCH",
                        "/redfish/v1/AccountService/Accounts/1",
                        "{\"RoleId\":\"Administrator\"}",
                        401,
                        403,
                        403,
                        400),
                new Row(
                        "PATCH",
                        "/redfish/v1/AccountService/Roles/ReadOnly",
                        "{\"AssignedPrivileges\":[]}",
                        401,
                        405,
                        405,
                        405),
                new Row("DELETE", "/redfish/v1/Systems/Host-0-0", null, 401, 403, 405, 405));
        String[] roles = {"anon", "ReadOnly", "Operator", "Administrator"};
        int n = 0;
        for (Row row : rows) {
            for (int i = 0; i < roles.length; i++) {
                n++;
                String body = row.body();
                if ("rack0".equals(body)) {
                    body = compose(0, i);
                } else if (body != null && body.contains("%s")) {
                    body = String.format(body, n);
                }
                int status = clients.get(roles[i])
                        .send(row.method(), row.uri(), body, true)
                        .statusCode();
                assertThat(status)
                        .as("%s %s as %s", row.method(), row.uri(), roles[i])
                        .isEqualTo(row.expected()[i]);
            }
        }
    }

    @Test
    void selfServiceAndAccountManagement() {
        Client admin = clients.get("Administrator");
        String self = admin.post(
                        "/redfish/v1/AccountService/Accounts",
                        "{\"UserName\":\"selfie\",\"Password\":\"selfie-pw-1\",\"RoleId\":\"ReadOnly\"}")
                .headers()
                .firstValue("Location")
                .orElseThrow();
        Client ro = new Client(m.port()).login("selfie", "selfie-pw-1");
        assertThat(Client.json(ro.get(self)).get("UserName").asText()).isEqualTo("selfie");
        // ReadOnly may change its own password (ConfigureSelf) but not its role, nor another account's password
        assertThat(ro.patch(self, "{\"RoleId\":\"Administrator\"}").statusCode())
                .isEqualTo(403);
        assertThat(ro.patch("/redfish/v1/AccountService/Accounts/2", "{\"Password\":\"new-password-2\"}")
                        .statusCode())
                .isEqualTo(403);
        assertThat(ro.patch(self, "{\"Password\":\"selfie-pw-2\"}").statusCode())
                .isEqualTo(200);
        // the password change ended the old session
        assertThat(ro.get("/redfish/v1/Systems").statusCode()).isEqualTo(401);
        assertThat(new Client(m.port())
                        .basic("selfie", "selfie-pw-2")
                        .get("/redfish/v1/Systems")
                        .statusCode())
                .isEqualTo(200);
        // Operator cannot delete accounts
        assertThat(clients.get("Operator").delete(self).statusCode()).isEqualTo(403);
        // a disabled account cannot log in
        assertThat(admin.patch(self, "{\"Enabled\":false}").statusCode()).isEqualTo(200);
        assertThat(new Client(m.port())
                        .basic("selfie", "selfie-pw-2")
                        .get("/redfish/v1/Systems")
                        .statusCode())
                .isEqualTo(401);
        assertThat(admin.delete(self).statusCode()).isEqualTo(204);
    }

    @Test
    void sessionsExpire() throws Exception {
        Client admin = clients.get("Administrator");
        assertThat(admin.patch("/redfish/v1/SessionService", "{\"SessionTimeout\":10}")
                        .statusCode())
                .isEqualTo(400);
        ManagerStore.Account a = m.store().accounts().get(0);
        ManagerStore.NewSession s = m.store().createSession(a);
        Client c = new Client(m.port());
        c.token = s.token();
        assertThat(c.get("/redfish/v1/Systems").statusCode()).isEqualTo(200);
        // age the session past the timeout (default 1800 s) without sleeping
        s.session().lastUsedMs().addAndGet(-1_801_000L);
        assertThat(c.get("/redfish/v1/Systems").statusCode()).isEqualTo(401);
        assertThat(m.store().sessions())
                .noneMatch(x -> x.id().equals(s.session().id()));
    }
}
