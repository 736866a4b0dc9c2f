package dev.nearlight.manager;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the manager as a separate JVM, loads it with concurrent compose/decompose, kills it with SIGKILL in the middle
 * of the load, restarts on the same database and checks that every acknowledged change survived.
 */
class CrashRecoveryTest {
    @TempDir
    Path dir;

    @Test
    void killDashNineLosesNothingAcknowledged() throws Exception {
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
                        ManagerFixture.ADMIN_PW)
                .redirectErrorStream(true)
                .start();
        int port;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line;
            port = -1;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("listening on port ")) {
                    port = Integer.parseInt(
                            line.substring("listening on port ".length()).trim());
                    break;
                }
            }
            assertThat(port).as("child started").isPositive();
            Thread drain = new Thread(() -> {
                try {
                    while (out.readLine() != null) {
                        // discard
                    }
                } catch (java.io.IOException ignored) {
                    // child died
                }
            });
            drain.setDaemon(true);
            drain.start();

            Client c = new Client(port).login("admin", ManagerFixture.ADMIN_PW);
            Map<String, List<String>> acked = new ConcurrentHashMap<>();
            Set<String> deleted = ConcurrentHashMap.newKeySet();
            Set<String> deleting = ConcurrentHashMap.newKeySet();
            int threads = 32;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            SplittableRandom root = new SplittableRandom(9L);
            for (int t = 0; t < threads; t++) {
                SplittableRandom rnd = root.split();
                pool.submit(() -> {
                    List<String> mine = new ArrayList<>();
                    try {
                        while (true) {
                            if (!mine.isEmpty() && rnd.nextInt(3) == 0) {
                                String id = mine.remove(0);
                                deleting.add(id);
                                HttpResponse<String> r = c.delete("/redfish/v1/Systems/" + id);
                                if (r.statusCode() == 204) {
                                    acked.remove(id);
                                    deleted.add(id);
                                    deleting.remove(id);
                                }
                            } else {
                                HttpResponse<String> r =
                                        c.post("/redfish/v1/Systems", ConcurrencyTest.randomRequest(rnd));
                                if (r.statusCode() == 201) {
                                    JsonNode s = Client.json(r);
                                    List<String> blocks = new ArrayList<>();
                                    s.path("Links").path("ResourceBlocks").forEach(b -> {
                                        String u = b.get("@odata.id").asText();
                                        blocks.add(u.substring(u.lastIndexOf('/') + 1));
                                    });
                                    acked.put(s.get("Id").asText(), blocks);
                                    mine.add(s.get("Id").asText());
                                }
                            }
                        }
                    } catch (RuntimeException e) {
                        // the server was killed
                    }
                    return null;
                });
            }
            Thread.sleep(2_000);
            p.destroyForcibly(); // SIGKILL on Linux
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            assertThat(acked.size() + deleted.size())
                    .as("load ran before the kill")
                    .isGreaterThan(20);

            try (FabricManager m = ManagerFixture.start(url)) {
                Map<String, List<String>> db = m.store().databaseSnapshot();
                for (Map.Entry<String, List<String>> e : acked.entrySet()) {
                    if (!deleting.contains(e.getKey())) {
                        assertThat(db)
                                .as("acknowledged composition %s survived", e.getKey())
                                .containsKey(e.getKey());
                        assertThat(new HashSet<>(db.get(e.getKey()))).isEqualTo(new HashSet<>(e.getValue()));
                    }
                }
                for (String d : deleted) {
                    assertThat(db)
                            .as("acknowledged decomposition %s survived", d)
                            .doesNotContainKey(d);
                }
                Set<String> extra = new HashSet<>(db.keySet());
                extra.removeAll(acked.keySet());
                // at most one unacknowledged create per client was in flight when the server died
                assertThat(extra.size()).isLessThanOrEqualTo(threads);
                Set<String> used = new HashSet<>();
                db.values()
                        .forEach(bl ->
                                bl.forEach(b -> assertThat(used.add(b)).as(b).isTrue()));
                Client after = new Client(m.port()).login("admin", ManagerFixture.ADMIN_PW);
                int free = Client.json(after.get("/redfish/v1/CompositionService/FreePool"))
                        .get("Members@odata.count")
                        .asInt();
                assertThat(free + used.size()).isEqualTo(96);
                // and the service works normally after recovery
                assertThat(after.post("/redfish/v1/Systems", ConcurrencyTest.randomRequest(new SplittableRandom(1)))
                                .statusCode())
                        .isIn(201, 409);
            }
        } finally {
            p.destroyForcibly();
        }
    }
}
