package dev.nearlight.core.catalogue;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a catalogue number can physically be, by its unit: the smallest non-zero magnitude and the largest magnitude any
 * catalogued part has a use for, and whether it may be negative. A figure outside that envelope (a scale-up bandwidth of
 * 1e-300 Gb/s, a 1e300 W GPU) is not a part but a typo; the models would divide by it and print {@code Infinity}, so
 * {@link Param} refuses it when the file is read. The bounds are wide (many orders of magnitude around every shipped
 * figure) so that no real or future part is refused; units this table does not know are only checked to be finite.
 * The one hard physical limit is propagation delay: nothing travels faster than light, 1 / c = 3.3356 ns/m.
 *
 * @param unit the unit text as catalogues write it
 * @param lowest lowest value (0 for a quantity that cannot be negative; -273.15 for Celsius)
 * @param smallestNonZero smallest magnitude a non-zero figure may have (0 = any)
 * @param largest largest magnitude
 * @param zeroAllowed whether 0 ("not applicable") passes; a propagation delay has no zero
 * @param what what the unit measures, for the error message
 */
public record PhysicalUnit(
        String unit, double lowest, double smallestNonZero, double largest, boolean zeroAllowed, String what) {

    /** Vacuum propagation delay 1 / c in ns/m: no signal is faster. */
    public static final double LIGHT_DELAY_NS_PER_M = 1e9 / 299_792_458.0;

    private static final Map<String, PhysicalUnit> UNITS = Map.ofEntries(
            unit("W", 0, 1e-6, 1e6, true, "a power (one part: microwatts to a megawatt)"),
            unit("USD", 0, 1e-3, 1e9, true, "a price (one part: a tenth of a cent to a billion dollars)"),
            unit("USD/m", 0, 1e-3, 1e6, true, "a price per metre"),
            unit("ns", 0, 1e-3, 1e9, true, "a time (a picosecond to a second)"),
            unit("mm", 0, 1e-3, 1e5, true, "a length (a micrometre to 100 m)"),
            unit("m", 0, 1e-3, 1e7, true, "a length (a millimetre to 10,000 km)"),
            unit("h", 0, 0, 1e6, true, "a duration in hours"),
            unit("FIT", 0, 1e-6, 1e9, true, "a failure rate (1e9 FIT is one failure per hour)"),
            unit("Gb/s", 0, 1, 1e6, true, "a bandwidth (1 Gb/s to 1 Pb/s)"),
            unit("pJ/bit", 0, 1e-3, 1e4, true, "an energy per bit"),
            unit("dB", -200, 0, 200, true, "a ratio in decibels (|x| <= 200 dB)"),
            unit("dBm", -60, 0, 60, true, "an optical power (|x| <= 60 dBm, 1 kW)"),
            unit("dB/in", 0, 0, 100, true, "a loss per inch"),
            unit("dB/m", 0, 0, 1000, true, "a loss per metre"),
            unit("dB/km", 0, 0, 1e4, true, "a loss per kilometre"),
            unit(
                    "ps/mm",
                    0,
                    LIGHT_DELAY_NS_PER_M,
                    1000,
                    false,
                    "a propagation delay (no slower than 1 ns/mm and no faster than light, 3.336 ps/mm)"),
            unit(
                    "ns/m",
                    0,
                    LIGHT_DELAY_NS_PER_M,
                    1000,
                    false,
                    "a propagation delay (no faster than light, 3.336 ns/m)"),
            unit("C", -273.15, 0, 1000, true, "a temperature (-273.15 to 1000 C)"),
            unit("K", 0, 0, 1000, true, "a temperature difference"),
            unit("K/W", 0, 0, 1e4, true, "a thermal resistance"),
            unit("eV", 0, 0, 10, true, "an activation energy"),
            unit("1", 0, 0, 1, true, "a fraction or probability (0 to 1)"));

    private static Map.Entry<String, PhysicalUnit> unit(
            String unit, double lowest, double smallestNonZero, double largest, boolean zeroAllowed, String what) {
        return Map.entry(unit, new PhysicalUnit(unit, lowest, smallestNonZero, largest, zeroAllowed, what));
    }

    /** The envelope of {@code unit}, if this table knows it (exact spelling, as the shipped catalogue writes it). */
    public static Optional<PhysicalUnit> of(String unit) {
        return Optional.ofNullable(unit == null ? null : UNITS.get(unit.strip()));
    }

    /**
     * Null when {@code x} is a figure this unit can have; otherwise the reason and the fix, as one phrase. Zero always
     * passes (catalogues write 0 for "not applicable"); propagation delays have no zero.
     */
    public String problem(double x) {
        if (x < lowest) {
            return x + " " + unit + " is below " + format(lowest) + " " + unit + ", but it is " + what
                    + " (give a value >= " + format(lowest) + ")";
        }
        double m = Math.abs(x);
        boolean tooSmall = m < smallestNonZero && !(m == 0 && zeroAllowed);
        if (m > largest || tooSmall) {
            String lo = zeroAllowed ? "0 or " + format(smallestNonZero) : format(smallestNonZero);
            return x + " " + unit + " is not physically meaningful for " + what + " (give " + lo + " .. "
                    + format(largest) + " " + unit + ")";
        }
        return null;
    }

    /**
     * The part of {@code [low, high]} in which every point is a figure {@code unit} can have, for searches over a
     * catalogue number (break-even root finding): a bracket that starts at 0 for a unit with a smallest non-zero
     * magnitude starts at that magnitude instead. Unknown units return the bracket unchanged.
     */
    public static double[] searchBracket(String unit, double low, double high) {
        PhysicalUnit u = of(unit).orElse(null);
        if (u == null) {
            return new double[] {low, high};
        }
        double floor = u.lowest < 0 ? u.lowest : u.smallestNonZero;
        double lo = Math.max(low, floor);
        double hi = Math.min(high, u.largest);
        return new double[] {lo, Math.max(lo, hi)};
    }

    private static String format(double v) {
        if (v >= 1e-6 && v <= 1e9) {
            return java.math.BigDecimal.valueOf(v)
                    .round(new java.math.MathContext(5))
                    .stripTrailingZeros()
                    .toPlainString();
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
