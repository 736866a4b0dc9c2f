package dev.nearlight.sim.reliability;

import dev.nearlight.core.InputException;

/**
 * Failure process of one unit of a component population: a constant (exponential) rate plus an optional Weibull
 * power-law term for infant mortality (shape &lt; 1) or wear-out (shape &gt; 1).
 *
 * <p>The Weibull term is a power-law non-homogeneous Poisson process on fleet age (Crow-AMSAA): all units start at
 * age 0 and a replaced unit inherits the fleet age. Expected failures per unit over {@code t} hours are
 * {@code ratePerHour * t + (t / weibullScaleHours)^weibullShape}. This keeps identical units superposable; it is a
 * good approximation while the replaced fraction of the population stays small.
 *
 * @param ratePerHour constant failure rate per unit, per hour (&gt;= 0)
 * @param weibull optional Weibull term, or {@code null}
 */
public record FailureProcess(double ratePerHour, Weibull weibull) {
    public FailureProcess {
        if (!(ratePerHour >= 0) || Double.isInfinite(ratePerHour)) {
            throw new InputException("failure rate " + ratePerHour + " /h must be a finite number >= 0");
        }
    }

    /** Constant-rate process from FIT (failures per 10^9 h). */
    public static FailureProcess ofFit(double fit) {
        return new FailureProcess(Rates.perHourFromFit(fit), null);
    }

    /** Constant-rate process from an AFR in percent per year. */
    public static FailureProcess ofAfrPercent(double afrPercent) {
        return new FailureProcess(Rates.perHourFromAfrPercent(afrPercent), null);
    }

    /** The same process with every rate (constant and Weibull) multiplied by {@code factor}. */
    public FailureProcess scaled(double factor) {
        if (!(factor >= 0)) {
            throw new InputException("rate factor " + factor + " must be >= 0");
        }
        Weibull w = weibull == null ? null : weibull.scaledRate(factor);
        return new FailureProcess(ratePerHour * factor, w);
    }

    /** Sum of two processes; at most one of them may have a Weibull term. */
    public FailureProcess plus(FailureProcess other) {
        if (weibull != null && other.weibull != null) {
            throw new InputException("cannot add two Weibull terms to one population; split it into two populations");
        }
        return new FailureProcess(ratePerHour + other.ratePerHour, weibull != null ? weibull : other.weibull);
    }

    /** Expected failures of one unit in {@code [0, hours]}. */
    public double expectedFailures(double hours) {
        return ratePerHour * hours + (weibull == null ? 0.0 : weibull.cumulativeHazard(hours));
    }

    /**
     * Weibull power-law term with cumulative hazard {@code (t / scaleHours)^shape}.
     *
     * @param shape Weibull shape beta (&lt; 1 infant mortality, &gt; 1 wear-out), in (0, 20]
     * @param scaleHours Weibull scale eta in hours, &gt; 0
     */
    public record Weibull(double shape, double scaleHours) {
        public Weibull {
            if (!(shape > 0 && shape <= 20)) {
                throw new InputException("Weibull shape " + shape + " out of range: use (0, 20]");
            }
            if (!(scaleHours > 0) || Double.isInfinite(scaleHours)) {
                throw new InputException("Weibull scale " + scaleHours + " h must be a finite number > 0");
            }
        }

        /** Expected failures per unit in {@code [0, hours]}. */
        public double cumulativeHazard(double hours) {
            return Math.pow(hours / scaleHours, shape);
        }

        /** Inverse of {@link #cumulativeHazard}: the age at which the cumulative hazard reaches {@code h}. */
        public double inverseCumulativeHazard(double h) {
            return scaleHours * Math.pow(h, 1.0 / shape);
        }

        Weibull scaledRate(double factor) {
            if (factor == 0) {
                return new Weibull(shape, Double.MAX_VALUE);
            }
            // (t/eta')^b = f (t/eta)^b  <=>  eta' = eta f^(-1/b)
            return new Weibull(shape, scaleHours * Math.pow(factor, -1.0 / shape));
        }
    }
}
