package dev.nearlight.app.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.nearlight.explore.sweep.LocalSweepEngine;
import dev.nearlight.explore.sweep.SweepJob;
import dev.nearlight.explore.sweep.SweepLoader;
import dev.nearlight.explore.sweep.SweepOutcome;
import dev.nearlight.explore.sweep.SweepRunner;
import dev.nearlight.studio.report.SweepReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the sweep report of a small grid over the 1,024-GPU example (real models) in headless Debian Chromium: both
 * charts render with data, nothing is loaded from the network, no errors are logged, and a mouse click on a Pareto
 * point shows that design point's full scenario (the base with the point's axis values written in).
 */
class SweepReportBrowserTest {
    private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");

    @TempDir
    Path dir;

    @Test
    void clickingAParetoPointShowsItsScenario() throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            fail("Debian Chromium is required at " + CHROMIUM + " for the HTML report test:"
                    + " install it with 'apt-get install -y chromium' (.ci/run does this in CI)");
        }
        String root = System.getProperty("nearlight.root.dir", "..");
        Files.copy(Path.of(root, "examples", "npo-vs-cpo-switches-1k.yaml"), dir.resolve("base.yaml"));
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, """
                name: browser grid
                base: base.yaml
                axes:
                  - {path: cluster.fabric.rate, values: [800G]}
                  - {path: economics.electricityUsdPerKwh, range: [0.05, 0.15], steps: 6}
                objectives: [costPerModelUsd, fabricPowerKw]
                """);
        SweepJob job = SweepJob.of(SweepLoader.load(file), List.of());
        SweepOutcome o = SweepRunner.run(job, List.of(), new LocalSweepEngine(2), dir.resolve("out"), false, QUIET);
        Path html = SweepReport.write(o);

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
            page.waitForFunction("() => window.nearlightSweep !== undefined");
            Object sizes =
                    page.evaluate("() => window.nearlightSweep.pareto.getOption().series.map(s => s.data.length)");
            assertThat((List<?>) sizes).hasSizeGreaterThan(1);
            assertThat(((Number) ((List<?>) sizes).get(0)).intValue()).isEqualTo(12); // all 12 feasible rows
            Object lines = page.evaluate("() => window.nearlightSweep.parallel.getOption().series[0].data.length");
            assertThat(((Number) lines).intValue()).isGreaterThanOrEqualTo(12);

            // click the first front point at its pixel on the canvas
            @SuppressWarnings("unchecked")
            Map<String, Object> target = (Map<String, Object>) page.evaluate("() => {"
                    + " const s = window.nearlightSweep; const d = s.pareto.getOption().series[1].data[0];"
                    + " const px = s.pareto.convertToPixel({seriesIndex: 1}, d.value);"
                    + " const r = document.getElementById('pareto').getBoundingClientRect();"
                    + " return {x: r.left + px[0], y: r.top + px[1], point: d.row.point,"
                    + " rate: d.row.settings['cluster.fabric.rate']}; }");
            page.mouse().click(((Number) target.get("x")).doubleValue(), ((Number) target.get("y")).doubleValue());
            String shown = page.locator("#scenario").textContent();
            assertThat(shown)
                    .startsWith("point " + ((Number) target.get("point")).longValue() + " ")
                    .contains("\"rate\": \"" + target.get("rate") + "\"")
                    .contains("\"gpus\": 1024")
                    .contains("\"alternatives\"");
            page.screenshot(new Page.ScreenshotOptions()
                    .setPath(Paths.get("target", "sweep-report.png"))
                    .setFullPage(true));
            assertThat(errors).isEmpty();
            assertThat(remote).isEmpty();
            browser.close();
        }
    }

    private static final SweepRunner.Listener QUIET = new SweepRunner.Listener() {
        @Override
        public void started(long total, long done) {}

        @Override
        public void progress(long done, long total) {}

        @Override
        public void finished() {}
    };
}
