package dev.nearlight.core.link.electrical;

import dev.nearlight.core.catalogue.SerdesClass;
import dev.nearlight.core.catalogue.SerdesTier;
import java.util.List;

/** Picks the lowest-energy SerDes class, at or above a minimum tier, whose budget closes a channel. */
public final class SerdesSelector {
    private SerdesSelector() {}

    /**
     * The first class in {@code byEnergy} (sorted cheapest first) with {@code tier >= minTier} and
     * {@code budgetDb >= requiredDb}, or null when none closes.
     */
    public static SerdesClass select(List<SerdesClass> byEnergy, SerdesTier minTier, double requiredDb) {
        for (int i = 0; i < byEnergy.size(); i++) {
            SerdesClass s = byEnergy.get(i);
            if (s.tier().compareTo(minTier) >= 0 && s.budgetDb().value() >= requiredDb) {
                return s;
            }
        }
        return null;
    }

    /** The class with the largest budget at or above {@code minTier} (used to report how far a channel misses). */
    public static SerdesClass largest(List<SerdesClass> byEnergy, SerdesTier minTier) {
        SerdesClass best = null;
        for (int i = 0; i < byEnergy.size(); i++) {
            SerdesClass s = byEnergy.get(i);
            if (s.tier().compareTo(minTier) >= 0
                    && (best == null || s.budgetDb().value() > best.budgetDb().value())) {
                best = s;
            }
        }
        return best;
    }
}
