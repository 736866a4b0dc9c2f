package dev.nearlight.sim.reliability;

/**
 * Unit conversions between FIT, annualised failure rate (AFR) and failure rate per hour. AFR is read as expected
 * failures per unit-year (AFR = 8760 / MTBF, as in optics-parameters.md section 3.3), not as a probability.
 */
public final class Rates {
    /** Hours in a (non-leap) year. */
    public static final double HOURS_PER_YEAR = 8760.0;

    private Rates() {}

    /** Failures per hour from FIT (failures per 10^9 device-hours). */
    public static double perHourFromFit(double fit) {
        return fit * 1e-9;
    }

    /** Failures per hour from an AFR given in percent per year. */
    public static double perHourFromAfrPercent(double afrPercent) {
        return afrPercent / 100.0 / HOURS_PER_YEAR;
    }

    /** AFR in percent per year from failures per hour. */
    public static double afrPercentFromPerHour(double perHour) {
        return perHour * HOURS_PER_YEAR * 100.0;
    }
}
