package dev.nearlight.sim.train;

import dev.nearlight.core.InputException;

/**
 * One catalogue number with its plausible range, unit, source and confidence (high, medium or low), so that every
 * figure the step model uses can be traced and swept.
 */
public record Estimate(double value, double min, double max, String unit, String source, String confidence) {
    public Estimate {
        if (!Double.isFinite(value) || min > value || value > max) {
            throw new InputException("estimate: value " + value + " outside [" + min + ", " + max + "] " + unit);
        }
    }
}
