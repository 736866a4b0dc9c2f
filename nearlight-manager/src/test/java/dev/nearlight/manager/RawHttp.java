package dev.nearlight.manager;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A raw HTTP/1.1 client over one socket whose local address can be chosen (127.0.0.2, 127.0.0.3, ... are loopback on
 * Linux), so that hostile clients and the legitimate one count as different remote addresses.
 */
final class RawHttp {
    private RawHttp() {}

    /**
     * A response read until the server closed the connection.
     *
     * @param status the status code, or -1 when the connection was closed without a response
     * @param headers lower-cased header names to values
     * @param body the body
     */
    record Response(int status, Map<String, String> headers, String body) {
        JsonNode json() {
            try {
                return Client.M.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(body, e);
            }
        }

        String messageId() {
            return json().path("error")
                    .path("@Message.ExtendedInfo")
                    .path(0)
                    .path("MessageId")
                    .asText();
        }
    }

    static Socket open(String localIp, int port) {
        try {
            Socket s = new Socket();
            s.bind(new InetSocketAddress(InetAddress.getByName(localIp), 0));
            s.connect(new InetSocketAddress("127.0.0.1", port), 3000);
            s.setSoTimeout(20_000);
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The request head with Connection: close (so the response ends at EOF). */
    static String head(String method, String path, String... headers) {
        StringBuilder b =
                new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            b.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        return b.append("\r\n").toString();
    }

    /** Sends a whole request and reads the response. */
    static Response request(String localIp, int port, String method, String path, String body, String... headers) {
        try (Socket s = open(localIp, port)) {
            byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            String[] all = headers;
            if (body != null) {
                all = java.util.Arrays.copyOf(headers, headers.length + 2);
                all[headers.length] = "Content-Length";
                all[headers.length + 1] = Integer.toString(b.length);
            }
            s.getOutputStream().write(head(method, path, all).getBytes(StandardCharsets.UTF_8));
            try {
                for (int off = 0; off < b.length; off += 8192) {
                    s.getOutputStream().write(b, off, Math.min(8192, b.length - off));
                }
                s.getOutputStream().flush();
            } catch (java.net.SocketException e) {
                // the service answered and closed before taking the whole body (413): read its answer
            }
            return read(s.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a response until EOF; status -1 when nothing came back. */
    static Response read(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
            }
        } catch (java.net.SocketException e) {
            // reset by the server after it answered (unread request body): keep what arrived
        }
        String text = out.toString(StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || end < 0) {
            return new Response(-1, Map.of(), text);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        Map<String, String> h = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int c = lines[i].indexOf(':');
            h.put(
                    lines[i].substring(0, c).trim().toLowerCase(Locale.ROOT),
                    lines[i].substring(c + 1).trim());
        }
        String body = text.substring(end + 4);
        if ("chunked".equalsIgnoreCase(h.get("transfer-encoding"))) {
            body = unchunk(body);
        }
        return new Response(Integer.parseInt(lines[0].substring(9, 12)), h, body);
    }

    private static String unchunk(String s) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            int eol = s.indexOf("\r\n", i);
            if (eol < 0) {
                break;
            }
            int size = Integer.parseInt(s.substring(i, eol).split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            b.append(s, eol + 2, eol + 2 + size);
            i = eol + 2 + size + 2;
        }
        return b.toString();
    }
}
