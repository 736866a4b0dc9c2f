package dev.nearlight.studio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nearlight.manager.ManagerStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Base64;

/** A studio on an ephemeral loopback port over an H2 file in a temporary directory, and a small HTTP client. */
final class StudioFixture implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    /** A small scenario (256 GPUs, two alternatives, 4 uncertainty samples) that evaluates in a few seconds. */
    static final String SMALL = """
            name: studio test
            cluster:
              gpu: h100
              gpus: 256
              gpusPerNode: 8
              fabric: {topology: rail-fat-tree, rate: 400G, tiers: 2}
            workloads:
              - {model: llama3-8b, tp: 8, gbs: 256, seq: 4096, tokens: 1T}
            alternatives:
              - name: pluggable
                optics: {nodeLeaf: pluggable, leafSpine: pluggable}
              - name: npo
                optics: {nodeLeaf: npo, leafSpine: npo}
            economics: {electricityUsdPerKwh: 0.1, pue: 1.2}
            sensitivity: {metric: tcoUsd, parameters: [electricityPrice, laserFit], samples: 4}
            """;

    final Path dir;
    final String url;
    final boolean accounts;
    final String adminPassword;
    Studio studio;
    String auth;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    StudioFixture(Path dir, boolean accounts, String adminPassword) {
        this.dir = dir;
        this.url = ManagerStore.h2Url(dir.resolve("studio").toString());
        this.accounts = accounts;
        this.adminPassword = adminPassword;
        start();
    }

    static Path root() {
        return Paths.get(System.getProperty("nearlight.root.dir", "..")).toAbsolutePath();
    }

    void start() {
        start(0);
    }

    void start(int port) {
        studio = Studio.start(new Studio.Config(
                url,
                "127.0.0.1",
                port,
                accounts,
                null,
                "",
                root().resolve("examples"),
                dir.resolve("work"),
                2,
                adminPassword));
    }

    /** Stops the server and starts a new one over the same database, on the same port. */
    void restart() {
        int port = studio.port();
        studio.close();
        start(port);
    }

    String base() {
        return "http://127.0.0.1:" + studio.port();
    }

    void login(String user, String password) {
        auth = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes());
    }

    /** A response: status, body text and the body as JSON (null when it is not JSON). */
    record Res(int status, String body, JsonNode json, HttpResponse<String> raw) {}

    Res send(String method, String path, String body) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(60));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode j = null;
            try {
                j = r.body().isEmpty() ? null : JSON.readTree(r.body());
            } catch (IOException e) {
                j = null;
            }
            return new Res(r.statusCode(), r.body(), j, r);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Res get(String path) {
        return send("GET", path, null);
    }

    Res post(String path, Object body) {
        try {
            return send("POST", path, body instanceof String s ? s : JSON.writeValueAsString(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts a comparison of {@code yaml} and returns its id. */
    String startRun(String yaml) {
        Res r = post("/api/runs", java.util.Map.of("kind", "compare", "yaml", yaml));
        if (r.status() != 202) {
            throw new AssertionError("start: " + r.status() + " " + r.body());
        }
        return r.json().get("id").asText();
    }

    /** Polls until the run is finished (at most 120 s); returns its final state. */
    JsonNode await(String id) {
        long end = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < end) {
            JsonNode r = get("/api/runs/" + id).json();
            String s = r.get("state").asText();
            if (!s.equals("queued") && !s.equals("running")) {
                return r;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("run " + id + " did not finish in 120 s");
    }

    @Override
    public void close() {
        studio.close();
    }
}
