package dev.nearlight.app;

import dev.nearlight.core.InputException;
import dev.nearlight.manager.FabricManager;
import dev.nearlight.manager.Inventory;
import dev.nearlight.manager.ManagerStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nearlight serve}: runs the Redfish fabric manager (composition of GPUs, CXL memory and NVMe over the
 * PCIe/CXL-over-fiber fabric) until interrupted. See docs/cli/serve.md.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = "Run the Redfish fabric manager on an embedded database (or PostgreSQL) and the demo inventory.")
public final class ServeCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--port",
            defaultValue = "8443",
            description = "TCP port (default ${DEFAULT-VALUE}; 0 = any free port).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Bind address (default ${DEFAULT-VALUE}).")
    String host;

    @Option(
            names = "--db",
            description = "JDBC URL: jdbc:h2:file:PATH or jdbc:postgresql://HOST/DB?user=U&password=P"
                    + " (default: embedded H2 file ./nearlight-manager.mv.db).")
    String db;

    @Option(names = "--inventory", description = "YAML inventory spec (fields of Inventory.Spec); default: demo.")
    Path inventory;

    @Option(names = "--tls-keystore", description = "PKCS12 keystore; serves HTTPS only when given.")
    Path tlsKeystore;

    @Option(
            names = "--tls-password",
            defaultValue = "${env:NEARLIGHT_TLS_PASSWORD}",
            description = "Keystore password (default: env NEARLIGHT_TLS_PASSWORD).")
    String tlsPassword;

    @Option(
            names = "--insecure-allow-remote",
            description = "Allow a non-loopback --host without --tls-keystore (credentials then cross the network in"
                    + " clear text; for a trusted lab network only).")
    boolean insecureAllowRemote;

    @Option(
            names = "--sunfish",
            description = "Join this Sunfish (OpenFabrics Management Framework) server as its fabric agent:"
                    + " register an AggregationSource and forward events to its /EventListener.")
    String sunfish;

    @Option(
            names = "--sunfish-agent-uri",
            description = "This service's base URL as the Sunfish server reaches it (default: the URL it listens on).")
    String sunfishAgentUri;

    @Option(
            names = "--bind-delay-ms",
            defaultValue = "0",
            description = "Digital-twin delay per device binding in ms (default ${DEFAULT-VALUE}).")
    double bindDelayMs;

    /** Whether a bind address is loopback only (a name that does not resolve is refused as an option error). */
    private static boolean loopback(String host) {
        try {
            return java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            throw new InputException("--host " + host + ": unknown host; use an IP address such as 127.0.0.1");
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65_535) {
            throw new InputException("--port " + port + ": use 0..65535");
        }
        if (bindDelayMs < 0 || bindDelayMs > 60_000) {
            throw new InputException("--bind-delay-ms " + bindDelayMs + ": use 0..60000");
        }
        if (tlsKeystore != null && !Files.isReadable(tlsKeystore)) {
            throw new InputException("--tls-keystore " + tlsKeystore + ": file not found or not readable");
        }
        if (tlsKeystore == null && !insecureAllowRemote && !loopback(host)) {
            throw new InputException("--host " + host + ": a non-loopback address needs --tls-keystore FILE.p12"
                    + " (passwords and session tokens would cross the network in clear text);"
                    + " add --insecure-allow-remote to accept that on a trusted network");
        }
        java.net.URI sunfishUrl = null;
        if (sunfish != null) {
            try {
                sunfishUrl = new java.net.URI(sunfish);
            } catch (java.net.URISyntaxException e) {
                sunfishUrl = null;
            }
            if (sunfishUrl == null
                    || !List.of("http", "https").contains(String.valueOf(sunfishUrl.getScheme()))
                    || sunfishUrl.getHost() == null) {
                throw new InputException("--sunfish " + sunfish + ": use the Sunfish server's base URL,"
                        + " e.g. http://127.0.0.1:5000");
            }
        }
        if (inventory != null && !Files.isReadable(inventory)) {
            throw new InputException("--inventory " + inventory + ": file not found or not readable");
        }
        String url = db != null
                ? db
                : ManagerStore.h2Url(
                        Path.of("nearlight-manager").toAbsolutePath().toString());
        if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            throw new InputException("--db " + url + ": use jdbc:h2:file:PATH or jdbc:postgresql://HOST/DB");
        }
        Inventory inv = inventory != null ? Inventory.load(inventory) : Inventory.demo();
        String adminPw = System.getenv("NEARLIGHT_ADMIN_PASSWORD");
        FabricManager m = FabricManager.start(new FabricManager.Config(
                url,
                inv,
                host,
                port,
                tlsKeystore,
                tlsPassword == null ? "" : tlsPassword,
                Duration.ofNanos((long) (bindDelayMs * 1e6)),
                adminPw));
        var out = spec.commandLine().getOut();
        String scheme = tlsKeystore != null ? "https" : "http";
        out.println("Nearlight fabric manager: " + scheme + "://" + host + ":" + m.port() + "/redfish/v1/");
        out.println("database: " + url.replaceAll("password=[^&;]*", "password=***"));
        if (m.generatedPassword() != null) {
            out.println("initial administrator: user admin, password " + m.generatedPassword()
                    + " (shown once; set NEARLIGHT_ADMIN_PASSWORD to choose it)");
        } else {
            out.println("administrator: user admin, password "
                    + (adminPw != null ? "from NEARLIGHT_ADMIN_PASSWORD" : "as set before (stored as a bcrypt hash)"));
        }
        if (sunfishUrl != null) {
            String agent = sunfishAgentUri != null ? sunfishAgentUri : scheme + "://" + host + ":" + m.port();
            try {
                var a = m.joinSunfish(sunfishUrl, agent);
                out.println("Sunfish agent: registered with " + sunfishUrl + " as aggregation source " + a.context());
            } catch (IllegalStateException e) {
                m.close();
                throw new InputException("--sunfish " + sunfish + ": " + e.getMessage());
            }
        }
        out.flush();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            m.close();
            stop.countDown();
        }));
        stop.await();
        return 0;
    }
}
