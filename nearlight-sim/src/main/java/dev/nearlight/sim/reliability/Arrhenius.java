package dev.nearlight.sim.reliability;

import dev.nearlight.core.InputException;

/**
 * Arrhenius temperature acceleration of failure rates, used for laser FIT at operating temperature. The link model can
 * call {@link #fitAt} directly: {@code FIT(T) = FIT(Tref) * exp[(Ea/k)(1/Tref - 1/T)]}, temperatures in kelvin
 * (optics-parameters.md section 3.4).
 */
public final class Arrhenius {
    /** Boltzmann constant in eV/K. */
    public static final double BOLTZMANN_EV_PER_K = 8.617333262e-5;

    private static final double KELVIN_OFFSET = 273.15;

    private Arrhenius() {}

    /**
     * Acceleration factor of a failure rate at {@code useC} relative to {@code refC} (greater than 1 when hotter).
     *
     * @param activationEnergyEv Ea in eV, positive
     * @param refC reference temperature in degrees Celsius
     * @param useC operating temperature in degrees Celsius
     */
    public static double accelerationFactor(double activationEnergyEv, double refC, double useC) {
        if (!(activationEnergyEv > 0) || activationEnergyEv > 3) {
            throw new InputException("activation energy " + activationEnergyEv + " eV out of range: use (0, 3] eV");
        }
        checkTemperature("reference temperature", refC);
        checkTemperature("operating temperature", useC);
        double tRef = refC + KELVIN_OFFSET;
        double tUse = useC + KELVIN_OFFSET;
        return Math.exp(activationEnergyEv / BOLTZMANN_EV_PER_K * (1.0 / tRef - 1.0 / tUse));
    }

    /** Laser (or any thermally activated) FIT at {@code useC}, given the FIT at {@code refC}. */
    public static double fitAt(double fitAtRef, double refC, double useC, double activationEnergyEv) {
        if (!(fitAtRef >= 0) || Double.isInfinite(fitAtRef)) {
            throw new InputException("FIT " + fitAtRef + " must be a finite number >= 0");
        }
        return fitAtRef * accelerationFactor(activationEnergyEv, refC, useC);
    }

    private static void checkTemperature(String what, double c) {
        if (!(c > -100 && c < 300)) {
            throw new InputException(what + " " + c + " C out of range: use -100 to 300 C");
        }
    }
}
