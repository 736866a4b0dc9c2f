package dev.nearlight.manager;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.sse.SseClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers committed changes as Redfish events: HTTP POST to every persisted subscription (with the subscription's
 * retry attempts and interval) and to every Server-Sent-Events client. Delivery is asynchronous so that a slow
 * listener never delays a composition.
 */
public final class EventDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventDispatcher.class);
    private final ManagerStore store;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final ScheduledExecutorService exec = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "nearlight-events");
        t.setDaemon(true);
        return t;
    });
    private final List<SseClient> sse = new CopyOnWriteArrayList<>();
    private final AtomicLong seq = new AtomicLong(System.currentTimeMillis());
    private final AtomicLong delivered = new AtomicLong();

    /** Creates the dispatcher and registers it as the store's change listener. */
    public EventDispatcher(ManagerStore store) {
        this.store = store;
        store.onChange(this::publish);
    }

    /** Number of successful HTTP deliveries so far (for tests and diagnostics). */
    public long delivered() {
        return delivered.get();
    }

    /** Adds a Server-Sent-Events client until it disconnects. */
    public void addSse(SseClient client) {
        sse.add(client);
        client.onClose(() -> sse.remove(client));
        client.keepAlive();
    }

    ObjectNode event(List<ManagerStore.Change> changes, String context) {
        long id = seq.incrementAndGet();
        ArrayNode records = Json.MAPPER.createArrayNode();
        String now = Times.now();
        int i = 0;
        for (ManagerStore.Change c : changes) {
            ObjectNode r = Json.o(
                    "MemberId", Integer.toString(i++),
                    "EventType", "Other",
                    "EventId", id + "." + i,
                    "EventTimestamp", now,
                    "MessageId", c.info().messageId(),
                    "Message", c.info().message(),
                    "MessageSeverity", c.info().severity());
            r.set("MessageArgs", Json.arr(c.info().args().toArray()));
            r.set("OriginOfCondition", Json.ref(c.originUri()));
            records.add(r);
        }
        ObjectNode e = Json.o(
                "@odata.type", "#Event.v1_13_0.Event",
                "Id", Long.toString(id),
                "Name", "Nearlight fabric manager event");
        if (context != null) {
            e.put("Context", context);
        }
        e.set("Events", records);
        return e;
    }

    /** Publishes committed changes to subscribers and SSE clients. */
    public void publish(List<ManagerStore.Change> changes) {
        if (!sse.isEmpty()) {
            String payload = event(changes, null).toString();
            exec.execute(() -> {
                for (SseClient c : sse) {
                    if (!c.terminated()) {
                        c.sendEvent("message", payload, null);
                    }
                }
            });
        }
        for (ManagerStore.Subscription s : store.subscriptions()) {
            String body = event(changes, s.context()).toString();
            exec.execute(() -> deliver(s, body, 0));
        }
    }

    private void deliver(ManagerStore.Subscription s, String body, int attempt) {
        if (store.subscription(s.id()).isEmpty()) {
            return;
        }
        boolean ok;
        try {
            HttpResponse<Void> r = http.send(
                    HttpRequest.newBuilder(URI.create(s.destination()))
                            .timeout(Duration.ofSeconds(5))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            ok = r.statusCode() / 100 == 2;
        } catch (java.io.IOException e) {
            ok = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (IllegalArgumentException e) {
            LOG.warn("subscription {} has an unusable destination {}", s.id(), s.destination());
            return;
        }
        if (ok) {
            delivered.incrementAndGet();
        } else if (attempt < s.retryAttempts()) {
            exec.schedule(() -> deliver(s, body, attempt + 1), s.retryIntervalS(), TimeUnit.SECONDS);
        } else {
            LOG.warn("event to {} dropped after {} attempts", s.destination(), attempt + 1);
        }
    }

    @Override
    public void close() {
        exec.shutdownNow();
        sse.forEach(SseClient::close);
    }
}
