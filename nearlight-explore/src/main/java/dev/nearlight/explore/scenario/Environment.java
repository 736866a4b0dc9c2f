package dev.nearlight.explore.scenario;

import dev.nearlight.core.catalogue.CoolingType;

/**
 * The thermal environment of the optics: cooling type and coolant (liquid) or inlet-air (air) temperature.
 *
 * @param cooling {@code air} or {@code liquid}, the catalogue's {@link CoolingType} (default liquid)
 * @param coolantC coolant temperature for liquid, inlet-air temperature for air cooling, in C (default 35 for liquid,
 *     27 for air)
 */
public record Environment(CoolingType cooling, Double coolantC) {
    /** Applies the defaults and checks the temperature range. */
    public Environment {
        cooling = Checks.orDefault(cooling, CoolingType.LIQUID);
        coolantC = Checks.range(
                Checks.orDefault(coolantC, cooling == CoolingType.LIQUID ? 35.0 : 27.0), "coolantC", -10.0, 70.0);
    }

    /** The default environment: liquid cooling at 35 C. */
    public static Environment defaults() {
        return new Environment(null, null);
    }
}
