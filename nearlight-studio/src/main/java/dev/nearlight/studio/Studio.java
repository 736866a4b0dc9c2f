package dev.nearlight.studio;

import dev.nearlight.manager.DigitalTwinDriver;
import dev.nearlight.manager.Inventory;
import dev.nearlight.manager.ManagerStore;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A running studio: the database (studio tables; with accounts also the fabric manager's schema and account service),
 * the run executor and the web server, started together and closed together.
 */
public final class Studio implements AutoCloseable {
    /**
     * How to start.
     *
     * @param jdbcUrl database ({@code jdbc:h2:file:...} or {@code jdbc:postgresql://...})
     * @param host bind address
     * @param port port (0: any free one)
     * @param accounts whether to require fabric manager accounts (always when bound beyond loopback)
     * @param tlsKeystore PKCS12 keystore, or null for plain HTTP
     * @param tlsPassword keystore password
     * @param examplesDir example scenarios to list
     * @param workDir scratch directory (named catalogues as files)
     * @param threads evaluations in parallel within a run
     * @param adminPassword password of the bootstrap {@code admin} account, or null to generate one (accounts only)
     */
    public record Config(
            String jdbcUrl,
            String host,
            int port,
            boolean accounts,
            Path tlsKeystore,
            String tlsPassword,
            Path examplesDir,
            Path workDir,
            int threads,
            String adminPassword) {}

    private final StudioStore store;
    private final ManagerStore managerStore;
    private final Runs runs;
    private final StudioServer server;
    private final int port;
    private final String generatedPassword;

    private Studio(Config c) {
        StudioAuth auth = StudioAuth.LOOPBACK;
        ManagerStore ms = null;
        String generated = null;
        if (c.accounts()) {
            Inventory inv = Inventory.demo();
            ms = new ManagerStore(c.jdbcUrl(), inv, new DigitalTwinDriver(Duration.ZERO, inv));
            generated = ms.bootstrapAdmin(c.adminPassword());
            auth = StudioAuth.accounts(ms);
        }
        this.managerStore = ms;
        this.generatedPassword = generated;
        this.store = new StudioStore(c.jdbcUrl());
        this.runs = new Runs(store, c.workDir(), c.threads());
        this.server = new StudioServer(store, runs, c.examplesDir(), auth);
        this.port = server.start(new StudioServer.Options(c.host(), c.port(), c.tlsKeystore(), c.tlsPassword()));
    }

    /** Opens the database, starts the executor and listens. */
    public static Studio start(Config c) {
        return new Studio(c);
    }

    /** The bound port. */
    public int port() {
        return port;
    }

    /** The generated password of the bootstrap administrator (shown once), or null. */
    public String generatedPassword() {
        return generatedPassword;
    }

    @Override
    public void close() {
        server.close();
        runs.close();
        if (managerStore != null) {
            managerStore.close();
        }
    }
}
