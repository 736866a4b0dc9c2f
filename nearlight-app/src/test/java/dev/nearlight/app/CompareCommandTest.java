package dev.nearlight.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nearlight.explore.compare.ComparisonListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * The compare command's CLI contract (table, JSON, files, errors, progress) with the test-only {@link FixtureEvaluator};
 * the real models are checked in {@link CompareEndToEndTest}.
 */
class CompareCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    static Path examples() {
        String root = System.getProperty("nearlight.root.dir", "..");
        return Path.of(root, "examples");
    }

    static Stream<Path> exampleFiles() throws IOException {
        try (Stream<Path> s = Files.list(examples())) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    private int runWithFixture(String... args) {
        CommandLine cmd = new CommandLine(new CompareCommand((f, c) -> new FixtureEvaluator(), null, null));
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    @ParameterizedTest
    @MethodSource("exampleFiles")
    void everyExampleRunsAndPrintsTheTable(Path example) throws IOException {
        int code = runWithFixture(example.toString(), "--threads", "2");
        assertThat(code).as(err.toString()).isZero();
        String table = out.toString();
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "compare-fixture-" + example.getFileName() + ".txt"), table);
        assertThat(table)
                .contains(
                        "Link energy (pJ/bit)",
                        "Fabric TCO (M USD)",
                        "Cost per trained model (M USD)",
                        "* best in row");
        assertThat(table.lines().filter(l -> l.contains("*")).count()).isGreaterThan(3);
        // not a terminal in tests: one log line per step on stderr
        assertThat(err.toString()).contains("compare: [1/");
    }

    @Test
    void jsonAndOutDirFollowTheContract(@TempDir Path dir) throws IOException {
        Path example = examples().resolve("llama3-405b-16k-gpus.yaml");
        int code = runWithFixture(example.toString(), "--json", "--out", dir.toString());
        assertThat(code).as(err.toString()).isZero();
        JsonNode doc = new ObjectMapper().readTree(out.toString());
        assertThat(doc.get("schema").asText()).isEqualTo("nearlight-compare/2");
        assertThat(doc.get("metrics"))
                // issue 15 added ETTR, goodput and 5 interruption rows; issue 16 port and link power; issue 18 the
                // step lost per dark fabric link
                .hasSize(25);
        assertThat(doc.get("alternatives")).hasSize(4);
        JsonNode npo = doc.get("alternatives").get(2);
        assertThat(npo.get("name").asText()).isEqualTo("npo");
        for (String key : List.of(
                "linkEnergyPjPerBit",
                "portPowerW",
                "linkPowerW",
                "opticsPowerKw",
                "fabricPowerKw",
                "escapeFeasible",
                "linkLatencyNs",
                "stepTimeS",
                "mfu",
                "starvation",
                "timeToTrainDays",
                "energyPerRunMWh",
                "availability",
                "gpuHoursLostPerYear",
                "ettr",
                "goodput",
                "interruptionsPerDay",
                "gpuInterruptionsPerDay",
                "networkInterruptionsPerDay",
                "hostInterruptionsPerDay",
                "softwareInterruptionsPerDay",
                "capexUsd",
                "tcoUsd",
                "costPerModelUsd")) {
            assertThat(npo.get("metrics").has(key)).as(key).isTrue();
        }
        assertThat(npo.get("charts").get("powerBreakdownKw").size()).isPositive();
        assertThat(doc.get("sensitivity").get("metric").asText()).isEqualTo("costPerModelUsd");
        assertThat(doc.get("sensitivity").get("bars")).hasSize(10);
        // the step model's own error is a bar, between the 5 % and 95 % quantiles of its never-fitted runs
        JsonNode stepModel = null;
        for (JsonNode bar : doc.get("sensitivity").get("bars")) {
            if (bar.get("parameter").asText().equals("stepModel")) {
                stepModel = bar;
            }
        }
        assertThat(stepModel).isNotNull();
        assertThat(stepModel.get("lowSetting").asText()).isEqualTo("x0.91");
        assertThat(stepModel.get("highSetting").asText()).isEqualTo("x1.10");
        // (its effect on the real models: CompareEndToEndTest; this fixture evaluator ignores it)
        assertThat(dir.resolve("report.html")).isRegularFile();
        assertThat(new ObjectMapper().readTree(dir.resolve("results.json").toFile()))
                .isEqualTo(doc);
        List<String> csv = Files.readAllLines(dir.resolve("results.csv"));
        assertThat(csv.get(0))
                .isEqualTo("alternative,workload,metric,unit,value,low,high,probabilityBest,best,contains");
        assertThat(csv).hasSize(1 + 25 * 4);
    }

    @Test
    void badScenariosGetOneLineAndExitCodeTwo(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.yaml");
        String text = Files.readString(examples().resolve("npo-vs-cpo-switches-1k.yaml"))
                .replace("gpus: 1024", "gpus: lots");
        Files.writeString(bad, text);
        StringWriter e = new StringWriter();
        int code = Main.run(new String[] {"compare", bad.toString()}, new PrintWriter(out), new PrintWriter(e, true));
        assertThat(code).isEqualTo(2);
        int line = 0;
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("gpus: lots")) {
                line = i + 1;
            }
        }
        assertThat(e.toString())
                .isEqualTo("error: " + bad + ":" + line
                        + ":3: cluster.gpus: 'lots' is not an integer (write an integer)" + System.lineSeparator());

        StringWriter e2 = new StringWriter();
        int code2 = Main.run(
                new String[] {"compare", dir.resolve("missing.yaml").toString()},
                new PrintWriter(out),
                new PrintWriter(e2, true));
        assertThat(code2).isEqualTo(2);
        assertThat(e2.toString()).startsWith("error: scenario file not found: ");

        Path unknownId = dir.resolve("id.yaml");
        Files.writeString(
                unknownId, text.replace("gpus: lots", "gpus: 1024").replace("leafSpine: cpo", "leafSpine: cpp"));
        StringWriter e3 = new StringWriter();
        assertThat(Main.run(
                        new String[] {"compare", unknownId.toString()},
                        new PrintWriter(out),
                        new PrintWriter(e3, true)))
                .isEqualTo(2);
        assertThat(e3.toString())
                .contains("alternatives[1].optics.leafSpine: unknown optics technology 'cpp'")
                .contains("closest valid ids: cpo");

        // a rate the catalogue has no part at is located at the scenario key, worded in scenario keys (not --rate)
        Path oddRate = dir.resolve("rate.yaml");
        String rateText = text.replace("gpus: lots", "gpus: 1024").replace("rate: 400G", "rate: 123G");
        Files.writeString(oddRate, rateText);
        StringWriter e4 = new StringWriter();
        assertThat(Main.run(new String[] {"compare", oddRate.toString()}, new PrintWriter(out), new PrintWriter(e4)))
                .isEqualTo(2);
        int rateLine = rateText.lines().toList().indexOf("    rate: 123G") + 1;
        // stderr also carries the progress line ("compare: 18 evaluations"); the error is one line of its own
        List<String> errors =
                e4.toString().lines().filter(l -> l.startsWith("error: ")).toList();
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0))
                .startsWith("error: " + oddRate + ":" + rateLine + ":5: cluster.fabric.rate: the catalogue has no ")
                .contains("part at 123G (it has 200G, 400G, 800G, 1.6T, 3.2T) (use one of those rates for"
                        + " cluster.fabric.rate or add a technologies entry")
                .doesNotContain("--rate");
    }

    @Test
    void missingCatalogueIsBadInput() {
        StringWriter e = new StringWriter();
        int code = Main.run(
                new String[] {"compare", examples().resolve("whatif-3.2t.yaml").toString(), "--catalogue", "nope.yaml"},
                new PrintWriter(out),
                new PrintWriter(e, true));
        assertThat(code).isEqualTo(2);
        assertThat(e.toString()).startsWith("error: --catalogue: file not found: nope.yaml");
    }

    @Test
    void progressListenerSeesEveryStep() {
        int[] steps = {0};
        CommandLine cmd =
                new CommandLine(new CompareCommand((f, c) -> new FixtureEvaluator(), null, new ComparisonListener() {
                    @Override
                    public void stepFinished(int done, int total, String label) {
                        steps[0] = done;
                    }
                }));
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        assertThat(cmd.execute(examples().resolve("npo-vs-cpo-switches-1k.yaml").toString()))
                .isZero();
        // 2 alternatives x 1 workload + 2 tornados (one per alternative) x 4 parameters x 2 settings
        assertThat(steps[0]).isEqualTo(18);
    }
}
