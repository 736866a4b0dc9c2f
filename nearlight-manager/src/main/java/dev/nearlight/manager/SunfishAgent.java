package dev.nearlight.manager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins an OpenFabrics Management Framework (Sunfish) server as one of its fabric agents, so the composable fabric this
 * service manages appears in the OFMF's aggregated Redfish tree. The protocol follows the open reference
 * implementation (github.com/OpenFabrics/sunfish_library_reference: its fabric-manager agent {@code app_fabric_mgr.py}
 * and the Redfish event handler that receives it):
 *
 * <ol>
 *   <li>registration: POST an {@code AggregationSource} to {@code <sunfish>/redfish/v1/AggregationService/
 *       AggregationSources} naming this service ({@code HostName}) and the credentials Sunfish reads it with (a ReadOnly
 *       account {@value #ACCOUNT} whose password is renewed at every start); the Id Sunfish gives it is the agent's
 *       {@code Context};
 *   <li>upload: a {@code ResourceEvent ResourceCreated} event per fabric ({@code /redfish/v1/Fabrics/PCIe},
 *       {@code /CXL}) to Sunfish's event listener {@code <sunfish>/EventListener}, which then reads the resources;
 *   <li>every later event of this service goes to the same listener with that Context (Redfish EventDestination push;
 *       3 attempts, 5 s apart, like a subscription's defaults).
 * </ol>
 */
public final class SunfishAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SunfishAgent.class);

    /** The ReadOnly account Sunfish reads this service with. */
    static final String ACCOUNT = "sunfish";

    /** Delivery attempts per event and the pause between them. */
    static final int ATTEMPTS = 3;

    static final long RETRY_INTERVAL_MS = 5000;

    private final URI sunfish;
    private final String agentUri;
    private final ManagerStore store;
    private final EventDispatcher events;
    private final long retryIntervalMs;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService exec = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "nearlight-sunfish");
        t.setDaemon(true);
        return t;
    });
    private volatile String context;

    /**
     * An agent (not yet registered).
     *
     * @param sunfish the Sunfish server's base URL, e.g. {@code http://127.0.0.1:5000}
     * @param agentUri this service's base URL as Sunfish reaches it, e.g. {@code https://fm.example:8443}
     * @param store the store (for the account Sunfish uses)
     * @param events the event dispatcher whose events are forwarded
     * @param retryIntervalMs pause between delivery attempts
     */
    SunfishAgent(URI sunfish, String agentUri, ManagerStore store, EventDispatcher events, long retryIntervalMs) {
        String s = sunfish.toString();
        this.sunfish = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        this.agentUri = agentUri;
        this.store = store;
        this.events = events;
        this.retryIntervalMs = retryIntervalMs;
    }

    /** The Context Sunfish assigned (its AggregationSource Id), or null before registration. */
    public String context() {
        return context;
    }

    /**
     * Registers with Sunfish, uploads the fabrics and starts forwarding events. A refused registration is an
     * IllegalStateException naming the status and the URL (the service then runs without the agent).
     */
    public void register() {
        String password = renewAccount();
        ObjectNode source = Json.o(
                "@odata.type", "#AggregationSource.v1_4_0.AggregationSource",
                "Name", "Nearlight fabric manager",
                "HostName", agentUri,
                "UserName", ACCOUNT,
                "Password", password);
        HttpResponse<String> r = send("POST", "/redfish/v1/AggregationService/AggregationSources", source.toString());
        if (r == null || r.statusCode() / 100 != 2) {
            throw new IllegalStateException("Sunfish " + sunfish + " refused the AggregationSource: "
                    + (r == null ? "unreachable" : "HTTP " + r.statusCode()));
        }
        String id = null;
        try {
            JsonNode b = Json.MAPPER.readTree(r.body());
            id = b.path("Id").asText(null);
            if (id == null && b.hasNonNull("@odata.id")) {
                String u = b.get("@odata.id").asText();
                id = u.substring(u.lastIndexOf('/') + 1);
            }
        } catch (IOException e) {
            // no JSON body: fall back to the Location header
        }
        if (id == null) {
            String loc = r.headers().firstValue("Location").orElse("");
            id = loc.isEmpty() ? null : loc.substring(loc.lastIndexOf('/') + 1);
        }
        if (id == null || id.isBlank()) {
            throw new IllegalStateException("Sunfish " + sunfish + " answered the AggregationSource without an Id");
        }
        context = id;
        LOG.info("registered with Sunfish {} as aggregation source {}", sunfish, id);
        for (String fabric : List.of("/redfish/v1/Fabrics/PCIe", "/redfish/v1/Fabrics/CXL")) {
            forward(List.of(new ManagerStore.Change(Messages.of("ResourceCreated"), fabric)));
        }
        events.forwardTo(this::forward);
    }

    /** Creates the ReadOnly account Sunfish uses, or renews its password; returns the password. */
    private String renewAccount() {
        byte[] raw = new byte[24];
        new SecureRandom().nextBytes(raw);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        store.accounts().stream()
                .filter(a -> a.userName().equals(ACCOUNT))
                .findFirst()
                .ifPresentOrElse(
                        a -> store.patchAccount(a.id(), null, password, null, null),
                        () -> store.createAccount(ACCOUNT, password, "ReadOnly"));
        return password;
    }

    /** Sends committed changes to Sunfish's event listener as one Redfish Event carrying the agent's Context. */
    void forward(List<ManagerStore.Change> changes) {
        if (exec.isShutdown()) {
            return;
        }
        String body = events.event(changes, context).toString();
        try {
            exec.execute(() -> deliver(body, 1));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed meanwhile: the service is stopping
        }
    }

    private void deliver(String body, int attempt) {
        HttpResponse<String> r = send("POST", "/EventListener", body);
        if (r != null && r.statusCode() / 100 == 2) {
            return;
        }
        if (attempt < ATTEMPTS) {
            try {
                exec.schedule(() -> deliver(body, attempt + 1), retryIntervalMs, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closed meanwhile
            }
        } else {
            LOG.warn("event to Sunfish {} dropped after {} attempts", sunfish, attempt);
        }
    }

    private HttpResponse<String> send(String method, String path, String body) {
        try {
            return http.send(
                    HttpRequest.newBuilder(URI.create(sunfish + path))
                            .timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "application/json")
                            .header("OData-Version", "4.0")
                            .method(method, HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            LOG.warn("Sunfish {} {}: {}", method, sunfish + path, e.toString());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public void close() {
        exec.shutdownNow();
    }
}
