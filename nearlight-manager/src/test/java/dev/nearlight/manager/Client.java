package dev.nearlight.manager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** Minimal Redfish test client over java.net.http on loopback. */
final class Client {
    static final ObjectMapper M = new ObjectMapper();
    final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    final String base;
    String token;
    String basic;

    Client(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    Client basic(String user, String pw) {
        this.basic = "Basic " + Base64.getEncoder().encodeToString((user + ":" + pw).getBytes(StandardCharsets.UTF_8));
        this.token = null;
        return this;
    }

    Client login(String user, String pw) {
        HttpResponse<String> r = send(
                "POST",
                "/redfish/v1/SessionService/Sessions",
                "{\"UserName\":\"" + user + "\",\"Password\":\"" + pw + "\"}",
                false);
        if (r.statusCode() != 201) {
            throw new IllegalStateException("login failed " + r.statusCode() + " " + r.body());
        }
        this.token = r.headers().firstValue("X-Auth-Token").orElseThrow();
        this.basic = null;
        return this;
    }

    HttpResponse<String> send(String method, String path, String body, boolean auth, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (auth && token != null) {
            b.header("X-Auth-Token", token);
        }
        if (auth && basic != null) {
            b.header("Authorization", basic);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String path) {
        return send("GET", path, null, true);
    }

    HttpResponse<String> post(String path, String body) {
        return send("POST", path, body, true);
    }

    HttpResponse<String> patch(String path, String body, String... headers) {
        return send("PATCH", path, body, true, headers);
    }

    HttpResponse<String> delete(String path) {
        return send("DELETE", path, null, true);
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return M.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(r.body(), e);
        }
    }
}
