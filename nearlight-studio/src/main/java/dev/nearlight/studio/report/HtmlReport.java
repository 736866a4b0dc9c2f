package dev.nearlight.studio.report;

import dev.nearlight.explore.compare.BreakEven;
import dev.nearlight.explore.compare.Comparison;
import dev.nearlight.explore.compare.Interval;
import dev.nearlight.explore.compare.Metric;
import dev.nearlight.explore.compare.Row;
import dev.nearlight.explore.compare.Tornado;
import dev.nearlight.explore.compare.TornadoBar;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The self-contained HTML report: summary table with the best values marked, six ECharts charts (power breakdown,
 * energy per bit against reach, step-time breakdown, TCO waterfall, reliability over time, sensitivity tornado) and
 * the sensitivity table. ECharts and the results document are inlined, so the single file opens offline.
 */
public final class HtmlReport {
    /** File name of the report inside the output directory. */
    public static final String FILE_NAME = "report.html";

    private static final Pattern MARKER = Pattern.compile("@@([A-Z]+)@@");

    private HtmlReport() {}

    /** Writes {@code report.html}, {@code results.json} and {@code results.csv} into {@code dir} (created if needed). */
    public static Path writeAll(Comparison c, String source, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path html = dir.resolve(FILE_NAME);
        Files.writeString(html, render(c, source), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("results.json"), ResultsJson.render(c, source) + "\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("results.csv"), CsvReport.render(c), StandardCharsets.UTF_8);
        return html;
    }

    /** The report HTML. */
    public static String render(Comparison c, String source) {
        String template = resource("report.html");
        String meta = escape("fidelity " + c.fidelity() + " · seed " + c.seed() + " · scenario " + source + " · "
                + c.results().size() + " column(s)");
        Map<String, String> values = new java.util.HashMap<>();
        values.put("TITLE", escape(c.scenarioName()));
        values.put("META", meta);
        values.put("DESCRIPTION", escape(c.description()));
        values.put("TABLE", table(c));
        values.put("BESTRULE", escape(bestRule(c)));
        values.put("BOUNDARIES", boundaries(c));
        values.put("SENSITIVITY", sensitivityTable(c));
        values.put(
                "TORNADOS",
                chartDivs(
                        c.tornados().size(),
                        "chart-tornado",
                        i -> "Tornado: " + c.tornados().get(i).alternative()));
        values.put("BREAKEVEN", breakEvenTable(c));
        values.put("BREAKEVENCHARTS", chartDivs(c.breakEvens().size(), "chart-breakeven", i -> {
            BreakEven b = c.breakEvens().get(i);
            return b.first() + " vs " + b.second() + ": " + b.label();
        }));
        values.put("DATA", scriptSafe(ResultsJson.render(c, source)));
        values.put("ECHARTS", resource("echarts.min.js"));
        values.put("SCRIPT", resource("report.js"));
        Matcher m = MARKER.matcher(template);
        StringBuilder sb = new StringBuilder(template.length() + 1_300_000);
        int last = 0;
        while (m.find()) {
            sb.append(template, last, m.start());
            String v = values.get(m.group(1));
            sb.append(v == null ? m.group() : v);
            last = m.end();
        }
        sb.append(template, last, template.length());
        return sb.toString();
    }

    private static String table(Comparison c) {
        StringBuilder sb = new StringBuilder("<table id=\"summary\">\n<thead><tr><th>Metric</th>");
        for (int i = 0; i < c.results().size(); i++) {
            sb.append("<th>").append(escape(c.columnLabel(i))).append("</th>");
        }
        sb.append("</tr></thead>\n<tbody>\n");
        for (Row row : c.rows()) {
            sb.append("<tr data-metric=\"").append(row.metric().id()).append("\"><td>");
            sb.append("<span title=\"")
                    .append(escape(c.contains(row.metric())))
                    .append("\">")
                    .append(escape(row.metric().labelWithUnit()))
                    .append("</span></td>");
            for (int i = 0; i < row.values().size(); i++) {
                boolean best = row.best().get(i);
                sb.append(best ? "<td class=\"best\">" : "<td>")
                        .append(escape(row.metric().format(row.values().get(i))))
                        .append(best ? " *" : "");
                Interval iv = row.intervals().get(i);
                if (iv.present() && !row.metric().isBoolean()) {
                    sb.append("<span class=\"iv\">")
                            .append(escape(row.metric().format(iv.low())))
                            .append(" – ")
                            .append(escape(row.metric().format(iv.high())))
                            .append("</span>");
                }
                double p = row.probabilityBest().get(i);
                if (!Double.isNaN(p)) {
                    sb.append("<span class=\"pb\">P(best) ")
                            .append(String.format(java.util.Locale.ROOT, "%.0f %%", 100 * p))
                            .append("</span>");
                }
                sb.append("</td>");
            }
            sb.append("</tr>\n");
        }
        return sb.append("</tbody>\n</table>").toString();
    }

    private static String sensitivityTable(Comparison c) {
        if (c.sensitivity().isEmpty()) {
            return "<p>No sensitivity analysis in this run.</p>";
        }
        Tornado t = c.sensitivity().get();
        Metric m = t.metric();
        StringBuilder sb = new StringBuilder("<p>")
                .append(escape(m.labelWithUnit()))
                .append(" of <b>")
                .append(escape(t.alternative()))
                .append("</b> (")
                .append(escape(t.workload()))
                .append("), baseline ")
                .append(escape(m.format(t.baseline())))
                .append(", one parameter at a time.</p>\n<table id=\"sensitivity\"><thead><tr><th>Parameter</th>")
                .append("<th>Low</th><th>High</th><th>At low</th><th>At high</th></tr></thead><tbody>\n");
        List<TornadoBar> bars = t.bars();
        for (TornadoBar b : bars) {
            sb.append("<tr><td>")
                    .append(escape(b.label()))
                    .append("</td><td>")
                    .append(escape(b.lowSetting()))
                    .append("</td><td>")
                    .append(escape(b.highSetting()))
                    .append("</td><td>")
                    .append(escape(m.format(b.lowValue())))
                    .append("</td><td>")
                    .append(escape(m.format(b.highValue())))
                    .append("</td></tr>\n");
        }
        return sb.append("</tbody></table>").toString();
    }

    private static String bestRule(Comparison c) {
        String rule = String.format(
                java.util.Locale.ROOT,
                "Bold green (*): best in the row (per workload), better than every other column by more than %.1f %%",
                100 * c.tolerance());
        if (c.uncertainty() != null) {
            var u = c.uncertainty();
            rule += String.format(
                    java.util.Locale.ROOT,
                    " and best in at least %.0f %% of %d samples of the catalogue's, reliability and economics ranges and the step model's error."
                            + " Small grey: 5-95 %% interval; P(best): share of samples in which the column is best.",
                    100 * c.threshold(),
                    u.accepted());
            if (u.rejected() > 0) {
                rule += " " + u.rejected() + " of " + u.samples() + " samples were rejected by a model and left out: "
                        + u.rejectedBecause();
            }
        } else {
            rule += ".";
        }
        return rule;
    }

    private static String boundaries(Comparison c) {
        StringBuilder sb = new StringBuilder("<dl id=\"boundaries\">\n");
        for (Metric m : List.of(
                Metric.PORT_POWER,
                Metric.LINK_POWER,
                Metric.LINK_ENERGY,
                Metric.FABRIC_POWER,
                Metric.ENERGY_PER_RUN,
                Metric.CAPEX,
                Metric.TCO,
                Metric.COST_PER_MODEL)) {
            sb.append("<dt>")
                    .append(escape(m.label()))
                    .append("</dt><dd data-metric=\"")
                    .append(m.id())
                    .append("\">")
                    .append(escape(c.contains(m)))
                    .append("</dd>\n");
        }
        return sb.append("</dl>").toString();
    }

    private static String chartDivs(int n, String prefix, java.util.function.IntFunction<String> title) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            String id = i == 0 && prefix.equals("chart-tornado") ? "chart-tornado" : prefix + "-" + i;
            sb.append("<div><h3>")
                    .append(escape(title.apply(i)))
                    .append("</h3><div id=\"")
                    .append(id)
                    .append("\" class=\"chart\"></div></div>\n");
        }
        return sb.toString();
    }

    private static String breakEvenTable(Comparison c) {
        if (c.breakEvens().isEmpty()) {
            return "<p>No break-even questions in this run.</p>";
        }
        StringBuilder sb = new StringBuilder("<table id=\"breakeven\"><thead><tr><th>Metric</th><th>Alternatives</th>"
                + "<th>Parameter</th><th>Scenario</th><th>Break-even</th><th>Better below</th><th>Better above</th>"
                + "</tr></thead><tbody>\n");
        for (BreakEven b : c.breakEvens()) {
            sb.append("<tr><td>")
                    .append(escape(b.metric().label()))
                    .append("</td><td>")
                    .append(escape(b.first() + " vs " + b.second()))
                    .append("</td><td>")
                    .append(escape(b.label()))
                    .append("</td><td>")
                    .append(escape(setting(b.baseSetting(), b.settingUnit())))
                    .append("</td>");
            if (b.found()) {
                boolean firstBelow = b.metric().better().isBetter(b.belowDifference(), 0);
                sb.append("<td class=\"found\">")
                        .append(escape(setting(b.value(), b.settingUnit())))
                        .append("</td><td>")
                        .append(escape(firstBelow ? b.first() : b.second()))
                        .append("</td><td>")
                        .append(escape(firstBelow ? b.second() : b.first()))
                        .append("</td>");
            } else {
                sb.append("<td colspan=\"3\">no swap between ")
                        .append(escape(setting(b.searchLow(), b.settingUnit())))
                        .append(" and ")
                        .append(escape(setting(b.searchHigh(), b.settingUnit())))
                        .append("</td>");
            }
            sb.append("</tr>\n");
        }
        return sb.append("</tbody></table>").toString();
    }

    /** A parameter setting as shown: a factor {@code x1.23}, an offset {@code +5.0 C}, or a value with its unit. */
    public static String setting(double v, String unit) {
        if (unit.equals("x")) {
            return String.format(java.util.Locale.ROOT, "x%.3g", v);
        }
        if (unit.equals("C")) {
            return String.format(java.util.Locale.ROOT, "%+.1f C", v);
        }
        return String.format(java.util.Locale.ROOT, "%.4g %s", v, unit);
    }

    /** Text escaped for HTML element content and attribute values. */
    public static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** JSON placed inside a script element: no {@code </script} or {@code <!--} may appear. */
    public static String scriptSafe(String json) {
        return json.replace("<!--", "\\u003c!--").replace("</", "<\\/");
    }

    /** A resource of the report under {@code /report/} (template, script, ECharts) as text. */
    public static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream("/report/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource /report/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
