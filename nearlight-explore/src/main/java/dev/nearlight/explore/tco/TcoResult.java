package dev.nearlight.explore.tco;

import java.util.List;

/**
 * The lifetime TCO of one alternative: capex, yearly opex flows, their present values, the NPV total, the waterfall
 * that sums to it, and the cost of one trained model.
 *
 * @param capexUsd capex counted in the TCO (GPUs only when included)
 * @param energyUsdPerYear facility electricity cost per year
 * @param repairUsdPerYear repair parts and labour per year
 * @param lostGpuHoursUsdPerYear value of the GPU-hours lost per year
 * @param annuityFactor sum over years 1..N of 1 / (1 + r)^t
 * @param tcoUsd NPV TCO: capex + annuityFactor x yearly opex
 * @param undiscountedUsd capex + N x yearly opex
 * @param runsPerLifetime training runs that fit in the lifetime: lifetime days / time-to-train days
 * @param costPerModelUsd tcoUsd / runsPerLifetime
 * @param waterfall components in order; their sum is {@code tcoUsd}
 */
public record TcoResult(
        double capexUsd,
        double energyUsdPerYear,
        double repairUsdPerYear,
        double lostGpuHoursUsdPerYear,
        double annuityFactor,
        double tcoUsd,
        double undiscountedUsd,
        double runsPerLifetime,
        double costPerModelUsd,
        List<TcoComponent> waterfall) {
    /** Copies the waterfall. */
    public TcoResult {
        waterfall = List.copyOf(waterfall);
    }

    /** Yearly opex: energy, repair and lost GPU-hours. */
    public double opexUsdPerYear() {
        return energyUsdPerYear + repairUsdPerYear + lostGpuHoursUsdPerYear;
    }
}
