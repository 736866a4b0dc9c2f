package dev.nearlight.app.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.nearlight.app.FixtureEvaluator;
import dev.nearlight.explore.cluster.Evaluators;
import dev.nearlight.explore.compare.AlternativeEvaluator;
import dev.nearlight.explore.compare.Comparison;
import dev.nearlight.explore.compare.ComparisonListener;
import dev.nearlight.explore.compare.ComparisonRunner;
import dev.nearlight.explore.scenario.BreakEvenSpec;
import dev.nearlight.explore.scenario.Scenario;
import dev.nearlight.explore.scenario.ScenarioFile;
import dev.nearlight.explore.scenario.ScenarioLoader;
import dev.nearlight.explore.scenario.SensitivitySpec;
import dev.nearlight.explore.uncertainty.Robustness;
import dev.nearlight.studio.report.HtmlReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Opens the HTML report of the README example's comparison (through the real models, and through the test fixture
 * evaluator) in headless Debian Chromium through Playwright: every chart renders
 * (an SVG in each chart element, every series with data), the page logs no errors, loads nothing from the network,
 * and a screenshot is written to {@code target/compare-report-real.png} (and {@code -fixture.png}).
 */
class HtmlReportBrowserTest {
    private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    private static final List<String> CHARTS = List.of(
            "chart-power",
            "chart-reach",
            "chart-step",
            "chart-tco",
            "chart-runcost",
            "chart-reliability",
            "chart-tornado",
            "chart-tornado-1",
            "chart-tornado-2",
            "chart-tornado-3");

    private static Comparison comparison(boolean real) {
        String root = System.getProperty("nearlight.root.dir", "..");
        Path example = Path.of(root, "examples", "llama3-405b-16k-gpus.yaml");
        ScenarioFile file;
        try {
            // the README example with blocking 60 s checkpoints every 30 min and 10 min restarts: with its
            // checkpointing
            // left to the reliability defaults an interruption costs so little that the LPO FIT break-even below lies
            // beyond the searched range (BreakEvenAnalysisTest does the same)
            String text = Files.readString(example)
                    .replace(
                            "\nreliability:\n",
                            "\nreliability:\n  checkpointIntervalMin: 30\n  checkpointWriteS: 60\n  restartS: 600\n");
            file = real
                    ? new ScenarioLoader(Evaluators.vocabulary(List.of())).parse(text, example.toString())
                    : new ScenarioLoader().parse(text, example.toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            AlternativeEvaluator ev = real ? Evaluators.forScenario(file, List.of()) : new FixtureEvaluator();
            Comparison c = new ComparisonRunner(ev, pool).run(file.scenario(), ComparisonListener.NONE);
            // 8 Monte Carlo samples (enough to draw intervals) and the break-even of laser FIT between NPO and CPO
            Scenario s = file.scenario();
            SensitivitySpec sp = s.sensitivity();
            Scenario asked = s.withSensitivity(new SensitivitySpec(
                    sp.enabled(),
                    sp.metric(),
                    sp.alternative(),
                    sp.parameters(),
                    8,
                    sp.bestProbability(),
                    sp.bestTolerance(),
                    List.of(
                            real
                                    ? new BreakEvenSpec(
                                            "catalogue:technologies/lpo-400g/electronicsFit",
                                            List.of("lpo", "pluggable"))
                                    : new BreakEvenSpec("laserFit", List.of("npo", "cpo")))));
            return Robustness.add(asked, c, ev, real ? Evaluators.samplers(file, List.of()) : null, pool, n -> {});
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest(name = "real models: {0}")
    @ValueSource(booleans = {true, false})
    void everyChartRendersWithDataAndThePageLogsNoErrors(boolean real) throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            fail("Debian Chromium is required at " + CHROMIUM + " for the HTML report test:"
                    + " install it with 'apt-get install -y chromium' (.ci/run does this in CI)");
        }
        Path dir = Paths.get("target", real ? "compare-report" : "compare-report-fixture");
        Path html = HtmlReport.writeAll(comparison(real), "examples/llama3-405b-16k-gpus.yaml", dir);
        Path png = Paths.get("target", real ? "compare-report-real.png" : "compare-report-fixture.png");
        assertThat(Files.size(html)).as("ECharts is inlined").isGreaterThan(1_000_000);

        try (Playwright pw = Playwright.create()) {
            Browser browser = pw.chromium()
                    .launch(new BrowserType.LaunchOptions()
                            .setExecutablePath(CHROMIUM)
                            .setHeadless(true)
                            .setArgs(List.of(
                                    "--headless",
                                    "--no-sandbox",
                                    "--disable-gpu",
                                    "--disable-quic",
                                    "--no-first-run",
                                    "--disable-background-networking",
                                    "--disable-component-update",
                                    "--disable-sync")));
            Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1400, 1000));
            List<String> errors = new ArrayList<>();
            List<String> remote = new ArrayList<>();
            page.onConsoleMessage(m -> {
                if ("error".equals(m.type()) || "warning".equals(m.type())) {
                    errors.add(m.type() + ": " + m.text());
                }
            });
            page.onPageError(e -> errors.add("page error: " + e));
            page.onRequest(r -> {
                if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) {
                    remote.add(r.url());
                }
            });
            page.navigate(html.toAbsolutePath().toUri().toString());
            page.waitForFunction("() => window.nearlightReport !== undefined");

            for (String id : CHARTS) {
                assertThat(page.locator("#" + id + " svg").count())
                        .as("svg in #" + id)
                        .isPositive();
                Object lengths = page.evaluate(
                        "id => window.nearlightReport.charts[id].getOption().series.map(s => s.data.length)", id);
                assertThat((List<?>) lengths).as("series of #" + id).isNotEmpty();
                for (Object n : (List<?>) lengths) {
                    assertThat(((Number) n).intValue())
                            .as("data points of a series in #" + id)
                            .isPositive();
                }
                // something was drawn: the chart's SVG holds paths (bars, lines)
                assertThat(page.locator("#" + id + " svg path").count())
                        .as("paths in #" + id)
                        .isGreaterThan(3);
            }
            // the embedded results document carries the chart data arrays
            Object counts = page.evaluate("() => { const d = window.nearlightReport.data; return {"
                    + " alts: d.alternatives.length,"
                    + " power: d.alternatives.every(a => a.charts.powerBreakdownKw.length > 0),"
                    + " reach: d.alternatives.every(a => a.charts.energyPerBitVsReach.points.length > 0),"
                    + " step: d.alternatives.every(a => a.charts.stepTimeBreakdownS.length > 0),"
                    + " tco: d.alternatives.every(a => a.charts.tcoWaterfallUsd.length > 0),"
                    + " rel: d.alternatives.every(a => a.charts.reliabilityOverTime.points.length > 0),"
                    + " bars: d.sensitivity.bars.length } }");
            @SuppressWarnings("unchecked")
            Map<String, Object> countMap = (Map<String, Object>) counts;
            assertThat(countMap)
                    .containsEntry("alts", 4)
                    .containsEntry("power", true)
                    .containsEntry("reach", true)
                    .containsEntry("step", true)
                    .containsEntry("tco", true)
                    .containsEntry("rel", true)
                    .containsEntry("bars", 10);
            assertThat(page.locator("#summary tbody tr").count()).isEqualTo(25);
            // a tornado for every alternative, each drawn with its bars
            assertThat(page.locator("[id^=chart-tornado]").count()).isEqualTo(4);
            for (String id : List.of("chart-tornado", "chart-tornado-1", "chart-tornado-2", "chart-tornado-3")) {
                Object bars = page.evaluate(
                        "id => window.nearlightReport.charts[id].getOption().series.map(s => s.data.length)", id);
                assertThat((List<?>) bars).as("series of #" + id).isNotEmpty();
                assertThat(((Number) ((List<?>) bars).get(0)).intValue())
                        .as("bars of #" + id)
                        .isPositive();
                assertThat(page.locator("#" + id + " svg path").count())
                        .as("paths in #" + id)
                        .isGreaterThan(3);
            }
            Object alternatives =
                    page.evaluate("() => window.nearlightReport.data.sensitivities.map(t => t.alternative)");
            assertThat(((List<?>) alternatives).stream().map(String::valueOf).toList())
                    .containsExactlyInAnyOrder("pluggable", "lpo", "npo", "cpo");
            // the link rows say per port and per link, with the layout's lengths
            assertThat(page.locator("#boundaries dd[data-metric=portPowerW]").textContent())
                    .contains("one end");
            if (real) {
                assertThat(page.locator("#boundaries dd[data-metric=portPowerW]")
                                .textContent())
                        .contains("lengths: pluggable");
            }
            assertThat(page.locator("#boundaries dd[data-metric=linkPowerW]").textContent())
                    .contains("both ends", "host SerDes");
            if (!real) {
                assertThat(page.locator("#summary td.best").count()).isPositive();
            }
            // a marked best is robust: best in at least 80 % of the samples
            for (String pb : page.locator("#summary td.best span.pb").allTextContents()) {
                assertThat(Integer.parseInt(pb.replaceAll("[^0-9]", ""))).isGreaterThanOrEqualTo(80);
            }
            assertThat(page.locator("#sensitivity tbody tr").count()).isEqualTo(10);
            // boundaries are stated; the break-even is printed and charted with its line
            assertThat(page.locator("#boundaries dd[data-metric=costPerModelUsd]")
                            .textContent())
                    .contains("GPU time at the GPU-hour price");
            assertThat(page.locator("#breakeven tbody tr").count()).isEqualTo(1);
            if (real) {
                // intervals and probabilities of being best in the table, the interval chart drawn
                assertThat(page.locator("#summary span.iv").count()).isGreaterThan(20);
                assertThat(page.locator("#summary span.pb").count()).isGreaterThan(20);
                assertThat(page.locator("#chart-intervals svg path").count()).isGreaterThan(3);
                // the break-even of the LPO module FIT against the DSP pluggable is found and charted at the solved
                // value
                assertThat(page.locator("#breakeven td.found").count()).isEqualTo(1);
                Object line = page.evaluate("() => window.nearlightReport.charts['chart-breakeven-0'].getOption()"
                        + ".series[0].markLine.data.map(d => d.xAxis)");
                double value =
                        ((Number) page.evaluate("() => window.nearlightReport.data.breakEvens[0].value")).doubleValue();
                assertThat((List<?>) line).hasSize(2);
                assertThat(((Number) ((List<?>) line).get(1)).doubleValue()).isEqualTo(value);
                assertThat(page.locator("#chart-breakeven-0 svg path").count()).isGreaterThan(3);
            }

            page.screenshot(new Page.ScreenshotOptions().setPath(png).setFullPage(true));
            assertThat(errors).as("console errors").isEmpty();
            assertThat(remote)
                    .as("network requests (the report must open offline)")
                    .isEmpty();
            browser.close();
        }
        assertThat(png).isRegularFile();
    }
}
