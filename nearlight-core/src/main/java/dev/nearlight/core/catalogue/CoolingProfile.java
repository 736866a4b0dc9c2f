package dev.nearlight.core.catalogue;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Thermal-resistance parameters of a cooling type: case temperature of a device is coolant (or inlet) temperature
 * plus its own power times {@code selfResistanceKPerW} plus the neighbouring ASIC's power times
 * {@code mutualResistanceKPerW * exp(-distance / couplingLengthMm)}.
 *
 * @param id {@code air} or {@code liquid}
 * @param name readable name
 * @param type the cooling type
 * @param defaultCoolantC default inlet air or coolant supply temperature
 * @param selfResistanceKPerW case-to-coolant resistance of a module or engine
 * @param mutualResistanceKPerW coupling from the ASIC's power at zero distance
 * @param couplingLengthMm e-folding length of the coupling
 */
public record CoolingProfile(
        @JsonProperty(required = true) String id,
        @JsonProperty(required = true) String name,
        @JsonProperty(required = true) CoolingType type,
        @JsonProperty(required = true) Param defaultCoolantC,
        @JsonProperty(required = true) Param selfResistanceKPerW,
        @JsonProperty(required = true) Param mutualResistanceKPerW,
        @JsonProperty(required = true) Param couplingLengthMm)
        implements CatalogueEntry {
    /** Validates the fields. */
    public CoolingProfile {
        Require.id(id, "id");
        Require.present(name, "name");
        Require.present(type, "type");
        Require.present(defaultCoolantC, "defaultCoolantC");
        Require.nonNegative(Require.present(selfResistanceKPerW, "selfResistanceKPerW"), "selfResistanceKPerW");
        Require.nonNegative(Require.present(mutualResistanceKPerW, "mutualResistanceKPerW"), "mutualResistanceKPerW");
        Require.present(couplingLengthMm, "couplingLengthMm");
        Require.positive(couplingLengthMm.min(), "couplingLengthMm.min");
    }
}
