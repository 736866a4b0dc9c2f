package dev.nearlight.manager;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With a keystore the connector the manager and the studio share speaks only TLS: a TLS client completes the handshake,
 * and a plain-HTTP request gets no HTTP answer (so Basic credentials are never accepted in clear text).
 */
class ConnectorsTest {
    @Test
    void aKeystoreMeansHttpsOnly(@TempDir Path dir) throws Exception {
        Path ks = dir.resolve("k.p12");
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "nl",
                        "-keyalg",
                        "EC",
                        "-dname",
                        "CN=127.0.0.1",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        ks.toString(),
                        "-storepass",
                        "changeit-42",
                        "-keypass",
                        "changeit-42")
                .redirectErrorStream(true)
                .start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();

        Server server = new Server();
        ServerConnector c = Connectors.connector(server, new HttpConfiguration(), "127.0.0.1", 0, ks, "changeit-42");
        server.addConnector(c);
        server.start();
        try {
            int port = c.getLocalPort();
            SSLContext trustAll = SSLContext.getInstance("TLS");
            trustAll.init(
                    null,
                    new TrustManager[] {
                        new X509TrustManager() {
                            @Override
                            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

                            @Override
                            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

                            @Override
                            public X509Certificate[] getAcceptedIssuers() {
                                return new X509Certificate[0];
                            }
                        }
                    },
                    null);
            try (SSLSocket s = (SSLSocket) trustAll.getSocketFactory().createSocket("127.0.0.1", port)) {
                s.startHandshake();
                assertThat(s.getSession().getProtocol()).startsWith("TLS");
            }
            try (Socket plain = new Socket("127.0.0.1", port)) {
                plain.setSoTimeout(5_000);
                OutputStream out = plain.getOutputStream();
                out.write("GET /redfish/v1/ HTTP/1.1\r\nHost: x\r\nAuthorization: Basic YTpi\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = plain.getInputStream();
                byte[] head = in.readNBytes(5);
                assertThat(new String(head, StandardCharsets.ISO_8859_1)).doesNotStartWith("HTTP/");
            } catch (java.io.IOException refused) {
                // the TLS connector may also just drop the connection: no HTTP answer either way
                assertThat(refused).isNotNull();
            }
        } finally {
            server.stop();
        }
    }

    @Test
    void withoutAKeystoreItIsPlainHttp() throws Exception {
        Server server = new Server();
        ServerConnector c = Connectors.connector(server, new HttpConfiguration(), "127.0.0.1", 0, null, null);
        server.addConnector(c);
        server.start();
        try (Socket plain = new Socket("127.0.0.1", c.getLocalPort())) {
            plain.setSoTimeout(5_000);
            plain.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(plain.getInputStream().readNBytes(5), StandardCharsets.ISO_8859_1))
                    .isEqualTo("HTTP/");
        } finally {
            server.stop();
        }
    }
}
