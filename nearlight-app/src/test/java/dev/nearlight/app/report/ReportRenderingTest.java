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
import dev.nearlight.studio.report.CsvReport;
import dev.nearlight.studio.report.HtmlReport;
import dev.nearlight.studio.report.ResultsJson;
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
                List.of(t),
                dev.nearlight.sim.train.StepModelError.shipped());
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
        assertThat(lines).contains("Fabric TCO (M USD)                 500.00   400.00*");
        assertThat(text).contains("* best in row: better than every other column by more than 1.0 %\n");
        // every money and energy row says what it contains
        assertThat(text).contains("  Cost per trained model: whole cluster, one run: GPU time\n");
        assertThat(text).contains("  Fabric TCO: fabric capex (switches, optics, lasers, cables) + fabric energy");
        assertThat(text).contains("Main sensitivities: Fabric TCO of npo (w), baseline 400.00 M USD");
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
        assertThat(csv).startsWith("alternative,workload,metric,unit,value,low,high,probabilityBest,best,contains\n");
        assertThat(csv)
                .contains(
                        "npo,w,linkEnergyPjPerBit,pJ/bit,8.5,,,,true,\"main optical link, both ends + lasers + host SerDes,");
        assertThat(csv).contains("npo,w,linkLatencyNs,ns,,,,,false,\"main optical link, one way\"\n");
        assertThat(csv.lines().count()).isEqualTo(1 + 25 * 2);
        assertThat(CsvReport.field("a,b")).isEqualTo("\"a,b\"");
    }

    private static Comparison withRobustness() {
        Comparison c = comparison();
        java.util.Map<Metric, List<dev.nearlight.explore.compare.Interval>> iv = new java.util.EnumMap<>(Metric.class);
        java.util.Map<Metric, List<Double>> pb = new java.util.EnumMap<>(Metric.class);
        for (Metric m : Metric.values()) {
            iv.put(
                    m,
                    List.of(
                            new dev.nearlight.explore.compare.Interval(480e6, 500e6, 530e6),
                            new dev.nearlight.explore.compare.Interval(390e6, 400e6, 420e6)));
            pb.put(m, List.of(0.1, 0.9));
        }
        var u = new dev.nearlight.explore.compare.Uncertainty(
                20, java.util.Map.of("repair queue overloaded", 2), 42, iv, pb);
        var b = new dev.nearlight.explore.compare.BreakEven(
                "laserFit",
                "Laser FIT",
                "x",
                Metric.TCO,
                "npo",
                "pluggable",
                "w",
                1,
                0.1,
                10,
                3.25,
                -1e6,
                1e6,
                List.of(new double[] {0.1, 1, 2}, new double[] {10, 3, 2}));
        return c.with(u, List.of(b));
    }

    @Test
    void intervalsProbabilitiesAndBreakEvensReachEveryFormat() throws Exception {
        Comparison c = withRobustness();
        String text = TerminalReport.render(c);
        String tco =
                text.lines().filter(l -> l.startsWith("Fabric TCO")).findFirst().orElseThrow();
        assertThat(tco).contains("500.00 [480.00..530.00] ").endsWith("400.00 [390.00..420.00]*");
        assertThat(text).contains("best in >= 80 % of 18 samples");
        assertThat(text).contains("2 of 20 samples were rejected by a model and left out: repair queue overloaded (2)");
        assertThat(text)
                .contains("Fabric TCO, npo vs pluggable, Laser FIT: x3.25 (scenario x1.00); npo is better below,"
                        + " pluggable above");
        JsonNode doc = new ObjectMapper().readTree(ResultsJson.render(c, "t.yaml"));
        assertThat(doc.get("alternatives")
                        .get(1)
                        .get("intervals")
                        .get("tcoUsd")
                        .get("high")
                        .asDouble())
                .isEqualTo(420e6);
        assertThat(doc.get("alternatives")
                        .get(1)
                        .get("probabilityBest")
                        .get("tcoUsd")
                        .asDouble())
                .isEqualTo(0.9);
        assertThat(doc.get("uncertainty").get("rejected").asInt()).isEqualTo(2);
        assertThat(doc.get("breakEvens").get(0).get("value").asDouble()).isEqualTo(3.25);
        assertThat(CsvReport.render(c)).contains("npo,w,tcoUsd,USD,4.0E8,3.9E8,4.2E8,0.9,true,");
        String html = HtmlReport.render(c, "t.yaml");
        assertThat(html).contains("<span class=\"iv\">390.00 – 420.00</span><span class=\"pb\">P(best) 90 %</span>");
        assertThat(html).contains("<td class=\"found\">x3.25</td><td>npo</td><td>pluggable</td>");
        assertThat(html).contains("id=\"chart-breakeven-0\"");
    }
}
