package dev.nearlight.explore.sweep;

/**
 * Variance-based global sensitivity (Sobol indices) from a Saltelli design: for N base samples, f(A_j), f(B_j) and
 * f(A_B^i_j) (A_j with input i taken from B_j). First-order indices use Saltelli et al. (2010, Comput. Phys. Commun.
 * 181, 259, table 2 (b)): S_i = mean(f(B) (f(A_B^i) - f(A))) / V; total indices use Jansen (1999): ST_i = mean((f(A)
 * - f(A_B^i))^2) / (2 V); V is the variance of f over A and B together.
 *
 * @param first first-order index per input
 * @param total total-effect index per input
 * @param variance the output variance V
 * @param samples N, the base samples used
 */
public record SobolIndices(double[] first, double[] total, double variance, int samples) {
    /** Estimates the indices; {@code fAB[i][j]} is f(A_B^i) for base sample j. */
    public static SobolIndices estimate(double[] fA, double[] fB, double[][] fAB) {
        int n = fA.length;
        int d = fAB.length;
        if (n < 2 || fB.length != n) {
            throw new IllegalArgumentException("need at least 2 base samples, as many in A as in B");
        }
        double mean = 0;
        for (int j = 0; j < n; j++) {
            mean += fA[j] + fB[j];
        }
        mean /= 2.0 * n;
        double var = 0;
        for (int j = 0; j < n; j++) {
            var += (fA[j] - mean) * (fA[j] - mean) + (fB[j] - mean) * (fB[j] - mean);
        }
        var /= 2.0 * n - 1;
        double[] s = new double[d];
        double[] st = new double[d];
        for (int i = 0; i < d; i++) {
            double a = 0;
            double b = 0;
            for (int j = 0; j < n; j++) {
                a += fB[j] * (fAB[i][j] - fA[j]);
                double diff = fA[j] - fAB[i][j];
                b += diff * diff;
            }
            s[i] = var > 0 ? a / n / var : 0;
            st[i] = var > 0 ? b / (2.0 * n) / var : 0;
        }
        return new SobolIndices(s, st, var, n);
    }
}
