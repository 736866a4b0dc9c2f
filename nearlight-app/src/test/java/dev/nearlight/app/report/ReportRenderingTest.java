package dev.nearlight.app.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nearlight.explore.compare.AlternativeResult;
import dev.nearlight.explore.compare.Charts;
import dev.nearlight.explore.compare.Comparison;
import dev.nearlight.explore.compare.Metric;
import dev.nearlight.explore.compare.NamedValue;
import dev.nearlight.explore.compare.Point;
import dev.nearlight.explore.compare.Series;
import dev.nearlight.explore.compare.Tornado;
import dev.nearlight.explore.compare.TornadoBar;
import dev.nearlight.explore.tco.RunCost;
import dev.nearlight.explore.tco.TcoComponent;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportRenderingTest {
    private static AlternativeResult result(String name, double pj, double mfu, double tco, double latency) {
        Series s = new Series(name, "m", "pJ/bit", List.of(new Point(1, pj)));
        Charts charts = new Charts(
                List.of(new NamedValue("Optics", 1)),
                s,
                List.of(new NamedValue("Compute", 9)),
                List.of(new NamedValue("Switches", tco)),
                List.of(new NamedValue("GPU time", tco / 20)),
                s);
        return new AlternativeResult(
                name,
                "w",
                new AlternativeResult.Link(pj, latency, true),
                new AlternativeResult.Fabric(10, 20),
                new AlternativeResult.Training(10, mfu, 0.05, 30, 500),
                new AlternativeResult.Reliability(0.99, 1000),
                new AlternativeResult.Cost(
                        tco / 2,
                        tco,
                        tco / 20,
                        new RunCost(
                                List.of(new TcoComponent("gpuTime", "GPU time", tco / 20)), tco / 20, "GPU time", 1)),
                charts);
    }

    private static Comparison comparison() {
        Tornado t = new Tornado(
                Metric.TCO,
                "npo",
                "w",
                400e6,
                List.of(
                        new TornadoBar("electricityPrice", "Electricity price", "x0.5", "x2", 380e6, 440e6),
                        new TornadoBar("laserFit", "Laser FIT", "x0.5", "x4", 395e6, 420e6)));
        return new Comparison(
                "Test </script> & co",
                "",
                "analytical",
                42,
                List.of(result("pluggable", 21.0, 0.40, 500e6, 465), result("npo", 8.5, 0.43, 400e6, Double.NaN)),
                List.of(t));
    }

    @Test
    void terminalTableMarksTheBestValueAndListsSensitivities() {
        String text = TerminalReport.render(comparison());
        List<String> lines = text.lines().toList();
        assertThat(lines.get(0)).isEqualTo("Nearlight compare: Test </script> & co");
        assertThat(lines.get(3)).isEqualTo("Metric                          pluggable      npo ");
        assertThat(lines.get(4)).isEqualTo("Link energy (pJ/bit)                21.00     8.50*");
        assertThat(lines).contains("MFU (%)                              40.0     43.0*");
        // NaN latency: n/a, and a single finite value marks nothing
        assertThat(lines).contains("Link latency (ns)                   465.0      n/a ");
        assertThat(lines).contains("Lifetime TCO (M USD)               500.00   400.00*");
        assertThat(text).contains("* best in row\n");
        assertThat(text).contains("Main sensitivities: Lifetime TCO of npo (w), baseline 400.00 M USD");
        // electricity first (swing 60 M > 25 M); changes relative to the 400 M baseline: -5.0 % / +10.0 %
        int elec = text.indexOf("Electricity price x0.5..x2");
        assertThat(elec).isPositive().isLessThan(text.indexOf("Laser FIT x0.5..x4"));
        assertThat(text).contains("-5.0% / +10.0%").contains("-1.3% / +5.0%");
    }

    @Test
    void jsonWritesNullForNotApplicableAndListsBestMetrics() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(ResultsJson.render(comparison(), "t.yaml"));
        JsonNode npo = doc.get("alternatives").get(1);
        assertThat(npo.get("metrics").get("linkLatencyNs").isNull()).isTrue();
        assertThat(npo.get("metrics").get("linkEnergyPjPerBit").asDouble()).isEqualTo(8.5);
        assertThat(npo.get("best").toString()).contains("\"linkEnergyPjPerBit\"", "\"mfu\"", "\"tcoUsd\"");
        assertThat(doc.get("alternatives").get(0).get("best").toString()).doesNotContain("linkLatencyNs");
        assertThat(doc.get("sensitivity").get("bars").get(0).get("parameter").asText())
                .isEqualTo("electricityPrice");
        assertThat(doc.get("metrics")
                        .get(Metric.MFU.ordinal())
                        .get("displayScale")
                        .asDouble())
                .isEqualTo(100.0);
    }

    @Test
    void htmlEscapesTextAndKeepsScriptsClosed() {
        String html = HtmlReport.render(comparison(), "t.yaml");
        assertThat(html).contains("<h1>Test &lt;/script&gt; &amp; co</h1>");
        String data = html.substring(html.indexOf("id=\"nearlight-data\">"), html.indexOf("<script>"));
        assertThat(data).doesNotContain("</script>x").contains("<\\/script>");
        assertThat(html).contains("<td class=\"best\">8.50 *</td>");
        assertThat(HtmlReport.scriptSafe("\"<!--</\"")).isEqualTo("\"\\u003c!--<\\/\"");
    }

    @Test
    void csvIsLongFormatWithQuotedFields() {
        String csv = CsvReport.render(comparison());
        assertThat(csv).startsWith("alternative,workload,metric,unit,value,best\n");
        assertThat(csv).contains("npo,w,linkEnergyPjPerBit,pJ/bit,8.5,true\n");
        assertThat(csv).contains("npo,w,linkLatencyNs,ns,,false\n");
        assertThat(csv.lines().count()).isEqualTo(1 + 15 * 2);
        assertThat(CsvReport.field("a,b")).isEqualTo("\"a,b\"");
    }
}
