package dev.nearlight.core.link.thermal;

/**
 * Arrhenius acceleration: {@code AF = exp(Ea/k * (1/T_ref - 1/T))}, temperatures in kelvin, k = 8.617e-5 eV/K
 * (optics-parameters.md 3.4).
 */
public final class Arrhenius {
    /** Boltzmann constant in eV/K. */
    public static final double BOLTZMANN_EV_PER_K = 8.617333262e-5;
    /** Offset from Celsius to kelvin. */
    public static final double KELVIN = 273.15;

    private Arrhenius() {}

    /** Acceleration factor at {@code tempC} relative to {@code refC}. */
    public static double factor(double activationEnergyEv, double refC, double tempC) {
        return Math.exp(activationEnergyEv / BOLTZMANN_EV_PER_K * (1 / (refC + KELVIN) - 1 / (tempC + KELVIN)));
    }

    /** Annualised failure rate in percent from a FIT (failures per 1e9 h): {@code 100 * (1 - exp(-FIT*8760e-9))}. */
    public static double afrPercent(double fit) {
        return 100 * -Math.expm1(-fit * 8760e-9);
    }
}
