package dev.nearlight.app.report;

import dev.nearlight.explore.compare.BreakEven;
import dev.nearlight.explore.compare.Comparison;
import dev.nearlight.explore.compare.Interval;
import dev.nearlight.explore.compare.Metric;
import dev.nearlight.explore.compare.Row;
import dev.nearlight.explore.compare.Tornado;
import dev.nearlight.explore.compare.TornadoBar;
import dev.nearlight.explore.compare.Uncertainty;
import dev.nearlight.studio.report.HtmlReport;
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
                String cell = row.metric().format(row.values().get(i));
                Interval iv = row.intervals().get(i);
                if (iv.present() && !row.metric().isBoolean() && iv.high() > iv.low()) {
                    cell += " [" + row.metric().format(iv.low()) + ".."
                            + row.metric().format(iv.high()) + "]";
                }
                line.add(cell + (row.best().get(i) ? "*" : " "));
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
        for (int i = 0; i < c.results().size(); i++) {
            String layout = c.results().get(i).training().layout();
            if (!layout.isEmpty()) {
                sb.append("layout searched for ")
                        .append(c.columnLabel(i))
                        .append(": ")
                        .append(layout)
                        .append('\n');
            }
        }
        sb.append("* best in row")
                .append(c.multipleWorkloads() ? " (per workload)" : "")
                .append(String.format(
                        java.util.Locale.ROOT,
                        ": better than every other column by more than %.1f %%",
                        100 * c.tolerance()));
        if (c.uncertainty() != null) {
            Uncertainty u = c.uncertainty();
            sb.append(String.format(
                    java.util.Locale.ROOT,
                    " and best in >= %.0f %% of %d samples of the catalogue's, reliability and economics ranges"
                            + " and the step model's error;"
                            + " [low..high] = 5-95 %% interval%s",
                    100 * c.threshold(),
                    u.accepted(),
                    ""));
            if (u.rejected() > 0) {
                sb.append("\n")
                        .append(u.rejected())
                        .append(" of ")
                        .append(u.samples())
                        .append(" samples were rejected by a model and left out:");
                u.rejectedBecause()
                        .forEach((k, v) ->
                                sb.append(' ').append(k).append(" (").append(v).append(')'));
            }
        }
        sb.append('\n');
        sb.append("Boundaries:\n");
        for (Metric m : List.of(
                Metric.PORT_POWER,
                Metric.LINK_ENERGY,
                Metric.STEP_TIME,
                Metric.ENERGY_PER_RUN,
                Metric.CAPEX,
                Metric.TCO,
                Metric.COST_PER_MODEL,
                Metric.FABRIC_LINK_DOWN_LOSS)) {
            sb.append("  ").append(m.label()).append(": ").append(c.contains(m)).append('\n');
        }
        if (c.uncertainty() != null) {
            probabilities(sb, c, rows);
        }
        c.sensitivity().ifPresent(t -> sensitivities(sb, t));
        if (!c.breakEvens().isEmpty()) {
            breakEvens(sb, c);
        }
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

    private static void probabilities(StringBuilder sb, Comparison c, List<Row> rows) {
        sb.append("\nProbability of being best (share of samples)\n");
        int w = 0;
        for (Row r : rows) {
            w = Math.max(w, r.metric().label().length());
        }
        sb.append("  ").append(pad("Metric", w, false));
        for (int i = 0; i < c.results().size(); i++) {
            sb.append("  ")
                    .append(pad(c.columnLabel(i), Math.max(6, c.columnLabel(i).length()), true));
        }
        sb.append('\n');
        for (Row r : rows) {
            if (r.probabilityBest().stream().allMatch(p -> Double.isNaN(p))) {
                continue;
            }
            sb.append("  ").append(pad(r.metric().label(), w, false));
            for (int i = 0; i < c.results().size(); i++) {
                double p = r.probabilityBest().get(i);
                String t = Double.isNaN(p) ? "n/a" : String.format(java.util.Locale.ROOT, "%.0f%%", 100 * p);
                sb.append("  ").append(pad(t, Math.max(6, c.columnLabel(i).length()), true));
            }
            sb.append('\n');
        }
    }

    private static void breakEvens(StringBuilder sb, Comparison c) {
        sb.append('\n').append("Break-even settings (where the two swap places; everything else as written)\n");
        for (BreakEven b : c.breakEvens()) {
            Metric m = b.metric();
            sb.append("  ")
                    .append(m.label())
                    .append(", ")
                    .append(b.first())
                    .append(" vs ")
                    .append(b.second())
                    .append(", ")
                    .append(b.label())
                    .append(": ");
            if (b.found()) {
                boolean firstBetterBelow = m.better().isBetter(b.belowDifference(), 0);
                sb.append(setting(b.value(), b.settingUnit()))
                        .append(" (scenario ")
                        .append(setting(b.baseSetting(), b.settingUnit()))
                        .append("); ")
                        .append(firstBetterBelow ? b.first() : b.second())
                        .append(" is better below, ")
                        .append(firstBetterBelow ? b.second() : b.first())
                        .append(" above");
            } else {
                sb.append("no swap between ")
                        .append(setting(b.searchLow(), b.settingUnit()))
                        .append(" and ")
                        .append(setting(b.searchHigh(), b.settingUnit()));
            }
            sb.append('\n');
        }
    }

    private static String setting(double v, String unit) {
        return HtmlReport.setting(v, unit);
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
