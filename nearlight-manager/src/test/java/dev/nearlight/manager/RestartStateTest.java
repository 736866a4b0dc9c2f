package dev.nearlight.manager;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * State that must survive a restart on the same database (issue #19): account lockout counters, the SSE replay buffer
 * behind {@code Last-Event-ID}, and asynchronous composes cut off by a stop, which are completed (their system had
 * committed), resumed (compose is all or nothing and keyed by the system id the task recorded) or failed with the
 * refusal's per-constraint reasons.
 */
class RestartStateTest {
    @TempDir
    Path dir;

    @Test
    void lockoutSurvivesARestart() {
        String url = ManagerFixture.h2(dir);
        String dave;
        try (FabricManager m = ManagerFixture.start(url)) {
            Client admin = new Client(m.port()).login("admin", ManagerFixture.ADMIN_PW);
            dave = admin.post(
                            "/redfish/v1/AccountService/Accounts",
                            "{\"UserName\":\"dave\",\"Password\":\"dave-pw-2026\"}")
                    .headers()
                    .firstValue("Location")
                    .orElseThrow();
            for (int i = 0; i < AccountPolicy.LOCKOUT_THRESHOLD; i++) {
                assertThat(login(m.port(), "dave", "wrong-" + i)).isEqualTo(401);
            }
            // one failure short of the threshold for erin: counted, not locked
            admin.post("/redfish/v1/AccountService/Accounts", "{\"UserName\":\"erin\",\"Password\":\"erin-pw-2026\"}");
            for (int i = 0; i < AccountPolicy.LOCKOUT_THRESHOLD - 1; i++) {
                assertThat(login(m.port(), "erin", "wrong-" + i)).isEqualTo(401);
            }
        }
        try (FabricManager m = ManagerFixture.start(url)) {
            Client admin = new Client(m.port()).login("admin", ManagerFixture.ADMIN_PW);
            // still locked after the restart: the right password is refused and the account shows Locked
            assertThat(login(m.port(), "dave", "dave-pw-2026")).isEqualTo(401);
            assertThat(Client.json(admin.get(dave)).get("Locked").asBoolean()).isTrue();
            // erin's 4 counted failures are kept too: one more locks her
            assertThat(login(m.port(), "erin", "wrong-again")).isEqualTo(401);
            assertThat(login(m.port(), "erin", "erin-pw-2026")).isEqualTo(401);
            // an administrator's unlock is persisted as well
            assertThat(admin.patch(dave, "{\"Locked\":false}").statusCode()).isEqualTo(200);
        }
        try (FabricManager m = ManagerFixture.start(url)) {
            assertThat(login(m.port(), "dave", "dave-pw-2026")).isEqualTo(201);
        }
    }

    @Test
    void lastEventIdReplaysEventsSentBeforeARestart() throws Exception {
        String url = ManagerFixture.h2(dir);
        try (FabricManager m = ManagerFixture.start(url)) {
            Client admin = new Client(m.port()).login("admin", ManagerFixture.ADMIN_PW);
            assertThat(admin.post("/redfish/v1/Fabrics/PCIe/Zones", "{\"Id\":\"before-restart\",\"Name\":\"a\"}")
                            .statusCode())
                    .isEqualTo(201);
        }
        try (FabricManager m = ManagerFixture.start(url)) {
            Client admin = new Client(m.port()).login("admin", ManagerFixture.ADMIN_PW);
            String replayed = sse(
                    m.port(),
                    admin.token,
                    "0",
                    () -> admin.post("/redfish/v1/Fabrics/PCIe/Zones", "{\"Id\":\"after-restart\",\"Name\":\"b\"}"));
            assertThat(replayed).contains("/Zones/before-restart").contains("/Zones/after-restart");
            List<Long> ids = ids(replayed);
            // ids keep increasing across the restart, so Last-Event-ID stays meaningful
            assertThat(ids).hasSizeGreaterThanOrEqualTo(2).isSorted();
            assertThat(ids).doesNotHaveDuplicates();
            // reconnecting after the first id replays only what followed it
            String after = sse(m.port(), admin.token, Long.toString(ids.get(0)), () -> null);
            assertThat(ids(after)).isEqualTo(ids.subList(1, ids.size()));
        }
    }

    @Test
    void interruptedComposesAreCompletedResumedOrFailedWithReasons() throws Exception {
        String url = ManagerFixture.h2(dir);
        String start = Times.now();
        ManagerStore.Task committed =
                new ManagerStore.Task("t-committed", "Running", "OK", "Composing a", null, start, null);
        ManagerStore.Task cutOff =
                new ManagerStore.Task("t-cut-off", "Running", "OK", "Composing b", null, start, null);
        ManagerStore.Task hopeless =
                new ManagerStore.Task("t-hopeless", "Running", "OK", "Composing c", null, start, null);
        ManagerStore.Task legacy = new ManagerStore.Task("t-legacy", "Running", "OK", "Composing d", null, start, null);
        try (FabricManager m = ManagerFixture.start(url)) {
            ManagerStore s = m.store();
            // a: its system committed, the process stopped before the task was updated
            s.putTask(committed, "sys-a", CompositionTest.specific("a", "Host-0-1", "GPU-0-1"));
            s.composeAs("sys-a", "a", List.of("Host-0-1", "GPU-0-1"), null);
            // b: stopped before anything committed (a cut-off compose leaves nothing stored)
            s.putTask(cutOff, "sys-b", CompositionTest.specific("b", "Host-0-4", "GPU-0-5", "GPU-0-6"));
            // c: constrained, and no host can reach 17 GPUs
            s.putTask(
                    hopeless,
                    "sys-c",
                    "{\"Name\":\"c\",\"Processors\":{\"Members\":[{\"@Redfish.RequestedCount\":17}]}}");
            // d: a task of an earlier release, without its request
            s.putTask(legacy);
        }
        try (FabricManager m = ManagerFixture.start(url)) {
            Client c = new Client(m.port()).login("admin", ManagerFixture.ADMIN_PW);
            JsonNode a = settled(c, "t-committed");
            assertThat(a.get("TaskState").asText()).isEqualTo("Completed");
            assertThat(a.get("Payload").get("TargetUri").asText()).isEqualTo("/redfish/v1/Systems/sys-a");
            assertThat(message(a)).contains(ManagerStore.COMMITTED);

            JsonNode b = settled(c, "t-cut-off");
            assertThat(b.get("TaskState").asText()).isEqualTo("Completed");
            assertThat(b.get("Payload").get("TargetUri").asText()).isEqualTo("/redfish/v1/Systems/sys-b");
            assertThat(message(b)).contains("resumed");
            assertThat(m.store().ownerOf("GPU-0-6")).isEqualTo("System:sys-b");

            JsonNode hc = settled(c, "t-hopeless");
            assertThat(hc.get("TaskState").asText()).isEqualTo("Exception");
            // 16 GPUs per pod: the per-constraint elimination counts, not just "no match"
            assertThat(message(hc)).contains("Of ").contains("17 requested").contains("resumed");

            JsonNode d = settled(c, "t-legacy");
            assertThat(d.get("TaskState").asText()).isEqualTo("Exception");
            assertThat(message(d)).contains("stopped while this task was running");

            // exactly the two systems, each once
            assertThat(m.store().compositions())
                    .extracting(ManagerStore.Composition::id)
                    .containsExactlyInAnyOrder("sys-a", "sys-b");
        }
        // a second restart changes nothing (no task is resumed twice)
        try (FabricManager m = ManagerFixture.start(url)) {
            assertThat(m.store().compositions()).hasSize(2);
            assertThat(m.store().takeResumable()).isEmpty();
        }
    }

    private static int login(int port, String user, String pw) {
        return new Client(port)
                .send(
                        "POST",
                        "/redfish/v1/SessionService/Sessions",
                        "{\"UserName\":\"" + user + "\",\"Password\":\"" + pw + "\"}",
                        false)
                .statusCode();
    }

    private static JsonNode settled(Client c, String task) throws InterruptedException {
        JsonNode t = Client.json(c.get("/redfish/v1/TaskService/Tasks/" + task));
        for (int i = 0; i < 100 && t.get("TaskState").asText().equals("Running"); i++) {
            Thread.sleep(100);
            t = Client.json(c.get("/redfish/v1/TaskService/Tasks/" + task));
        }
        return t;
    }

    private static String message(JsonNode task) {
        return task.get("Messages").get(0).get("Message").asText();
    }

    private static List<Long> ids(String stream) {
        List<Long> l = new ArrayList<>();
        Matcher mm = Pattern.compile("(?m)^id: ?([0-9]+)$").matcher(stream);
        while (mm.find()) {
            l.add(Long.parseLong(mm.group(1)));
        }
        return l;
    }

    /** Opens an SSE stream with a Last-Event-ID, runs a change while it is open, returns what arrived in 1.5 s. */
    private static String sse(int port, String token, String lastId, java.util.function.Supplier<?> change)
            throws Exception {
        try (Socket s = RawHttp.open("127.0.0.1", port)) {
            s.getOutputStream()
                    .write(RawHttp.head(
                                    "GET",
                                    "/redfish/v1/EventService/SSE",
                                    "X-Auth-Token",
                                    token,
                                    "Accept",
                                    "text/event-stream",
                                    "Last-Event-ID",
                                    lastId)
                            .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            Thread.sleep(300);
            change.get();
            StringBuilder b = new StringBuilder();
            long end = System.nanoTime() + 1_500_000_000L;
            byte[] buf = new byte[8192];
            while (System.nanoTime() < end) {
                if (in.available() > 0) {
                    int n = in.read(buf);
                    if (n < 0) {
                        break;
                    }
                    b.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                } else {
                    Thread.sleep(50);
                }
            }
            return b.toString();
        }
    }
}
