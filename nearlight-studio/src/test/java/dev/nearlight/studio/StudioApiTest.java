package dev.nearlight.studio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every endpoint of the studio's API against a real server on an ephemeral loopback port and an H2 file. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StudioApiTest {
    StudioFixture s;

    @BeforeAll
    void start(@TempDir Path dir) {
        s = new StudioFixture(dir, false, null);
    }

    @AfterAll
    void stop() {
        s.close();
    }

    private static void assertError(StudioFixture.Res r, int status, String contains) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().path("error").path("message").asText()).contains(contains);
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void pageScriptAndEchartsAreServed() {
        assertThat(s.get("/").body()).contains("<title>Nearlight studio</title>");
        assertThat(s.get("/studio.js").body()).contains("EventSource");
        assertThat(s.get("/studio.css").status()).isEqualTo(200);
        // the report's offline copy of ECharts, not a second copy
        assertThat(s.get("/echarts.min.js").body()).contains("echarts");
        assertThat(s.get("/api/whoami").json().get("mode").asText()).isEqualTo("loopback");
        // the UI loads scripts only from the studio; the browser test runs the UI under this policy
        String csp =
                s.get("/").raw().headers().firstValue("Content-Security-Policy").orElse("");
        assertThat(csp)
                .contains("script-src 'self';")
                .contains("object-src 'none'")
                .doesNotContain("unsafe-eval");
        assertThat(s.get("/api/whoami").raw().headers().firstValue("Content-Security-Policy"))
                .contains(StudioServer.STUDIO_CSP);
    }

    @Test
    void examplesAreListedAndServed() throws Exception {
        JsonNode list = s.get("/api/examples").json();
        long files;
        try (var st = Files.list(StudioFixture.root().resolve("examples"))) {
            files = st.filter(p -> p.toString().endsWith(".yaml")).count();
        }
        assertThat(list).hasSize((int) files);
        JsonNode one = s.get("/api/examples/npo-vs-cpo-switches-1k.yaml").json();
        assertThat(one.get("yaml").asText())
                .isEqualTo(Files.readString(StudioFixture.root().resolve("examples/npo-vs-cpo-switches-1k.yaml")));
        assertError(s.get("/api/examples/nope.yaml"), 404, "no example 'nope.yaml'");
        assertError(s.get("/api/examples/..%2Fpom.xml"), 404, "no example");
        assertError(s.get("/api/nothing"), 404, "not found");
    }

    @Test
    void validationAnswersWithTheLoadersLocatedMessage() {
        JsonNode ok = s.post("/api/scenario/validate", Map.of("yaml", StudioFixture.SMALL))
                .json();
        assertThat(ok.get("valid").asBoolean()).isTrue();
        assertThat(ok.get("alternatives")).hasSize(2);
        // line 4 holds "gpus: 256": replaced with a string the loader rejects at that field
        String bad = StudioFixture.SMALL.replace("gpus: 256", "gpus: lots");
        StudioFixture.Res r = s.post("/api/scenario/validate", Map.of("yaml", bad));
        assertError(r, 400, "scenario.yaml:4:");
        assertThat(r.json().get("error").get("field").asText()).isEqualTo("cluster.gpus");
        assertThat(r.json().get("error").get("line").asInt()).isEqualTo(4);
        assertError(s.post("/api/scenario/validate", Map.of("yaml", "name: [unclosed")), 400, "scenario.yaml:");
        assertError(
                s.post("/api/scenario/validate", Map.of("yaml", StudioFixture.SMALL.replace("h100", "h9000"))),
                400,
                "h9000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "[]", "", "{\"yaml\": 5}", "{\"nothing\": \"x\"}", "null"})
    void malformedBodiesAre400(String body) {
        StudioFixture.Res r = s.send("POST", "/api/scenario/validate", body);
        assertThat(r.status()).as(body + " -> " + r.body()).isEqualTo(400);
        assertThat(r.json().get("error").get("message").asText()).startsWith("request body");
    }

    @Test
    void hugeBodiesAreRefused() {
        String big = "{\"yaml\": \"" + "x".repeat(StudioServer.MAX_BODY_BYTES + 10) + "\"}";
        StudioFixture.Res r = s.send("POST", "/api/scenario/validate", big);
        assertThat(r.status()).as(r.body()).isEqualTo(413);
        // under the body limit but over the text limit: also 413, with the field named
        String long1 = "{\"yaml\": \"" + "x".repeat(StudioServer.MAX_TEXT_CHARS + 1) + "\"}";
        assertError(s.send("POST", "/api/scenario/validate", long1), 413, "yaml: longer than");
    }

    @Test
    void formReadsAndWritesKeyFieldsAndLocatesProblems() {
        JsonNode r = s.post("/api/scenario/form", Map.of("yaml", StudioFixture.SMALL))
                .json();
        assertThat(r.get("fields").get("cluster.gpus").asText()).isEqualTo("256");
        assertThat(r.get("fields").get("alternatives[1].optics.leafSpine").asText())
                .isEqualTo("npo");
        assertThat(r.get("problem").isNull()).isTrue();
        JsonNode w = s.post(
                        "/api/scenario/form", Map.of("yaml", StudioFixture.SMALL, "set", Map.of("cluster.gpus", "128")))
                .json();
        assertThat(w.get("fields").get("cluster.gpus").asText()).isEqualTo("128");
        assertThat(w.get("yaml").asText()).contains("gpus: 128");
        assertThat(w.get("problem").isNull()).isTrue();
        JsonNode bad = s.post(
                        "/api/scenario/form",
                        Map.of("yaml", StudioFixture.SMALL, "set", Map.of("cluster.gpus", "many")))
                .json();
        assertThat(bad.get("problem").get("field").asText()).isEqualTo("cluster.gpus");
        assertThat(bad.get("problem").get("message").asText()).startsWith("scenario.yaml:");
        assertError(
                s.post("/api/scenario/form", Map.of("yaml", StudioFixture.SMALL, "set", Map.of("a..b", "1"))),
                400,
                "not a field path");
        assertError(
                s.post(
                        "/api/scenario/form",
                        Map.of("yaml", StudioFixture.SMALL, "set", Map.of("workloads[7].tp", "2"))),
                400,
                "no index 7");
    }

    @Test
    void catalogueEntriesCarryValueRangeConfidenceAndSource() throws Exception {
        JsonNode all = s.get("/api/catalogue").json();
        assertThat(all.size()).isGreaterThan(50);
        for (JsonNode p : all) {
            assertThat(p.get("min").asDouble())
                    .as(p.get("path").asText())
                    .isLessThanOrEqualTo(p.get("value").asDouble());
            assertThat(p.get("value").asDouble())
                    .isLessThanOrEqualTo(p.get("max").asDouble());
            assertThat(p.get("source").asText()).isNotBlank();
        }
        JsonNode some = s.get("/api/catalogue?q=npo").json();
        assertThat(some.size()).isPositive().isLessThan(all.size());
        String yaml = Files.readString(StudioFixture.root().resolve("examples/catalogues/switch-204.8t.yaml"));
        assertError(s.send("PUT", "/api/catalogues/bad%20name", "{\"yaml\":\"x: 1\"}"), 400, "catalogue name");
        assertError(s.send("PUT", "/api/catalogues/broken", "{\"yaml\":\"endpoints: [ {id: 1\"}"), 400, "broken.yaml");
        StudioFixture.Res put =
                s.send("PUT", "/api/catalogues/next-gen", StudioFixture.JSON.writeValueAsString(Map.of("yaml", yaml)));
        assertThat(put.status()).as(put.body()).isEqualTo(201);
        assertThat(s.get("/api/catalogues").json().findValuesAsText("name")).contains("next-gen");
        assertThat(s.get("/api/catalogues/next-gen").json().get("yaml").asText())
                .isEqualTo(yaml);
        JsonNode with =
                s.get("/api/catalogue?catalogue=next-gen&q=switch-204.8t").json();
        assertThat(with.size()).isPositive();
        assertThat(s.get("/api/catalogue?q=switch-204.8t").json()).isEmpty();
        assertError(s.get("/api/catalogue?catalogue=nope"), 400, "no saved catalogue named 'nope'");
        assertError(
                s.post("/api/scenario/validate", Map.of("yaml", StudioFixture.SMALL, "catalogue", "nope")),
                400,
                "nope");
        assertThat(s.send("DELETE", "/api/catalogues/next-gen", null).status()).isEqualTo(204);
        assertError(s.send("DELETE", "/api/catalogues/next-gen", null), 404, "no catalogue");
    }

    @Test
    void runsExecuteStreamPersistDownloadAndDiff() throws Exception {
        String a = s.startRun(StudioFixture.SMALL);
        String b = s.startRun(StudioFixture.SMALL.replace("electricityUsdPerKwh: 0.1", "electricityUsdPerKwh: 0.2"));
        // the event stream of the first run ends with its final state
        java.net.http.HttpResponse<java.util.stream.Stream<String>> sse = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(
                                        java.net.URI.create(s.base() + "/api/runs/" + a + "/events"))
                                .header("Accept", "text/event-stream")
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofLines());
        List<String> lines = sse.body().toList();
        List<String> data = lines.stream().filter(l -> l.startsWith("data:")).toList();
        assertThat(data).as(sse.statusCode() + " " + lines).isNotEmpty();
        assertThat(data.get(data.size() - 1)).contains("\"state\":\"done\"");
        JsonNode ra = s.await(a);
        JsonNode rb = s.await(b);
        assertThat(ra.get("state").asText()).as(ra.toString()).isEqualTo("done");
        assertThat(rb.get("state").asText()).as(rb.toString()).isEqualTo("done");
        assertThat(ra.get("stepsDone").asInt())
                .isEqualTo(ra.get("stepsTotal").asInt())
                .isPositive();
        // history: newest first
        assertThat(s.get("/api/runs").json().findValuesAsText("id")).containsSubsequence(b, a);

        JsonNode results = s.get("/api/runs/" + a + "/results.json").json();
        assertThat(results.get("schema").asText()).isEqualTo("nearlight-compare/2");
        assertThat(results.get("alternatives")).hasSize(2);
        assertThat(results.get("alternatives").get(0).get("name").asText()).isEqualTo("pluggable");
        assertThat(results.get("alternatives").get(1).get("name").asText()).isEqualTo("npo");
        assertThat(s.get("/api/runs/" + a + "/results.csv").body()).startsWith("alternative,");
        StudioFixture.Res report = s.get("/api/runs/" + a + "/report.html");
        assertThat(report.body()).contains("id=\"summary\"");
        // the offline report carries everything inline and may fetch nothing
        assertThat(report.raw().headers().firstValue("Content-Security-Policy")).contains(StudioServer.REPORT_CSP);
        assertThat(s.get("/api/runs/" + a + "/scenario.yaml").body()).isEqualTo(StudioFixture.SMALL);
        StudioFixture.Res dl = s.get("/api/runs/" + a + "/results.csv?download");
        assertThat(dl.raw().headers().firstValue("Content-Disposition").orElse(""))
                .contains("attachment");

        JsonNode diff = s.get("/api/diff?a=" + a + "&b=" + b).json();
        assertThat(diff.get("inputs")).hasSize(1);
        assertThat(diff.get("inputs").get(0).get("field").asText()).isEqualTo("economics.electricityUsdPerKwh");
        // doubling the electricity price raises the energy cost and leaves the energy per run unchanged
        Map<String, JsonNode> moves = new HashMap<>();
        for (JsonNode m : diff.get("rows")) {
            moves.put(m.get("column").asText() + "|" + m.get("metric").asText(), m);
        }
        for (JsonNode alt : results.get("alternatives")) {
            String col = alt.get("column").asText();
            JsonNode energy = moves.get(col + "|energyPerRunJ");
            if (energy != null) {
                assertThat(energy.get("delta").asDouble()).isEqualTo(0.0);
            }
            JsonNode tco = moves.get(col + "|tcoUsd");
            assertThat(tco.get("delta").asDouble()).isPositive();
            // percent is 100 * delta / |a|
            assertThat(tco.get("percent").asDouble())
                    .isCloseTo(
                            100
                                    * tco.get("delta").asDouble()
                                    / Math.abs(tco.get("a").asDouble()),
                            org.assertj.core.data.Offset.offset(1e-9));
        }
        assertError(s.post("/api/runs/" + a + "/cancel", "{}"), 409, "nothing to cancel");
        assertError(s.get("/api/runs/00000000-0000-0000-0000-000000000000"), 404, "no run");
        assertError(s.get("/api/runs/%3Cscript%3E"), 404, "no run");
        assertError(s.get("/api/diff?a=" + a), 400, "give two runs");
        assertError(
                s.post("/api/runs", Map.of("kind", "compare", "yaml", StudioFixture.SMALL.replace("tp: 8", "tp: 3"))),
                400,
                "scenario.yaml:");
        assertError(s.post("/api/runs", Map.of("kind", "magic", "yaml", "x")), 400, "kind");

        // history survives a restart
        s.restart();
        assertThat(s.get("/api/runs").json().findValuesAsText("id")).contains(a, b);
        assertThat(s.get("/api/runs/" + a).json().get("state").asText()).isEqualTo("done");
        assertThat(s.get("/api/runs/" + a + "/results.json").json().get("alternatives"))
                .hasSize(2);
    }

    @Test
    void aRunCanBeCancelled() {
        String first = s.startRun(StudioFixture.SMALL);
        String second = s.startRun(StudioFixture.SMALL.replace("pue: 1.2", "pue: 1.3"));
        StudioFixture.Res c = s.post("/api/runs/" + second + "/cancel", "{}");
        assertThat(c.status()).as(c.body()).isEqualTo(202);
        assertThat(s.await(second).get("state").asText()).isEqualTo("cancelled");
        assertError(s.get("/api/runs/" + second + "/results.json"), 409, "no results");
        s.await(first);
    }

    static final String SWEEP = """
            name: studio sweep
            base: scenario.yaml
            sampling: {method: grid}
            axes:
              - path: economics.electricityUsdPerKwh
                values: [0.05, 0.2]
              - path: economics.pue
                values: [1.1, 1.4]
            objectives: [tcoUsd, fabricPowerKw]
            """;

    @Test
    void aSweepRunsOverTheEditedScenarioAndCarriesItsParetoExplorer() {
        StudioFixture.Res r = s.post("/api/runs", Map.of("kind", "sweep", "sweep", SWEEP, "yaml", StudioFixture.SMALL));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        String id = r.json().get("id").asText();
        JsonNode done = s.await(id);
        assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("done");
        assertThat(done.get("kind").asText()).isEqualTo("sweep");
        // a 2 x 2 grid: 4 design points
        assertThat(done.get("stepsTotal").asInt()).isEqualTo(4);
        assertThat(done.get("stepsDone").asInt()).isEqualTo(4);
        JsonNode analysis = s.get("/api/runs/" + id + "/results.json").json();
        assertThat(analysis.toString()).contains("tcoUsd");
        // results.csv: a header and one row per point and alternative (4 x 2)
        assertThat(s.get("/api/runs/" + id + "/results.csv").body().strip().split("\n"))
                .hasSize(1 + 4 * 2);
        assertThat(s.get("/api/runs/" + id + "/report.html").body())
                .contains("id=\"pareto\"")
                .contains("Click a point");
        // bad sweeps: the sweep loader's located message; too many points for the studio
        assertError(
                s.post(
                        "/api/runs",
                        Map.of(
                                "kind",
                                "sweep",
                                "sweep",
                                SWEEP.replace("economics.pue", "economics..pue"),
                                "yaml",
                                StudioFixture.SMALL)),
                400,
                "sweep.yaml:");
        assertError(
                s.post(
                        "/api/runs",
                        Map.of(
                                "kind",
                                "sweep",
                                "sweep",
                                SWEEP.replace("{method: grid}", "{method: random, points: 100000}"),
                                "yaml",
                                StudioFixture.SMALL)),
                400,
                "at most " + Runs.MAX_SWEEP_POINTS);
    }
}
