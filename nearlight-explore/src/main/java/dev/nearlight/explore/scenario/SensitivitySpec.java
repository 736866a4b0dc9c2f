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
 * @param samples Monte Carlo draws of the catalogue's ranges (default 32; 0 turns the uncertainty analysis off)
 * @param bestProbability share of draws in which a column must be best to be marked best (default 0.8)
 * @param bestTolerance relative difference below which two values tie (default 0.01)
 * @param breakEven break-even questions (default: the best and the runner-up on the metric, over each parameter)
 */
public record SensitivitySpec(
        Boolean enabled,
        String metric,
        String alternative,
        List<String> parameters,
        Integer samples,
        Double bestProbability,
        Double bestTolerance,
        List<BreakEvenSpec> breakEven) {
    /** Applies defaults. */
    public SensitivitySpec {
        enabled = Checks.orDefault(enabled, Boolean.TRUE);
        metric = metric == null ? "costPerModelUsd" : Checks.nonBlank(metric, "metric", "metric: tcoUsd");
        parameters = parameters == null ? List.of() : List.copyOf(parameters);
        samples = Checks.intRange(Checks.orDefault(samples, 32), "samples", 0, 100_000);
        bestProbability = Checks.range(Checks.orDefault(bestProbability, 0.8), "bestProbability", 0.5, 1.0);
        bestTolerance = Checks.range(Checks.orDefault(bestTolerance, 0.01), "bestTolerance", 0.0, 0.5);
        if (breakEven != null) {
            for (int i = 0; i < breakEven.size(); i++) {
                if (breakEven.get(i) == null) {
                    throw new FieldProblem(
                            "breakEven[" + i + "]", "empty entry", "{parameter: opticsPrice, between: [a, b]}");
                }
            }
        }
        breakEven = breakEven == null ? null : List.copyOf(breakEven);
    }

    /** The default: a tornado of cost per trained model over all standard parameters. */
    public static SensitivitySpec defaults() {
        return new SensitivitySpec(null, null, null, null, null, null, null, null);
    }
}
