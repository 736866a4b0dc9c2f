package dev.nearlight.core.catalogue;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An optical PMD's budget values per lane: transmitter OMA, TDECQ, receiver sensitivity, maximum channel insertion
 * loss and an allocation for other penalties (MPI, dispersion), plus the BER at which sensitivity is specified.
 *
 * @param id e.g. {@code dr-200g}
 * @param name readable name
 * @param laneGbps lane rate
 * @param txOmaDbm minimum transmitter OMA (outer)
 * @param tdecqDb maximum transmitter dispersion eye closure (reported; the sensitivity is specified at it)
 * @param rxSensitivityOmaDbm receiver sensitivity (OMA outer) at {@code referenceBer}
 * @param channelIlMaxDb maximum channel insertion loss
 * @param penaltyDb allocation for other penalties
 * @param referenceBer BER at which the sensitivity is specified
 */
public record OpticalPmd(
        @JsonProperty(required = true) String id,
        @JsonProperty(required = true) String name,
        @JsonProperty(required = true) int laneGbps,
        @JsonProperty(required = true) Param txOmaDbm,
        @JsonProperty(required = true) Param tdecqDb,
        @JsonProperty(required = true) Param rxSensitivityOmaDbm,
        @JsonProperty(required = true) Param channelIlMaxDb,
        @JsonProperty(required = true) Param penaltyDb,
        @JsonProperty(required = true) double referenceBer)
        implements CatalogueEntry {
    /** Validates the fields. */
    public OpticalPmd {
        Require.id(id, "id");
        Require.present(name, "name");
        Require.atLeast(laneGbps, 1, "laneGbps");
        Require.present(txOmaDbm, "txOmaDbm");
        Require.present(tdecqDb, "tdecqDb");
        Require.present(rxSensitivityOmaDbm, "rxSensitivityOmaDbm");
        Require.present(channelIlMaxDb, "channelIlMaxDb");
        Require.present(penaltyDb, "penaltyDb");
        if (!(referenceBer > 0 && referenceBer < 0.5)) {
            throw new IllegalArgumentException("referenceBer: " + referenceBer + " must be in (0, 0.5)");
        }
    }
}
