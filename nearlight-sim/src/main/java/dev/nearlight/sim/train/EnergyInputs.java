package dev.nearlight.sim.train;

import dev.nearlight.core.InputException;
import java.util.Locale;

/**
 * Power figures for the energy roll-up. Optics and host SerDes burn their pJ/bit at line rate whether or not traffic
 * flows; GPUs draw a fraction of TDP that depends on whether they compute or wait.
 *
 * @param gpuBusyPowerFraction GPU power while computing, as a fraction of TDP
 * @param gpuIdlePowerFraction GPU power while waiting on communication or in bubbles, as a fraction of TDP
 * @param opticsEnergyPjPerBit energy of one optical transceiver end per bit (pluggable 15, LPO 10, NPO 7, CPO 5)
 * @param hostSerdesEnergyPjPerBit NIC-side host SerDes energy per bit
 * @param switchPowerW one scale-out switch without optics
 * @param scaleUpPowerWPerGpu scale-up switch power per GPU (NVSwitch share)
 * @param pue facility power usage effectiveness
 */
public record EnergyInputs(
        double gpuBusyPowerFraction,
        double gpuIdlePowerFraction,
        double opticsEnergyPjPerBit,
        double hostSerdesEnergyPjPerBit,
        double switchPowerW,
        double scaleUpPowerWPerGpu,
        double pue) {

    public EnergyInputs {
        if (gpuBusyPowerFraction < 0 || gpuBusyPowerFraction > 1.2 || gpuIdlePowerFraction < 0) {
            throw new InputException("energy: GPU power fractions must be in [0, 1.2]");
        }
        if (opticsEnergyPjPerBit < 0 || hostSerdesEnergyPjPerBit < 0 || switchPowerW < 0 || scaleUpPowerWPerGpu < 0) {
            throw new InputException("energy: pJ/bit and powers must be >= 0");
        }
        if (pue < 1 || pue > 3) {
            throw new InputException("pue: " + pue + " not in [1, 3]");
        }
    }

    /** Defaults: 90 % TDP busy, 35 % idle, pluggable optics 15 pJ/bit, SerDes 5 pJ/bit, 750 W switches, PUE 1.2. */
    public static EnergyInputs defaults() {
        return new EnergyInputs(0.9, 0.35, 15, 5, 750, 50, 1.2);
    }

    /** Defaults with the optics energy of a named technology: pluggable, lpo, npo or cpo. */
    public static EnergyInputs forOptics(String optics) {
        double pj = switch (optics.toLowerCase(Locale.ROOT)) {
            case "pluggable" -> 15;
            case "lpo" -> 10;
            case "npo" -> 7;
            case "cpo" -> 5;
            default -> throw new InputException("optics: unknown '" + optics + "' (use pluggable, lpo, npo or cpo)");
        };
        EnergyInputs d = defaults();
        return new EnergyInputs(
                d.gpuBusyPowerFraction,
                d.gpuIdlePowerFraction,
                pj,
                d.hostSerdesEnergyPjPerBit,
                d.switchPowerW,
                d.scaleUpPowerWPerGpu,
                d.pue);
    }
}
