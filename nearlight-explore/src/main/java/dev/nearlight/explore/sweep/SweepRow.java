package dev.nearlight.explore.sweep;

import dev.nearlight.explore.compare.Metric;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * One result row: a design point evaluated for one alternative and workload of its scenario, or one row saying why the
 * point could not be evaluated.
 *
 * @param point the design point's id
 * @param alternative the alternative's name (empty when the point's scenario is invalid)
 * @param workload the workload's name (empty when the point's scenario is invalid)
 * @param settings each axis's value as text, in axis order
 * @param metrics every {@link Metric}'s value in {@link Metric} order, in the metric's unit (NaN when not applicable or
 *     not evaluated)
 * @param status {@link #OK}, {@link #INVALID} (the scenario loader rejected the point's scenario) or {@link
 *     #INFEASIBLE} (a model rejected it, e.g. the job does not fit in memory)
 * @param feasible whether the row was evaluated and meets every constraint
 * @param message the located reason when not OK, else empty
 */
public record SweepRow(
        long point,
        String alternative,
        String workload,
        List<String> settings,
        double[] metrics,
        String status,
        boolean feasible,
        String message)
        implements Serializable {
    /** Status of an evaluated row. */
    public static final String OK = "ok";
    /** Status of a point whose scenario the scenario loader rejects. */
    public static final String INVALID = "invalid";
    /** Status of a row a model rejects (memory, parallelism, fabric shape). */
    public static final String INFEASIBLE = "infeasible";

    /** Copies the settings and metrics. */
    public SweepRow {
        settings = List.copyOf(settings);
        metrics = metrics.clone();
        if (metrics.length != Metric.values().length) {
            throw new IllegalArgumentException("a row holds " + Metric.values().length + " metrics");
        }
    }

    /** The value of {@code m}. */
    public double value(Metric m) {
        return metrics[m.ordinal()];
    }

    /** Whether the row was evaluated. */
    public boolean ok() {
        return OK.equals(status);
    }

    @Override
    public double[] metrics() {
        return metrics.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SweepRow r
                && point == r.point
                && feasible == r.feasible
                && alternative.equals(r.alternative)
                && workload.equals(r.workload)
                && settings.equals(r.settings)
                && Arrays.equals(metrics, r.metrics)
                && status.equals(r.status)
                && message.equals(r.message);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(point) * 31 + alternative.hashCode() * 17 + workload.hashCode() + Arrays.hashCode(metrics);
    }

    @Override
    public String toString() {
        return "SweepRow[" + point + ", " + alternative + ", " + workload + ", " + settings + ", "
                + Arrays.toString(metrics) + ", " + status + ", " + feasible + ", " + message + "]";
    }
}
