package dev.nearlight.explore.scenario;

import java.util.List;

/**
 * One break-even question: the setting of {@code parameter} at which the two alternatives named in {@code between}
 * are equal on the sensitivity metric.
 *
 * @param parameter a sensitivity parameter id ({@code opticsPrice}, {@code electricityPrice}, ...), {@code
 *     catalogue:<path>} (a catalogue number, e.g. {@code catalogue:technologies/npo-1.6t/laserFit}) or {@code
 *     economics:<key>} (e.g. {@code economics:partSwapShare.gpu})
 * @param between exactly two alternative names
 */
public record BreakEvenSpec(String parameter, List<String> between) {
    /** Checks presence and the pair. */
    public BreakEvenSpec {
        parameter = Checks.nonBlank(parameter, "parameter", "parameter: opticsPrice");
        Checks.required(between, "between", "between: [npo, cpo]");
        if (between.size() != 2 || between.get(0).equals(between.get(1))) {
            throw new FieldProblem("between", "needs two different alternatives", "between: [npo, cpo]");
        }
        between = List.copyOf(between);
    }
}
