package dev.nearlight.core.catalogue;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * One catalogue number with its plausible range, unit, source and confidence, so that every default can be traced
 * and swept. Power figures also carry the {@link PowerBoundary} they cover (null for non-power numbers).
 *
 * @param value the default used by the models
 * @param min lowest plausible value
 * @param max highest plausible value
 * @param unit unit text, e.g. {@code W}, {@code dB}, {@code pJ/bit}
 * @param source where the number comes from (document, clause, or the derivation of an estimate)
 * @param confidence how much it can be trusted
 * @param boundary what a power figure covers; null when the number is not a power
 */
public record Param(
        @JsonProperty(required = true) double value,
        @JsonProperty(required = true) double min,
        @JsonProperty(required = true) double max,
        @JsonProperty(required = true) String unit,
        @JsonProperty(required = true) String source,
        @JsonProperty(required = true) Confidence confidence,
        PowerBoundary boundary) {

    /**
     * Validates finiteness, {@code min <= value <= max}, a non-blank unit and source, a confidence, and that the range
     * lies inside what its unit can physically be ({@link PhysicalUnit}).
     */
    @JsonCreator
    public Param {
        if (!Double.isFinite(value) || !Double.isFinite(min) || !Double.isFinite(max)) {
            throw new IllegalArgumentException("value, min and max must be finite numbers");
        }
        if (min > max) {
            throw new IllegalArgumentException("min " + min + " > max " + max + " (swap them)");
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    "value " + value + " outside [" + min + ", " + max + "] (widen the range or fix the value)");
        }
        if (unit == null || unit.isBlank()) {
            throw new IllegalArgumentException("unit is missing (give a unit, e.g. W, dB, ns, 1)");
        }
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("source is missing (name the document, or 'est.: <derivation>')");
        }
        Objects.requireNonNull(confidence, "confidence");
        // the range's ends: a range from 0 (not applicable, or "none") may be sampled anywhere inside it
        PhysicalUnit.of(unit).ifPresent(u -> {
            for (double x : new double[] {min, max}) {
                String problem = u.problem(x);
                if (problem != null) {
                    throw new IllegalArgumentException(problem);
                }
            }
        });
    }

    /** A parameter without a power boundary. */
    public Param(double value, double min, double max, String unit, String source, Confidence confidence) {
        this(value, min, max, unit, source, confidence, null);
    }

    /** A point value (min = max = value), e.g. for derived or user-supplied numbers. */
    public static Param exact(double value, String unit, String source) {
        return new Param(value, value, value, unit, source, Confidence.HIGH, null);
    }

    /** The same parameter with another default value, widening the range if needed (for sweeps and overrides). */
    public Param withValue(double newValue) {
        return new Param(
                newValue, Math.min(min, newValue), Math.max(max, newValue), unit, source, confidence, boundary);
    }
}
