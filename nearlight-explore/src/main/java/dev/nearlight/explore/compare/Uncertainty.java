package dev.nearlight.explore.compare;

import java.util.List;
import java.util.Map;

/**
 * The Monte Carlo robustness of a comparison: per metric, each column's interval and its probability of being the best
 * of its workload, over {@code samples} draws of the catalogue's and the economics defaults' ranges.
 *
 * @param samples draws evaluated
 * @param rejectedBecause draws a model rejected (a sampled value outside what it accepts, e.g. a repair queue the
 *     technicians cannot keep up with), by reason; they are left out of the statistics and reported
 * @param seed root seed of the draws
 * @param intervals per metric, one interval per column
 * @param probabilityBest per metric, one probability per column (NaN when the metric has no choice to make)
 */
public record Uncertainty(
        int samples,
        Map<String, Integer> rejectedBecause,
        long seed,
        Map<Metric, List<Interval>> intervals,
        Map<Metric, List<Double>> probabilityBest) {
    /** Copies the maps. */
    public Uncertainty {
        rejectedBecause = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(rejectedBecause));
        intervals = Map.copyOf(intervals);
        probabilityBest = Map.copyOf(probabilityBest);
    }

    /** Draws a model rejected. */
    public int rejected() {
        return rejectedBecause.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Draws that were evaluated. */
    public int accepted() {
        return samples - rejected();
    }
}
