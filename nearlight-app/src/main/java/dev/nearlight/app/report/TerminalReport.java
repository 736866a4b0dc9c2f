package dev.nearlight.app.report;

import dev.nearlight.explore.compare.Comparison;
import dev.nearlight.explore.compare.Metric;
import dev.nearlight.explore.compare.Row;
import dev.nearlight.explore.compare.Tornado;
import dev.nearlight.explore.compare.TornadoBar;
import java.util.ArrayList;
import java.util.List;

/**
 * The terminal rendering: a table with the alternatives as columns and one row per metric, the best value of each row
 * marked with {@code *}, then the main sensitivities.
 */
public final class TerminalReport {
    /** How many sensitivity bars the terminal shows. */
    public static final int TOP_SENSITIVITIES = 5;

    private TerminalReport() {}

    /** The report text, ending with a newline. */
    public static String render(Comparison c) {
        StringBuilder sb = new StringBuilder();
        sb.append("Nearlight compare: ").append(c.scenarioName()).append('\n');
        sb.append("fidelity ")
                .append(c.fidelity())
                .append(", seed ")
                .append(c.seed())
                .append("\n\n");
        List<Row> rows = c.rows();
        int n = c.results().size();
        List<String> header = new ArrayList<>();
        header.add("Metric");
        for (int i = 0; i < n; i++) {
            header.add(c.columnLabel(i));
        }
        List<List<String>> cells = new ArrayList<>();
        for (Row row : rows) {
            List<String> line = new ArrayList<>();
            line.add(row.metric().labelWithUnit());
            for (int i = 0; i < n; i++) {
                line.add(row.metric().format(row.values().get(i)) + (row.best().get(i) ? "*" : " "));
            }
            cells.add(line);
        }
        int[] width = new int[n + 1];
        for (int j = 0; j <= n; j++) {
            width[j] = header.get(j).length() + (j == 0 ? 0 : 1);
            for (List<String> line : cells) {
                width[j] = Math.max(width[j], line.get(j).length());
            }
        }
        sb.append(pad(header.get(0), width[0], false));
        for (int j = 1; j <= n; j++) {
            sb.append("  ").append(pad(header.get(j) + " ", width[j], true));
        }
        sb.append('\n');
        for (List<String> line : cells) {
            sb.append(pad(line.get(0), width[0], false));
            for (int j = 1; j <= n; j++) {
                sb.append("  ").append(pad(line.get(j), width[j], true));
            }
            sb.append('\n');
        }
        sb.append("* best in row")
                .append(c.multipleWorkloads() ? " (per workload)" : "")
                .append('\n');
        c.sensitivity().ifPresent(t -> sensitivities(sb, t));
        return sb.toString();
    }

    private static void sensitivities(StringBuilder sb, Tornado t) {
        Metric m = t.metric();
        String unit = m.displayUnit().isEmpty() ? "" : " " + m.displayUnit();
        sb.append('\n')
                .append("Main sensitivities: ")
                .append(m.label())
                .append(" of ")
                .append(t.alternative())
                .append(" (")
                .append(t.workload())
                .append("), baseline ")
                .append(m.format(t.baseline()))
                .append(unit)
                .append('\n');
        List<TornadoBar> bars =
                t.bars().subList(0, Math.min(TOP_SENSITIVITIES, t.bars().size()));
        int w = "Parameter".length();
        for (TornadoBar b : bars) {
            w = Math.max(w, label(b).length());
        }
        sb.append("  ").append(pad("Parameter", w, false)).append("  ").append(pad("low", 12, true));
        sb.append("  ")
                .append(pad("high", 12, true))
                .append("  ")
                .append("change")
                .append('\n');
        for (TornadoBar b : bars) {
            sb.append("  ")
                    .append(pad(label(b), w, false))
                    .append("  ")
                    .append(pad(m.format(b.lowValue()), 12, true))
                    .append("  ")
                    .append(pad(m.format(b.highValue()), 12, true))
                    .append("  ")
                    .append(change(b.lowValue(), t.baseline()))
                    .append(" / ")
                    .append(change(b.highValue(), t.baseline()))
                    .append('\n');
        }
    }

    private static String label(TornadoBar b) {
        return b.label() + " " + b.lowSetting() + ".." + b.highSetting();
    }

    private static String change(double v, double baseline) {
        if (!Double.isFinite(v) || !Double.isFinite(baseline) || baseline == 0) {
            return "n/a";
        }
        return String.format(java.util.Locale.ROOT, "%+.1f%%", 100.0 * (v - baseline) / Math.abs(baseline));
    }

    private static String pad(String s, int w, boolean right) {
        if (s.length() >= w) {
            return s;
        }
        String fill = " ".repeat(w - s.length());
        return right ? fill + s : s + fill;
    }
}
