package dev.nearlight.explore.compare;

import java.util.List;
import java.util.Optional;

/**
 * The result of {@code nearlight compare}: one column per alternative (and workload, when there are several), one
 * {@link Row} per {@link Metric} with the best values marked, and the sensitivity tornado.
 *
 * @param scenarioName the scenario's name
 * @param description the scenario's description
 * @param fidelity the network fidelity id used
 * @param seed the root seed used
 * @param results the columns, in scenario order (workload-major, then alternatives)
 * @param tornado the sensitivity tornado, or null when sensitivity was disabled
 */
public record Comparison(
        String scenarioName,
        String description,
        String fidelity,
        long seed,
        List<AlternativeResult> results,
        Tornado tornado) {
    /** Copies the results. */
    public Comparison {
        results = List.copyOf(results);
    }

    /** One row per metric, in {@link Metric} order. */
    public List<Row> rows() {
        return java.util.Arrays.stream(Metric.values())
                .map(m -> Row.of(m, results))
                .toList();
    }

    /** The sensitivity tornado, if one was run. */
    public Optional<Tornado> sensitivity() {
        return Optional.ofNullable(tornado);
    }

    /** Whether the columns span more than one workload (labels then name both). */
    public boolean multipleWorkloads() {
        return results.stream().map(AlternativeResult::workload).distinct().count() > 1;
    }

    /** The label of column {@code i}: the alternative, plus the workload when there are several. */
    public String columnLabel(int i) {
        AlternativeResult r = results.get(i);
        return multipleWorkloads() ? r.alternative() + " / " + r.workload() : r.alternative();
    }
}
