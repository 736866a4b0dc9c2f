package dev.nearlight.core.link;

import dev.nearlight.core.InputException;
import java.util.List;

/**
 * The catalogue has no part of a technology at a rate (e.g. no LRO at 400G): a user error with its one-line fix, typed
 * so that a caller comparing every technology can leave that one out instead of failing (no substitute part of another
 * rate is ever used).
 */
public final class PartNotOffered extends InputException {
    private static final long serialVersionUID = 1L;

    private final String technology;
    private final double rateGbps;

    /** The error for {@code technology} at {@code rateGbps}, naming the rates the catalogue offers. */
    public PartNotOffered(String technology, double rateGbps, List<Double> offeredGbps) {
        super("rate", problem(technology, rateGbps, offeredGbps), fix(technology, rateGbps));
        this.technology = technology;
        this.rateGbps = rateGbps;
    }

    /** What is missing: the technology, the rate and the rates the catalogue has. */
    static String problem(String technology, double rateGbps, List<Double> offeredGbps) {
        List<String> has =
                offeredGbps.stream().distinct().sorted().map(DataRate::format).toList();
        return "the catalogue has no " + technology + " part at " + DataRate.format(rateGbps) + " (it has "
                + (has.isEmpty() ? "no rate" : String.join(", ", has)) + ")";
    }

    /** The fix: another rate, or a catalogue entry at this one (the catalogue file is a command option everywhere). */
    static String fix(String technology, double rateGbps) {
        return "use one of those rates for {rate} or add a technologies entry for " + technology + " at "
                + DataRate.format(rateGbps) + " in a file given with --catalogue FILE";
    }

    /** The technology (family) the catalogue lacks at the rate. */
    public String technology() {
        return technology;
    }

    /** The rate asked for, Gb/s. */
    public double rateGbps() {
        return rateGbps;
    }
}
