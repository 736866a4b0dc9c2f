package dev.nearlight.sim.reliability;

import dev.nearlight.core.InputException;

/**
 * The operating conditions of the fabric's links that the reliability model hands to the core link model: the port
 * rate (which picks the catalogue technology, e.g. {@code npo-1.6t}) and the coolant or inlet temperature of every link
 * design ({@code null}: the catalogue default of the technology's cooling type).
 *
 * @param rateGbps port rate in Gb/s; the catalogue must offer each technology at it (800, 1600 or 3200)
 * @param coolantC inlet air or coolant supply temperature in C, or {@code null} for the catalogue default
 */
public record OpticsConditions(double rateGbps, Double coolantC) {
    public OpticsConditions {
        if (!(rateGbps > 0) || Double.isInfinite(rateGbps)) {
            throw new InputException("--rate " + rateGbps + " Gb/s must be > 0");
        }
        if (coolantC != null && !(coolantC >= -20 && coolantC <= 90)) {
            throw new InputException("--coolant-c " + coolantC + " C out of range: use -20 to 90 C");
        }
    }
}
