package dev.nearlight.sim.reliability;

import dev.nearlight.core.InputException;
import java.util.Set;

/**
 * One default number with its range and provenance, as stored in {@code reliability/defaults.yaml}.
 *
 * @param value default value
 * @param min lower end of the plausible range
 * @param max upper end of the plausible range
 * @param unit unit of all three numbers
 * @param source where the number comes from (an optics-parameters.md row, a paper, or "est." with the reasoning)
 * @param confidence high, medium or low
 */
public record Param(double value, double min, double max, String unit, String source, String confidence) {
    private static final Set<String> CONFIDENCE = Set.of("high", "medium", "low");

    public Param {
        if (!(min <= value && value <= max)) {
            throw new InputException("default " + value + " outside its range [" + min + ", " + max + "]");
        }
        if (unit == null || unit.isBlank() || source == null || source.isBlank()) {
            throw new InputException("default " + value + " needs a unit and a source");
        }
        if (confidence == null || !CONFIDENCE.contains(confidence)) {
            throw new InputException("confidence '" + confidence + "' must be high, medium or low");
        }
    }
}
