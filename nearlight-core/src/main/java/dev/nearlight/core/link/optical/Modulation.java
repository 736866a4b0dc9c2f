package dev.nearlight.core.link.optical;

import org.hipparchus.special.Erf;

/**
 * Bit error ratio from the Q factor for NRZ and PAM4 with Gray coding, equal eyes and Gaussian noise:
 * {@code BER_NRZ = (1/2) erfc(Q/sqrt2)}, {@code BER_PAM4 = (3/8) erfc(Q/sqrt2)} (optics-parameters.md 5.3).
 */
public enum Modulation {
    /** Two-level signalling. */
    NRZ(0.5),
    /** Four-level signalling. */
    PAM4(0.375);

    private static final double SQRT2 = Math.sqrt(2);
    private final double factor;

    Modulation(double factor) {
        this.factor = factor;
    }

    /** BER at a Q factor. */
    public double ber(double q) {
        return factor * erfc(q / SQRT2);
    }

    /**
     * Complementary error function by the Chebyshev fit of Press et al. (Numerical Recipes, {@code erfcc}), fractional
     * error below 1.2e-7 everywhere; about twenty times faster than the series in Hipparchus, which matters because
     * every link evaluation needs several.
     */
    public static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double ans = t
                * Math.exp(
                        -z * z
                                - 1.26551223
                                + t
                                        * (1.00002368
                                                + t
                                                        * (0.37409196
                                                                + t
                                                                        * (0.09678418
                                                                                + t
                                                                                        * (-0.18628806
                                                                                                + t
                                                                                                        * (0.27886807
                                                                                                                + t
                                                                                                                        * (-1.13520398
                                                                                                                                + t
                                                                                                                                        * (1.48851587
                                                                                                                                                + t
                                                                                                                                                        * (-0.82215223
                                                                                                                                                                + t
                                                                                                                                                                        * 0.17087277)))))))));
        return x >= 0 ? ans : 2 - ans;
    }

    /** Q factor giving a BER (inverse of {@link #ber}). */
    public double q(double ber) {
        return SQRT2 * Erf.erfcInv(ber / factor);
    }

    /** PAM4 for lanes of 50 Gb/s and more (Ethernet 100G/200G, PCIe 6 64G), NRZ below (PCIe 5 32G). */
    public static Modulation forLane(double laneGbps) {
        return laneGbps >= 50 ? PAM4 : NRZ;
    }
}
