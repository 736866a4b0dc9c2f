package dev.nearlight.core.link.optical;

/**
 * IM-DD optical power budget: {@code margin = TxOMA - (fibre + connectors) - penalties - RxSensitivity} in dB; the
 * Q factor scales linearly with received OMA in a receiver limited by thermal noise, so
 * {@code Q = Q_ref * 10^(margin/10)} where {@code Q_ref} gives the BER at which sensitivity is specified
 * (docs/physics.md, "Optical budget").
 */
public final class OpticalBudget {
    private OpticalBudget() {}

    /** Channel insertion loss: fibre attenuation over the reach plus the connectors. */
    public static double channelLossDb(double reachM, double lossDbPerKm, int connectors, double connectorLossDb) {
        return reachM / 1000 * lossDbPerKm + connectors * connectorLossDb;
    }

    /** Margin in dB. */
    public static double marginDb(double txOmaDbm, double channelLossDb, double penaltyDb, double rxSensDbm) {
        return txOmaDbm - channelLossDb - penaltyDb - rxSensDbm;
    }

    /** Q factor from an optical margin (dB of optical power, 10 log10). */
    public static double qFromOpticalMargin(double qRef, double marginDb) {
        return qRef * Math.pow(10, marginDb / 10);
    }

    /** Q factor from an electrical margin (dB of amplitude, 20 log10). */
    public static double qFromElectricalMargin(double qRef, double marginDb) {
        return qRef * Math.pow(10, marginDb / 20);
    }
}
