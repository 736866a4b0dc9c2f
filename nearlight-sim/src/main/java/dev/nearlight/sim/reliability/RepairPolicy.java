package dev.nearlight.sim.reliability;

import dev.nearlight.core.InputException;

/**
 * How a failed unit of a population is repaired: the field-replaceable unit, whether it is hot-swapped, the hands-on
 * repair time, on-site spares with a (S-1, S) base-stock restock after {@code restockLeadTimeHours}, and the part cost.
 * Labour is charged per hands-on hour at the {@link ServiceTeam} rate.
 *
 * @param fru what is replaced ({@link Fru#NONE} means restart only: no technician, no part, no downtime)
 * @param hotSwap whether the unit is swapped without taking its host (node or switch) down
 * @param repairTime hands-on time to repair
 * @param sparesOnSite spares stocked on site (base-stock level), &gt;= 0
 * @param restockLeadTimeHours lead time of a replenishment order, &gt;= 0
 * @param partCostUsd price of the replaced unit in USD, &gt;= 0
 */
public record RepairPolicy(
        Fru fru,
        boolean hotSwap,
        RepairTime repairTime,
        int sparesOnSite,
        double restockLeadTimeHours,
        double partCostUsd) {
    public RepairPolicy {
        if (fru == null || repairTime == null) {
            throw new InputException("repair policy needs a fru and a repairTime");
        }
        if (sparesOnSite < 0 || sparesOnSite > 1_000_000) {
            throw new InputException("sparesOnSite " + sparesOnSite + " out of range: use 0 to 1000000");
        }
        if (!(restockLeadTimeHours >= 0) || restockLeadTimeHours > 1e5) {
            throw new InputException("restockLeadTimeHours " + restockLeadTimeHours + " out of range: use 0 to 100000");
        }
        if (!(partCostUsd >= 0) || Double.isInfinite(partCostUsd)) {
            throw new InputException("partCostUsd " + partCostUsd + " must be a finite number >= 0");
        }
    }

    /** A restart-only policy: nothing is replaced and no technician is needed. */
    public static RepairPolicy restartOnly() {
        return new RepairPolicy(Fru.NONE, true, RepairTime.exponential(0), 0, 0, 0);
    }

    /** Whether a technician and a part are needed. */
    public boolean needsRepair() {
        return fru != Fru.NONE;
    }

    /** The same policy with the repair time scaled by {@code factor}. */
    public RepairPolicy withRepairTimeScaled(double factor) {
        return new RepairPolicy(
                fru, hotSwap, repairTime.scaled(factor), sparesOnSite, restockLeadTimeHours, partCostUsd);
    }
}
