package dev.nearlight.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nearlight serve --sunfish}: a malformed URL and a Sunfish server that refuses the agent are exit 2. */
class ServeSunfishOptionTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void malformedSunfishUrlIsAUserError() {
        assertThat(run("serve", "--port", "0", "--sunfish", "ftp://x")).isEqualTo(2);
        assertThat(err.toString()).contains("--sunfish ftp://x").contains("base URL");
    }

    @Test
    void aRefusingSunfishIsAUserErrorAndTheServiceStops() throws Exception {
        HttpServer sunfish = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        sunfish.createContext("/", x -> {
            x.getRequestBody().readAllBytes();
            x.sendResponseHeaders(500, -1);
            x.close();
        });
        sunfish.start();
        try {
            String url = "http://127.0.0.1:" + sunfish.getAddress().getPort();
            String db = "jdbc:h2:file:" + dir.resolve("m").toAbsolutePath() + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
            assertThat(run("serve", "--port", "0", "--db", db, "--sunfish", url))
                    .isEqualTo(2);
            assertThat(err.toString()).contains("--sunfish " + url).contains("HTTP 500");
        } finally {
            sunfish.stop(0);
        }
    }
}
