package dev.nearlight.sim.train;

import dev.nearlight.core.InputException;
import java.util.Locale;

/** Activation recomputation mode (Korthikanti et al. 2022): none, selective (attention core only) or full. */
public enum Recompute {
    NONE,
    SELECTIVE,
    FULL;

    /** Parses {@code none|selective|full}, naming {@code field} in the error. */
    public static Recompute parse(String text, String field) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InputException(field + ": unknown recompute mode '" + text + "' (use none, selective or full)");
        }
    }
}
