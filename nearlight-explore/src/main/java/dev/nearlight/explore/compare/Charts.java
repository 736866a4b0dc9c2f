package dev.nearlight.explore.compare;

import dev.nearlight.explore.tco.TcoResult;
import java.util.List;

/**
 * The chart series one alternative contributes to the report.
 *
 * @param powerBreakdownKw fabric power by component in kW (switch ASICs, optics, lasers, host SerDes, ...)
 * @param energyPerBitVsReach link energy in pJ/bit against reach in m for the alternative's main optics, with copper
 *     where it reaches
 * @param stepTimeBreakdownS training step time by component in s (compute, exposed TP/PP/DP communication, bubble,
 *     optimizer)
 * @param tcoWaterfallUsd the fabric TCO waterfall in USD (capex components, then present values of opex)
 * @param runCostUsd the components of one training run's whole-cluster cost in USD
 * @param reliabilityOverTime cumulative GPU-hours lost against years in service
 */
public record Charts(
        List<NamedValue> powerBreakdownKw,
        Series energyPerBitVsReach,
        List<NamedValue> stepTimeBreakdownS,
        List<NamedValue> tcoWaterfallUsd,
        List<NamedValue> runCostUsd,
        Series reliabilityOverTime) {
    /** Copies the lists. */
    public Charts {
        powerBreakdownKw = List.copyOf(powerBreakdownKw);
        stepTimeBreakdownS = List.copyOf(stepTimeBreakdownS);
        tcoWaterfallUsd = List.copyOf(tcoWaterfallUsd);
        runCostUsd = List.copyOf(runCostUsd);
        if (energyPerBitVsReach == null || reliabilityOverTime == null) {
            throw new IllegalArgumentException("series must not be null (use an empty Series)");
        }
    }

    /** The TCO waterfall of a {@link TcoResult} as chart bars (labels and USD), in waterfall order. */
    public static List<NamedValue> tcoWaterfall(TcoResult tco) {
        return tco.waterfall().stream()
                .map(c -> new NamedValue(c.label(), c.usd()))
                .toList();
    }
}
