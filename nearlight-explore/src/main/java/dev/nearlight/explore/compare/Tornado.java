package dev.nearlight.explore.compare;

import java.util.Comparator;
import java.util.List;

/**
 * A one-at-a-time sensitivity of one metric of one alternative: the baseline and one bar per parameter, widest first.
 *
 * @param metric the metric varied
 * @param alternative the alternative whose metric is shown
 * @param workload the workload
 * @param baseline the metric at the scenario as written
 * @param bars bars sorted by decreasing swing (ties keep the parameter order)
 */
public record Tornado(Metric metric, String alternative, String workload, double baseline, List<TornadoBar> bars) {
    /** Sorts the bars by decreasing swing. */
    public Tornado {
        bars = bars.stream()
                .sorted(Comparator.comparingDouble(TornadoBar::swing).reversed())
                .toList();
    }
}
