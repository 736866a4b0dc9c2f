package dev.nearlight.manager;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Protection at the edge of the service: a cap on open connections per remote address, a per-address window of
 * authentication failures, a body reader with a size limit and a deadline (so a trickled body holds a thread for a
 * bounded time), and a Jetty error handler that answers protocol-level errors (bad request line, 431 headers too
 * large, 408) with a Redfish error body instead of an HTML page.
 */
final class Edge {
    private Edge() {}

    /** Content-Security-Policy: the service serves JSON only, nothing may be loaded or framed. */
    static final String CSP = "default-src 'none'; frame-ancestors 'none'";
    /** Strict-Transport-Security over TLS: one year. */
    static final String HSTS = "max-age=31536000";

    private static InetAddress remote(Connection c) {
        SocketAddress a = c.getEndPoint().getRemoteSocketAddress();
        return a instanceof InetSocketAddress i ? i.getAddress() : null;
    }

    /** Closes a connection at once when its remote address already holds {@code max} open connections. */
    static final class PerClientConnections implements Connection.Listener {
        private final int max;
        private final Map<InetAddress, AtomicInteger> open = new ConcurrentHashMap<>();
        private final Map<Connection, InetAddress> counted = new ConcurrentHashMap<>();

        PerClientConnections(int max) {
            this.max = max;
        }

        @Override
        public void onOpened(Connection c) {
            InetAddress a = remote(c);
            if (a == null) {
                return;
            }
            int n = open.computeIfAbsent(a, k -> new AtomicInteger()).incrementAndGet();
            counted.put(c, a);
            if (n > max) {
                c.getEndPoint().close();
            }
        }

        @Override
        public void onClosed(Connection c) {
            InetAddress a = counted.remove(c);
            if (a != null) {
                open.computeIfPresent(a, (k, v) -> v.decrementAndGet() <= 0 ? null : v);
            }
        }
    }

    /** Authentication failures per remote address in a sliding window. */
    static final class FailureWindow {
        private final int max;
        private final long windowMs;
        private final Map<InetAddress, ArrayDeque<Long>> failures = new ConcurrentHashMap<>();

        FailureWindow(int max, long windowMs) {
            this.max = max;
            this.windowMs = windowMs;
        }

        /** Seconds until the address may try again, or 0 when it may try now. */
        long retryAfterS(InetAddress a, long nowMs) {
            ArrayDeque<Long> q = failures.get(a);
            if (q == null) {
                return 0;
            }
            synchronized (q) {
                while (!q.isEmpty() && nowMs - q.peekFirst() > windowMs) {
                    q.pollFirst();
                }
                if (q.size() < max) {
                    return 0;
                }
                return Math.max(1, (q.peekFirst() + windowMs - nowMs + 999) / 1000);
            }
        }

        void failed(InetAddress a, long nowMs) {
            if (failures.size() > 10_000) {
                failures.entrySet().removeIf(e -> {
                    synchronized (e.getValue()) {
                        return e.getValue().isEmpty() || nowMs - e.getValue().peekLast() > windowMs;
                    }
                });
            }
            ArrayDeque<Long> q = failures.computeIfAbsent(a, k -> new ArrayDeque<>());
            synchronized (q) {
                q.addLast(nowMs);
                while (q.size() > max) {
                    q.pollFirst();
                }
            }
        }
    }

    /**
     * Reads a request body of at most {@code maxBytes} that must arrive completely within {@code deadlineMs}; the
     * connection's idle timeout bounds each single read, this bounds their sum.
     */
    static byte[] readBody(InputStream in, long contentLength, int maxBytes, long deadlineMs) {
        if (contentLength > maxBytes) {
            throw new RedfishException(413, Messages.of("PayloadTooLarge"));
        }
        long start = System.nanoTime();
        byte[] buf = new byte[contentLength >= 0 ? (int) contentLength : Math.min(maxBytes + 1, 8192)];
        int n = 0;
        try {
            while (true) {
                if (n == buf.length) {
                    if (contentLength >= 0 || n > maxBytes) {
                        break;
                    }
                    buf = java.util.Arrays.copyOf(buf, Math.min(maxBytes + 1, buf.length * 2));
                }
                int r = in.read(buf, n, buf.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
                if (n > maxBytes) {
                    throw new RedfishException(413, Messages.of("PayloadTooLarge"));
                }
                if ((System.nanoTime() - start) / 1_000_000 > deadlineMs) {
                    throw timeout();
                }
            }
        } catch (InterruptedIOException e) {
            throw timeout();
        } catch (IOException e) {
            // the client went away or sent an invalid chunk; it receives a 400 if it still listens
            throw new RedfishException(400, Messages.of("UnrecognizedRequestBody"));
        }
        return n == buf.length ? buf : java.util.Arrays.copyOf(buf, n);
    }

    private static RedfishException timeout() {
        return new RedfishException(
                408,
                Messages.withResolution(
                        Messages.of("OperationTimeout"),
                        "Send the whole request body within the service's body deadline."));
    }

    /** The Redfish error body for a status and message (shared with {@link RedfishServer}). */
    static ObjectNode errorBody(RedfishException e) {
        ArrayNode ext = Json.MAPPER.createArrayNode();
        for (Messages.Info i : e.infos()) {
            ObjectNode m = Json.o(
                    "@odata.type", "#Message.v1_3_0.Message",
                    "MessageId", i.messageId(),
                    "Message", i.message(),
                    "MessageSeverity", i.severity(),
                    "Resolution", i.resolution());
            m.set("MessageArgs", Json.arr(i.args().toArray()));
            if (!i.relatedProperties().isEmpty()) {
                m.set("RelatedProperties", Json.arr(i.relatedProperties().toArray()));
            }
            ext.add(m);
        }
        Messages.Info first = e.infos().get(0);
        ObjectNode err = Json.o("code", first.messageId(), "message", first.message(), "@Message.ExtendedInfo", ext);
        return Json.o("error", err);
    }

    private static RedfishException forStatus(int status) {
        return switch (status) {
            case 413 -> new RedfishException(413, Messages.of("PayloadTooLarge"));
            case 431 -> new RedfishException(431, Messages.of("HeaderInvalid", "(request headers too large)"));
            case 408 -> timeout();
            case 404 -> new RedfishException(404, Messages.of("ResourceNotFound", "Resource", "(unknown)"));
            case 405, 501 -> new RedfishException(status, Messages.of("OperationNotAllowed"));
            default ->
                status >= 400 && status < 500
                        ? new RedfishException(status, Messages.of("UnrecognizedRequestBody"))
                        : new RedfishException(status, Messages.of("GeneralError"));
        };
    }

    /** Jetty's error pages (protocol errors before any handler runs) as Redfish error bodies, never HTML. */
    static final class RedfishErrorHandler extends ErrorHandler {
        private final boolean tls;

        RedfishErrorHandler(boolean tls) {
            this.tls = tls;
            setShowStacks(false);
            setShowCauses(false);
        }

        private void headers(HttpFields.Mutable f) {
            f.put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
            f.put("OData-Version", "4.0");
            f.put(HttpHeader.CACHE_CONTROL, "no-cache");
            f.put("X-Content-Type-Options", "nosniff");
            f.put("X-Frame-Options", "DENY");
            f.put("Content-Security-Policy", CSP);
            if (tls) {
                f.put(new HttpField("Strict-Transport-Security", HSTS));
            }
        }

        @Override
        public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
            headers(fields);
            return ByteBuffer.wrap(errorBody(forStatus(status)).toString().getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            int status = response.getStatus() <= 0 ? 500 : response.getStatus();
            headers(response.getHeaders());
            response.write(
                    true,
                    ByteBuffer.wrap(errorBody(forStatus(status)).toString().getBytes(StandardCharsets.UTF_8)),
                    callback);
            return true;
        }
    }
}
