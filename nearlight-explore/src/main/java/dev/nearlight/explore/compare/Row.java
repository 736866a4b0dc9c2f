package dev.nearlight.explore.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One metric across all columns of a comparison, with the best columns marked. Columns are compared only with columns
 * of the same workload. A column is best when its value is finite and no other column of its workload is better; no
 * column is marked when fewer than two finite values exist or all are equal (nothing to choose).
 *
 * @param metric the metric
 * @param values one value per column (NaN when not applicable)
 * @param best one flag per column
 */
public record Row(Metric metric, List<Double> values, List<Boolean> best) {
    /** Copies the lists. */
    public Row {
        values = List.copyOf(values);
        best = List.copyOf(best);
        if (values.size() != best.size()) {
            throw new IllegalArgumentException("values and best differ in size");
        }
    }

    /** The row of {@code metric} over {@code results}, with the best values of each workload marked. */
    public static Row of(Metric metric, List<AlternativeResult> results) {
        List<Double> values = new ArrayList<>();
        for (AlternativeResult r : results) {
            values.add(metric.valueOf(r));
        }
        Boolean[] best = new Boolean[results.size()];
        java.util.Arrays.fill(best, Boolean.FALSE);
        List<String> workloads =
                results.stream().map(AlternativeResult::workload).distinct().toList();
        for (String w : workloads) {
            List<Integer> cols = new ArrayList<>();
            for (int i = 0; i < results.size(); i++) {
                if (Objects.equals(results.get(i).workload(), w) && Double.isFinite(values.get(i))) {
                    cols.add(i);
                }
            }
            if (cols.size() < 2) {
                continue;
            }
            double bestValue = values.get(cols.get(0));
            for (int i : cols) {
                if (metric.better().isBetter(values.get(i), bestValue)) {
                    bestValue = values.get(i);
                }
            }
            List<Integer> tied = new ArrayList<>();
            for (int i : cols) {
                if (tied(values.get(i), bestValue)) {
                    tied.add(i);
                }
            }
            if (tied.size() == cols.size()) {
                continue; // every column ties: nothing to mark
            }
            for (int i : tied) {
                best[i] = Boolean.TRUE;
            }
        }
        return new Row(metric, values, List.of(best));
    }

    /**
     * Values within {@value #TIE_TOLERANCE} of each other (relative) tie: differences below the models' precision,
     * such as 100 ns of link latency in a 10 s training step, are not a "best".
     */
    static final double TIE_TOLERANCE = 1e-4;

    static boolean tied(double a, double b) {
        return Math.abs(a - b) <= TIE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
    }
}
