package dev.nearlight.core.link.optical;

/**
 * Post-FEC frame loss ratio of a t-error-correcting Reed-Solomon code over m-bit symbols with independent bit
 * errors: symbol error {@code p_s = 1 - (1-BER)^m}; codeword error
 * {@code sum_{i=t+1}^{n} C(n,i) p_s^i (1-p_s)^(n-i)} (docs/physics.md, "FEC").
 */
public final class FecModel {
    private FecModel() {}

    /** {@code log C(n, k)}, precomputed once per code by callers on hot paths. */
    public static double logBinomial(int n, int k) {
        double logC = 0;
        for (int i = 0; i < k; i++) {
            logC += Math.log(n - i) - Math.log(i + 1);
        }
        return logC;
    }

    /** Probability that a codeword is uncorrectable (used as the frame loss ratio). */
    public static double codewordErrorRatio(int n, int t, int symbolBits, double ber) {
        return t + 1 > n ? 0 : codewordErrorRatio(n, t, symbolBits, ber, logBinomial(n, t + 1));
    }

    /** As {@link #codewordErrorRatio(int, int, int, double)} with {@code log C(n, t+1)} given. */
    public static double codewordErrorRatio(int n, int t, int symbolBits, double ber, double logBinomialFirst) {
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
        double logTerm = logBinomialFirst + first * Math.log(ps) + (n - first) * Math.log1p(-ps);
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
