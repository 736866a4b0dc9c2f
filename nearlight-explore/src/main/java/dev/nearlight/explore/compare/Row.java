package dev.nearlight.explore.compare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One metric across all columns of a comparison, with the robust best marked. Columns are compared only with columns
 * of the same workload. A column is best when its value is finite, better than every other column of its workload by
 * more than the tolerance (relative), and, when the comparison ran a Monte Carlo uncertainty analysis, it is the best
 * in at least the threshold share of the samples. Values within the tolerance of each other give no best: a 2e-5
 * difference is no ranking.
 *
 * @param metric the metric
 * @param values one value per column (NaN when not applicable)
 * @param best one flag per column
 * @param intervals one Monte Carlo interval per column ({@link Interval#NONE} without uncertainty)
 * @param probabilityBest one probability of being the best per column (NaN without uncertainty)
 */
public record Row(
        Metric metric,
        List<Double> values,
        List<Boolean> best,
        List<Interval> intervals,
        List<Double> probabilityBest) {
    /** Default relative difference below which two values tie. */
    public static final double DEFAULT_TOLERANCE = 0.01;

    /** Default share of Monte Carlo samples in which a column must be best to be marked. */
    public static final double DEFAULT_THRESHOLD = 0.8;

    /** Copies the lists. */
    public Row {
        values = List.copyOf(values);
        best = List.copyOf(best);
        intervals = List.copyOf(intervals);
        probabilityBest = List.copyOf(probabilityBest);
        if (values.size() != best.size()
                || values.size() != intervals.size()
                || values.size() != probabilityBest.size()) {
            throw new IllegalArgumentException("row lists differ in size");
        }
    }

    /** The row of {@code metric} without uncertainty, at the default tolerance. */
    public static Row of(Metric metric, List<AlternativeResult> results) {
        return of(metric, results, null, DEFAULT_TOLERANCE, DEFAULT_THRESHOLD);
    }

    /**
     * The row of {@code metric} over {@code results}, with the robust best of each workload marked.
     *
     * @param uncertainty the Monte Carlo results, or null
     * @param tolerance relative difference below which values tie
     * @param threshold share of samples in which a column must be best
     */
    public static Row of(
            Metric metric,
            List<AlternativeResult> results,
            Uncertainty uncertainty,
            double tolerance,
            double threshold) {
        List<Double> values = new ArrayList<>();
        for (AlternativeResult r : results) {
            values.add(metric.valueOf(r));
        }
        int n = results.size();
        List<Interval> intervals = uncertainty == null
                ? java.util.Collections.nCopies(n, Interval.NONE)
                : uncertainty.intervals().getOrDefault(metric, java.util.Collections.nCopies(n, Interval.NONE));
        List<Double> prob = uncertainty == null
                ? java.util.Collections.nCopies(n, Double.NaN)
                : uncertainty.probabilityBest().getOrDefault(metric, java.util.Collections.nCopies(n, Double.NaN));
        Boolean[] best = new Boolean[n];
        Arrays.fill(best, Boolean.FALSE);
        List<String> workloads =
                results.stream().map(AlternativeResult::workload).distinct().toList();
        for (String w : workloads) {
            List<Integer> cols = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (Objects.equals(results.get(i).workload(), w) && Double.isFinite(values.get(i))) {
                    cols.add(i);
                }
            }
            if (cols.size() < 2) {
                continue;
            }
            int top = cols.get(0);
            for (int i : cols) {
                if (metric.better().isBetter(values.get(i), values.get(top))) {
                    top = i;
                }
            }
            boolean clear = true;
            for (int i : cols) {
                if (i != top && tied(values.get(i), values.get(top), tolerance)) {
                    clear = false;
                }
            }
            boolean robust = uncertainty == null || !(prob.get(top) < threshold);
            if (clear && robust) {
                best[top] = Boolean.TRUE;
            }
        }
        return new Row(metric, values, List.of(best), intervals, prob);
    }

    /** Whether two values are within {@code tolerance} of each other, relative to the larger magnitude. */
    public static boolean tied(double a, double b, double tolerance) {
        return Math.abs(a - b) <= tolerance * Math.max(Math.abs(a), Math.abs(b));
    }
}
