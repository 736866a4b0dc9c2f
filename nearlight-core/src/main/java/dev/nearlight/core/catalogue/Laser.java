package dev.nearlight.core.catalogue;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A laser: internal (in the module or engine) or an external laser source (ELS) module, with optical power per
 * channel, wall-plug efficiency, failure rate at a reference temperature and Arrhenius activation energy.
 *
 * @param id e.g. {@code els-vhp}
 * @param name readable name
 * @param placement internal or external
 * @param opticalPowerDbm optical output per channel (per laser)
 * @param wallPlugEfficiency optical out / electrical in, as a fraction
 * @param fitAtReference failures in 1e9 device-hours per laser at the reference temperature
 * @param referenceTempC reference temperature of {@code fitAtReference}
 * @param activationEnergyEv Arrhenius activation energy
 * @param riseAboveCaseC laser junction rise above the module/engine case (or ELS case)
 * @param channelsPerModule lasers per ELS module (1 for internal lasers)
 * @param moduleCostUsd cost of one ELS module (0 for internal lasers, which are in the module cost)
 */
public record Laser(
        @JsonProperty(required = true) String id,
        @JsonProperty(required = true) String name,
        @JsonProperty(required = true) LaserPlacement placement,
        @JsonProperty(required = true) Param opticalPowerDbm,
        @JsonProperty(required = true) Param wallPlugEfficiency,
        @JsonProperty(required = true) Param fitAtReference,
        @JsonProperty(required = true) Param referenceTempC,
        @JsonProperty(required = true) Param activationEnergyEv,
        @JsonProperty(required = true) Param riseAboveCaseC,
        @JsonProperty(required = true) int channelsPerModule,
        @JsonProperty(required = true) Param moduleCostUsd)
        implements CatalogueEntry {
    /** Validates the fields. */
    public Laser {
        Require.id(id, "id");
        Require.present(name, "name");
        Require.present(placement, "placement");
        Require.present(opticalPowerDbm, "opticalPowerDbm");
        Require.present(wallPlugEfficiency, "wallPlugEfficiency");
        if (wallPlugEfficiency.min() <= 0 || wallPlugEfficiency.max() > 1) {
            throw new IllegalArgumentException("wallPlugEfficiency: range must lie in (0, 1] (give a fraction)");
        }
        Require.nonNegative(Require.present(fitAtReference, "fitAtReference"), "fitAtReference");
        Require.present(referenceTempC, "referenceTempC");
        Require.nonNegative(Require.present(activationEnergyEv, "activationEnergyEv"), "activationEnergyEv");
        Require.present(riseAboveCaseC, "riseAboveCaseC");
        Require.atLeast(channelsPerModule, 1, "channelsPerModule");
        Require.present(moduleCostUsd, "moduleCostUsd");
    }

    /** Electrical power per laser channel in W: optical power divided by wall-plug efficiency. */
    public double electricalPowerW() {
        return Math.pow(10, opticalPowerDbm.value() / 10) * 1e-3 / wallPlugEfficiency.value();
    }
}
