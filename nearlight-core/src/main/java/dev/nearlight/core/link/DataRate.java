package dev.nearlight.core.link;

import dev.nearlight.core.InputException;
import java.util.Locale;

/** Parses and formats data rates: {@code 800G}, {@code 1.6T}, {@code 3.2T}, {@code 400G} or a number in Gb/s. */
public final class DataRate {
    private DataRate() {}

    /**
     * Parses a data rate into Gb/s.
     *
     * @param text e.g. {@code 1.6T}, {@code 800G}, {@code 800}, {@code 1600}
     * @param option option name for the error message, e.g. {@code --rate}
     */
    public static double parseGbps(String text, String option) {
        String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
        double factor = 1;
        if (t.endsWith("GBPS") || t.endsWith("GB/S")) {
            t = t.substring(0, t.length() - 4);
        } else if (t.endsWith("T")) {
            factor = 1000;
            t = t.substring(0, t.length() - 1);
        } else if (t.endsWith("G")) {
            t = t.substring(0, t.length() - 1);
        }
        try {
            double v = Double.parseDouble(t) * factor;
            if (!(v > 0) || !Double.isFinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new InputException(option + ": '" + text
                    + "' is not a data rate (use e.g. 400G, 800G, 1.6T, 3.2T or a positive number in Gb/s)");
        }
    }

    /** Formats Gb/s as {@code 800G}, {@code 1.6T} or {@code 1024G} (T only for whole hundreds of Gb/s). */
    public static String format(double gbps) {
        if (gbps >= 1000 && Math.rint(gbps / 100) * 100 == gbps) {
            double t = gbps / 1000;
            return (t == Math.rint(t) ? String.valueOf((long) t) : String.valueOf(t)) + "T";
        }
        return (gbps == Math.rint(gbps) ? String.valueOf((long) gbps) : String.valueOf(gbps)) + "G";
    }
}
