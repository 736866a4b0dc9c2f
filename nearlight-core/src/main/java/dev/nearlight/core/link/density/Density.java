package dev.nearlight.core.link.density;

import dev.nearlight.core.catalogue.Endpoint;
import dev.nearlight.core.catalogue.Shoreline;
import dev.nearlight.core.catalogue.Technology;

/**
 * Bandwidth density and escape bandwidth: a port of rate R takes {@code w} mm of edge, so density is {@code R / w};
 * a device escapes {@code min(SerDes bandwidth, floor(edge / w) * R)} where the edge is the faceplate (pluggables
 * and cables), the package perimeter (CPO) or the perimeter at the engine distance (NPO) (docs/physics.md,
 * "Density").
 */
public final class Density {
    private Density() {}

    /** Gb/s per mm of shoreline. */
    public static double shorelineGbpsPerMm(Technology t) {
        return t.rateGbps() / t.shorelineMmPerPort().value();
    }

    /** Edge length in mm available to a technology around a device. */
    public static double availableEdgeMm(Endpoint e, Technology t) {
        double edge = e.packageEdgeMm().value();
        if (t.shoreline() == Shoreline.FACEPLATE) {
            return e.faceplateMm().value() > 0 ? e.faceplateMm().value() : 4 * edge;
        }
        if (t.shoreline() == Shoreline.PACKAGE) {
            return 4 * edge;
        }
        return 4 * (edge + 2 * t.placement().traceMm());
    }

    /** Maximum escape bandwidth in Gb/s of {@code e} using technology {@code t}. */
    public static double maxEscapeGbps(Endpoint e, Technology t) {
        double ports = Math.floor(availableEdgeMm(e, t) / t.shorelineMmPerPort().value() + 1e-9);
        return Math.min(e.serdesBandwidthGbps(), ports * t.rateGbps());
    }
}
