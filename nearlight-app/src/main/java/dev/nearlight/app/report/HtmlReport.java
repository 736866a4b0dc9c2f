package dev.nearlight.app.report;

import dev.nearlight.explore.compare.Comparison;
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
        Map<String, String> values = Map.of(
                "TITLE", escape(c.scenarioName()),
                "META", meta,
                "DESCRIPTION", escape(c.description()),
                "TABLE", table(c),
                "SENSITIVITY", sensitivityTable(c),
                "DATA", scriptSafe(ResultsJson.render(c, source)),
                "ECHARTS", resource("echarts.min.js"),
                "SCRIPT", resource("report.js"));
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
            sb.append(escape(row.metric().labelWithUnit())).append("</td>");
            for (int i = 0; i < row.values().size(); i++) {
                boolean best = row.best().get(i);
                sb.append(best ? "<td class=\"best\">" : "<td>")
                        .append(escape(row.metric().format(row.values().get(i))))
                        .append(best ? " *" : "")
                        .append("</td>");
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

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** JSON placed inside a script element: no {@code </script} or {@code <!--} may appear. */
    static String scriptSafe(String json) {
        return json.replace("<!--", "\\u003c!--").replace("</", "<\\/");
    }

    static String resource(String name) {
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
