package dev.nearlight.compose.disagg;

import dev.nearlight.core.InputException;
import java.util.Objects;

/**
 * One catalogue number with its plausible range, unit, source and confidence, so that every default the model uses
 * can be traced back to the reference catalogue (or is marked as our estimate).
 *
 * @param value default used by the model
 * @param min lower end of the plausible range
 * @param max upper end of the plausible range
 * @param unit unit of all three numbers
 * @param source where the number comes from
 * @param confidence high, medium or low
 */
public record SourcedValue(double value, double min, double max, String unit, String source, String confidence) {
    /** Validates the range and that the provenance fields are present. */
    public SourcedValue {
        Objects.requireNonNull(unit, "unit");
        if (source == null || source.isBlank()) {
            throw new InputException("parameter with value " + value + " has no source; add source: \"...\"");
        }
        if (confidence == null || confidence.isBlank()) {
            throw new InputException("parameter from '" + source + "' has no confidence; use high, medium or low");
        }
        if (!(min <= value && value <= max)) {
            throw new InputException("parameter from '" + source + "': value " + value + " " + unit
                    + " is outside its range [" + min + ", " + max + "]; fix value, min or max");
        }
    }

    /** A value with an exact range, for tests and overrides. */
    public static SourcedValue of(double value, String unit, String source) {
        return new SourcedValue(value, value, value, unit, source, "override");
    }
}
