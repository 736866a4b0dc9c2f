package dev.nearlight.sim.reliability;

import dev.nearlight.core.InputException;

/**
 * Multipliers and offsets applied to the defaults by {@link DefaultClusterFactory} for a sensitivity study.
 *
 * @param laserFitFactor multiplies every laser FIT from the link model (0.5 to 4 in the CLI table)
 * @param laserTempDeltaC added to the coolant or inlet temperature of every link design in degrees C (-15 to +15);
 *     the core link model's thermal model turns it into laser temperature and FIT
 * @param repairTimeFactor multiplies the hands-on repair time of optics FRUs (modules, cables, engines, laser
 *     sources and CPO switch swaps), not of GPUs, NICs or node parts
 */
public record Sensitivity(double laserFitFactor, double laserTempDeltaC, double repairTimeFactor) {
    /** No change. */
    public static final Sensitivity NONE = new Sensitivity(1, 0, 1);

    public Sensitivity {
        if (!(laserFitFactor >= 0 && laserFitFactor <= 1000)) {
            throw new InputException("laser FIT factor " + laserFitFactor + " out of range: use 0 to 1000");
        }
        if (!(laserTempDeltaC >= -100 && laserTempDeltaC <= 100)) {
            throw new InputException(
                    "laser temperature offset " + laserTempDeltaC + " C out of range: use -100 to 100");
        }
        if (!(repairTimeFactor >= 0 && repairTimeFactor <= 1000)) {
            throw new InputException("repair time factor " + repairTimeFactor + " out of range: use 0 to 1000");
        }
    }
}
