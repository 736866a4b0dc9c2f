package dev.nearlight.manager;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The manager's state: the database (source of truth, one transaction per change) plus an in-memory mirror of the
 * committed state for fast reads. All changes run under one lock: the driver is called first, then the transaction
 * commits, then the mirror is updated; if anything fails the driver bindings are undone and the mirror is untouched,
 * so a failed request leaves nothing half-built. Constraints in the schema (primary key on
 * {@code block_assignment.block_id}) make a block in two compositions impossible even if this code were wrong.
 */
public final class ManagerStore implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ManagerStore.class);
    /** The three predefined roles. */
    public static final List<String> ROLES = List.of("Administrator", "Operator", "ReadOnly");

    /**
     * A composed system.
     *
     * @param id system id
     * @param name client-chosen name
     * @param hostBlock the compute block
     * @param blocks all blocks, host first
     * @param createdAt ISO 8601 creation time
     * @param version incremented on every change (feeds the ETag)
     */
    public record Composition(
            String id, String name, String hostBlock, List<String> blocks, String createdAt, long version) {}

    /**
     * A user account.
     *
     * @param id account id
     * @param userName login name
     * @param passwordHash bcrypt hash
     * @param roleId Administrator, Operator or ReadOnly
     * @param enabled whether it may log in
     * @param version incremented on change
     */
    public record Account(
            String id, String userName, String passwordHash, String roleId, boolean enabled, long version) {}

    /**
     * A login session.
     *
     * @param id session id
     * @param tokenHash SHA-256 of the X-Auth-Token
     * @param accountId the owner
     * @param createdAt ISO 8601
     * @param lastUsedMs last request time (expiry is measured from it)
     */
    public record Session(String id, String tokenHash, String accountId, String createdAt, AtomicLong lastUsedMs) {}

    /**
     * An event subscription.
     *
     * @param id id
     * @param destination URL receiving HTTP POSTs
     * @param context client context echoed in events
     * @param protocol Redfish
     * @param retryAttempts delivery retries
     * @param retryIntervalS seconds between retries
     * @param createdAt ISO 8601
     */
    public record Subscription(
            String id,
            String destination,
            String context,
            String protocol,
            int retryAttempts,
            int retryIntervalS,
            String createdAt) {}

    /**
     * A CXL memory connection binding memory chunks to a host.
     *
     * @param id id
     * @param hostBlock host compute block
     * @param chunks memory blocks bound
     * @param createdAt ISO 8601
     */
    public record MemoryConnection(String id, String hostBlock, List<String> chunks, String createdAt) {}

    /**
     * A fabric zone of endpoints.
     *
     * @param fabric PCIe or CXL
     * @param id zone id
     * @param name name
     * @param endpoints endpoint ids
     */
    public record FabricZone(String fabric, String id, String name, List<String> endpoints) {}

    /**
     * A task.
     *
     * @param id id
     * @param state TaskState
     * @param status Health
     * @param message one line
     * @param targetUri resource created, if any
     * @param startTime ISO 8601
     * @param endTime ISO 8601 or null
     */
    public record Task(
            String id,
            String state,
            String status,
            String message,
            String targetUri,
            String startTime,
            String endTime) {}

    /**
     * A resolved change notification for the event service.
     *
     * @param info registry message
     * @param originUri the resource concerned
     */
    public record Change(Messages.Info info, String originUri) {}

    private final Inventory inventory;
    private final Map<String, Inventory.Block> blocks;
    private final FabricDriver driver;
    private final Jdbi jdbi;
    private final Handle writer;
    private final ReentrantLock lock = new ReentrantLock();
    /**
     * Held by every write transaction, on the writer and on pooled connections, when the database is H2. H2's MVStore
     * can persist its file while another connection's commit is half done (undo log marked committed, not yet
     * applied); after a kill -9 in that window the reopened database keeps the half-done transaction's rows locked
     * forever (TransactionStore.endLeftoverTransactions does not finish a transaction already marked committed), and the
     * first read of them times out. With one write transaction at a time no store is written mid-commit. Taken after
     * {@link #lock} where both are held, never the other way round.
     */
    private final ReentrantLock dbLock = new ReentrantLock();

    private final java.util.concurrent.atomic.AtomicInteger writesInFlight =
            new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger maxWritesInFlight =
            new java.util.concurrent.atomic.AtomicInteger();
    private final SecureRandom random = new SecureRandom();
    private final boolean h2;

    private final Map<String, Composition> compositions = new ConcurrentHashMap<>();
    private final Map<String, String> owner = new ConcurrentHashMap<>();
    private final Map<String, List<String>> reservations = new ConcurrentHashMap<>();
    private final Map<String, MemoryConnection> connections = new ConcurrentHashMap<>();
    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final Map<String, FabricZone> zones = new ConcurrentHashMap<>();
    private final Map<String, String> faults = new ConcurrentHashMap<>();
    private final Map<String, Task> tasks = new ConcurrentHashMap<>();
    private final Map<String, String> basicCache = new ConcurrentHashMap<>();
    private final AccountPolicy policy = new AccountPolicy(System::currentTimeMillis, this::persistFailures);
    private final Map<String, Resumable> resumable = new ConcurrentHashMap<>();
    private final Map<String, String> claimed = new ConcurrentHashMap<>();
    private final java.util.concurrent.ConcurrentLinkedQueue<Handle> pool =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private volatile boolean closed;
    private volatile int sessionTimeoutS = 1800;
    private volatile Consumer<List<Change>> changeListener = c -> {};

    /**
     * Opens (and migrates) the database at {@code jdbcUrl} and loads the committed state.
     *
     * @param jdbcUrl H2 ({@code jdbc:h2:file:...}) or PostgreSQL URL; user/password in the URL
     * @param inventory the physical inventory
     * @param driver the fabric driver
     */
    public ManagerStore(String jdbcUrl, Inventory inventory, FabricDriver driver) {
        this.inventory = inventory;
        this.blocks = inventory.byId();
        this.driver = driver;
        this.h2 = jdbcUrl.startsWith("jdbc:h2:");
        Flyway.configure()
                .dataSource(jdbcUrl, null, null)
                .locations("classpath:db/manager")
                .table("nearlight_manager_schema_history")
                .load()
                .migrate();
        this.jdbi = Jdbi.create(jdbcUrl);
        countWrites(jdbi);
        this.writer = jdbi.open();
        restrictFiles(jdbcUrl);
        load();
        failInterruptedTasks();
    }

    /**
     * Makes the embedded database files readable by their owner only (0600): they hold password hashes and session
     * token digests. A no-op for PostgreSQL, in-memory H2 and file systems without POSIX permissions.
     */
    static void restrictFiles(String jdbcUrl) {
        if (!jdbcUrl.startsWith("jdbc:h2:file:")) {
            return;
        }
        String base = jdbcUrl.substring("jdbc:h2:file:".length()).split(";", 2)[0];
        for (String ext : List.of(".mv.db", ".trace.db", ".lock.db")) {
            java.nio.file.Path f = java.nio.file.Path.of(base + ext);
            try {
                if (java.nio.file.Files.exists(f)) {
                    java.nio.file.Files.setPosixFilePermissions(
                            f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
                }
            } catch (UnsupportedOperationException | java.io.IOException e) {
                LOG.warn("could not restrict permissions of {}: {}", f, e.getMessage());
            }
        }
    }

    /** Message of a task that was running when the service stopped. */
    static final String INTERRUPTED = "The service stopped while this task was running, so it did not finish here;"
            + " a composition it had committed is listed under /redfish/v1/Systems, otherwise nothing was changed."
            + " Retry the request if the system is not there.";

    /**
     * An asynchronous compose found Running at start, with what it was asked and the system id it was to create.
     *
     * @param task the task as stored
     * @param systemId the id of the system it composes, or null for a task of an earlier release
     * @param requestBody the POST body (JSON), or null
     */
    public record Resumable(Task task, String systemId, String requestBody) {}

    /** Message of a task whose composition had committed when the service stopped. */
    static final String COMMITTED = "composed before the service stopped; completed at restart";

    /**
     * A task found Running at start was cut off by a stop or crash. If its system committed, the task is completed
     * with it; if the task recorded its request it stays Running in {@link #takeResumable()} for the server to resume
     * (compose is all or nothing, so a cut-off one left nothing bound or stored); otherwise it is marked Exception
     * with a message.
     */
    private void failInterruptedTasks() {
        for (Resumable r : List.copyOf(resumable.values())) {
            Task t = r.task();
            if (r.systemId() != null && compositions.containsKey(r.systemId())) {
                resumable.remove(t.id());
                putTask(new Task(
                        t.id(),
                        "Completed",
                        "OK",
                        trim(t.message() + ": " + COMMITTED),
                        "/redfish/v1/Systems/" + r.systemId(),
                        t.startTime(),
                        Times.now()));
            } else if (r.systemId() == null || r.requestBody() == null) {
                resumable.remove(t.id());
                putTask(new Task(
                        t.id(),
                        "Exception",
                        "Critical",
                        trim(t.message() + ": " + INTERRUPTED),
                        null,
                        t.startTime(),
                        Times.now()));
            }
        }
    }

    /** The interrupted tasks to resume (each handed out once; the server resumes them after it starts). */
    public List<Resumable> takeResumable() {
        List<Resumable> l = new ArrayList<>(resumable.values());
        l.sort(java.util.Comparator.comparing(r -> r.task().startTime()));
        l.forEach(r -> resumable.remove(r.task().id()));
        return l;
    }

    /**
     * Stores a user name's failure counter (null: none) so lockout survives a restart; keyed by the name's SHA-256.
     * Called by {@link AccountPolicy} in the order the counters change.
     */
    private void persistFailures(String digest, AccountPolicy.Failures f) {
        if (closed) {
            return;
        }
        inPooledTransaction(h -> {
            h.execute("DELETE FROM login_failure WHERE name_digest = ?", digest);
            if (f != null) {
                h.execute(
                        "INSERT INTO login_failure (name_digest, fail_count, first_ms, locked_until_ms)"
                                + " VALUES (?, ?, ?, ?)",
                        digest,
                        f.count(),
                        f.firstMs(),
                        f.lockedUntilMs());
            }
        });
    }

    /** Appends a sent event to the replay log and drops those older than {@code keepFromId}. */
    void logEvent(long id, String payload, long keepFromId) {
        if (closed) {
            return;
        }
        inPooledTransaction(h -> {
            h.execute("INSERT INTO event_log (id, payload) VALUES (?, ?)", id, payload);
            h.execute("DELETE FROM event_log WHERE id < ?", keepFromId);
        });
    }

    /** The last {@code n} logged events in id order (id, payload), for replay after a restart. */
    List<Map.Entry<Long, String>> loggedEvents(int n) {
        return jdbi.withHandle(h -> {
            List<Map.Entry<Long, String>> l = h.createQuery("SELECT id, payload FROM event_log ORDER BY id DESC")
                    .setMaxRows(n)
                    .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getString(2)))
                    .list();
            List<Map.Entry<Long, String>> asc = new ArrayList<>(l);
            java.util.Collections.reverse(asc);
            return asc;
        });
    }

    private static String trim(String s) {
        return s.length() <= 1024 ? s : s.substring(0, 1021) + "...";
    }

    /** Default embedded database URL for a file path (without extension). */
    public static String h2Url(String pathWithoutExtension) {
        return "jdbc:h2:file:" + pathWithoutExtension + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
    }

    private void load() {
        Handle h = writer;
        Map<String, List<String>> byOwner = new HashMap<>();
        h.createQuery("SELECT block_id, owner_kind, owner_id FROM block_assignment ORDER BY block_id")
                .map((rs, ctx) -> {
                    String key = rs.getString(2) + ":" + rs.getString(3);
                    owner.put(rs.getString(1), key);
                    byOwner.computeIfAbsent(key, k -> new ArrayList<>()).add(rs.getString(1));
                    return key;
                })
                .list();
        h.createQuery("SELECT id, name, host_block, created_at, version FROM composed_system")
                .map((rs, ctx) -> {
                    String id = rs.getString(1);
                    String host = rs.getString(3);
                    List<String> bl = new ArrayList<>(byOwner.getOrDefault("System:" + id, List.of()));
                    bl.remove(host);
                    bl.add(0, host);
                    return new Composition(id, rs.getString(2), host, List.copyOf(bl), rs.getString(4), rs.getLong(5));
                })
                .list()
                .forEach(c -> compositions.put(c.id(), c));
        h.createQuery("SELECT id FROM reservation")
                .mapTo(String.class)
                .list()
                .forEach(id -> reservations.put(id, List.copyOf(byOwner.getOrDefault("Reservation:" + id, List.of()))));
        h.createQuery("SELECT id, host_block, created_at FROM memory_connection")
                .map((rs, ctx) -> new MemoryConnection(
                        rs.getString(1),
                        rs.getString(2),
                        List.copyOf(byOwner.getOrDefault("Connection:" + rs.getString(1), List.of())),
                        rs.getString(3)))
                .list()
                .forEach(c -> connections.put(c.id(), c));
        h.createQuery("SELECT id, user_name, password_hash, role_id, enabled, version FROM account")
                .map((rs, ctx) -> new Account(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getBoolean(5),
                        rs.getLong(6)))
                .list()
                .forEach(a -> accounts.put(a.id(), a));
        long now = System.currentTimeMillis();
        h.createQuery("SELECT id, token_hash, account_id, created_at FROM web_session")
                .map((rs, ctx) -> new Session(
                        rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), new AtomicLong(now)))
                .list()
                .forEach(s -> sessions.put(s.tokenHash(), s));
        h.createQuery("SELECT id, destination, context, protocol, retry_attempts, retry_interval_s, created_at"
                        + " FROM subscription")
                .map((rs, ctx) -> new Subscription(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getInt(5),
                        rs.getInt(6),
                        rs.getString(7)))
                .list()
                .forEach(s -> subscriptions.put(s.id(), s));
        Map<String, List<String>> zoneEps = new HashMap<>();
        h.createQuery("SELECT fabric, zone_id, endpoint_id FROM fabric_zone_endpoint ORDER BY endpoint_id")
                .map((rs, ctx) -> zoneEps.computeIfAbsent(
                                rs.getString(1) + "/" + rs.getString(2), k -> new ArrayList<>())
                        .add(rs.getString(3)))
                .list();
        h.createQuery("SELECT fabric, id, name FROM fabric_zone")
                .map((rs, ctx) -> new FabricZone(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        List.copyOf(zoneEps.getOrDefault(rs.getString(1) + "/" + rs.getString(2), List.of()))))
                .list()
                .forEach(z -> zones.put(z.fabric() + "/" + z.id(), z));
        h.createQuery("SELECT fabric, switch_id, port_id, fault FROM port_fault")
                .map((rs, ctx) -> {
                    faults.put(rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getString(3), rs.getString(4));
                    if (driver instanceof DigitalTwinDriver t) {
                        t.restore(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
                    }
                    return 0;
                })
                .list();
        h.createQuery("SELECT id, state, status, message, target_uri, start_time, end_time, system_id, request_body"
                        + " FROM task")
                .map((rs, ctx) -> new Resumable(
                        new Task(
                                rs.getString(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getString(5),
                                rs.getString(6),
                                rs.getString(7)),
                        rs.getString(8),
                        rs.getString(9)))
                .list()
                .forEach(r -> {
                    tasks.put(r.task().id(), r.task());
                    if (r.task().state().equals("Running")) {
                        resumable.put(r.task().id(), r);
                    }
                });
        h.createQuery("SELECT name_digest, fail_count, first_ms, locked_until_ms FROM login_failure")
                .map((rs, ctx) -> {
                    policy.restore(
                            rs.getString(1), new AccountPolicy.Failures(rs.getInt(2), rs.getLong(3), rs.getLong(4)));
                    return 0;
                })
                .list();
        h.createQuery("SELECT val FROM setting WHERE name = 'SessionTimeout'")
                .mapTo(String.class)
                .findOne()
                .ifPresent(v -> sessionTimeoutS = Integer.parseInt(v));
    }

    /** Sets the listener that receives committed changes (the event service). */
    public void onChange(Consumer<List<Change>> listener) {
        this.changeListener = listener;
    }

    private void emit(List<Change> changes) {
        if (!changes.isEmpty()) {
            changeListener.accept(changes);
        }
    }

    // ------------------------------------------------------------------ read side

    /** The inventory. */
    public Inventory inventory() {
        return inventory;
    }

    /** A block by id. */
    public Optional<Inventory.Block> block(String id) {
        return Optional.ofNullable(blocks.get(id));
    }

    /** Owner of a block ("System:id", "Reservation:id", "Connection:id") or null when free. */
    public String ownerOf(String blockId) {
        return owner.get(blockId);
    }

    /** Composed systems sorted by id. */
    public List<Composition> compositions() {
        List<Composition> l = new ArrayList<>(compositions.values());
        l.sort(Comparator.comparing(Composition::id));
        return l;
    }

    /** One composed system. */
    public Optional<Composition> composition(String id) {
        return Optional.ofNullable(compositions.get(id));
    }

    /** Reservations: id to blocks. */
    public Map<String, List<String>> reservations() {
        return new TreeMap<>(reservations);
    }

    /** CXL memory connections sorted by id. */
    public List<MemoryConnection> connections() {
        List<MemoryConnection> l = new ArrayList<>(connections.values());
        l.sort(Comparator.comparing(MemoryConnection::id));
        return l;
    }

    /** Accounts sorted by id. */
    public List<Account> accounts() {
        List<Account> l = new ArrayList<>(accounts.values());
        l.sort(Comparator.comparing(a -> Long.parseLong(a.id())));
        return l;
    }

    /** One account. */
    public Optional<Account> account(String id) {
        return Optional.ofNullable(accounts.get(id));
    }

    /** Live sessions sorted by id (expired ones are dropped lazily). */
    public List<Session> sessions() {
        List<Session> l = new ArrayList<>(sessions.values());
        l.removeIf(this::expired);
        l.sort(Comparator.comparing(Session::id));
        return l;
    }

    /** Subscriptions sorted by id. */
    public List<Subscription> subscriptions() {
        List<Subscription> l = new ArrayList<>(subscriptions.values());
        l.sort(Comparator.comparing(Subscription::id));
        return l;
    }

    /** Fabric zones of one fabric sorted by id. */
    public List<FabricZone> zones(String fabric) {
        List<FabricZone> l = new ArrayList<>();
        for (FabricZone z : zones.values()) {
            if (z.fabric().equals(fabric)) {
                l.add(z);
            }
        }
        l.sort(Comparator.comparing(FabricZone::id));
        return l;
    }

    /** Tasks sorted by start time then id. */
    public List<Task> tasks() {
        List<Task> l = new ArrayList<>(tasks.values());
        l.sort(Comparator.comparing(Task::startTime).thenComparing(Task::id));
        return l;
    }

    /** Fault on a port, or null. */
    public String fault(String fabric, String sw, String port) {
        return faults.get(fabric + "/" + sw + "/" + port);
    }

    /**
     * Fault on a physical switch port: ports to hosts and between switches appear in both the PCIe and the CXL view, so
     * the worse of the two views counts.
     */
    public String portFault(String sw, String port) {
        String a = fault("PCIe", sw, port);
        String b = fault("CXL", sw, port);
        if (a == null || "LinkDown".equals(a) && b != null) {
            return b;
        }
        return a;
    }

    private static String healthOf(String fault) {
        return fault == null ? "OK" : fault.equals("LinkDown") ? "Warning" : "Critical";
    }

    /** Health of a block derived from faults on its attachment port: OK, Warning or Critical. */
    public String blockHealth(Inventory.Block b) {
        return healthOf(portFault(b.switchId(), b.portId()));
    }

    /** State of a block: Absent after DeviceRemoval, Enabled otherwise. */
    public String blockState(Inventory.Block b) {
        return "DeviceRemoval".equals(portFault(b.switchId(), b.portId())) ? "Absent" : "Enabled";
    }

    /** Health of a composition: the worst of its blocks and of the ports on each host-to-device path. */
    public String health(Composition c) {
        String worst = "OK";
        Inventory.Block host = blocks.get(c.hostBlock());
        for (String id : c.blocks()) {
            Inventory.Block b = blocks.get(id);
            String h = blockHealth(b);
            if (h.equals("OK") && host != null && b != host && !faults.isEmpty()) {
                for (Inventory.PortRef p : inventory.path(host, b)) {
                    String ph = healthOf(portFault(p.switchId(), p.portId()));
                    if (!ph.equals("OK")) {
                        h = ph;
                        if (ph.equals("Critical")) {
                            break;
                        }
                    }
                }
            }
            if (h.equals("Critical")) {
                return h;
            }
            if (h.equals("Warning")) {
                worst = h;
            }
        }
        return worst;
    }

    /** Session timeout in seconds. */
    public int sessionTimeoutS() {
        return sessionTimeoutS;
    }

    // ------------------------------------------------------------------ composition

    /**
     * Requirements of a constrained composition.
     *
     * @param hostBlock a specific compute block, or null to let the service pick
     * @param counts requested blocks per device kind
     * @param zone a resource zone the result must lie in, or null for any single zone
     * @param maxLatencyNs latency budget host to every device
     */
    public record Requirements(
            String hostBlock, Map<Inventory.Kind, Integer> counts, String zone, double maxLatencyNs) {}

    private RedfishException noMatch(String type, String resolution) {
        return new RedfishException(409, Messages.withResolution(Messages.of("NoResourceMatch", type), resolution));
    }

    /**
     * Picks blocks for constrained requirements; deterministic (hosts in inventory order, devices by latency then id).
     * Throws NoResourceMatch naming how many candidates each constraint eliminated.
     */
    public List<String> plan(Requirements req) {
        List<Inventory.Block> hosts = new ArrayList<>();
        int hostTotal = 0;
        int hostBusy = 0;
        int hostFault = 0;
        int hostZone = 0;
        for (Inventory.Block b : blocks.values()) {
            if (b.kind() != Inventory.Kind.COMPUTE) {
                continue;
            }
            if (req.hostBlock() != null && !req.hostBlock().equals(b.id())) {
                continue;
            }
            hostTotal++;
            if (taken(b.id())) {
                hostBusy++;
            } else if (!blockHealth(b).equals("OK")) {
                hostFault++;
            } else if (req.zone() != null && !req.zone().equals(b.zoneId())) {
                hostZone++;
            } else {
                hosts.add(b);
            }
        }
        if (hosts.isEmpty()) {
            throw noMatch(
                    "Compute",
                    String.format(
                            "Of %d candidate Compute blocks: %d in use, %d faulted, %d outside resource zone %s;"
                                    + " 0 remain, 1 requested.",
                            hostTotal, hostBusy, hostFault, hostZone, req.zone() == null ? "(any)" : req.zone()));
        }
        RedfishException first = null;
        for (Inventory.Block host : hosts) {
            List<String> chosen = new ArrayList<>();
            chosen.add(host.id());
            RedfishException failure = null;
            for (Map.Entry<Inventory.Kind, Integer> want : req.counts().entrySet()) {
                if (want.getValue() <= 0) {
                    continue;
                }
                int total = 0;
                int busy = 0;
                int faulted = 0;
                int zone = 0;
                int far = 0;
                List<Inventory.Block> ok = new ArrayList<>();
                for (Inventory.Block d : blocks.values()) {
                    if (d.kind() != want.getKey()) {
                        continue;
                    }
                    total++;
                    if (taken(d.id())) {
                        busy++;
                    } else if (!blockHealth(d).equals("OK")) {
                        faulted++;
                    } else if (!d.zoneId().equals(host.zoneId()) || !endpointZonesAllow(host, d)) {
                        // counted with the resource zone: an endpoint zone keeps the host from reaching it
                        zone++;
                    } else if (inventory.latencyNs(host, d) > req.maxLatencyNs()) {
                        far++;
                    } else {
                        ok.add(d);
                    }
                }
                if (ok.size() < want.getValue()) {
                    failure = noMatch(
                            want.getKey().redfishType(),
                            String.format(
                                    "Of %d %s blocks for host %s: %d in use, %d faulted, %d outside its resource zone"
                                            + " %s, %d over the latency budget of %.1f ns; %d remain, %d requested.",
                                    total,
                                    want.getKey().redfishType(),
                                    host.id(),
                                    busy,
                                    faulted,
                                    zone,
                                    host.zoneId(),
                                    far,
                                    req.maxLatencyNs(),
                                    ok.size(),
                                    want.getValue()));
                    break;
                }
                // stable sort: equal latencies keep inventory order (lowest index first)
                ok.sort(Comparator.comparingDouble((Inventory.Block d) -> inventory.latencyNs(host, d)));
                for (int i = 0; i < want.getValue(); i++) {
                    chosen.add(ok.get(i).id());
                }
            }
            if (failure == null) {
                return chosen;
            }
            if (first == null) {
                first = failure;
            }
        }
        throw first;
    }

    /** Checks a specific block list: all exist, free (or in {@code allowedOwner}), one compute block, one zone. */
    private Inventory.Block validate(List<String> ids, String allowedOwner) {
        if (ids.isEmpty()) {
            throw new RedfishException(
                    400,
                    Messages.withProps("PropertyMissing", List.of("/Links/ResourceBlocks"), "Links/ResourceBlocks"));
        }
        Inventory.Block host = null;
        String zone = null;
        List<String> seen = new ArrayList<>();
        for (String id : ids) {
            Inventory.Block b = blocks.get(id);
            if (b == null) {
                throw new RedfishException(404, Messages.of("ResourceBlockNotFound", id));
            }
            if (seen.contains(id)) {
                throw new RedfishException(400, Messages.of("ResourceBlockInvalid", id));
            }
            seen.add(id);
            String o = owner.get(id);
            if ((o != null && !o.equals(allowedOwner)) || claimed.containsKey(id)) {
                throw new RedfishException(409, Messages.of("ResourceBlockInUse", id));
            }
            if (b.kind() == Inventory.Kind.COMPUTE) {
                if (host != null) {
                    throw new RedfishException(
                            400,
                            Messages.withResolution(
                                    Messages.of("ResourceBlockInvalid", id),
                                    "A composed system has exactly one Compute block; " + host.id() + " is one."));
                }
                host = b;
            }
            if (zone == null) {
                zone = b.zoneId();
            } else if (!zone.equals(b.zoneId())) {
                throw new RedfishException(409, Messages.of("IncompatibleZone"));
            }
        }
        if (host == null) {
            throw new RedfishException(
                    400,
                    Messages.withResolution(
                            Messages.of("ResourceBlockInvalid", ids.get(0)),
                            "Include exactly one Compute resource block."));
        }
        for (String id : ids) {
            Inventory.Block d = blocks.get(id);
            if (!endpointZonesAllow(host, d)) {
                throw new RedfishException(
                        409,
                        Messages.withResolution(
                                Messages.of("IncompatibleZone"),
                                "Endpoint zones of fabric " + fabricOf(d) + " keep " + host.id() + " from reaching "
                                        + endpointOf(d) + "; add both to one zone or pick another block."));
            }
        }
        return host;
    }

    /** The fabric a device is bound over: CXL for memory, PCIe otherwise. */
    private static String fabricOf(Inventory.Block d) {
        return d.kind() == Inventory.Kind.MEMORY ? "CXL" : "PCIe";
    }

    /** A device's fabric endpoint: its block (PCIe) or, for CXL memory, its pool enclosure. */
    private static String endpointOf(Inventory.Block d) {
        return d.kind() == Inventory.Kind.MEMORY ? d.chassisId() : d.id();
    }

    /**
     * Fabric zones (ZoneOfEndpoints) restrict who reaches whom: a host endpoint that is in at least one zone of the
     * device's fabric reaches only endpoints of those zones; a host in no zone is unrestricted.
     */
    private boolean endpointZonesAllow(Inventory.Block host, Inventory.Block d) {
        if (d.kind() == Inventory.Kind.COMPUTE) {
            return true;
        }
        String f = fabricOf(d);
        boolean zoned = false;
        for (FabricZone z : zones.values()) {
            if (z.fabric().equals(f) && z.endpoints().contains(host.id())) {
                zoned = true;
                if (z.endpoints().contains(endpointOf(d))) {
                    return true;
                }
            }
        }
        return !zoned;
    }

    /** Validates a specific block list without composing (Preview); returns it with the host first. */
    public List<String> check(List<String> blockIds) {
        lock.lock();
        try {
            Inventory.Block host = validate(blockIds, null);
            List<String> ordered = new ArrayList<>();
            ordered.add(host.id());
            blockIds.stream().filter(b -> !b.equals(host.id())).forEach(ordered::add);
            return ordered;
        } finally {
            lock.unlock();
        }
    }

    /** Publishes a test event (EventService.SubmitTestEvent). */
    public void testEvent() {
        emit(List.of(new Change(Messages.of("TestMessage"), "/redfish/v1/EventService")));
    }

    private void bindAll(Inventory.Block host, List<String> devices) {
        List<Inventory.Block> done = new ArrayList<>();
        try {
            for (String id : devices) {
                Inventory.Block d = blocks.get(id);
                if (d.kind() == Inventory.Kind.COMPUTE) {
                    continue;
                }
                driver.bind(host, d);
                done.add(d);
            }
        } catch (FabricDriver.DriverException e) {
            unbindAll(host, done);
            throw new RedfishException(
                    409,
                    Messages.withResolution(
                            Messages.of("ResourceInUse"),
                            "The fabric refused a binding (" + e.getMessage() + "); nothing was composed."));
        }
    }

    private void unbindAll(Inventory.Block host, List<Inventory.Block> done) {
        for (Inventory.Block d : done) {
            driver.unbind(host, d);
        }
    }

    private String newId() {
        return UUID.randomUUID().toString();
    }

    /** Composes a system from named blocks; all or nothing. */
    public Composition compose(String name, List<String> blockIds) {
        return composeInternal(name, blockIds, null);
    }

    /** Composes a system from requirements; all or nothing. */
    public Composition compose(String name, Requirements req) {
        if (lock.isHeldByCurrentThread()) {
            return composeLocked(name, plan(req), null);
        }
        return composeClaimed(name, null, req);
    }

    private Composition composeInternal(String name, List<String> blockIds, String reservationId) {
        if (reservationId != null || lock.isHeldByCurrentThread()) {
            return composeLocked(name, blockIds, reservationId);
        }
        return composeClaimed(name, blockIds, null);
    }

    /**
     * Compose without holding the global lock across the fabric driver or the commit: under the lock the blocks are
     * planned (or validated) and claimed, which reserves them against every other writer; the driver then binds them
     * and the transaction commits outside the lock, so a slow driver delays only this request. A refused binding or a
     * failed commit unbinds what was bound and releases the claims (all or nothing).
     */
    private Composition composeClaimed(String name, List<String> named, Requirements req) {
        return composeClaimed(newId(), name, named, req);
    }

    /**
     * Composes a system with a given id (an asynchronous compose's task chose it and recorded it, so a compose resumed
     * after a crash cannot create a second system): when a system with that id exists already it is returned as it is.
     */
    public Composition composeAs(String systemId, String name, List<String> blockIds, Requirements req) {
        Composition done = compositions.get(systemId);
        if (done != null) {
            return done;
        }
        return composeClaimed(systemId, name, blockIds, req);
    }

    private Composition composeClaimed(String id, String name, List<String> named, Requirements req) {
        Inventory.Block host;
        List<String> ordered = new ArrayList<>();
        String now = Times.now();
        lock.lock();
        try {
            List<String> blockIds = named != null ? named : plan(req);
            host = validate(blockIds, null);
            ordered.add(host.id());
            for (String b : blockIds) {
                if (!b.equals(host.id())) {
                    ordered.add(b);
                }
            }
            for (String b : ordered) {
                claimed.put(b, id);
            }
        } finally {
            lock.unlock();
        }
        try {
            bindAll(host, ordered);
        } catch (RuntimeException e) {
            release(ordered);
            throw e;
        }
        try {
            inPooledTransaction(h -> insertSystem(h, id, name, now, ordered));
        } catch (RuntimeException e) {
            unbindAll(host, ordered.stream().skip(1).map(blocks::get).toList());
            release(ordered);
            throw e;
        }
        Composition c = new Composition(id, name, host.id(), List.copyOf(ordered), now, 1);
        lock.lock();
        try {
            for (String b : ordered) {
                owner.put(b, "System:" + id);
                claimed.remove(b);
            }
            compositions.put(id, c);
        } finally {
            lock.unlock();
        }
        emit(List.of(new Change(Messages.of("ResourceCreated"), "/redfish/v1/Systems/" + id)));
        return c;
    }

    private void release(List<String> claimedBlocks) {
        lock.lock();
        try {
            for (String b : claimedBlocks) {
                claimed.remove(b);
            }
        } finally {
            lock.unlock();
        }
    }

    private boolean taken(String blockId) {
        return owner.containsKey(blockId) || claimed.containsKey(blockId);
    }

    /** Writes a composed system and its block assignments (ordered.get(0) is the host block). */
    private static void insertSystem(Handle h, String id, String name, String createdAt, List<String> ordered) {
        h.execute(
                "INSERT INTO composed_system (id, name, host_block, created_at, version) VALUES (?, ?, ?, ?, 1)",
                id,
                name,
                ordered.get(0),
                createdAt);
        var batch =
                h.prepareBatch("INSERT INTO block_assignment (block_id, owner_kind, owner_id) VALUES (?, 'System', ?)");
        for (String b : ordered) {
            batch.add(b, id);
        }
        batch.execute();
    }

    /** A write transaction on the writer connection, one at a time with every other write (see {@link #dbLock}). */
    private void writerTx(org.jdbi.v3.core.HandleConsumer<RuntimeException> tx) {
        serialised(() -> {
            writer.useTransaction(tx);
            return null;
        });
    }

    /** One auto-committed statement on the writer connection, serialised like {@link #writerTx}. */
    private int writerExec(String sql, Object... args) {
        return serialised(() -> writer.execute(sql, args));
    }

    private <T> T serialised(java.util.function.Supplier<T> write) {
        if (!h2) {
            return write.get();
        }
        dbLock.lock();
        try {
            return write.get();
        } finally {
            dbLock.unlock();
        }
    }

    /**
     * The most transactions (and auto-committed writes) that were open at once on this store's connections since it
     * opened, counted by JDBI's transaction handler and SQL logger, not by {@link #dbLock}: 1 on H2.
     */
    int maxConcurrentWrites() {
        return maxWritesInFlight.get();
    }

    /** Counts every transaction and every auto-committed write on any connection of {@code j}. */
    private void countWrites(Jdbi j) {
        j.setTransactionHandler(
                new org.jdbi.v3.core.transaction.DelegatingTransactionHandler(j.getTransactionHandler()) {
                    @Override
                    public <R, X extends Exception> R inTransaction(
                            Handle handle, org.jdbi.v3.core.HandleCallback<R, X> callback) throws X {
                        enterWrite();
                        try {
                            return super.inTransaction(handle, callback);
                        } finally {
                            writesInFlight.decrementAndGet();
                        }
                    }

                    @Override
                    public <R, X extends Exception> R inTransaction(
                            Handle handle,
                            org.jdbi.v3.core.transaction.TransactionIsolationLevel level,
                            org.jdbi.v3.core.HandleCallback<R, X> callback)
                            throws X {
                        enterWrite();
                        try {
                            return super.inTransaction(handle, level, callback);
                        } finally {
                            writesInFlight.decrementAndGet();
                        }
                    }
                });
        j.setSqlLogger(new org.jdbi.v3.core.statement.SqlLogger() {
            @Override
            public void logBeforeExecution(org.jdbi.v3.core.statement.StatementContext ctx) {
                if (autoCommittedWrite(ctx)) {
                    enterWrite();
                }
            }

            @Override
            public void logAfterExecution(org.jdbi.v3.core.statement.StatementContext ctx) {
                if (autoCommittedWrite(ctx)) {
                    writesInFlight.decrementAndGet();
                }
            }

            @Override
            public void logException(org.jdbi.v3.core.statement.StatementContext ctx, java.sql.SQLException ex) {
                logAfterExecution(ctx);
            }
        });
    }

    private void enterWrite() {
        maxWritesInFlight.accumulateAndGet(writesInFlight.incrementAndGet(), Math::max);
    }

    private static boolean autoCommittedWrite(org.jdbi.v3.core.statement.StatementContext ctx) {
        String sql = ctx.getRenderedSql();
        if (sql == null) {
            return false;
        }
        int at = 0;
        while (at < sql.length() && Character.isWhitespace(sql.charAt(at))) {
            at++;
        }
        // the verb only, without copying the statement (this runs for every statement the store executes)
        boolean write = false;
        for (String verb : WRITE_VERBS) {
            write |= sql.regionMatches(true, at, verb, 0, verb.length());
        }
        if (!write) {
            return false;
        }
        try {
            return ctx.getConnection().getAutoCommit();
        } catch (java.sql.SQLException e) {
            return false;
        }
    }

    private static final List<String> WRITE_VERBS = List.of("INSERT", "UPDATE", "DELETE", "MERGE");

    private void inPooledTransaction(org.jdbi.v3.core.HandleConsumer<RuntimeException> tx) {
        Handle h = pool.poll();
        if (h == null) {
            h = jdbi.open();
        }
        Handle handle = h;
        try {
            serialised(() -> {
                handle.useTransaction(tx);
                return null;
            });
        } finally {
            if (closed) {
                h.close();
            } else {
                pool.offer(h);
            }
        }
    }

    private Composition composeLocked(String name, List<String> blockIds, String reservationId) {
        lock.lock();
        try {
            Inventory.Block host = validate(blockIds, reservationId == null ? null : "Reservation:" + reservationId);
            List<String> ordered = new ArrayList<>();
            ordered.add(host.id());
            for (String id : blockIds) {
                if (!id.equals(host.id())) {
                    ordered.add(id);
                }
            }
            bindAll(host, ordered);
            String id = newId();
            String now = Times.now();
            try {
                writerTx(h -> {
                    if (reservationId != null) {
                        h.execute(
                                "DELETE FROM block_assignment WHERE owner_kind = 'Reservation' AND owner_id = ?",
                                reservationId);
                        h.execute("DELETE FROM reservation WHERE id = ?", reservationId);
                    }
                    insertSystem(h, id, name, now, ordered);
                });
            } catch (RuntimeException e) {
                unbindAll(host, ordered.stream().skip(1).map(blocks::get).toList());
                throw e;
            }
            if (reservationId != null) {
                reservations.remove(reservationId);
            }
            Composition c = new Composition(id, name, host.id(), List.copyOf(ordered), now, 1);
            for (String b : ordered) {
                owner.put(b, "System:" + id);
            }
            compositions.put(id, c);
            if (hasListener()) {
                emit(List.of(new Change(Messages.of("ResourceCreated"), "/redfish/v1/Systems/" + id)));
            }
            return c;
        } finally {
            lock.unlock();
        }
    }

    private boolean hasListener() {
        return true;
    }

    /** Decomposes a system: unbinds and deletes it; its blocks return to the free pool. */
    public void decompose(String id) {
        if (lock.isHeldByCurrentThread()) {
            decomposeLocked(id);
            return;
        }
        Composition c;
        lock.lock();
        try {
            c = compositions.remove(id);
            if (c == null) {
                throw new RedfishException(404, Messages.of("ResourceNotFound", "ComputerSystem", id));
            }
        } finally {
            lock.unlock();
        }
        try {
            inPooledTransaction(h -> {
                h.execute("DELETE FROM block_assignment WHERE owner_kind = 'System' AND owner_id = ?", id);
                h.execute("DELETE FROM composed_system WHERE id = ?", id);
            });
        } catch (RuntimeException e) {
            compositions.put(id, c);
            throw e;
        }
        // the blocks stay claimed while the driver unbinds them outside the lock, so nobody binds them meanwhile
        lock.lock();
        try {
            for (String b : c.blocks()) {
                owner.remove(b);
                claimed.put(b, id);
            }
        } finally {
            lock.unlock();
        }
        try {
            unbindAll(
                    blocks.get(c.hostBlock()),
                    c.blocks().stream().skip(1).map(blocks::get).toList());
        } finally {
            release(c.blocks());
        }
        emit(List.of(new Change(Messages.of("ResourceRemoved"), "/redfish/v1/Systems/" + id)));
    }

    private void decomposeLocked(String id) {
        lock.lock();
        try {
            Composition c = compositions.get(id);
            if (c == null) {
                throw new RedfishException(404, Messages.of("ResourceNotFound", "ComputerSystem", id));
            }
            writerTx(h -> {
                h.execute("DELETE FROM block_assignment WHERE owner_kind = 'System' AND owner_id = ?", id);
                h.execute("DELETE FROM composed_system WHERE id = ?", id);
            });
            compositions.remove(id);
            for (String b : c.blocks()) {
                owner.remove(b);
            }
            Inventory.Block host = blocks.get(c.hostBlock());
            unbindAll(host, c.blocks().stream().skip(1).map(blocks::get).toList());
            emit(List.of(new Change(Messages.of("ResourceRemoved"), "/redfish/v1/Systems/" + id)));
        } finally {
            lock.unlock();
        }
    }

    /** Adds a free block to a composed system (AddResourceBlock). */
    public Composition addBlock(String id, String blockId) {
        lock.lock();
        try {
            Composition c = compositions.get(id);
            if (c == null) {
                throw new RedfishException(404, Messages.of("ResourceNotFound", "ComputerSystem", id));
            }
            List<String> all = new ArrayList<>(c.blocks());
            all.add(blockId);
            validate(all, "System:" + id);
            Inventory.Block host = blocks.get(c.hostBlock());
            bindAll(host, List.of(blockId));
            try {
                writerTx(h -> {
                    h.execute(
                            "INSERT INTO block_assignment (block_id, owner_kind, owner_id) VALUES (?, 'System', ?)",
                            blockId,
                            id);
                    h.execute("UPDATE composed_system SET version = version + 1 WHERE id = ?", id);
                });
            } catch (RuntimeException e) {
                driver.unbind(host, blocks.get(blockId));
                throw e;
            }
            Composition n =
                    new Composition(id, c.name(), c.hostBlock(), List.copyOf(all), c.createdAt(), c.version() + 1);
            owner.put(blockId, "System:" + id);
            compositions.put(id, n);
            emit(List.of(new Change(Messages.of("ResourceChanged"), "/redfish/v1/Systems/" + id)));
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** Removes a device block from a composed system (RemoveResourceBlock); the compute block cannot be removed. */
    public Composition removeBlock(String id, String blockId) {
        lock.lock();
        try {
            Composition c = compositions.get(id);
            if (c == null) {
                throw new RedfishException(404, Messages.of("ResourceNotFound", "ComputerSystem", id));
            }
            if (!c.blocks().contains(blockId)) {
                throw new RedfishException(400, Messages.of("ResourceBlockNotFound", blockId));
            }
            if (blockId.equals(c.hostBlock())) {
                throw new RedfishException(
                        400,
                        Messages.withResolution(
                                Messages.of("ResourceBlockInvalid", blockId),
                                "The Compute block cannot be removed; DELETE the system to decompose it."));
            }
            writerTx(h -> {
                h.execute("DELETE FROM block_assignment WHERE block_id = ? AND owner_kind = 'System'", blockId);
                h.execute("UPDATE composed_system SET version = version + 1 WHERE id = ?", id);
            });
            List<String> all = new ArrayList<>(c.blocks());
            all.remove(blockId);
            Composition n =
                    new Composition(id, c.name(), c.hostBlock(), List.copyOf(all), c.createdAt(), c.version() + 1);
            owner.remove(blockId);
            compositions.put(id, n);
            driver.unbind(blocks.get(c.hostBlock()), blocks.get(blockId));
            emit(List.of(new Change(Messages.of("ResourceChanged"), "/redfish/v1/Systems/" + id)));
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** Renames a composed system. */
    public Composition rename(String id, String name) {
        lock.lock();
        try {
            Composition c = compositions.get(id);
            if (c == null) {
                throw new RedfishException(404, Messages.of("ResourceNotFound", "ComputerSystem", id));
            }
            writerExec("UPDATE composed_system SET name = ?, version = version + 1 WHERE id = ?", name, id);
            Composition n = new Composition(id, name, c.hostBlock(), c.blocks(), c.createdAt(), c.version() + 1);
            compositions.put(id, n);
            emit(List.of(new Change(Messages.of("ResourceChanged"), "/redfish/v1/Systems/" + id)));
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** Reserves blocks (PreviewReserve) so that a later Apply composes exactly them. */
    public String reserve(List<String> blockIds) {
        lock.lock();
        try {
            validate(blockIds, null);
            String id = newId();
            String now = Times.now();
            writerTx(h -> {
                h.execute("INSERT INTO reservation (id, created_at) VALUES (?, ?)", id, now);
                var batch = h.prepareBatch(
                        "INSERT INTO block_assignment (block_id, owner_kind, owner_id) VALUES (?, 'Reservation', ?)");
                blockIds.forEach(b -> batch.add(b, id));
                batch.execute();
            });
            reservations.put(id, List.copyOf(blockIds));
            blockIds.forEach(b -> owner.put(b, "Reservation:" + id));
            return id;
        } finally {
            lock.unlock();
        }
    }

    /** Composes the blocks of a reservation and drops the reservation (Apply). */
    public Composition applyReservation(String reservationId, String name) {
        lock.lock();
        try {
            List<String> bl = reservations.get(reservationId);
            if (bl == null) {
                throw new RedfishException(
                        404, Messages.of("ResourceNotFound", "CompositionReservation", reservationId));
            }
            return composeInternal(name, bl, reservationId);
        } finally {
            lock.unlock();
        }
    }

    /** Releases a reservation. */
    public void cancelReservation(String reservationId) {
        lock.lock();
        try {
            List<String> bl = reservations.get(reservationId);
            if (bl == null) {
                throw new RedfishException(
                        404, Messages.of("ResourceNotFound", "CompositionReservation", reservationId));
            }
            writerTx(h -> {
                h.execute(
                        "DELETE FROM block_assignment WHERE owner_kind = 'Reservation' AND owner_id = ?",
                        reservationId);
                h.execute("DELETE FROM reservation WHERE id = ?", reservationId);
            });
            reservations.remove(reservationId);
            bl.forEach(owner::remove);
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ CXL memory connections

    /** Binds free memory chunks to a host over the CXL fabric; capacity is accounted per chunk. */
    public MemoryConnection connect(String hostBlock, List<String> chunks) {
        lock.lock();
        try {
            Inventory.Block host = blocks.get(hostBlock);
            if (host == null || host.kind() != Inventory.Kind.COMPUTE) {
                throw new RedfishException(
                        400,
                        Messages.withProps(
                                "PropertyValueNotInList",
                                List.of("/Links/InitiatorEndpoints"),
                                String.valueOf(hostBlock),
                                "Links/InitiatorEndpoints"));
            }
            if (chunks.isEmpty()) {
                throw new RedfishException(
                        400, Messages.withProps("PropertyMissing", List.of("/MemoryChunkInfo"), "MemoryChunkInfo"));
            }
            for (String c : chunks) {
                Inventory.Block b = blocks.get(c);
                if (b == null || b.kind() != Inventory.Kind.MEMORY) {
                    throw new RedfishException(
                            400,
                            Messages.withProps(
                                    "PropertyValueNotInList", List.of("/MemoryChunkInfo"), c, "MemoryChunkInfo"));
                }
                if (taken(c)) {
                    throw new RedfishException(409, Messages.of("ResourceBlockInUse", c));
                }
                if (!b.zoneId().equals(host.zoneId())) {
                    throw new RedfishException(409, Messages.of("IncompatibleZone"));
                }
            }
            bindAll(host, chunks);
            String id = newId();
            String now = Times.now();
            try {
                writerTx(h -> {
                    h.execute(
                            "INSERT INTO memory_connection (id, host_block, created_at) VALUES (?, ?, ?)",
                            id,
                            hostBlock,
                            now);
                    var batch = h.prepareBatch(
                            "INSERT INTO block_assignment (block_id, owner_kind, owner_id) VALUES (?, 'Connection', ?)");
                    chunks.forEach(c -> batch.add(c, id));
                    batch.execute();
                });
            } catch (RuntimeException e) {
                unbindAll(host, chunks.stream().map(blocks::get).toList());
                throw e;
            }
            MemoryConnection mc = new MemoryConnection(id, hostBlock, List.copyOf(chunks), now);
            connections.put(id, mc);
            chunks.forEach(c -> owner.put(c, "Connection:" + id));
            emit(List.of(new Change(Messages.of("ResourceCreated"), "/redfish/v1/Fabrics/CXL/Connections/" + id)));
            return mc;
        } finally {
            lock.unlock();
        }
    }

    /** Releases a memory connection. */
    public void disconnect(String id) {
        lock.lock();
        try {
            MemoryConnection mc = connections.get(id);
            if (mc == null) {
                throw new RedfishException(404, Messages.of("ResourceNotFound", "Connection", id));
            }
            writerTx(h -> {
                h.execute("DELETE FROM block_assignment WHERE owner_kind = 'Connection' AND owner_id = ?", id);
                h.execute("DELETE FROM memory_connection WHERE id = ?", id);
            });
            connections.remove(id);
            mc.chunks().forEach(owner::remove);
            unbindAll(
                    blocks.get(mc.hostBlock()),
                    mc.chunks().stream().map(blocks::get).toList());
            emit(List.of(new Change(Messages.of("ResourceRemoved"), "/redfish/v1/Fabrics/CXL/Connections/" + id)));
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ fabric zones

    /** Creates or replaces a fabric zone of endpoints. */
    public FabricZone putZone(String fabric, String id, String name, List<String> endpoints) {
        lock.lock();
        try {
            boolean exists = zones.containsKey(fabric + "/" + id);
            writerTx(h -> {
                if (exists) {
                    h.execute("DELETE FROM fabric_zone_endpoint WHERE fabric = ? AND zone_id = ?", fabric, id);
                    h.execute("UPDATE fabric_zone SET name = ? WHERE fabric = ? AND id = ?", name, fabric, id);
                } else {
                    h.execute("INSERT INTO fabric_zone (id, fabric, name) VALUES (?, ?, ?)", id, fabric, name);
                }
                var batch = h.prepareBatch(
                        "INSERT INTO fabric_zone_endpoint (fabric, zone_id, endpoint_id) VALUES (?, ?, ?)");
                endpoints.forEach(e -> batch.add(fabric, id, e));
                if (!endpoints.isEmpty()) {
                    batch.execute();
                }
            });
            FabricZone z = new FabricZone(fabric, id, name, List.copyOf(endpoints));
            zones.put(fabric + "/" + id, z);
            emit(List.of(new Change(
                    Messages.of(exists ? "ResourceChanged" : "ResourceCreated"),
                    "/redfish/v1/Fabrics/" + fabric + "/Zones/" + id)));
            return z;
        } finally {
            lock.unlock();
        }
    }

    /** One fabric zone. */
    public Optional<FabricZone> zone(String fabric, String id) {
        return Optional.ofNullable(zones.get(fabric + "/" + id));
    }

    /** Deletes a fabric zone. */
    public void deleteZone(String fabric, String id) {
        lock.lock();
        try {
            if (!zones.containsKey(fabric + "/" + id)) {
                throw new RedfishException(404, Messages.of("ResourceNotFound", "Zone", id));
            }
            writerTx(h -> {
                h.execute("DELETE FROM fabric_zone_endpoint WHERE fabric = ? AND zone_id = ?", fabric, id);
                h.execute("DELETE FROM fabric_zone WHERE fabric = ? AND id = ?", fabric, id);
            });
            zones.remove(fabric + "/" + id);
            emit(List.of(new Change(Messages.of("ResourceRemoved"), "/redfish/v1/Fabrics/" + fabric + "/Zones/" + id)));
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ faults

    /**
     * Records a fault (or its clearing, kind null) on a port, persists it and emits the events: the port's and every
     * affected composition's health change.
     */
    public void recordFault(FabricDriver.Fault f) {
        lock.lock();
        List<Change> changes = new ArrayList<>();
        try {
            String key = f.fabric() + "/" + f.switchId() + "/" + f.portId();
            Map<String, String> before = new LinkedHashMap<>();
            compositions.values().forEach(c -> before.put(c.id(), health(c)));
            writerTx(h -> {
                h.execute(
                        "DELETE FROM port_fault WHERE fabric = ? AND switch_id = ? AND port_id = ?",
                        f.fabric(),
                        f.switchId(),
                        f.portId());
                if (f.kind() != null) {
                    h.execute(
                            "INSERT INTO port_fault (fabric, switch_id, port_id, fault, since) VALUES (?, ?, ?, ?, ?)",
                            f.fabric(),
                            f.switchId(),
                            f.portId(),
                            f.kind(),
                            Times.now());
                }
            });
            if (f.kind() == null) {
                faults.remove(key);
            } else {
                faults.put(key, f.kind());
            }
            String portUri = "/redfish/v1/Fabrics/" + f.fabric() + "/Switches/" + f.switchId() + "/Ports/" + f.portId();
            String portHealth = f.kind() == null ? "OK" : f.kind().equals("LinkDown") ? "Warning" : "Critical";
            changes.add(new Change(
                    Messages.of("ResourceStatusChanged" + suffix(portHealth), portUri, portHealth), portUri));
            changes.add(new Change(
                    Messages.of("ResourceStateChanged", portUri, f.kind() == null ? "Enabled" : f.kind()), portUri));
            for (Composition c : compositions.values()) {
                String now = health(c);
                if (!now.equals(before.get(c.id()))) {
                    String uri = "/redfish/v1/Systems/" + c.id();
                    changes.add(new Change(Messages.of("ResourceStatusChanged" + suffix(now), uri, now), uri));
                }
            }
        } finally {
            lock.unlock();
        }
        emit(changes);
    }

    private static String suffix(String health) {
        return health.equals("OK") ? "OK" : health;
    }

    // ------------------------------------------------------------------ accounts and sessions

    private static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hash(String password) {
        return BCrypt.withDefaults().hashToString(AccountPolicy.BCRYPT_COST, password.toCharArray());
    }

    /** Generates a random password of 20 URL-safe characters. */
    public String randomPassword() {
        byte[] b = new byte[15];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /**
     * Creates the {@code admin} account on the first start (no account at all). Returns the password if it was
     * generated now (to print once), or null. A given password is applied to an existing {@code admin} at every start;
     * an administrator renamed or deleted on purpose is never re-created.
     */
    public String bootstrapAdmin(String givenPassword) {
        lock.lock();
        try {
            Optional<Account> admin = accounts.values().stream()
                    .filter(a -> a.userName().equals("admin"))
                    .findFirst();
            if (admin.isPresent()) {
                if (givenPassword != null
                        && !AccountPolicy.verify(givenPassword, admin.get().passwordHash())) {
                    patchAccount(admin.get().id(), null, givenPassword, null, null);
                }
                return null;
            }
            if (!accounts.isEmpty()) {
                return null;
            }
            String pw = givenPassword != null ? givenPassword : randomPassword();
            createAccount("admin", pw, "Administrator");
            return givenPassword != null ? null : pw;
        } finally {
            lock.unlock();
        }
    }

    /** Creates an account. */
    public Account createAccount(String userName, String password, String roleId) {
        if (!ROLES.contains(roleId)) {
            throw new RedfishException(
                    400, Messages.withProps("PropertyValueNotInList", List.of("/RoleId"), roleId, "RoleId"));
        }
        AccountPolicy.checkUserName(userName);
        AccountPolicy.checkPassword(userName, password);
        lock.lock();
        try {
            if (accounts.values().stream().anyMatch(a -> a.userName().equals(userName))) {
                throw new RedfishException(
                        409, Messages.of("ResourceAlreadyExists", "ManagerAccount", "UserName", userName));
            }
            long next =
                    accounts.keySet().stream().mapToLong(Long::parseLong).max().orElse(0) + 1;
            Account a = new Account(Long.toString(next), userName, hash(password), roleId, true, 1);
            writerExec(
                    "INSERT INTO account (id, user_name, password_hash, role_id, enabled, version) VALUES (?, ?, ?, ?, ?, 1)",
                    a.id(),
                    a.userName(),
                    a.passwordHash(),
                    a.roleId(),
                    true);
            accounts.put(a.id(), a);
            return a;
        } finally {
            lock.unlock();
        }
    }

    private long enabledAdministrators() {
        return accounts.values().stream()
                .filter(a -> a.enabled() && a.roleId().equals("Administrator"))
                .count();
    }

    private static RedfishException lastAdministrator(Messages.Info info) {
        return new RedfishException(
                409,
                Messages.withResolution(
                        info,
                        "This is the last enabled Administrator account; create or enable another Administrator"
                                + " first."));
    }

    /** Changes an account; null arguments are left unchanged. */
    public Account patchAccount(String id, String userName, String password, String roleId, Boolean enabled) {
        lock.lock();
        try {
            Account a = accounts.get(id);
            if (a == null) {
                throw new RedfishException(404, Messages.of("ResourceNotFound", "ManagerAccount", id));
            }
            if (roleId != null && !ROLES.contains(roleId)) {
                throw new RedfishException(
                        400, Messages.withProps("PropertyValueNotInList", List.of("/RoleId"), roleId, "RoleId"));
            }
            if (userName != null && !userName.equals(a.userName())) {
                AccountPolicy.checkUserName(userName);
                if (accounts.values().stream().anyMatch(x -> x.userName().equals(userName))) {
                    throw new RedfishException(
                            409, Messages.of("ResourceAlreadyExists", "ManagerAccount", "UserName", userName));
                }
            }
            if (password != null) {
                AccountPolicy.checkPassword(userName != null ? userName : a.userName(), password);
            }
            boolean adminNow = a.enabled() && a.roleId().equals("Administrator");
            boolean adminAfter = (enabled != null ? enabled : a.enabled())
                    && (roleId != null ? roleId : a.roleId()).equals("Administrator");
            if (adminNow && !adminAfter && enabledAdministrators() <= 1) {
                throw lastAdministrator(Messages.withProps(
                        "PropertyValueConflict",
                        List.of(enabled != null ? "/Enabled" : "/RoleId"),
                        enabled != null ? "Enabled" : "RoleId",
                        "RoleId"));
            }
            Account n = new Account(
                    id,
                    userName != null ? userName : a.userName(),
                    password != null ? hash(password) : a.passwordHash(),
                    roleId != null ? roleId : a.roleId(),
                    enabled != null ? enabled : a.enabled(),
                    a.version() + 1);
            writerTx(h -> {
                h.execute(
                        "UPDATE account SET user_name = ?, password_hash = ?, role_id = ?, enabled = ?, version = ?"
                                + " WHERE id = ?",
                        n.userName(),
                        n.passwordHash(),
                        n.roleId(),
                        n.enabled(),
                        n.version(),
                        id);
                if (password != null || Boolean.FALSE.equals(enabled)) {
                    h.execute("DELETE FROM web_session WHERE account_id = ?", id);
                }
            });
            accounts.put(id, n);
            basicCache.clear();
            if (password != null || Boolean.FALSE.equals(enabled)) {
                sessions.values().removeIf(s -> s.accountId().equals(id));
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** Deletes an account (and its sessions). */
    public void deleteAccount(String id) {
        lock.lock();
        try {
            Account a = accounts.get(id);
            if (a == null) {
                throw new RedfishException(404, Messages.of("ResourceNotFound", "ManagerAccount", id));
            }
            if (a.enabled() && a.roleId().equals("Administrator") && enabledAdministrators() <= 1) {
                throw lastAdministrator(Messages.of("ResourceCannotBeDeleted"));
            }
            writerExec("DELETE FROM account WHERE id = ?", id);
            accounts.remove(id);
            basicCache.clear();
            sessions.values().removeIf(s -> s.accountId().equals(id));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Verifies a user name and password; returns the enabled, unlocked account. Successful checks are cached by digest;
     * every failure (unknown user, wrong or over-long password, disabled, locked out) costs one bcrypt, counts towards
     * the lockout of that user name and returns empty.
     */
    public Optional<Account> authenticate(String userName, String password) {
        if (policy.locked(userName)) {
            AccountPolicy.verify(password, null);
            return Optional.empty();
        }
        String key = sha256(userName + "\u0000" + password);
        String cached = basicCache.get(key);
        if (cached != null) {
            Account a = accounts.get(cached);
            if (a != null && a.enabled() && a.userName().equals(userName)) {
                return Optional.of(a);
            }
        }
        Account found = null;
        for (Account a : accounts.values()) {
            if (a.userName().equals(userName)) {
                found = a;
                break;
            }
        }
        boolean ok = AccountPolicy.verify(password, found == null ? null : found.passwordHash());
        if (ok && found.enabled()) {
            policy.reset(userName);
            basicCache.put(key, found.id());
            return Optional.of(found);
        }
        policy.failed(userName);
        return Optional.empty();
    }

    /** Whether an account is locked out by failed authentications (ManagerAccount.Locked). */
    public boolean locked(Account a) {
        return policy.locked(a.userName());
    }

    /** Unlocks an account (PATCH Locked=false by an administrator). */
    public void unlock(String id) {
        Account a = account(id)
                .orElseThrow(() -> new RedfishException(404, Messages.of("ResourceNotFound", "ManagerAccount", id)));
        policy.reset(a.userName());
    }

    /**
     * A new session and its token (returned once, stored only as a SHA-256 digest).
     *
     * @param session the session
     * @param token the X-Auth-Token value
     */
    public record NewSession(Session session, String token) {}

    /** Creates a session for an authenticated account. */
    public NewSession createSession(Account a) {
        byte[] b = new byte[32];
        random.nextBytes(b);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        String id = newId();
        String now = Times.now();
        Session s = new Session(id, sha256(token), a.id(), now, new AtomicLong(System.currentTimeMillis()));
        lock.lock();
        try {
            writerExec(
                    "INSERT INTO web_session (id, token_hash, account_id, created_at) VALUES (?, ?, ?, ?)",
                    id,
                    s.tokenHash(),
                    a.id(),
                    now);
            sessions.put(s.tokenHash(), s);
        } finally {
            lock.unlock();
        }
        return new NewSession(s, token);
    }

    private boolean expired(Session s) {
        return System.currentTimeMillis() - s.lastUsedMs().get() > sessionTimeoutS * 1000L;
    }

    /** Resolves a token to a live session and refreshes its expiry; expired sessions are removed. */
    public Optional<Session> session(String token) {
        Session s = sessions.get(sha256(token));
        if (s == null) {
            return Optional.empty();
        }
        if (expired(s)) {
            deleteSession(s.id());
            return Optional.empty();
        }
        s.lastUsedMs().set(System.currentTimeMillis());
        return Optional.of(s);
    }

    /** A session by id. */
    public Optional<Session> sessionById(String id) {
        return sessions().stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /** Deletes a session. */
    public void deleteSession(String id) {
        lock.lock();
        try {
            writerExec("DELETE FROM web_session WHERE id = ?", id);
            sessions.values().removeIf(s -> s.id().equals(id));
        } finally {
            lock.unlock();
        }
    }

    /** Sets the session timeout (30 to 86400 s). */
    public void setSessionTimeout(int seconds) {
        if (seconds < 30 || seconds > 86_400) {
            throw new RedfishException(
                    400,
                    Messages.withProps(
                            "PropertyValueNotInList",
                            List.of("/SessionTimeout"),
                            Integer.toString(seconds),
                            "SessionTimeout"));
        }
        lock.lock();
        try {
            writerTx(h -> {
                h.execute("DELETE FROM setting WHERE name = 'SessionTimeout'");
                h.execute("INSERT INTO setting (name, val) VALUES ('SessionTimeout', ?)", Integer.toString(seconds));
            });
            sessionTimeoutS = seconds;
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ subscriptions and tasks

    /** Creates an event subscription. */
    public Subscription subscribe(String destination, String context, int retryAttempts, int retryIntervalS) {
        lock.lock();
        try {
            Subscription s = new Subscription(
                    newId(), destination, context, "Redfish", retryAttempts, retryIntervalS, Times.now());
            writerExec(
                    "INSERT INTO subscription (id, destination, context, protocol, retry_attempts, retry_interval_s,"
                            + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    s.id(),
                    s.destination(),
                    s.context(),
                    s.protocol(),
                    s.retryAttempts(),
                    s.retryIntervalS(),
                    s.createdAt());
            subscriptions.put(s.id(), s);
            return s;
        } finally {
            lock.unlock();
        }
    }

    /** A subscription by id. */
    public Optional<Subscription> subscription(String id) {
        return Optional.ofNullable(subscriptions.get(id));
    }

    /** Deletes a subscription. */
    public void unsubscribe(String id) {
        lock.lock();
        try {
            if (!subscriptions.containsKey(id)) {
                throw new RedfishException(404, Messages.of("ResourceNotFound", "EventDestination", id));
            }
            writerExec("DELETE FROM subscription WHERE id = ?", id);
            subscriptions.remove(id);
        } finally {
            lock.unlock();
        }
    }

    /** Stores (inserts or updates) a task. */
    public void putTask(Task t) {
        putTask(t, null, null);
    }

    /**
     * Stores (inserts or updates) a task with what a running compose needs to be resumed after a crash: the system id
     * it creates and its request body (both null once it has finished).
     */
    public void putTask(Task t, String systemId, String requestBody) {
        lock.lock();
        try {
            writerTx(h -> {
                h.execute("DELETE FROM task WHERE id = ?", t.id());
                h.execute(
                        "INSERT INTO task (id, state, status, message, target_uri, start_time, end_time, system_id,"
                                + " request_body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        t.id(),
                        t.state(),
                        t.status(),
                        trim(t.message()),
                        t.targetUri(),
                        t.startTime(),
                        t.endTime(),
                        systemId,
                        requestBody);
            });
            tasks.put(t.id(), t);
        } finally {
            lock.unlock();
        }
    }

    /** A task by id. */
    public Optional<Task> task(String id) {
        return Optional.ofNullable(tasks.get(id));
    }

    /** Counts rows of block_assignment per owner kind straight from the database (for invariant checks). */
    public Map<String, Integer> databaseCounts() {
        return jdbi.withHandle(h -> {
            Map<String, Integer> m = new TreeMap<>();
            m.put(
                    "systems",
                    h.createQuery("SELECT COUNT(*) FROM composed_system")
                            .mapTo(Integer.class)
                            .one());
            m.put(
                    "assignments",
                    h.createQuery("SELECT COUNT(*) FROM block_assignment")
                            .mapTo(Integer.class)
                            .one());
            return m;
        });
    }

    /** Composed systems and their blocks read straight from the database (not the mirror), for invariant checks. */
    public Map<String, List<String>> databaseSnapshot() {
        return jdbi.withHandle(h -> {
            Map<String, List<String>> m = new TreeMap<>();
            h.createQuery("SELECT id FROM composed_system")
                    .mapTo(String.class)
                    .list()
                    .forEach(id -> m.put(id, new ArrayList<>()));
            h.createQuery(
                            "SELECT block_id, owner_id FROM block_assignment WHERE owner_kind = 'System' ORDER BY block_id")
                    .map((rs, ctx) -> m.computeIfAbsent(rs.getString(2), k -> new ArrayList<>())
                            .add(rs.getString(1)))
                    .list();
            return m;
        });
    }

    /** Whether the database is H2 (embedded). */
    public boolean embedded() {
        return h2;
    }

    /** Free blocks of every kind (the free pool). */
    public List<Inventory.Block> freeBlocks() {
        List<Inventory.Block> l = new ArrayList<>();
        for (Inventory.Block b : blocks.values()) {
            if (!taken(b.id())) {
                l.add(b);
            }
        }
        return l;
    }

    /** All blocks in inventory order. */
    public Collection<Inventory.Block> blocks() {
        return blocks.values();
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            for (Handle h; (h = pool.poll()) != null; ) {
                h.close();
            }
            writer.close();
        } finally {
            lock.unlock();
        }
    }
}
