package dev.nearlight.app.report;

import dev.nearlight.explore.compare.AlternativeResult;
import dev.nearlight.explore.compare.Comparison;
import dev.nearlight.explore.compare.Row;

/**
 * {@code results.csv}: one line per alternative, workload and metric ({@code
 * alternative,workload,metric,unit,value,best}), values in the metric's JSON unit, empty when not applicable. Long
 * format so pandas, DuckDB or a spreadsheet pivot it directly.
 */
public final class CsvReport {
    private CsvReport() {}

    /** The CSV text, with a header line and {@code \n} line ends. */
    public static String render(Comparison c) {
        StringBuilder sb = new StringBuilder("alternative,workload,metric,unit,value,best\n");
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
                        .append(Double.isFinite(v) ? Double.toString(v) : "")
                        .append(',')
                        .append(row.best().get(i))
                        .append('\n');
            }
        }
        return sb.toString();
    }

    static String field(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
