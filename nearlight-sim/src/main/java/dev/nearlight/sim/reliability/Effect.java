package dev.nearlight.sim.reliability;

import dev.nearlight.core.InputException;

/**
 * What a failed (or serviced) unit takes out of service, physically; the job's policies ({@link JobSpec}) turn it into
 * an interruption, a wait, or slower running.
 *
 * @param gpusDown GPUs whose whole node is out of service (0 for parts that only cost links)
 * @param railNodes nodes that each lose one scale-out rail (a host-facing link, a rail-optimized leaf or its engine)
 * @param fabricPath whether the unit is on redundant switch-to-switch paths that routing can avoid
 * @param bandwidthLossFraction fraction of the affected switch's uplink bandwidth lost while rerouted, [0, 1] (only
 *     with {@code fabricPath})
 * @param darkUplinks uplinks of the most affected switch that go dark (at least 1 with {@code fabricPath}, else 0):
 *     what a job's simulated loss per dark fabric link ({@link JobSpec#fabricPathLossPerLink()}) is multiplied by
 */
public record Effect(int gpusDown, int railNodes, boolean fabricPath, double bandwidthLossFraction, int darkUplinks) {
    /** Nothing goes down (a job-wide fault such as software: the job restarts). */
    public static final Effect NONE = new Effect(0, 0, false, 0);

    public Effect {
        if (gpusDown < 0 || railNodes < 0) {
            throw new InputException("effect: gpusDown and railNodes must be >= 0");
        }
        if (fabricPath ? darkUplinks < 1 : darkUplinks != 0) {
            throw new InputException(
                    "effect: darkUplinks " + darkUplinks + " must be >= 1 on a fabric path and 0 elsewhere");
        }
        if (!(bandwidthLossFraction >= 0 && bandwidthLossFraction <= 1)) {
            throw new InputException(
                    "effect: bandwidthLossFraction " + bandwidthLossFraction + " out of range: use 0 to 1");
        }
        if (fabricPath && (gpusDown > 0 || railNodes > 0)) {
            throw new InputException("effect: a fabric-path unit cannot take GPUs or rails down (gpusDown " + gpusDown
                    + ", railNodes " + railNodes + "); set fabricPath false");
        }
    }

    /** An effect whose fabric path (if any) darkens one uplink of the affected switch. */
    public Effect(int gpusDown, int railNodes, boolean fabricPath, double bandwidthLossFraction) {
        this(gpusDown, railNodes, fabricPath, bandwidthLossFraction, fabricPath ? 1 : 0);
    }

    /** Whole nodes out, on {@code gpusDown} GPUs. */
    public static Effect nodes(int gpusDown) {
        return new Effect(gpusDown, 0, false, 0);
    }

    /** {@code n} nodes each lose one rail. */
    public static Effect rails(int n) {
        return new Effect(0, n, false, 0);
    }

    /** A fabric path whose loss costs {@code bandwidthLossFraction} of the affected switch's uplinks (one of them). */
    public static Effect path(double bandwidthLossFraction) {
        return new Effect(0, 0, true, bandwidthLossFraction);
    }

    /** A fabric path whose loss darkens {@code dark} of the affected switch's {@code uplinks} uplinks. */
    public static Effect path(int dark, int uplinks) {
        if (dark < 1 || dark > uplinks) {
            throw new InputException("effect: " + dark + " dark uplinks of " + uplinks + ": use 1 to " + uplinks);
        }
        return new Effect(0, 0, true, (double) dark / uplinks, dark);
    }

    /** Whether nothing is taken down (a job-wide fault). */
    public boolean jobWide() {
        return gpusDown == 0 && railNodes == 0 && !fabricPath;
    }
}
