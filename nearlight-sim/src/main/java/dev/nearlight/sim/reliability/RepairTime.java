package dev.nearlight.sim.reliability;

import dev.nearlight.core.InputException;
import java.util.random.RandomGenerator;

/**
 * Distribution of the hands-on time to repair (swap the field-replaceable unit and verify), excluding waiting for a
 * technician or a spare part, which the repair queue adds.
 *
 * @param distribution exponential or lognormal
 * @param meanHours mean repair time in hours (&gt;= 0)
 * @param sigmaLog lognormal shape (standard deviation of ln time), ignored for exponential; 0 gives a fixed time
 */
public record RepairTime(Distribution distribution, double meanHours, double sigmaLog) {
    /** Shape of the repair-time distribution. */
    public enum Distribution {
        EXPONENTIAL,
        LOGNORMAL
    }

    public RepairTime {
        if (distribution == null) {
            throw new InputException("repair time distribution is missing: use EXPONENTIAL or LOGNORMAL");
        }
        if (!(meanHours >= 0) || meanHours > 1e5) {
            throw new InputException("mean time to repair " + meanHours + " h out of range: use 0 to 100000 h");
        }
        if (!(sigmaLog >= 0 && sigmaLog <= 3)) {
            throw new InputException("lognormal sigma " + sigmaLog + " out of range: use 0 to 3");
        }
    }

    /** Exponential repair time with the given mean. */
    public static RepairTime exponential(double meanHours) {
        return new RepairTime(Distribution.EXPONENTIAL, meanHours, 0);
    }

    /** Lognormal repair time with the given mean (not median) and log-space sigma. */
    public static RepairTime lognormal(double meanHours, double sigmaLog) {
        return new RepairTime(Distribution.LOGNORMAL, meanHours, sigmaLog);
    }

    /** The same distribution with its mean multiplied by {@code factor}. */
    public RepairTime scaled(double factor) {
        return new RepairTime(distribution, meanHours * factor, sigmaLog);
    }

    /** Second moment E[S^2] in h^2 (for the M/G/c waiting-time approximation). */
    public double secondMomentHours2() {
        return switch (distribution) {
            case EXPONENTIAL -> 2 * meanHours * meanHours;
            case LOGNORMAL -> meanHours * meanHours * Math.exp(sigmaLog * sigmaLog);
        };
    }

    /** Draws one repair time in hours. */
    public double sample(RandomGenerator rng) {
        if (meanHours == 0) {
            return 0;
        }
        return switch (distribution) {
            case EXPONENTIAL -> meanHours * rng.nextExponential();
            case LOGNORMAL -> meanHours * Math.exp(sigmaLog * rng.nextGaussian() - 0.5 * sigmaLog * sigmaLog);
        };
    }
}
