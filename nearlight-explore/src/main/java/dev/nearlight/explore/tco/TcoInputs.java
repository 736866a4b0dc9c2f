package dev.nearlight.explore.tco;

import dev.nearlight.explore.scenario.Economics;

/**
 * What the TCO model needs from the link, fabric, training and reliability models, plus the scenario's economics.
 *
 * @param capex purchase cost by component
 * @param itPowerW average IT power drawn over the lifetime, in W (before PUE)
 * @param repairPartsUsdPerYear replacement parts per year, in USD
 * @param repairLabourUsdPerYear repair labour per year, in USD
 * @param gpuHoursLostPerYear GPU-hours lost to failures per year (rework, waiting for repair, restarts)
 * @param timeToTrainDays wall-clock days for one training run (including failures)
 * @param economics electricity price, PUE, lifetime, discount rate, GPU-hour value
 */
public record TcoInputs(
        Capex capex,
        double itPowerW,
        double repairPartsUsdPerYear,
        double repairLabourUsdPerYear,
        double gpuHoursLostPerYear,
        double timeToTrainDays,
        Economics economics) {
    /** Checks that the flows are finite and non-negative and the time-to-train positive. */
    public TcoInputs {
        if (capex == null || economics == null) {
            throw new IllegalArgumentException("capex and economics are required");
        }
        nonNegative(itPowerW, "itPowerW");
        nonNegative(repairPartsUsdPerYear, "repairPartsUsdPerYear");
        nonNegative(repairLabourUsdPerYear, "repairLabourUsdPerYear");
        nonNegative(gpuHoursLostPerYear, "gpuHoursLostPerYear");
        if (!(timeToTrainDays > 0) || !Double.isFinite(timeToTrainDays)) {
            throw new IllegalArgumentException("timeToTrainDays must be finite and > 0, was " + timeToTrainDays);
        }
    }

    private static void nonNegative(double v, String name) {
        if (!Double.isFinite(v) || v < 0) {
            throw new IllegalArgumentException(name + " must be finite and >= 0, was " + v);
        }
    }
}
