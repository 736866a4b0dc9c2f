package dev.nearlight.manager;

import static dev.nearlight.manager.Json.o;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redfish HTTP front end: one dispatcher matches every URI against a route table, applies the protocol rules of
 * composable.md 4.4 (OData-Version, Allow, ETag/If-Match, Cache-Control, Link describedby, query parameter checks,
 * POST to Members), authenticates (X-Auth-Token session or Basic) and authorises by Redfish privilege, then renders
 * or mutates through {@link ManagerStore}.
 */
public final class RedfishServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedfishServer.class);
    private static final String V1 = Resources.V1;

    /**
     * Server options.
     *
     * @param host bind address
     * @param port port (0 for ephemeral)
     * @param tlsKeystore PKCS12 keystore; when set the service is HTTPS only
     * @param tlsPassword keystore password
     */
    public record Options(String host, int port, Path tlsKeystore, String tlsPassword, Limits limits) {
        /** Options with the default {@link Limits}. */
        public Options(String host, int port, Path tlsKeystore, String tlsPassword) {
            this(host, port, tlsKeystore, tlsPassword, Limits.DEFAULT);
        }
    }

    /**
     * Limits at the edge, so that slow or huge requests from one client cannot starve the others.
     *
     * @param maxBodyBytes largest request body (413 PayloadTooLarge beyond)
     * @param maxHeaderBytes largest request line plus headers (431 beyond)
     * @param idleTimeoutMs a connection that sends nothing for this long is closed
     * @param bodyDeadlineMs a request body must arrive completely within this time (408 otherwise)
     * @param maxConnectionsPerClient open connections per remote address; more are closed at once
     * @param maxAuthFailuresPerMinute failed logins or Basic checks per remote address per minute; beyond, 429 without
     *     checking the credentials (bcrypt is the most expensive thing an anonymous client can make the service do)
     * @param threads largest number of request threads
     */
    public record Limits(
            int maxBodyBytes,
            int maxHeaderBytes,
            long idleTimeoutMs,
            long bodyDeadlineMs,
            int maxConnectionsPerClient,
            int maxAuthFailuresPerMinute,
            int threads) {
        /** The service defaults (documented in docs/manager.md). */
        public static final Limits DEFAULT = new Limits(64 * 1024, 16 * 1024, 10_000, 10_000, 128, 30, 256);
    }

    /** Redfish privileges the routes require. */
    enum Priv {
        NONE,
        LOGIN,
        SELF,
        COMPONENTS,
        USERS,
        MANAGER
    }

    /**
     * The caller.
     *
     * @param account the account
     * @param session the session, null for Basic
     */
    record Principal(ManagerStore.Account account, ManagerStore.Session session) {
        boolean has(Priv p) {
            return p == Priv.NONE || Resources.privileges(account.roleId()).contains(privName(p));
        }
    }

    private static String privName(Priv p) {
        return switch (p) {
            case LOGIN -> "Login";
            case SELF -> "ConfigureSelf";
            case COMPONENTS -> "ConfigureComponents";
            case USERS -> "ConfigureUsers";
            case MANAGER -> "ConfigureManager";
            case NONE -> "";
        };
    }

    /**
     * One request as the handlers see it.
     *
     * @param g path groups
     * @param body parsed JSON body (an empty object when absent)
     * @param who the caller (null on unauthenticated routes)
     * @param ctx the Javalin context
     */
    record Req(String[] g, JsonNode body, Principal who, Context ctx) {}

    /**
     * A handler's result.
     *
     * @param status HTTP status
     * @param body JSON body or null
     * @param headers extra headers
     */
    record Result(int status, ObjectNode body, Map<String, String> headers) {
        static Result ok(ObjectNode body) {
            return new Result(200, body, Map.of());
        }

        static Result created(ObjectNode body) {
            return new Result(
                    201, body, Map.of("Location", body.get("@odata.id").asText()));
        }

        static Result noContent() {
            return new Result(204, null, Map.of());
        }
    }

    interface Op {
        Result run(Req r);
    }

    private record Action(Priv priv, Op op, BodyRules.Obj schema) {}

    private static final class Route {
        final Pattern pattern;
        final Function<String[], Optional<ObjectNode>> get;
        final Map<String, Action> ops = new LinkedHashMap<>();
        final boolean actionOnly;

        Route(String regex, Function<String[], Optional<ObjectNode>> get) {
            this.pattern = Pattern.compile(regex);
            this.get = get;
            this.actionOnly = get == null;
        }

        Route post(Priv p, BodyRules.Obj schema, Op op) {
            ops.put("POST", new Action(p, op, schema));
            return this;
        }

        Route patch(Priv p, BodyRules.Obj schema, Op op) {
            ops.put("PATCH", new Action(p, op, schema));
            return this;
        }

        Route delete(Priv p, Op op) {
            ops.put("DELETE", new Action(p, op, BodyRules.NONE));
            return this;
        }

        String allow() {
            List<String> m = new ArrayList<>();
            if (!actionOnly) {
                m.add("GET");
                m.add("HEAD");
            }
            m.addAll(ops.keySet());
            return String.join(", ", m);
        }
    }

    private final ManagerStore store;
    private final EventDispatcher events;
    private final DigitalTwinDriver twin;
    private final Resources res;
    private final List<Route> routes = new ArrayList<>();
    private final ExecutorService tasks = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "nearlight-tasks");
        t.setDaemon(true);
        return t;
    });
    private final boolean tls;
    private Javalin app;
    private Limits limits = Limits.DEFAULT;
    private Edge.FailureWindow authFailures;

    /** Wires the server; call {@link #start(Options)} to listen. */
    public RedfishServer(ManagerStore store, EventDispatcher events, DigitalTwinDriver twin, boolean tls) {
        this.store = store;
        this.events = events;
        this.twin = twin;
        this.tls = tls;
        this.res = new Resources(
                store,
                UUID.nameUUIDFromBytes("nearlight-fabric-manager".getBytes(StandardCharsets.UTF_8))
                        .toString());
        twin.onFault(store::recordFault);
        buildRoutes();
    }

    private static Optional<ObjectNode> some(ObjectNode n) {
        return Optional.of(n);
    }

    private Route route(String regex, Function<String[], Optional<ObjectNode>> get) {
        Route r = new Route("^" + regex.replace("{}", "([^/]+)") + "$", get);
        routes.add(r);
        return r;
    }

    private void buildRoutes() {
        route("/redfish/v1/Systems", g -> some(res.systems()))
                .post(Priv.COMPONENTS, BodyRules.COMPOSE_REQUEST, this::createSystem);
        route("/redfish/v1/Systems/{}", g -> res.system(g[0]))
                .patch(Priv.COMPONENTS, BodyRules.SYSTEM_PATCH, this::patchSystem)
                .delete(Priv.COMPONENTS, r -> {
                    requireComposed(r.g()[0]);
                    store.decompose(r.g()[0]);
                    return Result.noContent();
                });
        route("/redfish/v1/Systems/{}/Actions/ComputerSystem\\.AddResourceBlock", null)
                .post(Priv.COMPONENTS, BodyRules.BLOCK_ACTION, r -> blockAction(r, true));
        route("/redfish/v1/Systems/{}/Actions/ComputerSystem\\.RemoveResourceBlock", null)
                .post(Priv.COMPONENTS, BodyRules.BLOCK_ACTION, r -> blockAction(r, false));
        route("/redfish/v1/Systems/{}/(Processors|Memory)", g -> res.systemDevices(g[0], g[1]));
        route("/redfish/v1/Systems/{}/(Processors|Memory)/{}", g -> res.systemDevice(g[0], g[1], g[2]));
        route("/redfish/v1/Systems/{}/Storage", g -> res.systemStorages(g[0]));
        route("/redfish/v1/Systems/{}/Storage/{}", g -> res.systemStorage(g[0], g[1]));
        route("/redfish/v1/Chassis", g -> some(res.chassisCollection()));
        route("/redfish/v1/Chassis/{}", g -> res.chassis(g[0]));
        route("/redfish/v1/Chassis/{}/PCIeDevices", g -> res.pcieDevices(g[0]));
        route("/redfish/v1/Chassis/{}/PCIeDevices/{}", g -> res.pcieDevice(g[0], g[1]));
        route("/redfish/v1/Chassis/{}/PCIeDevices/{}/CXLLogicalDevices", g -> res.cxlLogicalDevices(g[0], g[1]));
        route(
                "/redfish/v1/Chassis/{}/PCIeDevices/{}/CXLLogicalDevices/{}",
                g -> res.cxlLogicalDevice(g[0], g[1], g[2]));
        route(
                "/redfish/v1/Chassis/{}/PCIeDevices/{}/CXLLogicalDevices/{}/MemoryRegions",
                g -> res.memoryRegions(g[0], g[1], g[2]));
        route(
                "/redfish/v1/Chassis/{}/PCIeDevices/{}/CXLLogicalDevices/{}/MemoryRegions/{}",
                g -> res.memoryRegion(g[0], g[1], g[2], g[3]));
        route("/redfish/v1/Chassis/{}/MemoryDomains", g -> res.memoryDomains(g[0]));
        route("/redfish/v1/Chassis/{}/MemoryDomains/{}", g -> res.memoryDomain(g[0], g[1]));
        route("/redfish/v1/Chassis/{}/MemoryDomains/{}/MemoryChunks", g -> res.memoryChunks(g[0], g[1]));
        route("/redfish/v1/Chassis/{}/MemoryDomains/{}/MemoryChunks/{}", g -> res.memoryChunk(g[0], g[1], g[2]));
        route("/redfish/v1/Managers", g -> some(res.managers()));
        route("/redfish/v1/Managers/FabricManager", g -> some(res.manager()));
        route("/redfish/v1/Fabrics", g -> some(res.fabrics()));
        route("/redfish/v1/Fabrics/{}", g -> res.fabricRes(g[0]));
        route("/redfish/v1/Fabrics/{}/Switches", g -> res.switches(g[0]));
        route("/redfish/v1/Fabrics/{}/Switches/{}", g -> res.switchRes(g[0], g[1]));
        route("/redfish/v1/Fabrics/{}/Switches/{}/Ports", g -> res.ports(g[0], g[1]));
        route("/redfish/v1/Fabrics/{}/Switches/{}/Ports/{}", g -> res.port(g[0], g[1], g[2]));
        route("/redfish/v1/Fabrics/{}/Switches/{}/Ports/{}/Actions/Oem/Nearlight\\.InjectFault", null)
                .post(Priv.MANAGER, BodyRules.FAULT_ACTION, this::injectFault);
        route("/redfish/v1/Fabrics/{}/Switches/{}/Ports/{}/Actions/Port\\.Reset", null)
                .post(Priv.COMPONENTS, BodyRules.RESET_ACTION, this::resetPort);
        route("/redfish/v1/Fabrics/{}/Endpoints", g -> res.endpoints(g[0]));
        route("/redfish/v1/Fabrics/{}/Endpoints/{}", g -> res.endpoint(g[0], g[1]));
        route("/redfish/v1/Fabrics/{}/Zones", g -> res.zones(g[0]))
                .post(Priv.COMPONENTS, BodyRules.ZONE_CREATE, this::createZone);
        route("/redfish/v1/Fabrics/{}/Zones/{}", g -> res.zone(g[0], g[1]))
                .patch(Priv.COMPONENTS, BodyRules.ZONE_PATCH, this::patchZone)
                .delete(Priv.COMPONENTS, r -> {
                    store.deleteZone(r.g()[0], r.g()[1]);
                    return Result.noContent();
                });
        route("/redfish/v1/Fabrics/{}/Zones/{}/Actions/Zone\\.AddEndpoint", null)
                .post(Priv.COMPONENTS, BodyRules.ZONE_ACTION, r -> zoneEndpoint(r, true));
        route("/redfish/v1/Fabrics/{}/Zones/{}/Actions/Zone\\.RemoveEndpoint", null)
                .post(Priv.COMPONENTS, BodyRules.ZONE_ACTION, r -> zoneEndpoint(r, false));
        route("/redfish/v1/Fabrics/{}/Connections", g -> res.connections(g[0]))
                .post(Priv.COMPONENTS, BodyRules.CONNECTION_CREATE, this::createConnection);
        route("/redfish/v1/Fabrics/{}/Connections/{}", g -> res.connection(g[0], g[1]))
                .delete(Priv.COMPONENTS, r -> {
                    store.disconnect(r.g()[1]);
                    return Result.noContent();
                });
        route("/redfish/v1/CompositionService", g -> some(res.compositionService()));
        route("/redfish/v1/CompositionService/Actions/CompositionService\\.Compose", null)
                .post(Priv.COMPONENTS, BodyRules.COMPOSE_ACTION, this::composeAction);
        route("/redfish/v1/CompositionService/ResourceBlocks", g -> some(res.resourceBlocks()));
        route("/redfish/v1/CompositionService/ResourceBlocks/{}", g -> res.resourceBlock(g[0]));
        route(
                "/redfish/v1/CompositionService/ResourceBlocks/{}/(Processors|Memory|Drives)/{}",
                g -> res.blockDevice(g[0], g[1], g[2]));
        route("/redfish/v1/CompositionService/ResourceZones", g -> some(res.resourceZones()));
        route("/redfish/v1/CompositionService/ResourceZones/{}", g -> res.resourceZone(g[0]));
        route("/redfish/v1/CompositionService/FreePool", g -> some(res.pool(true)));
        route("/redfish/v1/CompositionService/ActivePool", g -> some(res.pool(false)));
        route("/redfish/v1/CompositionService/CompositionReservations", g -> some(res.reservations()));
        route("/redfish/v1/CompositionService/CompositionReservations/{}", g -> res.reservation(g[0]))
                .delete(Priv.COMPONENTS, r -> {
                    store.cancelReservation(r.g()[0]);
                    return Result.noContent();
                });
        route("/redfish/v1/AccountService", g -> some(res.accountService()));
        route("/redfish/v1/AccountService/Accounts", g -> some(res.accounts()))
                .post(Priv.USERS, BodyRules.ACCOUNT_CREATE, this::createAccount);
        route("/redfish/v1/AccountService/Accounts/{}", g -> res.account(g[0]))
                .patch(Priv.SELF, BodyRules.ACCOUNT_PATCH, this::patchAccount)
                .delete(Priv.USERS, r -> {
                    store.deleteAccount(r.g()[0]);
                    return Result.noContent();
                });
        route("/redfish/v1/AccountService/Roles", g -> some(res.roles()));
        route("/redfish/v1/AccountService/Roles/{}", g -> res.role(g[0]));
        route("/redfish/v1/SessionService", g -> some(res.sessionService()))
                .patch(Priv.MANAGER, BodyRules.SESSION_SERVICE_PATCH, this::patchSessionService);
        route("/redfish/v1/SessionService/Sessions", g -> some(res.sessions()))
                .post(Priv.NONE, BodyRules.LOGIN, this::login);
        route("/redfish/v1/SessionService/Sessions/{}", g -> res.session(g[0])).delete(Priv.SELF, this::logout);
        route("/redfish/v1/EventService", g -> some(res.eventService()));
        route("/redfish/v1/EventService/Subscriptions", g -> some(res.subscriptions()))
                .post(Priv.COMPONENTS, BodyRules.SUBSCRIPTION_CREATE, this::subscribe);
        route("/redfish/v1/EventService/Subscriptions/{}", g -> res.subscription(g[0]))
                .delete(Priv.COMPONENTS, r -> {
                    store.unsubscribe(r.g()[0]);
                    return Result.noContent();
                });
        route("/redfish/v1/EventService/Actions/EventService\\.SubmitTestEvent", null)
                .post(Priv.MANAGER, BodyRules.TEST_EVENT, r -> {
                    store.testEvent();
                    return Result.noContent();
                });
        route("/redfish/v1/TaskService", g -> some(res.taskService()));
        route("/redfish/v1/TaskService/Tasks", g -> some(res.tasks()));
        route("/redfish/v1/TaskService/Tasks/{}", g -> res.task(g[0]));
        route("/redfish/v1/TaskService/TaskMonitors/{}", g -> res.task(g[0]));
    }

    // ------------------------------------------------------------------ lifecycle

    /** Starts listening; returns the bound port. */
    public int start(Options opt) {
        Limits lim = opt.limits();
        this.limits = lim;
        this.authFailures = new Edge.FailureWindow(lim.maxAuthFailuresPerMinute(), 60_000);
        Edge.PerClientConnections perClient = new Edge.PerClientConnections(lim.maxConnectionsPerClient());
        app = Javalin.create(cfg -> {
            cfg.http.generateEtags = false;
            cfg.http.maxRequestSize = lim.maxBodyBytes();
            cfg.router.ignoreTrailingSlashes = false;
            cfg.startup.showJavalinBanner = false;
            org.eclipse.jetty.util.thread.QueuedThreadPool pool =
                    new org.eclipse.jetty.util.thread.QueuedThreadPool(lim.threads(), 8);
            pool.setName("nearlight-http");
            cfg.jetty.threadPool = pool;
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new Edge.RedfishErrorHandler(tls)));
            cfg.jetty.modifyHttpConfiguration(http -> {
                http.setRequestHeaderSize(lim.maxHeaderBytes());
                http.setSendServerVersion(false);
                http.setSendXPoweredBy(false);
            });
            cfg.jetty.addConnector((server, httpConfig) -> {
                ServerConnector c = Connectors.connector(
                        server, httpConfig, opt.host(), opt.port(), opt.tlsKeystore(), opt.tlsPassword());
                c.setIdleTimeout(lim.idleTimeoutMs());
                c.addEventListener(perClient);
                return c;
            });
            cfg.routes.before(ctx -> {
                securityHeaders(ctx);
                if (!KNOWN_METHODS.contains(ctx.method().name())) {
                    common(ctx);
                    String allow = allowFor(ctx.path());
                    if (allow != null) {
                        ctx.header("Allow", allow);
                    }
                    throw new RedfishException(405, Messages.of("OperationNotAllowed"));
                }
            });
            cfg.routes.before(V1 + "/EventService/SSE", ctx -> {
                Principal p = authenticate(ctx);
                if (p == null) {
                    throw new RedfishException(401, Messages.of("NoValidSession"));
                }
                if (p.session() != null) {
                    ctx.attribute(EventDispatcher.SESSION_ATTRIBUTE, p.session().id());
                }
            });
            cfg.routes.sse(V1 + "/EventService/SSE", events::addSse);
            cfg.routes.exception(RedfishException.class, (e, ctx) -> writeError(ctx, e));
            for (HandlerType t : List.of(
                    HandlerType.GET,
                    HandlerType.HEAD,
                    HandlerType.POST,
                    HandlerType.PATCH,
                    HandlerType.PUT,
                    HandlerType.DELETE,
                    HandlerType.OPTIONS,
                    HandlerType.TRACE)) {
                cfg.routes.addHttpHandler(t, "/redfish", ctx -> dispatch(ctx, t.name()));
                cfg.routes.addHttpHandler(t, "/redfish/<path>", ctx -> dispatch(ctx, t.name()));
            }
        });
        app.start();
        resumeInterruptedTasks();
        return ((ServerConnector) app.jettyServer().server().getConnectors()[0]).getLocalPort();
    }

    private static final java.util.Set<String> KNOWN_METHODS =
            java.util.Set.of("GET", "HEAD", "POST", "PATCH", "PUT", "DELETE", "OPTIONS", "TRACE");

    /** Headers every response carries (HSTS only over TLS, where it means something). */
    private void securityHeaders(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Content-Security-Policy", Edge.CSP);
        ctx.header("Referrer-Policy", "no-referrer");
        if (tls) {
            ctx.header("Strict-Transport-Security", Edge.HSTS);
        }
    }

    @Override
    public void close() {
        if (app != null) {
            app.stop();
        }
        tasks.shutdownNow();
    }

    // ------------------------------------------------------------------ dispatch

    private static void common(Context ctx) {
        ctx.header("OData-Version", "4.0");
        ctx.header("Cache-Control", "no-cache");
    }

    private void writeJson(Context ctx, int status, ObjectNode body) {
        common(ctx);
        ctx.status(status);
        if (body != null) {
            ctx.contentType("application/json; charset=utf-8");
            ctx.result(body.toString());
        }
    }

    private void writeError(Context ctx, RedfishException e) {
        if (e.status() == 401) {
            ctx.header("WWW-Authenticate", "Basic realm=\"Nearlight\"");
        }
        writeJson(ctx, e.status(), Edge.errorBody(e));
    }

    static String etag(String body) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
            return "\"" + HexFormat.of().formatHex(d, 0, 10) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String describedBy(ObjectNode body) {
        String t = body.path("@odata.type").asText("");
        if (t.startsWith("#")) {
            t = t.substring(1);
        }
        int last = t.lastIndexOf('.');
        String file = last > 0 ? t.substring(0, last) : t;
        return "<http://redfish.dmtf.org/schemas/v1/" + file + ".json>; rel=describedby";
    }

    /** A matched route and its URI segments. */
    private record Match(Route route, String[] groups) {}

    private Match match(String path) {
        for (Route r : routes) {
            Matcher m = r.pattern.matcher(path);
            if (m.matches()) {
                String[] groups = new String[m.groupCount()];
                for (int i = 0; i < groups.length; i++) {
                    groups[i] = m.group(i + 1);
                }
                return new Match(r, groups);
            }
        }
        return null;
    }

    /**
     * The methods a URI supports (its {@code Allow} header), or null when no resource lives there: used for the 405 a
     * non-standard method gets before the dispatcher runs (DSP0266: a 405 carries Allow).
     */
    String allowFor(String path) {
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (p.equals("/redfish")
                || p.equals(V1)
                || p.equals(V1 + "/odata")
                || p.equals(V1 + "/$metadata")
                || p.equals(Resources.OEM_SCHEMA_URI)
                || p.equals(V1 + "/EventService/SSE")) {
            return "GET, HEAD";
        }
        Match m = match(p);
        return m == null ? null : m.route().allow();
    }

    /** The GET body of an authenticated resource URI, for $expand. */
    private Optional<ObjectNode> resolve(String uri) {
        Match m = match(uri);
        if (m == null || m.route().get == null || m.route().actionOnly) {
            return Optional.empty();
        }
        return m.route().get.apply(m.groups());
    }

    private void dispatch(Context ctx, String method) {
        try {
            dispatchUnchecked(ctx, method);
        } catch (RedfishException e) {
            writeError(ctx, e);
        } catch (io.javalin.http.HttpResponseException e) {
            writeError(
                    ctx,
                    e.getStatus() == 413
                            ? new RedfishException(413, Messages.of("PayloadTooLarge"))
                            : new RedfishException(e.getStatus(), Messages.of("UnrecognizedRequestBody")));
        } catch (RuntimeException e) {
            LOG.error("internal error on {} {}", method, ctx.path(), e);
            writeError(ctx, new RedfishException(500, Messages.of("GeneralError")));
        }
    }

    private void dispatchUnchecked(Context ctx, String method) {
        String path = ctx.path();
        boolean read = method.equals("GET") || method.equals("HEAD");
        String odv = ctx.header("OData-Version");
        if (odv != null && !odv.trim().equals("4.0")) {
            throw new RedfishException(412, Messages.of("PreconditionFailed"));
        }
        Query query = ctx.queryString() == null ? Query.NONE : Query.parse(ctx.queryParamMap(), read);
        if (path.equals("/redfish") || path.equals("/redfish/")) {
            publicGet(ctx, method, o("v1", Resources.ROOT), null);
            return;
        }
        if (path.equals("/redfish/v1") || path.equals("/redfish/v1/")) {
            ObjectNode root = res.serviceRoot();
            if (query.only() || query.paged()) {
                throw new RedfishException(400, Messages.of("QueryNotSupportedOnResource"));
            }
            // the root is public; what it links to is not, so $expand needs credentials
            if (query.expand() != 0 && authenticate(ctx) != null) {
                root = Query.expand(root, query.expand(), this::resolve);
            }
            if (query.select() != null) {
                root = Query.select(root, query.select());
            }
            publicGet(ctx, method, root, null);
            return;
        }
        if (path.equals(V1 + "/odata")) {
            publicGet(ctx, method, Resources.odata(), null);
            return;
        }
        if (path.equals(V1 + "/$metadata")) {
            publicGet(ctx, method, null, Resources.metadata());
            return;
        }
        if (path.equals(Resources.OEM_SCHEMA_URI)) {
            publicGet(ctx, method, null, Resources.oemSchema());
            return;
        }
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (method.equals("POST") && path.endsWith("/Members")) {
            path = path.substring(0, path.length() - "/Members".length());
        }
        Match found = match(path);
        Route route = found == null ? null : found.route();
        String[] groups = found == null ? null : found.groups();
        Action action = route == null ? null : route.ops.get(method);
        Principal who = null;
        if (action == null || action.priv() != Priv.NONE) {
            who = authenticate(ctx);
            if (who == null) {
                throw new RedfishException(401, Messages.of("NoValidSession"));
            }
        }
        Optional<ObjectNode> got = route != null && route.get != null && read ? route.get.apply(groups) : null;
        if (route == null || (got != null && got.isEmpty())) {
            throw new RedfishException(404, Messages.of("ResourceNotFound", "Resource", path));
        }
        if (read && !route.actionOnly) {
            ObjectNode body = got.orElseThrow();
            String allow = route.allow();
            if (query.only()) {
                if (!Query.isCollection(body)) {
                    throw new RedfishException(400, Messages.of("QueryNotSupportedOnResource"));
                }
                if (body.get("Members").size() == 1) {
                    String member = body.get("Members").get(0).get("@odata.id").asText();
                    Match mm = match(member);
                    Optional<ObjectNode> one = mm == null || mm.route().get == null
                            ? Optional.empty()
                            : mm.route().get.apply(mm.groups());
                    if (one.isPresent()) {
                        body = one.get();
                        allow = mm.route().allow();
                    }
                }
            }
            if (query.paged()) {
                if (!Query.isCollection(body)) {
                    throw new RedfishException(400, Messages.of("QueryNotSupportedOnResource"));
                }
                body = query.page(body, path, ctx.queryString());
            }
            if (query.expand() != 0) {
                body = Query.expand(body, query.expand(), this::resolve);
            }
            if (query.select() != null) {
                body = Query.select(body, query.select());
            }
            int status = 200;
            if (path.startsWith(V1 + "/TaskService/TaskMonitors/")) {
                // DSP0266 task monitor: 202 while the task runs, then the operation's result
                String state = body.path("TaskState").asText();
                String target = body.path("Payload").path("TargetUri").asText("");
                if (state.equals("Running") || state.equals("New") || state.equals("Pending")) {
                    status = 202;
                    ctx.header("Location", path);
                    ctx.header("Retry-After", "1");
                } else if (state.equals("Completed") && !target.isEmpty()) {
                    Optional<ObjectNode> result = resolve(target);
                    if (result.isPresent()) {
                        body = result.get();
                        status = 201;
                        ctx.header("Location", target);
                    }
                }
            }
            String text = body.toString();
            common(ctx);
            ctx.header("Allow", allow);
            ctx.header("ETag", etag(text));
            ctx.header("Link", describedBy(body));
            ctx.status(status);
            ctx.contentType("application/json; charset=utf-8");
            if (method.equals("GET")) {
                ctx.result(text);
            }
            return;
        }
        if (action == null) {
            common(ctx);
            ctx.header("Allow", route.allow());
            throw new RedfishException(405, Messages.of("OperationNotAllowed"));
        }
        if (who != null && !who.has(action.priv())) {
            throw new RedfishException(403, Messages.of("InsufficientPrivilege"));
        }
        if (route.get != null) {
            Optional<ObjectNode> current = route.get.apply(groups);
            if (current.isEmpty()) {
                throw new RedfishException(404, Messages.of("ResourceNotFound", "Resource", path));
            }
            String ifMatch = ctx.header("If-Match");
            if (ifMatch != null && !method.equals("POST")) {
                String tag = etag(current.get().toString());
                boolean match = false;
                for (String t : ifMatch.split(",")) {
                    String s = t.trim();
                    if (s.startsWith("W/")) {
                        s = s.substring(2);
                    }
                    if (s.equals("*") || s.equals(tag)) {
                        match = true;
                    }
                }
                if (!match) {
                    throw new RedfishException(412, Messages.of("PreconditionFailed"));
                }
            }
        }
        JsonNode body = Json.MAPPER.createObjectNode();
        if (method.equals("POST") || method.equals("PATCH")) {
            body = readJson(ctx);
            if (method.equals("PATCH")) {
                body = withoutODataAnnotations(body);
                if (body.isEmpty()) {
                    throw new RedfishException(400, Messages.of("NoOperation"));
                }
            }
            ObjectNode current = method.equals("PATCH") && route.get != null
                    ? route.get.apply(groups).orElse(null)
                    : null;
            BodyRules.check(body, action.schema(), current);
            // an account PATCH by a client without ConfigureUsers may only change its own password (always a change):
            // let the handler answer its 403 rather than telling it that the values are unchanged
            boolean mayChangeAll =
                    who == null || who.has(Priv.USERS) || !path.startsWith(V1 + "/AccountService/Accounts/");
            if (current != null && mayChangeAll && changesNothing(body, current)) {
                throw new RedfishException(400, Messages.of("NoOperation"));
            }
        }
        Result r = action.op().run(new Req(groups, body, who, ctx));
        r.headers().forEach(ctx::header);
        writeJson(ctx, r.status(), r.body());
    }

    /**
     * A PATCH body without its top-level {@code @odata.*} annotations: DSP0266 says a service ignores them in an update,
     * so a PATCH that carries only annotations changes nothing (400 NoOperation, the Protocol Validator's
     * REQ_PATCH_ODATA_PROPS).
     */
    static JsonNode withoutODataAnnotations(JsonNode body) {
        if (!body.isObject()) {
            return body;
        }
        ObjectNode copy = ((ObjectNode) body).deepCopy();
        List<String> drop = new ArrayList<>();
        copy.fieldNames().forEachRemaining(n -> {
            if (n.startsWith("@odata.")) {
                drop.add(n);
            }
        });
        copy.remove(drop);
        return copy;
    }

    /**
     * True when every property of a (validated) PATCH body already has that value on the resource: DSP0266's
     * NoOperation. Write-only properties (Password, shown as null) always count as a change.
     */
    static boolean changesNothing(JsonNode body, ObjectNode current) {
        var names = body.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            JsonNode now = current.get(n);
            if (now == null || now.isNull() || !now.equals(body.get(n))) {
                return false;
            }
        }
        return true;
    }

    private static final com.fasterxml.jackson.databind.ObjectReader STRICT_READER = Json.MAPPER
            .readerFor(JsonNode.class)
            .with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION);

    /**
     * Reads a POST/PATCH body: at most {@link Limits#maxBodyBytes()} within {@link Limits#bodyDeadlineMs()}, JSON only
     * (415 otherwise), one object and nothing after it. An empty body is an empty object.
     */
    private JsonNode readJson(Context ctx) {
        byte[] raw;
        try {
            raw = Edge.readBody(
                    ctx.req().getInputStream(),
                    ctx.req().getContentLengthLong(),
                    limits.maxBodyBytes(),
                    limits.bodyDeadlineMs());
        } catch (IOException e) {
            throw new RedfishException(400, Messages.of("UnrecognizedRequestBody"));
        }
        String text = new String(raw, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            return Json.MAPPER.createObjectNode();
        }
        String type = ctx.header("Content-Type");
        String mime = type == null ? "" : type.split(";", 2)[0].trim();
        if (!mime.equalsIgnoreCase("application/json")) {
            throw new RedfishException(
                    415,
                    Messages.withResolution(
                            Messages.of("HeaderInvalid", "Content-Type: " + (type == null ? "(none)" : type)),
                            "Send the body as Content-Type: application/json."));
        }
        JsonNode body;
        try {
            body = STRICT_READER.readTree(text);
        } catch (IOException e) {
            throw new RedfishException(400, Messages.of("MalformedJSON"));
        }
        if (body == null || !body.isObject()) {
            throw new RedfishException(400, Messages.of("MalformedJSON"));
        }
        return body;
    }

    private void publicGet(Context ctx, String method, ObjectNode json, String xml) {
        common(ctx);
        ctx.header("Allow", "GET, HEAD");
        if (!method.equals("GET") && !method.equals("HEAD")) {
            throw new RedfishException(405, Messages.of("OperationNotAllowed"));
        }
        String text = json != null ? json.toString() : xml;
        ctx.header("ETag", etag(text));
        if (json != null && json.has("@odata.type")) {
            ctx.header("Link", describedBy(json));
        }
        ctx.status(200);
        ctx.contentType(json != null ? "application/json; charset=utf-8" : "application/xml; charset=utf-8");
        if (method.equals("GET")) {
            ctx.result(text);
        }
    }

    private java.net.InetAddress clientAddress(Context ctx) {
        try {
            return java.net.InetAddress.getByName(ctx.req().getRemoteAddr());
        } catch (java.net.UnknownHostException e) {
            return java.net.InetAddress.getLoopbackAddress();
        }
    }

    /** Refuses a credential check from an address over its failure budget (429, Retry-After). */
    private void throttle(Context ctx) {
        long wait = authFailures.retryAfterS(clientAddress(ctx), System.currentTimeMillis());
        if (wait > 0) {
            ctx.header("Retry-After", Long.toString(wait));
            throw new RedfishException(429, Messages.of("ServiceTemporarilyUnavailable", Long.toString(wait)));
        }
    }

    /** Checks a user name and password, counting a failure against the client's address. */
    private Optional<ManagerStore.Account> checkCredentials(Context ctx, String user, String password) {
        throttle(ctx);
        Optional<ManagerStore.Account> a = store.authenticate(user, password);
        if (a.isEmpty()) {
            authFailures.failed(clientAddress(ctx), System.currentTimeMillis());
        }
        return a;
    }

    private Principal authenticate(Context ctx) {
        String token = ctx.header("X-Auth-Token");
        if (token != null) {
            return store.session(token)
                    .flatMap(s -> store.account(s.accountId())
                            .filter(ManagerStore.Account::enabled)
                            .map(a -> new Principal(a, s)))
                    .orElse(null);
        }
        String auth = ctx.header("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6)) {
            String dec;
            try {
                dec = new String(Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
            int c = dec.indexOf(':');
            if (c < 0) {
                return null;
            }
            return checkCredentials(ctx, dec.substring(0, c), dec.substring(c + 1))
                    .map(a -> new Principal(a, null))
                    .orElse(null);
        }
        return null;
    }

    // ------------------------------------------------------------------ helpers

    private static String text(JsonNode body, String field, boolean required) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                throw new RedfishException(400, Messages.withProps("PropertyMissing", List.of("/" + field), field));
            }
            return null;
        }
        if (!n.isTextual()) {
            throw new RedfishException(
                    400, Messages.withProps("PropertyValueTypeError", List.of("/" + field), n.toString(), field));
        }
        return n.asText();
    }

    private static String lastSegment(String uri) {
        return uri.substring(uri.lastIndexOf('/') + 1);
    }

    /** Ids from an array of reference objects whose URIs start with {@code prefix}. */
    private static List<String> refIds(JsonNode arr, String prefix, String prop) {
        List<String> ids = new ArrayList<>();
        if (arr == null || arr.isNull()) {
            return ids;
        }
        if (!arr.isArray()) {
            throw new RedfishException(
                    400, Messages.withProps("PropertyValueTypeError", List.of("/" + prop), arr.toString(), prop));
        }
        for (JsonNode r : arr) {
            String uri = r.path("@odata.id").asText("");
            if (!uri.startsWith(prefix + "/")) {
                throw new RedfishException(
                        400, Messages.withProps("PropertyValueNotInList", List.of("/" + prop), uri, prop));
            }
            ids.add(lastSegment(uri));
        }
        return ids;
    }

    private void requireComposed(String id) {
        if (store.composition(id).isEmpty()) {
            throw new RedfishException(
                    405,
                    Messages.withResolution(
                            Messages.of("OperationNotAllowed"),
                            "Physical systems cannot be changed or deleted; only composed systems can."));
        }
    }

    // ------------------------------------------------------------------ composition

    /**
     * Blocks a constrained request asks for: the sum over members of RequestedCount (default 1) times, for memory,
     * the chunks that hold CapacityMiB. BodyRules bounded both, so the long product cannot overflow; a total beyond
     * any inventory is capped at Integer.MAX_VALUE and the planner answers NoResourceMatch.
     */
    private static int requested(JsonNode n, long chunkMiB) {
        if (n == null || n.isNull()) {
            return 0;
        }
        JsonNode members = n.isArray() ? n : n.get("Members");
        if (members == null) {
            members = Json.MAPPER.createArrayNode().add(n);
        }
        long total = 0;
        for (JsonNode m : members) {
            long count = m.path("@Redfish.RequestedCount").asLong(1);
            if (m.has("CapacityMiB") && chunkMiB > 0) {
                long cap = m.get("CapacityMiB").asLong();
                count *= (cap + chunkMiB - 1) / chunkMiB;
            }
            total += count;
        }
        return (int) Math.min(total, Integer.MAX_VALUE);
    }

    /** Either the named blocks or a constrained plan, as host-first block ids. */
    private List<String> blocksFor(JsonNode req) {
        JsonNode rb = req.path("Links").get("ResourceBlocks");
        if (rb != null && rb.isArray() && rb.size() > 0) {
            return store.check(refIds(rb, V1 + "/CompositionService/ResourceBlocks", "Links/ResourceBlocks"));
        }
        return store.plan(requirements(req));
    }

    private ManagerStore.Requirements requirements(JsonNode req) {
        long chunk = store.inventory().spec().memoryChunkMiB();
        Map<Inventory.Kind, Integer> counts = new LinkedHashMap<>();
        counts.put(Inventory.Kind.GPU, requested(req.get("Processors"), 0));
        counts.put(Inventory.Kind.MEMORY, requested(req.get("Memory"), chunk));
        counts.put(Inventory.Kind.STORAGE, requested(req.get("Storage"), 0));
        JsonNode oem = req.path("Oem").path("Nearlight");
        double budget =
                oem.path("MaxLatencyNs").asDouble(store.inventory().spec().maxLatencyNs());
        String zone = oem.hasNonNull("ResourceZone") ? oem.get("ResourceZone").asText() : null;
        String host = oem.hasNonNull("HostBlock") ? oem.get("HostBlock").asText() : null;
        if (zone != null && !store.inventory().zoneIds().contains(zone)) {
            throw new RedfishException(
                    400,
                    Messages.withProps(
                            "PropertyValueNotInList",
                            List.of("/Oem/Nearlight/ResourceZone"),
                            zone,
                            "Oem/Nearlight/ResourceZone"));
        }
        return new ManagerStore.Requirements(host, counts, zone, budget);
    }

    private Result createSystem(Req r) {
        String name = Optional.ofNullable(text(r.body(), "Name", false)).orElse("Composed system");
        String prefer = r.ctx().header("Prefer");
        if (prefer != null && prefer.contains("respond-async")) {
            JsonNode body = r.body();
            String id = UUID.randomUUID().toString();
            String systemId = UUID.randomUUID().toString();
            String start = Times.now();
            ManagerStore.Task running =
                    new ManagerStore.Task(id, "Running", "OK", "Composing " + name, null, start, null);
            store.putTask(running, systemId, body.toString());
            tasks.execute(() -> runCompose(running, systemId, name, body, ""));
            ObjectNode task = res.task(id).orElseThrow();
            return new Result(202, task, Map.of("Location", V1 + "/TaskService/Tasks/" + id));
        }
        ManagerStore.Composition c = composeFrom(name, r.body());
        return Result.created(res.composed(c));
    }

    private ManagerStore.Composition composeFrom(String name, JsonNode body) {
        JsonNode rb = body.path("Links").get("ResourceBlocks");
        if (rb != null && rb.isArray() && rb.size() > 0) {
            return store.compose(name, refIds(rb, V1 + "/CompositionService/ResourceBlocks", "Links/ResourceBlocks"));
        }
        return store.compose(name, requirements(body));
    }

    /**
     * Runs an asynchronous compose as its task: composes the system with the id the task recorded (so a run resumed
     * after a crash cannot create a second one) and stores the outcome; a refusal keeps its message and Resolution
     * (the per-constraint elimination counts).
     */
    private void runCompose(ManagerStore.Task t, String systemId, String name, JsonNode body, String note) {
        try {
            JsonNode rb = body.path("Links").get("ResourceBlocks");
            ManagerStore.Composition c = rb != null && rb.isArray() && rb.size() > 0
                    ? store.composeAs(
                            systemId,
                            name,
                            refIds(rb, V1 + "/CompositionService/ResourceBlocks", "Links/ResourceBlocks"),
                            null)
                    : store.composeAs(systemId, name, null, requirements(body));
            store.putTask(new ManagerStore.Task(
                    t.id(),
                    "Completed",
                    "OK",
                    "Composed " + c.id() + note,
                    V1 + "/Systems/" + c.id(),
                    t.startTime(),
                    Times.now()));
        } catch (RedfishException e) {
            store.putTask(new ManagerStore.Task(
                    t.id(), "Exception", "Critical", e.detail() + note, null, t.startTime(), Times.now()));
        } catch (RuntimeException e) {
            LOG.error("task {} failed", t.id(), e);
            store.putTask(new ManagerStore.Task(
                    t.id(), "Exception", "Critical", "Internal error: " + e, null, t.startTime(), Times.now()));
        }
    }

    /** Note added to the outcome of a compose resumed after a restart. */
    static final String RESUMED = " (resumed after the service restarted)";

    /**
     * Resumes the asynchronous composes a stop or crash cut off. Safe because compose is all or nothing (a cut-off
     * run left nothing stored, and a fabric binding is idempotent per host and device) and keyed by the recorded
     * system id; a compose that can no longer be satisfied fails its task with the refusal's reasons.
     */
    private void resumeInterruptedTasks() {
        for (ManagerStore.Resumable r : store.takeResumable()) {
            JsonNode body;
            try {
                body = Json.MAPPER.readTree(r.requestBody());
            } catch (IOException e) {
                store.putTask(new ManagerStore.Task(
                        r.task().id(),
                        "Exception",
                        "Critical",
                        r.task().message() + ": " + ManagerStore.INTERRUPTED,
                        null,
                        r.task().startTime(),
                        Times.now()));
                continue;
            }
            String name = Optional.ofNullable(text(body, "Name", false)).orElse("Composed system");
            LOG.info("resuming task {} (compose {} as system {})", r.task().id(), name, r.systemId());
            tasks.execute(() -> runCompose(r.task(), r.systemId(), name, body, RESUMED));
        }
    }

    private Result patchSystem(Req r) {
        requireComposed(r.g()[0]);
        String name = text(r.body(), "Name", false);
        ManagerStore.Composition c = store.composition(r.g()[0]).orElseThrow();
        if (name != null) {
            c = store.rename(c.id(), name);
        }
        return Result.ok(res.composed(c));
    }

    private Result blockAction(Req r, boolean add) {
        requireComposed(r.g()[0]);
        String uri = r.body().path("ResourceBlock").path("@odata.id").asText("");
        String action = add ? "ComputerSystem.AddResourceBlock" : "ComputerSystem.RemoveResourceBlock";
        if (uri.isEmpty()) {
            throw new RedfishException(400, Messages.of("ActionParameterMissing", action, "ResourceBlock"));
        }
        if (!uri.startsWith(V1 + "/CompositionService/ResourceBlocks/")) {
            throw new RedfishException(400, Messages.of("ActionParameterValueNotInList", uri, "ResourceBlock", action));
        }
        String block = lastSegment(uri);
        ManagerStore.Composition c = add ? store.addBlock(r.g()[0], block) : store.removeBlock(r.g()[0], block);
        return Result.ok(res.composed(c));
    }

    private Result composeAction(Req r) {
        JsonNode b = r.body();
        String type = text(b, "RequestType", true);
        String format = Optional.ofNullable(text(b, "RequestFormat", false)).orElse("Manifest");
        if (!List.of("Preview", "PreviewReserve", "Apply").contains(type)) {
            throw new RedfishException(
                    400,
                    Messages.of("ActionParameterValueNotInList", type, "RequestType", "CompositionService.Compose"));
        }
        ObjectNode out = o("RequestFormat", format, "RequestType", type);
        String reservation = text(b, "ReservationId", false);
        if (type.equals("Apply") && reservation != null) {
            ManagerStore.Composition c = store.applyReservation(reservation, "Composed system");
            ArrayNode stanzas = Json.MAPPER.createArrayNode();
            stanzas.add(o(
                    "StanzaType", "ComposeSystem",
                    "StanzaId", "1",
                    "Response", res.composed(c)));
            out.set("Manifest", o("Stanzas", stanzas));
            return Result.ok(out);
        }
        JsonNode stanzasIn = b.path("Manifest").path("Stanzas");
        if (!stanzasIn.isArray() || stanzasIn.isEmpty()) {
            throw new RedfishException(
                    400, Messages.of("ActionParameterMissing", "CompositionService.Compose", "Manifest"));
        }
        ArrayNode stanzas = Json.MAPPER.createArrayNode();
        String firstReservation = null;
        for (JsonNode s : stanzasIn) {
            JsonNode req = s.path("Request");
            String stanzaId = s.path("StanzaId").asText("1");
            String name = req.path("Name").asText("Composed system");
            ObjectNode resp;
            switch (type) {
                case "Preview" -> {
                    List<String> blocks = blocksFor(req);
                    resp = o("Name", name);
                    resp.set(
                            "Links",
                            o(
                                    "ResourceBlocks",
                                    Json.refs(blocks.stream()
                                            .map(Resources::blockUri)
                                            .toList())));
                }
                case "PreviewReserve" -> {
                    List<String> blocks = blocksFor(req);
                    String rid = store.reserve(blocks);
                    firstReservation = firstReservation == null ? rid : firstReservation;
                    resp = o("Name", name);
                    resp.set(
                            "Links",
                            o(
                                    "ResourceBlocks",
                                    Json.refs(blocks.stream()
                                            .map(Resources::blockUri)
                                            .toList())));
                }
                default -> resp = res.composed(composeFrom(name, req));
            }
            stanzas.add(o("StanzaType", "ComposeSystem", "StanzaId", stanzaId, "Response", resp));
        }
        out.set("Manifest", o("Stanzas", stanzas));
        if (firstReservation != null) {
            out.put("ReservationId", firstReservation);
        }
        return Result.ok(out);
    }

    // ------------------------------------------------------------------ fabric

    private Result injectFault(Req r) {
        String[] g = r.g();
        if (!res.portExists(g[0], g[1], g[2])) {
            throw new RedfishException(404, Messages.of("ResourceNotFound", "Port", g[2]));
        }
        String kind = text(r.body(), "FaultType", true);
        List<String> allowed = List.of("LinkDown", "PortFailure", "DeviceRemoval", "Clear");
        if (!allowed.contains(kind)) {
            throw new RedfishException(
                    400, Messages.of("ActionParameterValueNotInList", kind, "FaultType", "Nearlight.InjectFault"));
        }
        twin.inject(g[0], g[1], g[2], kind.equals("Clear") ? null : kind);
        return Result.noContent();
    }

    private Result resetPort(Req r) {
        String[] g = r.g();
        if (!res.portExists(g[0], g[1], g[2])) {
            throw new RedfishException(404, Messages.of("ResourceNotFound", "Port", g[2]));
        }
        if ("LinkDown".equals(store.fault(g[0], g[1], g[2]))) {
            twin.inject(g[0], g[1], g[2], null);
        }
        return Result.noContent();
    }

    private List<String> endpointIds(String fabric, JsonNode arr) {
        List<String> ids = refIds(arr, V1 + "/Fabrics/" + fabric + "/Endpoints", "Links/Endpoints");
        List<String> known = res.endpointIds(fabric);
        for (String e : ids) {
            if (!known.contains(e)) {
                throw new RedfishException(
                        400,
                        Messages.withProps(
                                "PropertyValueNotInList", List.of("/Links/Endpoints"), e, "Links/Endpoints"));
            }
        }
        return ids;
    }

    private Result createZone(Req r) {
        String f = r.g()[0];
        String id = Optional.ofNullable(text(r.body(), "Id", false))
                .orElse("Zone-" + (store.zones(f).size() + 1) + "-"
                        + UUID.randomUUID().toString().substring(0, 8));
        if (!id.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new RedfishException(400, Messages.withProps("PropertyValueTypeError", List.of("/Id"), id, "Id"));
        }
        if (store.zone(f, id).isPresent()) {
            throw new RedfishException(409, Messages.of("ResourceAlreadyExists", "Zone", "Id", id));
        }
        String name = Optional.ofNullable(text(r.body(), "Name", false)).orElse("Zone " + id);
        List<String> eps = endpointIds(f, r.body().path("Links").get("Endpoints"));
        store.putZone(f, id, name, eps);
        return Result.created(res.zone(f, id).orElseThrow());
    }

    private Result patchZone(Req r) {
        String f = r.g()[0];
        ManagerStore.FabricZone z = store.zone(f, r.g()[1]).orElseThrow();
        String name = Optional.ofNullable(text(r.body(), "Name", false)).orElse(z.name());
        JsonNode eps = r.body().path("Links").get("Endpoints");
        List<String> ids = eps == null ? z.endpoints() : endpointIds(f, eps);
        store.putZone(f, z.id(), name, ids);
        return Result.ok(res.zone(f, z.id()).orElseThrow());
    }

    private Result zoneEndpoint(Req r, boolean add) {
        String f = r.g()[0];
        ManagerStore.FabricZone z = store.zone(f, r.g()[1])
                .orElseThrow(() -> new RedfishException(404, Messages.of("ResourceNotFound", "Zone", r.g()[1])));
        JsonNode ep = r.body().get("Endpoint");
        if (ep == null) {
            throw new RedfishException(
                    400,
                    Messages.of(
                            "ActionParameterMissing", add ? "Zone.AddEndpoint" : "Zone.RemoveEndpoint", "Endpoint"));
        }
        String id = endpointIds(f, Json.MAPPER.createArrayNode().add(ep)).get(0);
        List<String> l = new ArrayList<>(z.endpoints());
        l.remove(id);
        if (add) {
            l.add(id);
        }
        store.putZone(f, z.id(), z.name(), l);
        return Result.noContent();
    }

    private Result createConnection(Req r) {
        if (!r.g()[0].equals("CXL")) {
            throw new RedfishException(405, Messages.of("OperationNotAllowed"));
        }
        JsonNode b = r.body();
        String type = Optional.ofNullable(text(b, "ConnectionType", false)).orElse("Memory");
        if (!type.equals("Memory")) {
            throw new RedfishException(
                    400,
                    Messages.withProps("PropertyValueNotInList", List.of("/ConnectionType"), type, "ConnectionType"));
        }
        List<String> init = refIds(
                b.path("Links").get("InitiatorEndpoints"), V1 + "/Fabrics/CXL/Endpoints", "Links/InitiatorEndpoints");
        if (init.size() != 1) {
            throw new RedfishException(
                    400,
                    Messages.withProps(
                            "PropertyMissing", List.of("/Links/InitiatorEndpoints"), "Links/InitiatorEndpoints"));
        }
        List<String> chunks = new ArrayList<>();
        for (JsonNode m : b.path("MemoryChunkInfo")) {
            String uri = m.path("MemoryChunk").path("@odata.id").asText("");
            chunks.add(lastSegment(uri));
            if (!uri.startsWith(V1 + "/Chassis/")) {
                throw new RedfishException(
                        400,
                        Messages.withProps(
                                "PropertyValueNotInList", List.of("/MemoryChunkInfo"), uri, "MemoryChunkInfo"));
            }
        }
        ManagerStore.MemoryConnection c = store.connect(init.get(0), chunks);
        return Result.created(res.connection("CXL", c.id()).orElseThrow());
    }

    // ------------------------------------------------------------------ accounts and sessions

    private Result createAccount(Req r) {
        String user = text(r.body(), "UserName", true);
        String pw = text(r.body(), "Password", true);
        String role = Optional.ofNullable(text(r.body(), "RoleId", false)).orElse("ReadOnly");
        ManagerStore.Account a = store.createAccount(user, pw, role);
        return Result.created(res.account(a.id()).orElseThrow());
    }

    private Result patchAccount(Req r) {
        String id = r.g()[0];
        JsonNode b = r.body();
        boolean self = r.who().account().id().equals(id);
        boolean admin = r.who().has(Priv.USERS);
        for (var it = b.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!List.of("Password", "UserName", "RoleId", "Enabled", "Locked").contains(f)) {
                throw new RedfishException(400, Messages.withProps("PropertyNotWritable", List.of("/" + f), f));
            }
            if (!admin && !(self && f.equals("Password"))) {
                throw new RedfishException(403, Messages.of("InsufficientPrivilege"));
            }
        }
        if (b.has("Locked")) {
            if (b.get("Locked").asBoolean()) {
                throw new RedfishException(
                        400,
                        Messages.withResolution(
                                Messages.withProps("PropertyValueNotInList", List.of("/Locked"), "true", "Locked"),
                                "Only false (unlock) can be written; the service locks accounts itself."));
            }
            store.unlock(id);
        }
        Boolean enabled = b.has("Enabled") ? b.get("Enabled").asBoolean() : null;
        if (b.has("UserName") || b.has("Password") || b.has("RoleId") || b.has("Enabled")) {
            store.patchAccount(
                    id, text(b, "UserName", false), text(b, "Password", false), text(b, "RoleId", false), enabled);
        }
        return Result.ok(res.account(id).orElseThrow());
    }

    private Result patchSessionService(Req r) {
        JsonNode t = r.body().get("SessionTimeout");
        if (t != null) {
            if (!t.isInt()) {
                throw new RedfishException(
                        400,
                        Messages.withProps(
                                "PropertyValueTypeError", List.of("/SessionTimeout"), t.toString(), "SessionTimeout"));
            }
            store.setSessionTimeout(t.asInt());
        }
        return Result.ok(res.sessionService());
    }

    private Result login(Req r) {
        String user = text(r.body(), "UserName", true);
        String pw = text(r.body(), "Password", true);
        ManagerStore.Account a = checkCredentials(r.ctx(), user, pw)
                .orElseThrow(() -> new RedfishException(401, Messages.of("NoValidSession")));
        ManagerStore.NewSession s = store.createSession(a);
        ObjectNode body = res.session(s.session().id()).orElseThrow();
        return new Result(201, body, Map.of("Location", body.get("@odata.id").asText(), "X-Auth-Token", s.token()));
    }

    private Result logout(Req r) {
        String id = r.g()[0];
        ManagerStore.Session s = store.sessionById(id).orElseThrow();
        boolean own = s.accountId().equals(r.who().account().id());
        if (!own && !r.who().has(Priv.MANAGER)) {
            throw new RedfishException(403, Messages.of("InsufficientPrivilege"));
        }
        store.deleteSession(id);
        return Result.noContent();
    }

    private Result subscribe(Req r) {
        String dest = text(r.body(), "Destination", true);
        if (!dest.startsWith("http://") && !dest.startsWith("https://")) {
            throw new RedfishException(
                    400, Messages.withProps("PropertyValueNotInList", List.of("/Destination"), dest, "Destination"));
        }
        String protocol = Optional.ofNullable(text(r.body(), "Protocol", false)).orElse("Redfish");
        if (!protocol.equals("Redfish")) {
            throw new RedfishException(
                    400, Messages.withProps("PropertyValueNotInList", List.of("/Protocol"), protocol, "Protocol"));
        }
        String context = Optional.ofNullable(text(r.body(), "Context", false)).orElse("");
        int attempts = r.body().path("DeliveryRetryAttempts").asInt(3);
        int interval = r.body().path("DeliveryRetryIntervalSeconds").asInt(5);
        ManagerStore.Subscription s = store.subscribe(
                dest, context, Math.max(0, Math.min(attempts, 20)), Math.max(1, Math.min(interval, 3600)));
        return Result.created(res.subscription(s.id()).orElseThrow());
    }
}
