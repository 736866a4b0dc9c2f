package dev.nearlight.core.catalogue;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where one link end sits relative to its host die: the host channel from the SerDes bump to the module, engine or
 * cable connector. The trace length is also the distance from the ASIC used by the thermal model.
 *
 * @param traceMm PCB (or substrate, or flyover) trace length in mm
 * @param laminate laminate id
 * @param vias number of vias
 * @param via via id
 * @param connectors number of connectors
 * @param connector connector id
 * @param packageId package escape id (YAML field {@code package})
 * @param retimer whether a retimer splits the host channel in two halves
 */
public record Placement(
        @JsonProperty(required = true) double traceMm,
        @JsonProperty(required = true) String laminate,
        @JsonProperty(required = true) int vias,
        @JsonProperty(required = true) String via,
        @JsonProperty(required = true) int connectors,
        @JsonProperty(required = true) String connector,
        @JsonProperty(value = "package", required = true) String packageId,
        @JsonProperty(required = true) boolean retimer) {
    /** Validates non-negative lengths and counts and present ids. */
    public Placement {
        if (!(traceMm >= 0) || !Double.isFinite(traceMm)) {
            throw new IllegalArgumentException(
                    "traceMm: " + traceMm + " must be >= 0 mm (give the host trace length in mm)");
        }
        Require.id(laminate, "laminate");
        Require.atLeast(vias, 0, "vias");
        Require.id(via, "via");
        Require.atLeast(connectors, 0, "connectors");
        Require.id(connector, "connector");
        Require.id(packageId, "package");
    }

    /** This placement with another trace length. */
    public Placement withTraceMm(double mm) {
        return new Placement(mm, laminate, vias, via, connectors, connector, packageId, retimer);
    }

    /** This placement on another laminate. */
    public Placement withLaminate(String id) {
        return new Placement(traceMm, id, vias, via, connectors, connector, packageId, retimer);
    }

    /** This placement with or without a retimer. */
    public Placement withRetimer(boolean r) {
        return new Placement(traceMm, laminate, vias, via, connectors, connector, packageId, r);
    }
}
