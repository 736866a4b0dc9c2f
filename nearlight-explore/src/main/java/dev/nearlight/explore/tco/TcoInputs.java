package dev.nearlight.explore.tco;

import dev.nearlight.explore.scenario.Economics;

/**
 * What the fabric TCO needs: the fabric's capex, its power and its repairs, plus the scenario's economics.
 *
 * @param capex purchase cost by component (GPUs are not part of the fabric TCO)
 * @param fabricPowerW the scale-out fabric's power (switches, optics, host SerDes), drawn all the time, W
 * @param repairPartsUsdPerYear fabric parts swapped per year, in USD
 * @param repairLabourUsdPerYear fabric repair labour per year, in USD
 * @param economics electricity price, PUE, lifetime, discount rate
 */
public record TcoInputs(
        Capex capex,
        double fabricPowerW,
        double repairPartsUsdPerYear,
        double repairLabourUsdPerYear,
        Economics economics) {
    /** Checks that the flows are finite and non-negative. */
    public TcoInputs {
        if (capex == null || economics == null) {
            throw new IllegalArgumentException("capex and economics are required");
        }
        nonNegative(fabricPowerW, "fabricPowerW");
        nonNegative(repairPartsUsdPerYear, "repairPartsUsdPerYear");
        nonNegative(repairLabourUsdPerYear, "repairLabourUsdPerYear");
    }

    private static void nonNegative(double v, String name) {
        if (!Double.isFinite(v) || v < 0) {
            throw new IllegalArgumentException(name + " must be finite and >= 0, was " + v);
        }
    }
}
