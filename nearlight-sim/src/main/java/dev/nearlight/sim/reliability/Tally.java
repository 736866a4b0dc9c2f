package dev.nearlight.sim.reliability;

import org.hipparchus.distribution.continuous.TDistribution;

/**
 * Statistical probe over independent replications (SSJ {@code Tally} style): running mean and variance (Welford) and
 * a Student-t 95 % confidence interval on the mean.
 */
public final class Tally {
    private long n;
    private double mean;
    private double m2;

    /** Adds one observation. */
    public void add(double x) {
        n++;
        double d = x - mean;
        mean += d / n;
        m2 += d * (x - mean);
    }

    /** Number of observations. */
    public long count() {
        return n;
    }

    /** Sample mean (NaN when empty). */
    public double mean() {
        return n == 0 ? Double.NaN : mean;
    }

    /** Sample variance with n - 1 degrees of freedom (0 with fewer than two observations). */
    public double variance() {
        return n < 2 ? 0 : m2 / (n - 1);
    }

    /** Half width of the 95 % confidence interval of the mean (0 with fewer than two observations). */
    public double halfWidth95() {
        if (n < 2) {
            return 0;
        }
        double t = new TDistribution(n - 1).inverseCumulativeProbability(0.975);
        return t * Math.sqrt(variance() / n);
    }

    /** The mean with its 95 % confidence interval. */
    public Estimate estimate() {
        double h = halfWidth95();
        return new Estimate(mean(), mean() - h, mean() + h);
    }
}
