package dev.nearlight.core.link.electrical;

import dev.nearlight.core.catalogue.ChannelElement;
import dev.nearlight.core.catalogue.Laminate;

/**
 * Insertion loss of a host channel at a frequency: {@code IL = trace_in * laminate(f) + vias * via(f) + connectors *
 * connector(f) + package(f)} (docs/physics.md, "Host channel").
 */
public final class HostChannel {
    /** Millimetres per inch. */
    public static final double MM_PER_INCH = 25.4;

    private HostChannel() {}

    /** Full channel loss in dB. */
    public static double lossDb(
            double traceMm,
            Laminate laminate,
            int vias,
            ChannelElement via,
            int connectors,
            ChannelElement connector,
            ChannelElement pkg,
            double fGhz) {
        return traceMm / MM_PER_INCH * laminate.lossDbPerInchAt(fGhz)
                + vias * via.lossDbAt(fGhz)
                + connectors * connector.lossDbAt(fGhz)
                + pkg.lossDbAt(fGhz);
    }

    /**
     * Loss of the package-side segment when a retimer sits at the middle of the trace: package, half the trace and
     * half the vias (rounded up).
     */
    public static double packageSideLossDb(
            double traceMm, Laminate laminate, int vias, ChannelElement via, ChannelElement pkg, double fGhz) {
        return traceMm / 2 / MM_PER_INCH * laminate.lossDbPerInchAt(fGhz)
                + ((vias + 1) / 2) * via.lossDbAt(fGhz)
                + pkg.lossDbAt(fGhz);
    }

    /** Loss of the module-side segment behind a mid-trace retimer: half the trace, the other vias, connectors. */
    public static double moduleSideLossDb(
            double traceMm,
            Laminate laminate,
            int vias,
            ChannelElement via,
            int connectors,
            ChannelElement connector,
            double fGhz) {
        return traceMm / 2 / MM_PER_INCH * laminate.lossDbPerInchAt(fGhz)
                + (vias / 2) * via.lossDbAt(fGhz)
                + connectors * connector.lossDbAt(fGhz);
    }
}
