package dev.nearlight.studio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nearlight.core.InputException;
import dev.nearlight.core.catalogue.Catalogue;
import dev.nearlight.explore.scenario.ScenarioFile;
import dev.nearlight.explore.sweep.FieldPath;
import dev.nearlight.explore.sweep.YamlTree;
import dev.nearlight.studio.report.HtmlReport;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The studio's web server: a single-page UI and a JSON API to edit and validate a scenario (form and YAML), browse the
 * catalogue and save named overrides, start, follow (server-sent events), cancel and download runs, and diff two runs.
 * Every user error is a 4xx JSON document {@code {"error": {"message", "field", "line", "column"}}} carrying the
 * loader's one-line located message; nothing reaches the client as a stack trace.
 */
public final class StudioServer implements AutoCloseable {
    /**
     * Content security policy of the studio's own pages: scripts, styles and data only from the studio itself (styles
     * may be inline: ECharts writes its tooltips with style attributes), no plugins, no framing by other origins.
     */
    static final String STUDIO_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
            + " img-src 'self' data:; connect-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'none';"
            + " form-action 'self'; frame-ancestors 'self'";

    /**
     * Content security policy of a run's offline report: it carries its scripts and data inline (it must open from a
     * file too) and may load nothing from anywhere.
     */
    static final String REPORT_CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline';"
            + " img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

    /** Largest accepted request body, bytes (a scenario or catalogue is a few kB). */
    public static final int MAX_BODY_BYTES = 1 << 20;

    /** Largest scenario or catalogue text, characters. */
    static final int MAX_TEXT_CHARS = 256 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern EXAMPLE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,120}\\.yaml");
    private static final Pattern RUN_ID = Pattern.compile("[0-9a-f-]{36}");

    /** The key fields of the form view; alternatives' optics per tier are added per alternative. */
    static final List<String> FORM_FIELDS = List.of(
            "name",
            "cluster.gpu",
            "cluster.gpus",
            "cluster.gpusPerNode",
            "cluster.fabric.topology",
            "cluster.fabric.rate",
            "cluster.fabric.tiers",
            "cluster.fabric.switchRadix",
            "workloads[0].model",
            "workloads[0].tp",
            "workloads[0].pp",
            "workloads[0].dp",
            "workloads[0].gbs",
            "workloads[0].seq",
            "economics.electricityUsdPerKwh",
            "economics.pue",
            "economics.lifetimeYears",
            "economics.discountRate");

    /** Tiers whose optics the form shows per alternative. */
    static final List<String> TIERS = List.of("nodeLeaf", "leafSpine", "spineCore");

    /**
     * Where and how to listen.
     *
     * @param host bind address
     * @param port port (0: any free one)
     * @param tlsKeystore PKCS12 keystore for HTTPS, or null for HTTP
     * @param tlsPassword its password
     */
    public record Options(String host, int port, Path tlsKeystore, String tlsPassword) {}

    private final StudioStore store;
    private final Runs runs;
    private final Path examplesDir;
    private final StudioAuth auth;
    private Javalin app;

    /**
     * @param store persistence
     * @param runs the run executor
     * @param examplesDir directory of example scenarios to start from (may be absent: no examples listed)
     * @param auth accounts and roles, or {@link StudioAuth#LOOPBACK} (no password, loopback binding only)
     */
    public StudioServer(StudioStore store, Runs runs, Path examplesDir, StudioAuth auth) {
        this.store = store;
        this.runs = runs;
        this.examplesDir = examplesDir;
        this.auth = auth;
    }

    /** Starts listening; returns the bound port. */
    public int start(Options opt) {
        app = Javalin.create(cfg -> {
            cfg.http.maxRequestSize = MAX_BODY_BYTES;
            cfg.startup.showJavalinBanner = false;
            cfg.jetty.modifyHttpConfiguration(http -> {
                http.setSendServerVersion(false);
                http.setSendXPoweredBy(false);
                http.setRequestHeaderSize(16 * 1024);
            });
            cfg.jetty.addConnector((server, httpConfig) -> {
                ServerConnector c = dev.nearlight.manager.Connectors.connector(
                        server, httpConfig, opt.host(), opt.port(), opt.tlsKeystore(), opt.tlsPassword());
                return c;
            });
            cfg.routes.before(ctx -> {
                ctx.header("X-Content-Type-Options", "nosniff");
                ctx.header("Referrer-Policy", "no-referrer");
                boolean report =
                        ctx.path().startsWith("/api/runs/") && ctx.path().endsWith("/report.html");
                if (!report) {
                    ctx.header("X-Frame-Options", "SAMEORIGIN");
                }
                ctx.header("Content-Security-Policy", report ? REPORT_CSP : STUDIO_CSP);
                auth.check(ctx);
            });
            cfg.routes.exception(StudioException.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
            cfg.routes.exception(InputException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
            cfg.routes.exception(
                    io.javalin.http.HttpResponseException.class,
                    (e, ctx) -> error(
                            ctx,
                            e.getStatus(),
                            e.getStatus() == 413
                                    ? "request body larger than " + MAX_BODY_BYTES + " bytes (send a smaller scenario)"
                                    : e.getMessage()));
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                org.slf4j.LoggerFactory.getLogger(StudioServer.class).error("internal error", e);
                error(ctx, 500, "internal error (see the server log)");
            });
            cfg.routes.error(404, ctx -> {
                if (ctx.result() == null || !ctx.result().startsWith("{\"error\"")) {
                    error(ctx, 404, "no such resource: " + ctx.method() + " " + ctx.path());
                }
            });
            cfg.routes.error(405, ctx -> error(ctx, 405, "method not allowed: " + ctx.method() + " " + ctx.path()));

            cfg.routes.get("/", ctx -> page(ctx, "index.html", "text/html; charset=utf-8"));
            cfg.routes.get("/studio.js", ctx -> page(ctx, "studio.js", "text/javascript; charset=utf-8"));
            cfg.routes.get("/studio.css", ctx -> page(ctx, "studio.css", "text/css; charset=utf-8"));
            cfg.routes.get("/echarts.min.js", ctx -> {
                ctx.contentType("text/javascript; charset=utf-8");
                ctx.header("Cache-Control", "max-age=3600");
                ctx.result(HtmlReport.resource("echarts.min.js"));
            });
            cfg.routes.get("/api/whoami", ctx -> ctx.json(auth.whoami(ctx)));
            cfg.routes.get("/api/examples", this::examples);
            cfg.routes.get("/api/examples/{name}", this::example);
            cfg.routes.post("/api/scenario/validate", this::validate);
            cfg.routes.post("/api/scenario/form", this::form);
            cfg.routes.get("/api/catalogue", this::catalogue);
            cfg.routes.get(
                    "/api/catalogues",
                    ctx -> ctx.json(store.catalogues().stream()
                            .map(c -> Map.of("name", c.name(), "createdAt", c.createdAt()))
                            .toList()));
            cfg.routes.get(
                    "/api/catalogues/{name}",
                    ctx -> ctx.json(store.catalogue(ctx.pathParam("name"))
                            .orElseThrow(() -> notFound("catalogue", ctx.pathParam("name")))));
            cfg.routes.put("/api/catalogues/{name}", this::saveCatalogue);
            cfg.routes.delete("/api/catalogues/{name}", ctx -> {
                auth.requireWrite(ctx);
                if (!store.deleteCatalogue(ctx.pathParam("name"))) {
                    throw notFound("catalogue", ctx.pathParam("name"));
                }
                ctx.status(204);
            });
            cfg.routes.get("/api/runs", ctx -> ctx.json(store.runs()));
            cfg.routes.post("/api/runs", this::startRun);
            cfg.routes.get("/api/runs/{id}", ctx -> ctx.json(run(ctx)));
            cfg.routes.post("/api/runs/{id}/cancel", ctx -> {
                auth.requireWrite(ctx);
                StudioStore.Run r = run(ctx);
                if (!runs.cancel(r.id())) {
                    throw new StudioException(409, "run " + r.id() + " is " + r.state() + ", nothing to cancel");
                }
                ctx.status(202).json(Map.of("id", r.id(), "cancelling", true));
            });
            cfg.routes.sse("/api/runs/{id}/events", this::events);
            cfg.routes.get("/api/runs/{id}/scenario.yaml", ctx -> download(ctx, "input_text", "application/yaml"));
            cfg.routes.get("/api/runs/{id}/results.json", ctx -> download(ctx, "results_json", "application/json"));
            cfg.routes.get("/api/runs/{id}/results.csv", ctx -> download(ctx, "results_csv", "text/csv"));
            cfg.routes.get(
                    "/api/runs/{id}/report.html", ctx -> download(ctx, "report_html", "text/html; charset=utf-8"));
            cfg.routes.get("/api/diff", this::diff);
        });
        app.start();
        return ((ServerConnector) app.jettyServer().server().getConnectors()[0]).getLocalPort();
    }

    // ------------------------------------------------------------------ scenarios

    private void examples(Context ctx) throws IOException {
        List<Map<String, String>> out = new ArrayList<>();
        if (examplesDir != null && Files.isDirectory(examplesDir)) {
            try (Stream<Path> s = Files.list(examplesDir)) {
                for (Path p : s.filter(Files::isRegularFile)
                        .filter(p -> EXAMPLE.matcher(p.getFileName().toString()).matches())
                        .sorted()
                        .toList()) {
                    String name = "";
                    try {
                        JsonNode n = YamlTree.parse(
                                        Files.readString(p), p.getFileName().toString())
                                .root()
                                .get("name");
                        name = n == null ? "" : n.asText();
                    } catch (InputException e) {
                        name = "(invalid: " + e.getMessage() + ")";
                    }
                    out.add(Map.of("file", p.getFileName().toString(), "name", name));
                }
            }
        }
        ctx.json(out);
    }

    private void example(Context ctx) throws IOException {
        String name = ctx.pathParam("name");
        if (!EXAMPLE.matcher(name).matches()
                || examplesDir == null
                || !Files.isRegularFile(examplesDir.resolve(name))) {
            throw notFound("example", name);
        }
        ctx.json(Map.of("file", name, "yaml", Files.readString(examplesDir.resolve(name), StandardCharsets.UTF_8)));
    }

    private void validate(Context ctx) {
        JsonNode body = body(ctx);
        String yaml = text(body, "yaml");
        List<Path> cats = runs.catalogueFiles(optionalText(body, "catalogue"));
        ScenarioFile f = runs.validate(yaml, Names.SCENARIO_SOURCE, cats);
        ObjectNode out = JSON.createObjectNode();
        out.put("valid", true);
        out.put("name", f.scenario().name());
        ArrayNode alts = out.putArray("alternatives");
        f.scenario().alternatives().forEach(a -> alts.add(a.name()));
        out.put("workloads", f.scenario().workloads().size());
        ctx.json(out);
    }

    /**
     * The form view: reads the key fields of a scenario and writes changed ones back into its YAML, then validates the
     * result with the loader; a problem is returned with its field so the form shows it there.
     */
    private void form(Context ctx) {
        JsonNode body = body(ctx);
        String yaml = text(body, "yaml");
        YamlTree tree = YamlTree.parse(yaml, Names.SCENARIO_SOURCE);
        JsonNode set = body.get("set");
        String out = yaml;
        if (set != null && !set.isNull()) {
            if (!set.isObject()) {
                throw new StudioException(400, "set: must be an object of field path to value");
            }
            if (!tree.root().isObject()) {
                throw new InputException(Names.SCENARIO_SOURCE + ":1:1: (root): not a mapping (start from an example)");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = set.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                FieldPath p = FieldPath.parse(e.getKey());
                if (p == null || e.getKey().contains("*")) {
                    throw new StudioException(
                            400, "set: '" + e.getKey() + "' is not a field path (e.g. cluster.gpus, workloads[0].tp)");
                }
                String problem = p.set(tree.root(), typed(tree.root(), e.getKey(), e.getValue()));
                if (problem != null) {
                    throw new StudioException(400, "set: " + e.getKey() + ": " + problem);
                }
            }
            out = tree.toYaml();
        }
        ObjectNode res = JSON.createObjectNode();
        res.put("yaml", out);
        ObjectNode fields = res.putObject("fields");
        for (String f : formFields(tree.root())) {
            JsonNode v = tree.root().at(pointer(f));
            fields.put(f, v.isMissingNode() || v.isNull() ? "" : v.asText());
        }
        try {
            runs.validate(out, Names.SCENARIO_SOURCE, runs.catalogueFiles(optionalText(body, "catalogue")));
            res.putNull("problem");
        } catch (InputException e) {
            res.set("problem", problem(e.getMessage()));
        }
        ctx.json(res);
    }

    static List<String> formFields(JsonNode root) {
        List<String> out = new ArrayList<>(FORM_FIELDS);
        JsonNode alts = root.get("alternatives");
        if (alts != null && alts.isArray()) {
            for (int i = 0; i < alts.size(); i++) {
                out.add("alternatives[" + i + "].name");
                for (String t : TIERS) {
                    out.add("alternatives[" + i + "].optics." + t);
                }
            }
        }
        return out;
    }

    /** A field path as a JSON pointer ({@code workloads[0].tp} -> {@code /workloads/0/tp}). */
    static String pointer(String path) {
        return "/" + path.replaceAll("\\[(\\d+)\\]", ".$1").replace(".", "/");
    }

    /** A form value as the node it stands for: numbers and booleans as such (the loader checks the type). */
    private static JsonNode typed(JsonNode root, String path, JsonNode v) {
        if (!v.isTextual()) {
            return v;
        }
        String s = v.asText().trim();
        JsonNodeFactory f = JsonNodeFactory.instance;
        JsonNode old = root.at(pointer(path));
        if (old.isTextual()) {
            return f.textNode(s);
        }
        if (s.matches("-?\\d{1,18}")) {
            return f.numberNode(Long.parseLong(s));
        }
        if (s.matches("-?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
            return f.numberNode(Double.parseDouble(s));
        }
        if (s.equals("true") || s.equals("false")) {
            return f.booleanNode(Boolean.parseBoolean(s));
        }
        return f.textNode(s);
    }

    // ------------------------------------------------------------------ catalogue

    private void catalogue(Context ctx) {
        String name = ctx.queryParam("catalogue");
        Catalogue cat = Catalogue.load(runs.catalogueFiles(name));
        String q = ctx.queryParam("q") == null ? "" : ctx.queryParam("q").toLowerCase(java.util.Locale.ROOT);
        List<Map<String, Object>> out = new ArrayList<>();
        cat.mapParams((path, p) -> {
            if (q.isEmpty()
                    || path.toLowerCase(java.util.Locale.ROOT).contains(q)
                    || p.source().toLowerCase(java.util.Locale.ROOT).contains(q)) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("path", path);
                m.put("value", p.value());
                m.put("min", p.min());
                m.put("max", p.max());
                m.put("unit", p.unit());
                m.put("confidence", p.confidence().toString());
                m.put("source", p.source());
                out.add(m);
            }
            return p;
        });
        ctx.json(out);
    }

    private void saveCatalogue(Context ctx) {
        auth.requireWrite(ctx);
        String name = ctx.pathParam("name");
        if (!Names.CATALOGUE_NAME.matcher(name).matches()) {
            throw new StudioException(
                    400, "catalogue name '" + shorten(name) + "': use 1-64 letters, digits, '.', '_' or '-'");
        }
        String yaml = text(body(ctx), "yaml");
        Catalogue.fromYaml(name + ".yaml", yaml);
        ctx.status(201).json(store.saveCatalogue(name, yaml));
    }

    // ------------------------------------------------------------------ runs

    private void startRun(Context ctx) {
        auth.requireWrite(ctx);
        JsonNode body = body(ctx);
        String kind = body.has("kind") ? body.get("kind").asText() : "compare";
        StudioStore.Run r;
        if (kind.equals("compare")) {
            r = runs.startCompare(text(body, "yaml"), optionalText(body, "catalogue"), auth.user(ctx));
        } else if (kind.equals("sweep")) {
            r = runs.startSweep(
                    text(body, "sweep"), text(body, "yaml"), optionalText(body, "catalogue"), auth.user(ctx));
        } else {
            throw new StudioException(400, "kind: '" + shorten(kind) + "' is not supported (use compare or sweep)");
        }
        ctx.status(202).json(r);
    }

    private StudioStore.Run run(Context ctx) {
        String id = ctx.pathParam("id");
        if (!RUN_ID.matcher(id).matches()) {
            throw notFound("run", id);
        }
        return store.run(id).orElseThrow(() -> notFound("run", id));
    }

    private void download(Context ctx, String column, String type) {
        StudioStore.Run r = run(ctx);
        String text = store.text(r.id(), column).orElse(null);
        if (text == null) {
            throw new StudioException(409, "run " + r.id() + " is " + r.state() + " and has no results");
        }
        String file = ctx.path().substring(ctx.path().lastIndexOf('/') + 1);
        ctx.contentType(type);
        if (ctx.queryParam("download") != null) {
            ctx.header("Content-Disposition", "attachment; filename=\"run-" + r.seq() + "-" + file + "\"");
        }
        ctx.result(text);
    }

    private void events(SseClient client) {
        Context ctx = client.ctx();
        StudioStore.Run r;
        try {
            r = run(ctx);
        } catch (StudioException e) {
            client.sendEvent("error", e.getMessage());
            client.close();
            return;
        }
        client.keepAlive();
        String id = r.id();
        Runnable[] stop = {() -> {}};
        stop[0] = runs.listen(id, e -> {
            client.sendEvent("progress", json(e));
            if (!e.state().equals("running")) {
                stop[0].run();
                client.close();
            }
        });
        client.onClose(() -> stop[0].run());
        // the state now (after subscribing, so nothing is missed): a finished run ends the stream at once
        StudioStore.Run now = store.run(id).orElseThrow();
        client.sendEvent("progress", json(new Runs.Event(id, now.state(), now.stepsDone(), now.stepsTotal(), "state")));
        if (now.finished()) {
            stop[0].run();
            client.close();
        }
    }

    // ------------------------------------------------------------------ diff

    private void diff(Context ctx) throws IOException {
        String a = ctx.queryParam("a");
        String b = ctx.queryParam("b");
        if (a == null || b == null) {
            throw new StudioException(400, "diff: give two runs as ?a=RUN_ID&b=RUN_ID");
        }
        StudioStore.Run ra = store.run(a).orElseThrow(() -> notFound("run", a));
        StudioStore.Run rb = store.run(b).orElseThrow(() -> notFound("run", b));
        String ja = store.text(a, "results_json").orElse(null);
        String jb = store.text(b, "results_json").orElse(null);
        if (ja == null || jb == null) {
            throw new StudioException(409, "diff: both runs must be done (" + ra.state() + ", " + rb.state() + ")");
        }
        JsonNode ia = YamlTree.parse(store.text(a, "input_text").orElseThrow(), "a.yaml")
                .root();
        JsonNode ib = YamlTree.parse(store.text(b, "input_text").orElseThrow(), "b.yaml")
                .root();
        ctx.json(RunDiff.of(ra, rb, ia, ib, JSON.readTree(ja), JSON.readTree(jb)));
    }

    // ------------------------------------------------------------------ plumbing

    private static StudioException notFound(String what, String id) {
        return new StudioException(404, "no " + what + " '" + shorten(id) + "'");
    }

    private static String shorten(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    private static JsonNode body(Context ctx) {
        String text = ctx.body();
        if (text.isBlank()) {
            throw new StudioException(400, "request body: empty (send a JSON object)");
        }
        JsonNode n;
        try {
            n = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new StudioException(
                    400,
                    "request body:" + (loc == null ? "" : loc.getLineNr() + ":" + loc.getColumnNr()) + ": not JSON: "
                            + e.getOriginalMessage().replaceAll("\\s+", " "));
        }
        if (n == null || !n.isObject()) {
            throw new StudioException(400, "request body: must be a JSON object");
        }
        return n;
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || !n.isTextual()) {
            throw new StudioException(400, "request body: field '" + field + "' must be a string");
        }
        if (n.asText().length() > MAX_TEXT_CHARS) {
            throw new StudioException(413, field + ": longer than " + MAX_TEXT_CHARS + " characters");
        }
        return n.asText();
    }

    private static String optionalText(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull() || (n.isTextual() && n.asText().isEmpty())) {
            return null;
        }
        return text(body, field);
    }

    static ObjectNode problem(String message) {
        Names.Location l = Names.locate(message);
        ObjectNode e = JSON.createObjectNode();
        e.put("message", message);
        if (l.field() != null) {
            e.put("field", l.field());
            e.put("line", l.line());
            e.put("column", l.column());
        } else {
            e.putNull("field");
        }
        return e;
    }

    private static void error(Context ctx, int status, String message) {
        ObjectNode root = JSON.createObjectNode();
        root.set("error", problem(message == null ? "error" : message));
        ctx.status(status).contentType("application/json").result(root.toString());
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void page(Context ctx, String name, String type) {
        try (InputStream in = StudioServer.class.getResourceAsStream("/studio/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource /studio/" + name);
            }
            ctx.contentType(type).result(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (app != null) {
            app.stop();
        }
    }
}
