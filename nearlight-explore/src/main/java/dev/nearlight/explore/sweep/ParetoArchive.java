package dev.nearlight.explore.sweep;

import dev.nearlight.explore.compare.Better;
import dev.nearlight.explore.compare.Metric;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/**
 * The non-dominated rows of a stream, kept incrementally: a row enters unless a kept row dominates it, and evicts the
 * kept rows it dominates. Row a dominates b when a is at least as good on every objective and better on one, each
 * objective in its metric's {@link Better} direction. Rows with a NaN objective never enter. Memory and time are
 * O(front) per row, so fronts of millions of rows stream through.
 */
public final class ParetoArchive {
    private final List<Metric> objectives;
    private final List<SweepRow> rows = new ArrayList<>();
    private final List<double[]> keys = new ArrayList<>();

    /** An empty archive over 1 to 4 objectives. */
    public ParetoArchive(List<Metric> objectives) {
        if (objectives.isEmpty()) {
            throw new IllegalArgumentException("at least one objective");
        }
        this.objectives = List.copyOf(objectives);
    }

    /** Offers a row; returns whether it is (for now) on the front. */
    public boolean add(SweepRow row) {
        double[] k = key(row);
        if (k == null) {
            return false;
        }
        for (double[] kept : keys) {
            if (dominates(kept, k)) {
                return false;
            }
        }
        Iterator<SweepRow> r = rows.iterator();
        Iterator<double[]> it = keys.iterator();
        while (it.hasNext()) {
            double[] kept = it.next();
            r.next();
            if (dominates(k, kept)) {
                it.remove();
                r.remove();
            }
        }
        rows.add(row);
        keys.add(k);
        return true;
    }

    /** The front, ordered by the first objective (best first), then point id and alternative. */
    public List<SweepRow> front() {
        List<SweepRow> out = new ArrayList<>(rows);
        out.sort(order(objectives.get(0)));
        return out;
    }

    /** Best-first order of rows on {@code m}, ties by point id, alternative and workload. */
    static Comparator<SweepRow> order(Metric m) {
        Comparator<SweepRow> c = Comparator.comparingDouble(r -> minimised(m, r.value(m)));
        return c.thenComparingLong(SweepRow::point)
                .thenComparing(SweepRow::alternative)
                .thenComparing(SweepRow::workload);
    }

    /** The row's objective vector, all turned into "lower is better", or null when one is NaN. */
    double[] key(SweepRow row) {
        double[] k = new double[objectives.size()];
        for (int i = 0; i < k.length; i++) {
            double v = row.value(objectives.get(i));
            if (Double.isNaN(v)) {
                return null;
            }
            k[i] = minimised(objectives.get(i), v);
        }
        return k;
    }

    static double minimised(Metric m, double v) {
        return m.better() == Better.HIGHER ? -v : v;
    }

    /** Whether {@code a} dominates {@code b} (both minimised). */
    static boolean dominates(double[] a, double[] b) {
        boolean strictly = false;
        for (int i = 0; i < a.length; i++) {
            if (a[i] > b[i]) {
                return false;
            }
            if (a[i] < b[i]) {
                strictly = true;
            }
        }
        return strictly;
    }
}
