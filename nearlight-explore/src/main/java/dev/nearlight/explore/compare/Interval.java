package dev.nearlight.explore.compare;

/**
 * A row value's spread over Monte Carlo samples of the catalogue's ranges and the step model's error.
 *
 * @param low the 5 % quantile
 * @param median the median
 * @param high the 95 % quantile
 */
public record Interval(double low, double median, double high) {
    /** No interval (a metric that does not apply, or no samples). */
    public static final Interval NONE = new Interval(Double.NaN, Double.NaN, Double.NaN);

    /** Whether the interval has values. */
    public boolean present() {
        return Double.isFinite(low) && Double.isFinite(high);
    }
}
