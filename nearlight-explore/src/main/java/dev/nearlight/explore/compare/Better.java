package dev.nearlight.explore.compare;

/** Which direction of a metric is better, for marking the best alternative in a row. */
public enum Better {
    LOWER,
    HIGHER;

    /** The JSON id: {@code lower} or {@code higher}. */
    public String id() {
        return this == LOWER ? "lower" : "higher";
    }

    /** Whether {@code a} is strictly better than {@code b}. */
    public boolean isBetter(double a, double b) {
        return this == LOWER ? a < b : a > b;
    }
}
