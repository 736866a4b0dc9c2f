package dev.nearlight.explore.sweep;

import dev.nearlight.explore.compare.Metric;
import java.io.Serializable;

/**
 * A bound on a result metric that a row must meet to be feasible, e.g. {@code escapeFeasible >= 1} or a power cap
 * {@code fabricPowerKw <= 20000}. A row whose metric is NaN (not applicable) does not meet it.
 *
 * @param metric the metric
 * @param min lower bound (inclusive), or NaN for none
 * @param max upper bound (inclusive), or NaN for none
 */
public record Constraint(Metric metric, double min, double max) implements Serializable {
    /** Whether {@code value} lies within the bounds. */
    public boolean admits(double value) {
        if (Double.isNaN(value)) {
            return false;
        }
        return (Double.isNaN(min) || value >= min) && (Double.isNaN(max) || value <= max);
    }

    @Override
    public String toString() {
        String lo = Double.isNaN(min) ? "" : min + " <= ";
        String hi = Double.isNaN(max) ? "" : " <= " + max;
        return lo + metric.id() + hi;
    }
}
