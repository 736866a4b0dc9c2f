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
import java.util.Map;
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
    /** Request attribute naming the session an SSE stream was opened with (the stream ends with the session). */
    static final String SESSION_ATTRIBUTE = "nearlight.session";
    /** Events kept for Last-Event-ID replay. */
    static final int REPLAY = 1000;

    private record Sent(long id, String payload) {}

    private final List<SseClient> sse = new CopyOnWriteArrayList<>();
    private final java.util.Map<SseClient, String> sseSession = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.ArrayDeque<Sent> recent = new java.util.ArrayDeque<>();
    private final AtomicLong seq = new AtomicLong(System.currentTimeMillis());
    private final AtomicLong delivered = new AtomicLong();
    private final List<java.util.function.Consumer<List<ManagerStore.Change>>> forwarders =
            new CopyOnWriteArrayList<>();

    /** Creates the dispatcher and registers it as the store's change listener. */
    public EventDispatcher(ManagerStore store) {
        this.store = store;
        // the replay buffer survives restarts: reload the kept events and continue after the last id
        for (Map.Entry<Long, String> e : store.loggedEvents(REPLAY)) {
            recent.addLast(new Sent(e.getKey(), e.getValue()));
        }
        if (!recent.isEmpty()) {
            seq.accumulateAndGet(recent.peekLast().id(), Math::max);
        }
        store.onChange(this::publish);
        exec.scheduleWithFixedDelay(this::closeEndedStreams, 250, 250, TimeUnit.MILLISECONDS);
    }

    /** Closes every SSE stream whose session was deleted, expired or whose account lost it. */
    private void closeEndedStreams() {
        sseSession.forEach((client, session) -> {
            if (store.sessionById(session).isEmpty()) {
                sseSession.remove(client);
                sse.remove(client);
                client.close();
            }
        });
    }

    /** Also hands every published change set to {@code f} (the Sunfish agent's event forwarding). */
    void forwardTo(java.util.function.Consumer<List<ManagerStore.Change>> f) {
        forwarders.add(f);
    }

    /** Number of successful HTTP deliveries so far (for tests and diagnostics). */
    public long delivered() {
        return delivered.get();
    }

    /**
     * Adds a Server-Sent-Events client until it disconnects or its session ends; with a {@code Last-Event-ID} header
     * it first receives the kept events after that id.
     */
    public void addSse(SseClient client) {
        String session = client.ctx().attribute(SESSION_ATTRIBUTE);
        String last = client.ctx().header("Last-Event-ID");
        client.onClose(() -> {
            sse.remove(client);
            sseSession.remove(client);
        });
        if (session != null) {
            sseSession.put(client, session);
        }
        if (last != null) {
            long after;
            try {
                after = Long.parseLong(last.trim());
            } catch (NumberFormatException e) {
                after = Long.MAX_VALUE;
            }
            List<Sent> replay;
            synchronized (recent) {
                long a = after;
                replay = recent.stream().filter(e -> e.id() > a).toList();
            }
            for (Sent e : replay) {
                client.sendEvent("message", e.payload(), Long.toString(e.id()));
            }
        }
        sse.add(client);
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

    /** Publishes committed changes to subscribers and SSE clients; SSE events carry the event id as {@code id:}. */
    public void publish(List<ManagerStore.Change> changes) {
        ObjectNode ev = event(changes, null);
        long id = Long.parseLong(ev.get("Id").asText());
        String payload = ev.toString();
        synchronized (recent) {
            recent.addLast(new Sent(id, payload));
            while (recent.size() > REPLAY) {
                recent.pollFirst();
            }
            store.logEvent(id, payload, recent.peekFirst().id());
        }
        if (!sse.isEmpty()) {
            exec.execute(() -> {
                for (SseClient c : sse) {
                    if (!c.terminated()) {
                        c.sendEvent("message", payload, Long.toString(id));
                    }
                }
            });
        }
        for (var f : forwarders) {
            f.accept(changes);
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

    /**
     * Ends every open event stream. Must run while the HTTP server still runs: closing a stream whose request Jetty
     * has already recycled makes Javalin's error path loop on "Response does not exist".
     */
    public void closeStreams() {
        List<SseClient> open = List.copyOf(sse);
        sse.clear();
        sseSession.clear();
        for (SseClient c : open) {
            if (!c.terminated()) {
                c.close();
            }
        }
    }

    @Override
    public void close() {
        exec.shutdownNow();
        closeStreams();
    }
}
