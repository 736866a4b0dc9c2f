package dev.nearlight.studio.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nearlight.explore.compare.Metric;
import dev.nearlight.explore.sweep.SweepAnalysis;
import dev.nearlight.explore.sweep.SweepFile;
import dev.nearlight.explore.sweep.SweepJson;
import dev.nearlight.explore.sweep.SweepOutcome;
import dev.nearlight.explore.sweep.SweepRow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sweep's offline HTML report ({@code report.html}): an interactive Pareto scatter of the first two objectives and
 * a parallel-coordinates chart over the axes and objectives (ECharts, inlined as in the compare report), the top rows
 * and the Sobol indices; clicking a point shows its full scenario (the base with the point's axis values written in,
 * as the sweep built it). Also the terminal summary of {@code nearlight sweep}.
 */
public final class SweepReport {
    private static final Pattern MARKER = Pattern.compile("@@([A-Z]+)@@");
    private static final ObjectMapper JSON = new ObjectMapper();

    private SweepReport() {}

    /** Writes {@code report.html} into the sweep's output directory and returns its path. */
    public static Path write(SweepOutcome o) throws IOException {
        Path html = o.outDir().resolve("report.html");
        Files.writeString(html, render(o), StandardCharsets.UTF_8);
        return html;
    }

    /** The report HTML. */
    public static String render(SweepOutcome o) throws IOException {
        SweepFile s = o.sweep();
        ObjectNode data = JSON.createObjectNode();
        data.set("analysis", SweepJson.analysis(o));
        data.set("sample", SweepJson.rows(s, o.analysis().sample()));
        data.set("base", s.base());
        String meta = String.format(
                Locale.ROOT,
                "%s sampling · seed %d · %,d design points · %,d rows (%,d feasible, %,d invalid, %,d infeasible) ·"
                        + " catalogue %s",
                s.sampling().method().id(),
                s.sampling().seed(),
                o.totalPoints(),
                o.analysis().rows(),
                o.analysis().feasible(),
                o.analysis().invalid(),
                o.analysis().infeasible(),
                o.catalogueSha256().substring(0, 12));
        Map<String, String> values = Map.of(
                "TITLE", HtmlReport.escape(s.name()),
                "META", HtmlReport.escape(meta),
                "DESCRIPTION", HtmlReport.escape(s.description()),
                "TOP", topTable(s, o.analysis().top()),
                "SENSITIVITY", sensitivityTable(s, o.analysis().sensitivity()),
                "DATA", HtmlReport.scriptSafe(JSON.writeValueAsString(data)),
                "ECHARTS", HtmlReport.resource("echarts.min.js"));
        String template = HtmlReport.resource("sweep.html");
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

    private static String topTable(SweepFile s, List<SweepRow> rows) {
        StringBuilder sb = new StringBuilder("<table id=\"top\"><thead><tr><th>point</th><th>alternative</th>");
        s.axes()
                .forEach(a ->
                        sb.append("<th>").append(HtmlReport.escape(a.name())).append("</th>"));
        s.objectives()
                .forEach(m -> sb.append("<th>")
                        .append(HtmlReport.escape(m.labelWithUnit()))
                        .append("</th>"));
        sb.append("</tr></thead><tbody>\n");
        for (SweepRow r : rows) {
            sb.append("<tr><td>")
                    .append(r.point())
                    .append("</td><td class=\"t\">")
                    .append(HtmlReport.escape(r.alternative()))
                    .append("</td>");
            r.settings()
                    .forEach(v -> sb.append("<td class=\"t\">")
                            .append(HtmlReport.escape(v))
                            .append("</td>"));
            s.objectives()
                    .forEach(m -> sb.append("<td>").append(m.format(r.value(m))).append("</td>"));
            sb.append("</tr>\n");
        }
        return sb.append("</tbody></table>").toString();
    }

    private static String sensitivityTable(SweepFile s, List<SweepAnalysis.Sensitivity> list) {
        if (list.isEmpty()) {
            return "<p class=\"meta\">Sobol indices need <code>sampling: {method: saltelli}</code>.</p>";
        }
        StringBuilder sb = new StringBuilder("<table id=\"sobol\"><thead><tr><th>alternative</th><th>objective</th>");
        s.axes()
                .forEach(a ->
                        sb.append("<th>").append(HtmlReport.escape(a.name())).append(" S1 / ST</th>"));
        sb.append("</tr></thead><tbody>\n");
        for (SweepAnalysis.Sensitivity x : list) {
            sb.append("<tr><td class=\"t\">")
                    .append(HtmlReport.escape(x.alternative()))
                    .append("</td><td class=\"t\">")
                    .append(x.objective().id())
                    .append("</td>");
            for (int i = 0; i < s.axes().size(); i++) {
                sb.append(String.format(
                        Locale.ROOT,
                        "<td>%.3f / %.3f</td>",
                        x.indices().first()[i],
                        x.indices().total()[i]));
            }
            sb.append("</tr>\n");
        }
        return sb.append("</tbody></table>").toString();
    }

    /** The terminal summary: counts, the top rows on the objectives, the front size and the Sobol indices. */
    public static String terminal(SweepOutcome o) {
        SweepFile s = o.sweep();
        SweepOutcome.Analysis a = o.analysis();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(
                Locale.ROOT,
                "%s%n%,d design points (%s, seed %d), %,d rows: %,d feasible, %,d invalid, %,d infeasible%n",
                s.name(),
                o.totalPoints(),
                s.sampling().method().id(),
                s.sampling().seed(),
                a.rows(),
                a.feasible(),
                a.invalid(),
                a.infeasible()));
        if (!a.firstProblem().isEmpty()) {
            sb.append("first problem: ").append(a.firstProblem()).append('\n');
        }
        sb.append(String.format(
                Locale.ROOT,
                "Pareto front on %s: %d rows%n%nTop %d on %s:%n",
                String.join(", ", s.objectives().stream().map(Metric::id).toList()),
                a.front().size(),
                a.top().size(),
                s.objectives().get(0).id()));
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%8s  %-16s", "point", "alternative"));
        s.axes().forEach(x -> head.append(String.format(Locale.ROOT, "  %-14s", shorten(x.name(), 14))));
        s.objectives().forEach(m -> head.append(String.format(Locale.ROOT, "  %16s", shorten(m.labelWithUnit(), 16))));
        sb.append(head).append('\n');
        for (SweepRow r : a.top()) {
            sb.append(String.format(Locale.ROOT, "%8d  %-16s", r.point(), shorten(r.alternative(), 16)));
            r.settings().forEach(v -> sb.append(String.format(Locale.ROOT, "  %-14s", shorten(v, 14))));
            s.objectives().forEach(m -> sb.append(String.format(Locale.ROOT, "  %16s", m.format(r.value(m)))));
            sb.append('\n');
        }
        if (!a.sensitivity().isEmpty()) {
            sb.append("\nSobol indices (first-order / total):\n");
            for (SweepAnalysis.Sensitivity x : a.sensitivity()) {
                sb.append(String.format(
                        Locale.ROOT,
                        "  %-16s %-16s",
                        shorten(x.alternative(), 16),
                        x.objective().id()));
                for (int i = 0; i < s.axes().size(); i++) {
                    sb.append(String.format(
                            Locale.ROOT,
                            "  %s %.3f/%.3f",
                            s.axes().get(i).name(),
                            x.indices().first()[i],
                            x.indices().total()[i]));
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    private static String shorten(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "~";
    }
}
