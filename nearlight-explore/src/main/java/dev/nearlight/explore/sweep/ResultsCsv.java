package dev.nearlight.explore.sweep;

import dev.nearlight.explore.compare.Metric;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The CSV form of sweep rows (RFC 4180): {@code point, alternative, workload}, one column per axis (named by its path),
 * one per metric id (in the metric's unit; empty when not applicable), then {@code feasible, status, message}. Numbers
 * are written with {@link Double#toString} so they read back bit for bit: the CSV is also the journal a resumed sweep
 * re-reads.
 */
public final class ResultsCsv {
    private ResultsCsv() {}

    /** The header line (without line break). */
    public static String header(List<Axis> axes) {
        List<String> cols = new ArrayList<>(List.of("point", "alternative", "workload"));
        axes.forEach(a -> cols.add(a.name()));
        cols.addAll(Metric.ids());
        cols.addAll(List.of("feasible", "status", "message"));
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cols.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(quote(cols.get(i)));
        }
        return sb.toString();
    }

    /** Column names for axes in formats that dislike dots and brackets (Parquet, Spark): non-word chars become _. */
    static List<String> axisColumns(List<Axis> axes) {
        List<String> out = new ArrayList<>();
        Set<String> used = new HashSet<>(List.of("point", "alternative", "workload", "feasible", "status", "message"));
        used.addAll(Metric.ids());
        for (Axis a : axes) {
            String base = a.name().replace("[*]", "_all").replaceAll("[^A-Za-z0-9_]+", "_");
            String name = base;
            for (int k = 2; !used.add(name); k++) {
                name = base + "_" + k;
            }
            out.add(name);
        }
        return out;
    }

    /** One row as a CSV line ending in a line break. */
    public static void append(StringBuilder sb, SweepRow r) {
        sb.append(r.point()).append(',');
        sb.append(quote(r.alternative())).append(',');
        sb.append(quote(r.workload()));
        for (String s : r.settings()) {
            sb.append(',').append(quote(s));
        }
        for (Metric m : Metric.values()) {
            sb.append(',');
            double v = r.value(m);
            if (!Double.isNaN(v)) {
                sb.append(v);
            }
        }
        sb.append(',').append(r.feasible());
        sb.append(',').append(quote(r.status()));
        sb.append(',').append(quote(r.message()));
        sb.append('\n');
    }

    /** Parses one line written by {@link #append} (without its line break). */
    public static SweepRow parse(String line, int axes) {
        List<String> f = split(line);
        int metrics = Metric.values().length;
        if (f.size() != 3 + axes + metrics + 3) {
            throw new IllegalArgumentException("expected " + (6 + axes + metrics) + " fields, found " + f.size());
        }
        double[] m = new double[metrics];
        for (int i = 0; i < metrics; i++) {
            String v = f.get(3 + axes + i);
            m[i] = v.isEmpty() ? Double.NaN : Double.parseDouble(v);
        }
        int tail = 3 + axes + metrics;
        return new SweepRow(
                Long.parseLong(f.get(0)),
                f.get(1),
                f.get(2),
                f.subList(3, 3 + axes),
                m,
                f.get(tail + 1),
                Boolean.parseBoolean(f.get(tail)),
                f.get(tail + 2));
    }

    static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    /** Splits one CSV line into fields (quotes as in RFC 4180). */
    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
