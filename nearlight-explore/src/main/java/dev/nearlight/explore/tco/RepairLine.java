package dev.nearlight.explore.tco;

/**
 * One failing population as the repair cost needs it: its category, failures per year, the price-book price of the
 * unit it swaps, and the labour of one repair.
 *
 * @param population the reliability model's population name
 * @param category its repair category
 * @param failuresPerYear expected failures per year
 * @param partUsd price of the swapped unit, new, in USD
 * @param labourUsdPerFailure hands-on repair hours x labour rate, in USD
 */
public record RepairLine(
        String population,
        RepairCategory category,
        double failuresPerYear,
        double partUsd,
        double labourUsdPerFailure) {
    /** Checks that the numbers are finite and non-negative. */
    public RepairLine {
        if (category == null) {
            throw new IllegalArgumentException("category is required");
        }
        for (double v : new double[] {failuresPerYear, partUsd, labourUsdPerFailure}) {
            if (!Double.isFinite(v) || v < 0) {
                throw new IllegalArgumentException(population + ": repair figures must be finite and >= 0");
            }
        }
    }
}
