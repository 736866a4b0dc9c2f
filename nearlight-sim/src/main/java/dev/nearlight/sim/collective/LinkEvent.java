package dev.nearlight.sim.collective;

import dev.nearlight.core.InputException;

/**
 * A change of one cable during a run: at {@code atNs} the links between nodes {@code nodeA} and {@code nodeB} (both
 * directions) drop to {@code capacityFactor} of their healthy capacity. 0 is a link down (the flows on it are re-routed
 * over what remains), a fraction in (0, 1) a degraded link (its flows slow down), 1 a repair.
 */
public record LinkEvent(double atNs, int nodeA, int nodeB, double capacityFactor) {
    /** Validates the time and the factor (one-line input errors). */
    public LinkEvent {
        if (!(atNs >= 0) || Double.isInfinite(atNs)) {
            throw new InputException("link event time " + atNs + " ns must be a finite time >= 0");
        }
        if (!(capacityFactor >= 0 && capacityFactor <= 1)) {
            throw new InputException("link capacity factor " + capacityFactor
                    + " must be in [0, 1]: 0 for a failed link, a fraction for a degraded one, 1 for a repair");
        }
    }
}
