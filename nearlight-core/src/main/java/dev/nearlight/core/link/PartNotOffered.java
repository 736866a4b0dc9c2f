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
        super(LinkDesign.notOffered(technology, rateGbps, offeredGbps));
        this.technology = technology;
        this.rateGbps = rateGbps;
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
