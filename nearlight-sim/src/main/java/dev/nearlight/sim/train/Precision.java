package dev.nearlight.sim.train;

import dev.nearlight.core.InputException;
import java.util.Locale;

/** Numeric format of the transformer GEMMs; selects the accelerator's dense peak. */
public enum Precision {
    BF16,
    FP8;

    /** Parses {@code bf16} or {@code fp8} (case-insensitive), naming {@code field} in the error. */
    public static Precision parse(String text, String field) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InputException(field + ": unknown precision '" + text + "' (use bf16 or fp8)");
        }
    }
}
