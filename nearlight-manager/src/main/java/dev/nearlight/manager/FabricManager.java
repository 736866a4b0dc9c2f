package dev.nearlight.manager;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Assembles and runs the fabric manager: database-backed store, digital-twin driver, event dispatcher and the Redfish
 * HTTP server. One instance per service; tests start several on ephemeral ports.
 */
public final class FabricManager implements AutoCloseable {
    /**
     * Configuration.
     *
     * @param jdbcUrl database URL (H2 file by default, or PostgreSQL)
     * @param inventory physical inventory
     * @param host bind address
     * @param port port, 0 for ephemeral
     * @param tlsKeystore PKCS12 keystore or null for plain HTTP
     * @param tlsPassword keystore password
     * @param bindDelay the twin's per-binding delay
     * @param adminPassword initial admin password, null to generate one
     * @param limits limits at the edge (body and header size, timeouts, connections and login failures per client)
     */
    public record Config(
            String jdbcUrl,
            Inventory inventory,
            String host,
            int port,
            Path tlsKeystore,
            String tlsPassword,
            Duration bindDelay,
            String adminPassword,
            RedfishServer.Limits limits) {
        /** A configuration with the default limits. */
        public Config(
                String jdbcUrl,
                Inventory inventory,
                String host,
                int port,
                Path tlsKeystore,
                String tlsPassword,
                Duration bindDelay,
                String adminPassword) {
            this(
                    jdbcUrl,
                    inventory,
                    host,
                    port,
                    tlsKeystore,
                    tlsPassword,
                    bindDelay,
                    adminPassword,
                    RedfishServer.Limits.DEFAULT);
        }
    }

    private final ManagerStore store;
    private final EventDispatcher events;
    private final RedfishServer server;
    private final DigitalTwinDriver twin;
    private final int port;
    private final String generatedPassword;
    private volatile SunfishAgent sunfish;

    private FabricManager(Config c) {
        this.twin = new DigitalTwinDriver(c.bindDelay(), c.inventory());
        this.store = new ManagerStore(c.jdbcUrl(), c.inventory(), twin);
        this.generatedPassword = store.bootstrapAdmin(c.adminPassword());
        this.events = new EventDispatcher(store);
        this.server = new RedfishServer(store, events, twin, c.tlsKeystore() != null);
        this.port = server.start(
                new RedfishServer.Options(c.host(), c.port(), c.tlsKeystore(), c.tlsPassword(), c.limits()));
    }

    /** Opens the database, migrates it, loads state and starts listening. */
    public static FabricManager start(Config c) {
        return new FabricManager(c);
    }

    /** The bound port. */
    public int port() {
        return port;
    }

    /** The admin password generated at first start (print once), or null. */
    public String generatedPassword() {
        return generatedPassword;
    }

    /** The store (tests check invariants against it). */
    public ManagerStore store() {
        return store;
    }

    /** The event dispatcher. */
    public EventDispatcher events() {
        return events;
    }

    /**
     * Joins a Sunfish (OpenFabrics Management Framework) server as its fabric agent: registers an AggregationSource
     * naming {@code agentUri} and forwards events to Sunfish's event listener (see {@link SunfishAgent}).
     *
     * @param sunfishUrl the Sunfish server's base URL
     * @param agentUri this service's base URL as Sunfish reaches it
     * @return the agent, registered
     */
    public SunfishAgent joinSunfish(java.net.URI sunfishUrl, String agentUri) {
        SunfishAgent a = new SunfishAgent(sunfishUrl, agentUri, store, events, SunfishAgent.RETRY_INTERVAL_MS);
        a.register();
        this.sunfish = a;
        return a;
    }

    @Override
    public void close() {
        if (sunfish != null) {
            sunfish.close();
        }
        events.closeStreams();
        server.close();
        events.close();
        store.close();
    }

    /**
     * Runs a manager in this JVM until killed: {@code FabricManager <jdbcUrl> <port> <adminPassword> [bindDelayMs
     * [keystore.p12 keystorePassword]]}. Used by the crash-recovery tests, which start it as a separate process and
     * kill it with SIGKILL, and for the DMTF validator runs (HTTPS with a keystore).
     */
    public static void main(String[] args) throws InterruptedException {
        Duration delay = args.length > 3 ? Duration.ofMillis(Long.parseLong(args[3])) : Duration.ZERO;
        Path keystore = args.length > 5 ? Path.of(args[4]) : null;
        String ksPassword = args.length > 5 ? args[5] : null;
        FabricManager m = start(new Config(
                args[0],
                Inventory.demo(),
                "127.0.0.1",
                Integer.parseInt(args[1]),
                keystore,
                ksPassword,
                delay,
                args[2]));
        System.out.println("listening on port " + m.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}
