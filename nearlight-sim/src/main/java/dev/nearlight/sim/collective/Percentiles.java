package dev.nearlight.sim.collective;

/** Nearest-rank percentiles by quickselect (O(n), no full sort of millions of flow times). */
final class Percentiles {
    private Percentiles() {}

    static double nearestRank(double[] values, double q) {
        int n = values.length;
        if (n == 0) {
            return 0;
        }
        int k = (int) Math.ceil(q * n) - 1;
        k = Math.max(0, Math.min(n - 1, k));
        double[] a = values.clone();
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            double pivot = a[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }
}
