package dev.nearlight.explore.scenario;

import java.util.List;

/**
 * Which one-at-a-time sensitivities the comparison runs: the metric, the alternative whose metric is varied, and the
 * parameters (ids of {@code dev.nearlight.explore.compare.SensitivityParameter#standard()}).
 *
 * @param enabled run the tornado (default true)
 * @param metric metric id, e.g. {@code tcoUsd} (default {@code costPerModelUsd})
 * @param alternative alternative name (default: the best one on the metric)
 * @param parameters parameter ids (default: all standard parameters)
 */
public record SensitivitySpec(Boolean enabled, String metric, String alternative, List<String> parameters) {
    /** Applies defaults. */
    public SensitivitySpec {
        enabled = Checks.orDefault(enabled, Boolean.TRUE);
        metric = metric == null ? "costPerModelUsd" : Checks.nonBlank(metric, "metric", "metric: tcoUsd");
        parameters = parameters == null ? List.of() : List.copyOf(parameters);
    }

    /** The default: a tornado of cost per trained model over all standard parameters. */
    public static SensitivitySpec defaults() {
        return new SensitivitySpec(null, null, null, null);
    }
}
