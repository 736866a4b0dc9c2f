package dev.nearlight.studio.report;

import dev.nearlight.explore.compare.AlternativeResult;
import dev.nearlight.explore.compare.Comparison;
import dev.nearlight.explore.compare.Row;

/**
 * {@code results.csv}: one line per alternative, workload and metric ({@code
 * alternative,workload,metric,unit,value,low,high,probabilityBest,best,contains}; low and high are the Monte Carlo
 * 5-95 % interval, empty without uncertainty), values in the metric's JSON unit, empty when not applicable. Long
 * format so pandas, DuckDB or a spreadsheet pivot it directly.
 */
public final class CsvReport {
    private CsvReport() {}

    /** The CSV text, with a header line and {@code \n} line ends. */
    public static String render(Comparison c) {
        StringBuilder sb =
                new StringBuilder("alternative,workload,metric,unit,value,low,high,probabilityBest,best,contains\n");
        for (Row row : c.rows()) {
            for (int i = 0; i < c.results().size(); i++) {
                AlternativeResult r = c.results().get(i);
                double v = row.values().get(i);
                sb.append(field(r.alternative()))
                        .append(',')
                        .append(field(r.workload()))
                        .append(',')
                        .append(row.metric().id())
                        .append(',')
                        .append(field(row.metric().unit()))
                        .append(',')
                        .append(num(v))
                        .append(',')
                        .append(num(row.intervals().get(i).low()))
                        .append(',')
                        .append(num(row.intervals().get(i).high()))
                        .append(',')
                        .append(num(row.probabilityBest().get(i)))
                        .append(',')
                        .append(row.best().get(i))
                        .append(',')
                        .append(field(c.contains(row.metric())))
                        .append('\n');
            }
        }
        return sb.toString();
    }

    private static String num(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "";
    }

    /** One CSV field, quoted when it holds a comma, quote or newline (RFC 4180). */
    public static String field(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
