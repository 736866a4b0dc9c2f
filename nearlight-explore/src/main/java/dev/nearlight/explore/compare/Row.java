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
            boolean allEqual = true;
            for (int i : cols) {
                double v = values.get(i);
                if (v != values.get(cols.get(0))) {
                    allEqual = false;
                }
                if (metric.better().isBetter(v, bestValue)) {
                    bestValue = v;
                }
            }
            if (allEqual) {
                continue;
            }
            for (int i : cols) {
                if (values.get(i) == bestValue) {
                    best[i] = Boolean.TRUE;
                }
            }
        }
        return new Row(metric, values, List.of(best));
    }
}
