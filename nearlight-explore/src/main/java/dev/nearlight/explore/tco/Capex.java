package dev.nearlight.explore.tco;

/**
 * Up-front purchase cost of an alternative's cluster, by component, in USD.
 *
 * @param switchesUsd switches without optics
 * @param opticsUsd transceivers, optical engines and AOCs
 * @param lasersUsd external laser-source modules (0 when lasers sit inside the optics)
 * @param cablesUsd copper cables, fibres and harnesses
 * @param gpusUsd accelerators (counted only when the economics include GPUs)
 */
public record Capex(double switchesUsd, double opticsUsd, double lasersUsd, double cablesUsd, double gpusUsd) {
    /** Checks that every component is finite and non-negative. */
    public Capex {
        check(switchesUsd, "switchesUsd");
        check(opticsUsd, "opticsUsd");
        check(lasersUsd, "lasersUsd");
        check(cablesUsd, "cablesUsd");
        check(gpusUsd, "gpusUsd");
    }

    private static void check(double v, String name) {
        if (!Double.isFinite(v) || v < 0) {
            throw new IllegalArgumentException(name + " must be finite and >= 0, was " + v);
        }
    }

    /** Sum of the interconnect components (everything but GPUs). */
    public double interconnectUsd() {
        return switchesUsd + opticsUsd + lasersUsd + cablesUsd;
    }
}
