package dev.nearlight.studio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Frame;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.WaitForSelectorState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The studio in headless Debian Chromium through Playwright: edit a scenario in the form (a bad value shows the
 * loader's located message at the field), run it, see the report's charts with data, run a changed copy, diff the two
 * runs, restart the server and reload (the history is still there), with no console errors. Screenshots go to {@code
 * target/studio-*.png}.
 */
class StudioBrowserTest {
    private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    private static final List<String> CHARTS = List.of("chart-power", "chart-step", "chart-tco", "chart-reliability");

    @TempDir
    Path dir;

    @Test
    void editRunSeeChartsDiffAndReloadAfterRestart() throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            fail("Debian Chromium is required at " + CHROMIUM + " for the studio browser test:"
                    + " install it with 'apt-get install -y chromium' (.ci/run does this in CI)");
        }
        Files.createDirectories(Paths.get("target"));
        try (StudioFixture s = new StudioFixture(dir, false, null);
                Playwright pw = Playwright.create()) {
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
            page.setDefaultTimeout(120_000);
            List<String> errors = new ArrayList<>();
            page.onConsoleMessage(m -> {
                if ("error".equals(m.type()) || "warning".equals(m.type())) {
                    errors.add(m.type() + ": " + m.text());
                }
            });
            page.onPageError(e -> errors.add("page error: " + e));
            page.navigate(s.base() + "/");
            page.waitForSelector("body[data-ready=true]");
            // the examples are listed and one is loaded into both views
            assertThat(page.locator("#examples option").count()).isGreaterThanOrEqualTo(3);
            assertThat(page.inputValue("#yaml")).contains("cluster:");

            // edit: the small scenario as YAML, then validate; the form shows its key fields
            page.fill("#yaml", StudioFixture.SMALL);
            page.click("#validate");
            page.waitForFunction("() => document.querySelector('#scenario-status').textContent === 'valid'"
                    + " && document.querySelector(\"input[data-field='cluster.gpus']\").value === '256'");

            // bad input in the form: the loader's located message at the field
            page.fill("input[data-field='cluster.gpus']", "many");
            page.dispatchEvent("input[data-field='cluster.gpus']", "change");
            String sel = ".field-error[data-error-for='cluster.gpus']";
            page.waitForSelector(sel, new Page.WaitForSelectorOptions().setState(WaitForSelectorState.VISIBLE));
            String message = page.textContent(sel);
            assertThat(message).matches("scenario\\.yaml:\\d+:\\d+: cluster\\.gpus: .*many.*");
            // the located line is the one of the YAML view (rewritten by the form) that holds the field
            int line = Integer.parseInt(message.split(":")[1]);
            assertThat(page.inputValue("#yaml").split("\n")[line - 1]).contains("gpus: many");
            page.screenshot(new Page.ScreenshotOptions().setPath(Paths.get("target", "studio-bad-field.png")));
            page.fill("input[data-field='cluster.gpus']", "256");
            page.dispatchEvent("input[data-field='cluster.gpus']", "change");
            page.waitForSelector(sel, new Page.WaitForSelectorOptions().setState(WaitForSelectorState.HIDDEN));

            // run it: progress, then the report's charts with data
            page.click("#run-compare");
            page.waitForSelector("#run-title[data-state=done]");
            Frame report = reportFrame(page);
            assertChartsHaveData(report);
            page.screenshot(new Page.ScreenshotOptions()
                    .setPath(Paths.get("target", "studio-run.png"))
                    .setFullPage(true));

            // a changed copy: electricity price doubled through the form
            page.click(".tab[data-tab=scenario]");
            page.fill("input[data-field='economics.electricityUsdPerKwh']", "0.2");
            page.dispatchEvent("input[data-field='economics.electricityUsdPerKwh']", "change");
            page.waitForFunction("() => document.querySelector('#yaml').value.includes('electricityUsdPerKwh: 0.2')");
            page.click("#run-compare");
            page.waitForFunction("() => document.querySelectorAll('#runs-table tbody tr').length === 2");
            page.waitForSelector("#run-title[data-state=done]");

            // diff the two runs
            page.waitForFunction(
                    "() => document.querySelectorAll('#runs-table tbody tr[data-state=done]').length === 2");
            for (int i = 0; i < 2; i++) {
                page.locator("#runs-table tbody tr input[type=checkbox]").nth(i).click();
                page.waitForFunction(
                        "n => document.querySelectorAll('#runs-table tbody input:checked').length === n", i + 1);
            }
            page.click("#diff-selected");
            page.waitForSelector(
                    "#diff-view", new Page.WaitForSelectorOptions().setState(WaitForSelectorState.VISIBLE));
            assertThat(page.locator("#diff-inputs tbody tr").allTextContents())
                    .singleElement()
                    .asString()
                    .contains("economics.electricityUsdPerKwh")
                    .contains("0.1")
                    .contains("0.2");
            assertThat(page.locator("#diff-rows tbody tr[data-metric=tcoUsd]").count())
                    .isEqualTo(2);
            for (String pct : page.locator("#diff-rows tbody tr[data-metric=tcoUsd] td:nth-child(6)")
                    .allTextContents()) {
                // A is the first ticked row, the newest run (0.2 USD/kWh), B the first run (0.1): TCO falls from A to B
                assertThat(Double.parseDouble(pct.replace(" %", ""))).isNegative();
            }
            page.screenshot(new Page.ScreenshotOptions()
                    .setPath(Paths.get("target", "studio-diff.png"))
                    .setFullPage(true));

            // a sweep over the edited scenario: its Pareto explorer, a click on a front point shows that point's
            // scenario
            page.click(".tab[data-tab=scenario]");
            page.click("#sweep-box summary");
            page.click("#run-sweep");
            page.waitForSelector("#run-title[data-state=done][data-kind=sweep]");
            page.waitForFunction("() => { const f = document.querySelector('#report');"
                    + " return f && f.contentWindow && f.contentWindow.nearlightSweep !== undefined; }");
            Frame sweep = page.frames().stream()
                    .filter(f -> f.url().endsWith("/report.html"))
                    .findFirst()
                    .orElseThrow();
            @SuppressWarnings("unchecked")
            List<Number> xy = (List<Number>) sweep.evaluate("() => { const s = window.nearlightSweep;"
                    + " const d = s.pareto.getOption().series[1].data[0];"
                    + " return s.pareto.convertToPixel({seriesIndex: 1}, d.value); }");
            var box = sweep.locator("#pareto").boundingBox();
            page.mouse()
                    .click(box.x + xy.get(0).doubleValue(), box.y + xy.get(1).doubleValue());
            String shown = sweep.textContent("#scenario");
            assertThat(shown)
                    .startsWith("point ")
                    .contains("\"electricityUsdPerKwh\"")
                    .contains("\"gpus\": 256");
            page.screenshot(new Page.ScreenshotOptions()
                    .setPath(Paths.get("target", "studio-sweep.png"))
                    .setFullPage(true));

            // restart the server over the same database and reload: the history is still there
            s.restart();
            page.reload();
            page.waitForSelector("body[data-ready=true]");
            page.click(".tab[data-tab=runs]");
            // three runs (two comparisons and the sweep); open the first comparison (the oldest row)
            page.waitForFunction(
                    "() => document.querySelectorAll('#runs-table tbody tr[data-state=done]').length === 3");
            page.locator("#runs-table tbody tr").nth(2).click();
            page.waitForSelector("#run-title[data-state=done]");
            assertChartsHaveData(reportFrame(page));
            page.screenshot(new Page.ScreenshotOptions()
                    .setPath(Paths.get("target", "studio-after-restart.png"))
                    .setFullPage(true));
            assertThat(errors).as("console errors").isEmpty();
        }
    }

    private static Frame reportFrame(Page page) {
        page.waitForFunction("() => { const f = document.querySelector('#report');"
                + " return f && f.contentWindow && f.contentWindow.nearlightReport !== undefined; }");
        return page.frames().stream()
                .filter(f -> f.url().endsWith("/report.html"))
                .findFirst()
                .orElseThrow();
    }

    private static void assertChartsHaveData(Frame report) {
        for (String id : CHARTS) {
            Object lengths = report.evaluate(
                    "id => window.nearlightReport.charts[id].getOption().series.map(s => s.data.length)", id);
            assertThat((List<?>) lengths).as("series of #" + id).isNotEmpty();
            for (Object n : (List<?>) lengths) {
                assertThat(((Number) n).intValue())
                        .as("data points of a series in #" + id)
                        .isPositive();
            }
            assertThat(report.locator("#" + id + " svg path").count())
                    .as("paths in #" + id)
                    .isGreaterThan(3);
        }
    }
}
