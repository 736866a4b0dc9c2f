package dev.nearlight.explore.scenario;

/**
 * The thermal environment of the optics: cooling type and coolant (liquid) or inlet-air (air) temperature.
 *
 * @param cooling {@code air} or {@code liquid} (default liquid)
 * @param coolantC coolant temperature for liquid, inlet-air temperature for air cooling, in C (default 35 for liquid,
 *     27 for air)
 */
public record Environment(Cooling cooling, Double coolantC) {
    /** Applies the defaults and checks the temperature range. */
    public Environment {
        cooling = Checks.orDefault(cooling, Cooling.LIQUID);
        coolantC = Checks.range(
                Checks.orDefault(coolantC, cooling == Cooling.LIQUID ? 35.0 : 27.0), "coolantC", -10.0, 70.0);
    }

    /** The default environment: liquid cooling at 35 C. */
    public static Environment defaults() {
        return new Environment(null, null);
    }
}
