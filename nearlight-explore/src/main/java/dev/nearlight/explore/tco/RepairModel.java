package dev.nearlight.explore.tco;

import dev.nearlight.explore.scenario.PartPricing;
import java.util.List;

/**
 * What repairs cost per year: every failure is worked on (labour, from the reliability model's hands-on hours), but
 * only the category's part-swap share of failures consumes a part, priced new or as a return to the vendor ({@code
 * price x returnToVendorCostFraction}). A GPU interruption cleared by a reset or by row remapping costs labour, not a
 * 30 k USD part.
 */
public final class RepairModel {
    private RepairModel() {}

    /**
     * The yearly repair cost.
     *
     * @param lines the failing populations
     * @param defaults part-swap shares and the return-to-vendor cost fraction
     * @param pricing new parts or returns to the vendor
     */
    public static RepairCost evaluate(List<RepairLine> lines, EconomicsDefaults defaults, PartPricing pricing) {
        double priceFactor =
                pricing == PartPricing.RETURN_TO_VENDOR ? defaults.value("returnToVendorCostFraction") : 1.0;
        double nodeParts = 0, nodeLabour = 0, fabricParts = 0, fabricLabour = 0;
        for (RepairLine l : lines) {
            double share = defaults.partSwapShare(l.category());
            if (share < 0 || share > 1) {
                throw new IllegalStateException("partSwapShare." + l.category().id() + " " + share + " not in [0, 1]");
            }
            double parts = l.failuresPerYear() * share * l.partUsd() * priceFactor;
            double labour = l.failuresPerYear() * l.labourUsdPerFailure();
            if (l.category().node()) {
                nodeParts += parts;
                nodeLabour += labour;
            } else {
                fabricParts += parts;
                fabricLabour += labour;
            }
        }
        return new RepairCost(nodeParts, nodeLabour, fabricParts, fabricLabour);
    }
}
