package dev.nearlight.core.catalogue;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A host SerDes class at one lane rate: its insertion-loss budget at Nyquist, energy per bit (Tx plus Rx), latency,
 * and the raw BER it delivers at the edge of its budget.
 *
 * @param id e.g. {@code vsr-224}
 * @param name readable name
 * @param tier reach class
 * @param laneGbps nominal lane payload rate this class serves (100, 200 for Ethernet; 32, 64 for PCIe)
 * @param nyquistGhz Nyquist frequency at which the budget is given
 * @param budgetDb bump-to-bump (or bump-to-module) insertion-loss budget at Nyquist
 * @param energyPjPerBit Tx plus Rx energy per bit (boundary HOST_SERDES)
 * @param latencyNs Tx plus Rx PHY latency
 * @param referenceBer raw BER at zero margin (the class's target)
 */
public record SerdesClass(
        @JsonProperty(required = true) String id,
        @JsonProperty(required = true) String name,
        @JsonProperty(required = true) SerdesTier tier,
        @JsonProperty(required = true) int laneGbps,
        @JsonProperty(required = true) double nyquistGhz,
        @JsonProperty(required = true) Param budgetDb,
        @JsonProperty(required = true) Param energyPjPerBit,
        @JsonProperty(required = true) Param latencyNs,
        @JsonProperty(required = true) double referenceBer)
        implements CatalogueEntry {
    /** Validates the fields. */
    public SerdesClass {
        Require.id(id, "id");
        Require.present(name, "name");
        Require.present(tier, "tier");
        Require.atLeast(laneGbps, 1, "laneGbps");
        Require.positive(nyquistGhz, "nyquistGhz");
        Require.present(budgetDb, "budgetDb");
        Require.power(Require.present(energyPjPerBit, "energyPjPerBit"), "energyPjPerBit");
        Require.present(latencyNs, "latencyNs");
        if (!(referenceBer > 0 && referenceBer < 0.5)) {
            throw new IllegalArgumentException("referenceBer: " + referenceBer + " must be in (0, 0.5)");
        }
    }
}
