package dev.nearlight.explore.scenario;

import dev.nearlight.fabric.device.SwitchModel;

/**
 * One interconnect alternative to compare: the optics per tier, whether copper is used where its reach allows, and
 * optional overrides of the cluster's port rate and switch radix (for next-generation what-ifs).
 *
 * @param name column label, unique in the scenario
 * @param description free text for reports (optional)
 * @param optics optics technology per tier
 * @param copperWhereReachAllows use DAC/ACC/AEC for links short enough (default true)
 * @param rate port-rate override, e.g. {@code 3.2T} (optional)
 * @param switchRadix switch-radix override (optional)
 */
public record Alternative(
        String name,
        String description,
        TierOptics optics,
        Boolean copperWhereReachAllows,
        String rate,
        Integer switchRadix) {
    /** Validates the fields and applies defaults. */
    public Alternative {
        name = Checks.nonBlank(name, "name", "name: npo");
        description = description == null ? "" : description.trim();
        Checks.required(optics, "optics", "optics: {nodeLeaf: pluggable, leafSpine: npo}");
        copperWhereReachAllows = Checks.orDefault(copperWhereReachAllows, Boolean.TRUE);
        if (rate != null) {
            Checks.rateGbps(rate, "rate");
        }
        if (switchRadix != null) {
            Checks.intRange(switchRadix, "switchRadix", 4, SwitchModel.MAX_RADIX);
        }
    }

    /** The port rate of this alternative in Gb/s: its override or the cluster's. */
    public double rateGbps(FabricSpec fabric) {
        return rate == null ? fabric.rateGbps() : Checks.rateGbps(rate, "rate");
    }

    /** The switch radix of this alternative: its override or the cluster's. */
    public int switchRadix(FabricSpec fabric) {
        return switchRadix == null ? fabric.switchRadix() : switchRadix;
    }
}
