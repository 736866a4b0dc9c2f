package dev.nearlight.core.link.optical;

/**
 * Post-FEC frame loss ratio of a t-error-correcting Reed-Solomon code over m-bit symbols with independent bit
 * errors: symbol error {@code p_s = 1 - (1-BER)^m}; codeword error
 * {@code sum_{i=t+1}^{n} C(n,i) p_s^i (1-p_s)^(n-i)} (docs/physics.md, "FEC").
 */
public final class FecModel {
    private FecModel() {}

    /** Probability that a codeword is uncorrectable (used as the frame loss ratio). */
    public static double codewordErrorRatio(int n, int t, int symbolBits, double ber) {
        if (ber <= 0) {
            return 0;
        }
        double ps = -Math.expm1(symbolBits * Math.log1p(-Math.min(ber, 0.5)));
        if (ps >= 1) {
            return 1;
        }
        int first = t + 1;
        if (first > n) {
            return 0;
        }
        // log C(n, first)
        double logC = 0;
        for (int i = 0; i < first; i++) {
            logC += Math.log(n - i) - Math.log(i + 1);
        }
        double logTerm = logC + first * Math.log(ps) + (n - first) * Math.log1p(-ps);
        double term = Math.exp(logTerm);
        double sum = term;
        double ratio = ps / (1 - ps);
        for (int i = first; i < n; i++) {
            term *= (double) (n - i) / (i + 1) * ratio;
            sum += term;
            if (term < sum * 1e-12) {
                break;
            }
        }
        return Math.min(1, sum);
    }
}
