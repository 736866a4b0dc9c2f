package dev.nearlight.explore.compare;

import java.util.List;

/**
 * Where two alternatives swap places on a metric as one parameter moves, everything else as written.
 *
 * @param parameter parameter id ({@code opticsPrice}, {@code catalogue:<path>}, ...)
 * @param label human-readable parameter
 * @param settingUnit what a setting is ({@code x} for a factor of the scenario's value, {@code C} for an offset, or
 *     the catalogue unit)
 * @param metric the metric compared
 * @param first the first alternative
 * @param second the second alternative
 * @param workload the workload
 * @param baseSetting the setting of the scenario as written (1 for a factor, 0 for an offset, the catalogue value)
 * @param searchLow lowest setting searched
 * @param searchHigh highest setting searched
 * @param value the setting where the metric is equal for both, NaN when they do not swap within the search range
 * @param belowDifference first minus second just below {@code value} (NaN when none)
 * @param aboveDifference first minus second just above {@code value} (opposite sign: checked by re-evaluation)
 * @param curve (setting, metric of first, metric of second) over the search grid, for the chart
 */
public record BreakEven(
        String parameter,
        String label,
        String settingUnit,
        Metric metric,
        String first,
        String second,
        String workload,
        double baseSetting,
        double searchLow,
        double searchHigh,
        double value,
        double belowDifference,
        double aboveDifference,
        List<double[]> curve) {
    /** Copies the curve. */
    public BreakEven {
        curve = List.copyOf(curve);
    }

    /** Whether the ranking flips within the search range. */
    public boolean found() {
        return Double.isFinite(value);
    }
}
