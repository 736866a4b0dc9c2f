package dev.nearlight.app;

import dev.nearlight.core.InputException;
import dev.nearlight.manager.ManagerStore;
import dev.nearlight.studio.Studio;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nearlight studio}: the web studio (docs/studio.md) on an embedded database or PostgreSQL. Loopback without a
 * password; a non-loopback {@code --host} requires the fabric manager's accounts and, unless forced, TLS.
 */
@Command(
        name = "studio",
        mixinStandardHelpOptions = true,
        description = "Run the web studio: edit, validate and run scenarios, browse the catalogue, compare runs.")
public final class StudioCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--port",
            defaultValue = "8090",
            description = "TCP port (default ${DEFAULT-VALUE}; 0 = any free port).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Bind address (default ${DEFAULT-VALUE}).")
    String host;

    @Option(
            names = "--db",
            description = "JDBC URL: jdbc:h2:file:PATH or jdbc:postgresql://HOST/DB?user=U&password=P"
                    + " (default: embedded H2 file ./nearlight-studio.mv.db).")
    String db;

    @Option(
            names = "--examples",
            defaultValue = "examples",
            description = "Directory of example scenarios to start from (default ${DEFAULT-VALUE}).")
    Path examples;

    @Option(
            names = "--threads",
            paramLabel = "N",
            description = "Evaluations in parallel within a run (default: available processors).")
    Integer threads;

    @Option(names = "--tls-keystore", description = "PKCS12 keystore; serves HTTPS only when given.")
    Path tlsKeystore;

    @Option(
            names = "--tls-password",
            defaultValue = "${env:NEARLIGHT_TLS_PASSWORD}",
            description = "Keystore password (default: env NEARLIGHT_TLS_PASSWORD).")
    String tlsPassword;

    @Option(
            names = "--insecure-allow-remote",
            description = "Allow a non-loopback --host without --tls-keystore (passwords then cross the network in"
                    + " clear text).")
    boolean insecureAllowRemote;

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
        if (threads != null && (threads < 1 || threads > 1024)) {
            throw new InputException("--threads: " + threads + " is out of range (use 1 to 1024)");
        }
        if (tlsKeystore != null && !Files.isReadable(tlsKeystore)) {
            throw new InputException("--tls-keystore " + tlsKeystore + ": file not found or not readable");
        }
        boolean remote = !loopback(host);
        if (remote && tlsKeystore == null && !insecureAllowRemote) {
            throw new InputException("--host " + host + ": a non-loopback address needs --tls-keystore FILE.p12"
                    + " (passwords would cross the network in clear text);"
                    + " add --insecure-allow-remote to accept that on a trusted network");
        }
        String url = db != null
                ? db
                : ManagerStore.h2Url(
                        Path.of("nearlight-studio").toAbsolutePath().toString());
        if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            throw new InputException("--db " + url + ": use jdbc:h2:file:PATH or jdbc:postgresql://HOST/DB");
        }
        String adminPw = System.getenv("NEARLIGHT_ADMIN_PASSWORD");
        Path work = Path.of(
                System.getProperty("java.io.tmpdir"),
                "nearlight-studio-" + ProcessHandle.current().pid());
        Studio s = Studio.start(new Studio.Config(
                url,
                host,
                port,
                remote,
                tlsKeystore,
                tlsPassword == null ? "" : tlsPassword,
                examples,
                work,
                threads != null ? threads : Runtime.getRuntime().availableProcessors(),
                adminPw));
        var out = spec.commandLine().getOut();
        String scheme = tlsKeystore != null ? "https" : "http";
        out.println("Nearlight studio: " + scheme + "://" + host + ":" + s.port() + "/");
        out.println("database: " + url.replaceAll("password=[^&;]*", "password=***"));
        if (remote) {
            out.println(
                    s.generatedPassword() != null
                            ? "initial administrator: user admin, password " + s.generatedPassword() + " (shown once)"
                            : "accounts: the fabric manager's (HTTP Basic)");
        } else {
            out.println("loopback only, no password");
        }
        out.flush();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            s.close();
            stop.countDown();
        }));
        stop.await();
        return 0;
    }
}
