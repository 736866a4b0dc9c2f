package dev.nearlight.sim.reliability;

/**
 * A point estimate with its 95 % confidence interval; the analytical mode reports {@code low == high == mean}.
 *
 * @param mean estimate (sample mean over replications, or expected value)
 * @param low lower end of the 95 % confidence interval
 * @param high upper end of the 95 % confidence interval
 */
public record Estimate(double mean, double low, double high) {
    /** An exact (analytical) value with a zero-width interval. */
    public static Estimate exact(double value) {
        return new Estimate(value, value, value);
    }

    /** Half width of the confidence interval. */
    public double halfWidth() {
        return (high - low) / 2;
    }

    /** Whether {@code value} lies in the interval widened by {@code slack} on each side. */
    public boolean contains(double value, double slack) {
        return value >= low - slack && value <= high + slack;
    }
}
