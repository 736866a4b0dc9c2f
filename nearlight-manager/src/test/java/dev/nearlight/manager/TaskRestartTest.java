package dev.nearlight.manager;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A manager process is killed (SIGKILL) while an asynchronous compose runs (a slow fabric driver: 3 s per binding);
 * after a restart on the same database the task is not "Running" forever: the compose is resumed (nothing of the
 * cut-off run was stored, and it is keyed by the system id the task recorded) and completes with exactly one system,
 * which the task monitor then returns. A failed constrained compose keeps its per-constraint reasons in the task.
 */
class TaskRestartTest {
    @TempDir
    Path dir;

    @Test
    void taskRunningAtAKillIsResumedAfterRestart() throws Exception {
        String url = ManagerFixture.h2(dir);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(
                        java,
                        "-Xmx256m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        FabricManager.class.getName(),
                        url,
                        "0",
                        ManagerFixture.ADMIN_PW,
                        "3000")
                .redirectErrorStream(true)
                .start();
        String task;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            int port = -1;
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("listening on port ")) {
                    port = Integer.parseInt(
                            line.substring("listening on port ".length()).trim());
                    break;
                }
            }
            assertThat(port).as("child started").isPositive();
            Client c = new Client(port).login("admin", ManagerFixture.ADMIN_PW);
            HttpResponse<String> r = c.send(
                    "POST",
                    "/redfish/v1/Systems",
                    CompositionTest.specific("cut-off", "Host-0-2", "GPU-0-2", "GPU-0-3"),
                    true,
                    "Prefer",
                    "respond-async");
            assertThat(r.statusCode()).isEqualTo(202);
            task = r.headers().firstValue("Location").orElseThrow();
            JsonNode running = Client.json(c.get(task));
            assertThat(running.get("TaskState").asText()).isEqualTo("Running");
            // the task monitor answers 202 while the task runs
            String monitor = running.get("TaskMonitor").asText();
            assertThat(c.get(monitor).statusCode()).isEqualTo(202);
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        try (FabricManager m = ManagerFixture.start(url)) {
            Client c = new Client(m.port()).login("admin", ManagerFixture.ADMIN_PW);
            JsonNode t = Client.json(c.get(task));
            for (int i = 0; i < 100 && t.get("TaskState").asText().equals("Running"); i++) {
                Thread.sleep(100);
                t = Client.json(c.get(task));
            }
            assertThat(t.get("TaskState").asText()).isEqualTo("Completed");
            assertThat(t.get("Messages").get(0).get("Message").asText()).contains(RedfishServer.RESUMED.trim());
            String target = t.get("Payload").get("TargetUri").asText();
            // the finished task's monitor returns the composed system (201 + Location)
            HttpResponse<String> mon = c.get(t.get("TaskMonitor").asText());
            assertThat(mon.statusCode()).isEqualTo(201);
            assertThat(mon.headers().firstValue("Location")).contains(target);
            // exactly one system, holding the blocks the killed run was binding
            assertThat(m.store().compositions()).hasSize(1);
            String sys = "System:" + target.substring(target.lastIndexOf('/') + 1);
            assertThat(m.store().ownerOf("GPU-0-2")).isEqualTo(sys);
            assertThat(m.store().ownerOf("GPU-0-3")).isEqualTo(sys);
            assertThat(m.store().ownerOf("Host-0-2")).isEqualTo(sys);

            // a constrained compose that cannot be satisfied fails its task with the per-constraint reasons
            HttpResponse<String> r = c.send(
                    "POST",
                    "/redfish/v1/Systems",
                    "{\"Name\":\"too-many\",\"Processors\":{\"Members\":[{\"@Redfish.RequestedCount\":17}]}}",
                    true,
                    "Prefer",
                    "respond-async");
            assertThat(r.statusCode()).isEqualTo(202);
            String failed = r.headers().firstValue("Location").orElseThrow();
            JsonNode f = Client.json(c.get(failed));
            for (int i = 0; i < 50 && f.get("TaskState").asText().equals("Running"); i++) {
                Thread.sleep(100);
                f = Client.json(c.get(failed));
            }
            assertThat(f.get("TaskState").asText()).isEqualTo("Exception");
            // 16 GPUs per pod: the elimination counts per constraint are kept, not just "no match"
            assertThat(f.get("Messages").get(0).get("Message").asText())
                    .contains("Of ")
                    .contains("17 requested");
        }
    }
}
