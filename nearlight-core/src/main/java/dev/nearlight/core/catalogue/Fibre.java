package dev.nearlight.core.catalogue;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An optical fibre type: attenuation, group delay and cost per metre.
 *
 * @param id e.g. {@code smf-os2}
 * @param name readable name
 * @param lossDbPerKm attenuation in the band used
 * @param delayNsPerM group delay
 * @param costUsdPerM cable cost per metre (per link, all fibres of a port)
 * @param connectorLossDb loss of one optical connection (MPO or LC)
 */
public record Fibre(
        @JsonProperty(required = true) String id,
        @JsonProperty(required = true) String name,
        @JsonProperty(required = true) Param lossDbPerKm,
        @JsonProperty(required = true) Param delayNsPerM,
        @JsonProperty(required = true) Param costUsdPerM,
        @JsonProperty(required = true) Param connectorLossDb)
        implements CatalogueEntry {
    /** Validates the fields. */
    public Fibre {
        Require.id(id, "id");
        Require.present(name, "name");
        Require.nonNegative(Require.present(lossDbPerKm, "lossDbPerKm"), "lossDbPerKm");
        Require.present(delayNsPerM, "delayNsPerM");
        Require.present(costUsdPerM, "costUsdPerM");
        Require.nonNegative(Require.present(connectorLossDb, "connectorLossDb"), "connectorLossDb");
    }
}
