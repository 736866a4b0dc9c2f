package dev.nearlight.explore.tco;

import java.util.List;

/**
 * The fabric-only lifetime TCO of one alternative: capex, yearly opex flows, their present values, the NPV total and
 * the waterfall that sums to it.
 *
 * @param capexUsd fabric capex
 * @param energyUsdPerYear fabric electricity cost per year (PUE included)
 * @param repairUsdPerYear fabric repair parts and labour per year
 * @param annuityFactor sum over years 1..N of 1 / (1 + r)^t
 * @param tcoUsd NPV TCO: capex + annuityFactor x yearly opex
 * @param undiscountedUsd capex + N x yearly opex
 * @param waterfall components in order; their sum is {@code tcoUsd}
 */
public record TcoResult(
        double capexUsd,
        double energyUsdPerYear,
        double repairUsdPerYear,
        double annuityFactor,
        double tcoUsd,
        double undiscountedUsd,
        List<TcoComponent> waterfall) {
    /** Copies the waterfall. */
    public TcoResult {
        waterfall = List.copyOf(waterfall);
    }

    /** Yearly opex: energy and repair. */
    public double opexUsdPerYear() {
        return energyUsdPerYear + repairUsdPerYear;
    }
}
