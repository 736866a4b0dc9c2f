package dev.nearlight.core.link.thermal;

/**
 * Case temperature of a module or engine from a two-term thermal-resistance network:
 * {@code T = T_coolant + R_self * P_self + R_mutual * P_asic * exp(-d / L)}, with {@code d} the distance to the
 * ASIC (the host trace length) and {@code L} the coupling length (docs/physics.md, "Thermal").
 */
public final class ThermalModel {
    private ThermalModel() {}

    /** Case temperature in C. */
    public static double caseTempC(
            double coolantC,
            double selfResistanceKPerW,
            double selfPowerW,
            double mutualResistanceKPerW,
            double asicPowerW,
            double distanceMm,
            double couplingLengthMm) {
        return coolantC
                + selfResistanceKPerW * selfPowerW
                + mutualResistanceKPerW * asicPowerW * Math.exp(-distanceMm / couplingLengthMm);
    }
}
