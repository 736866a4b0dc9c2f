package dev.nearlight.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Sunfish (OFMF) agent against a recorded exchange: a loopback HTTP server stands in for the Sunfish reference
 * server (github.com/OpenFabrics/sunfish_library_reference, whose Python server needs pip, not reachable here) and
 * answers as it does: 201 with the new AggregationSource's Id, 200 from {@code /EventListener}. The test asserts what the
 * agent sends, that Sunfish can read the service with the credentials it was given (and only read), that a failing
 * listener gets retries, and that a Sunfish server that hangs does not hold up the service's own clients.
 */
class SunfishAgentTest {
    @TempDir
    Path dir;

    /** A recorded request: method, path, body. */
    record Req(String method, String path, JsonNode body) {}

    /** A stand-in Sunfish server; {@code listenerFailures} first events get 503, each event waits {@code delayMs}. */
    static final class FakeSunfish implements AutoCloseable {
        final HttpServer server;
        final BlockingQueue<Req> got = new LinkedBlockingQueue<>();
        final AtomicInteger listenerFailures = new AtomicInteger();
        volatile int registrationStatus = 201;
        volatile long delayMs;

        FakeSunfish() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newFixedThreadPool(4));
            server.createContext("/", this::handle);
            server.start();
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        }

        private void handle(HttpExchange x) throws IOException {
            String text = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = x.getRequestURI().getPath();
            got.add(new Req(x.getRequestMethod(), path, text.isEmpty() ? null : Json.MAPPER.readTree(text)));
            int status;
            String body = "";
            if (path.equals("/redfish/v1/AggregationService/AggregationSources")) {
                status = registrationStatus;
                body = "{\"@odata.id\":\"/redfish/v1/AggregationService/AggregationSources/"
                        + "feb7bb58-83f2-4945-a798-7c0811a29955\",\"Id\":\"feb7bb58-83f2-4945-a798-7c0811a29955\"}";
            } else if (path.equals("/EventListener")) {
                try {
                    Thread.sleep(delayMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                status = listenerFailures.getAndDecrement() > 0 ? 503 : 200;
                body = "{}";
            } else {
                status = 404;
            }
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
            if (b.length > 0) {
                x.getResponseBody().write(b);
            }
            x.close();
        }

        Req next() throws InterruptedException {
            Req r = got.poll(10, TimeUnit.SECONDS);
            assertThat(r).as("request to Sunfish").isNotNull();
            return r;
        }

        @Override
        public void close() {
            server.stop(0);
            ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
        }
    }

    @Test
    void registersUploadsTheFabricsAndForwardsEventsWithItsContext() throws Exception {
        try (FakeSunfish sf = new FakeSunfish();
                FabricManager m = ManagerFixture.start(ManagerFixture.h2(dir))) {
            String self = "http://127.0.0.1:" + m.port();
            SunfishAgent a = new SunfishAgent(sf.url(), self, m.store(), m.events(), 100);
            a.register();
            assertThat(a.context()).isEqualTo("feb7bb58-83f2-4945-a798-7c0811a29955");

            Req reg = sf.next();
            assertThat(reg.method()).isEqualTo("POST");
            assertThat(reg.path()).isEqualTo("/redfish/v1/AggregationService/AggregationSources");
            assertThat(reg.body().get("HostName").asText()).isEqualTo(self);
            assertThat(reg.body().get("UserName").asText()).isEqualTo(SunfishAgent.ACCOUNT);
            String pw = reg.body().get("Password").asText();
            // Sunfish can read the service with these credentials, and only read
            Client sunfish = new Client(m.port()).basic(SunfishAgent.ACCOUNT, pw);
            assertThat(sunfish.get("/redfish/v1/Fabrics/CXL").statusCode()).isEqualTo(200);
            assertThat(sunfish.post("/redfish/v1/Fabrics/PCIe/Zones", "{\"Id\":\"z\",\"Name\":\"z\"}")
                            .statusCode())
                    .isEqualTo(403);

            // upload: one ResourceCreated per fabric, with the Context Sunfish assigned
            for (String fabric : List.of("/redfish/v1/Fabrics/PCIe", "/redfish/v1/Fabrics/CXL")) {
                Req up = sf.next();
                assertThat(up.path()).isEqualTo("/EventListener");
                assertThat(up.body().get("Context").asText()).isEqualTo(a.context());
                JsonNode ev = up.body().get("Events").get(0);
                assertThat(ev.get("MessageId").asText()).endsWith(".ResourceCreated");
                assertThat(ev.get("OriginOfCondition").get("@odata.id").asText())
                        .isEqualTo(fabric);
            }

            // a later change is forwarded; the listener fails twice first and gets it on the third attempt
            sf.listenerFailures.set(2);
            Client admin = new Client(m.port()).login("admin", ManagerFixture.ADMIN_PW);
            assertThat(admin.post("/redfish/v1/Fabrics/CXL/Zones", "{\"Id\":\"sf-zone\",\"Name\":\"a\"}")
                            .statusCode())
                    .isEqualTo(201);
            for (int attempt = 1; attempt <= SunfishAgent.ATTEMPTS; attempt++) {
                Req ev = sf.next();
                assertThat(ev.path()).as("attempt " + attempt).isEqualTo("/EventListener");
                assertThat(ev.body().get("Context").asText()).isEqualTo(a.context());
                assertThat(ev.body()
                                .get("Events")
                                .get(0)
                                .get("OriginOfCondition")
                                .get("@odata.id")
                                .asText())
                        .isEqualTo("/redfish/v1/Fabrics/CXL/Zones/sf-zone");
            }
            a.close();
        }
    }

    @Test
    void aHangingSunfishDoesNotHoldUpClientsAndARefusalIsReported() throws Exception {
        try (FakeSunfish sf = new FakeSunfish();
                FabricManager m = ManagerFixture.start(ManagerFixture.h2(dir))) {
            sf.delayMs = 4000;
            SunfishAgent a = new SunfishAgent(sf.url(), "http://127.0.0.1:" + m.port(), m.store(), m.events(), 100);
            a.register();
            Client admin = new Client(m.port()).login("admin", ManagerFixture.ADMIN_PW);
            // the listener holds every event 4 s; the service's own requests are answered meanwhile
            for (int i = 0; i < 3; i++) {
                long t0 = System.nanoTime();
                assertThat(admin.post("/redfish/v1/Fabrics/PCIe/Zones", "{\"Id\":\"h" + i + "\",\"Name\":\"h\"}")
                                .statusCode())
                        .isEqualTo(201);
                assertThat(admin.get("/redfish/v1/Systems").statusCode()).isEqualTo(200);
                assertThat((System.nanoTime() - t0) / 1e9)
                        .as("served while Sunfish hangs")
                        .isLessThan(2.0);
            }
            a.close();

            sf.registrationStatus = 500;
            SunfishAgent refused =
                    new SunfishAgent(sf.url(), "http://127.0.0.1:" + m.port(), m.store(), m.events(), 100);
            assertThatThrownBy(refused::register)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("HTTP 500");
            refused.close();
        }
    }
}
