package dev.nearlight.explore.uncertainty;

import dev.nearlight.explore.compare.BreakEven;
import dev.nearlight.explore.compare.Metric;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;
import org.hipparchus.analysis.solvers.BrentSolver;

/**
 * Solves for the setting of one parameter at which two alternatives are equal on a metric: the difference (first minus
 * second) is evaluated on a grid over the search range (geometric for positive ranges) to bracket a sign change nearest
 * the scenario's setting, then Hipparchus' {@link BrentSolver} refines it, and the answer is checked by re-evaluating
 * just below and just above it: the difference must change sign there, else no break-even is reported.
 */
public final class BreakEvenSolver {
    /** Grid points of the bracketing scan (and of the chart). */
    public static final int GRID = 13;

    /** Relative step of the below/above check. */
    public static final double CHECK_STEP = 1e-3;

    private BreakEvenSolver() {}

    /**
     * One parameter's break-even.
     *
     * @param metricOf setting to (metric of first, metric of second)
     */
    public static BreakEven solve(
            String parameter,
            String label,
            String settingUnit,
            Metric metric,
            String first,
            String second,
            String workload,
            double baseSetting,
            double low,
            double high,
            DoubleFunction<double[]> metricOf) {
        if (!(high > low)) {
            throw new IllegalArgumentException("search range must have high > low");
        }
        boolean geometric = low > 0;
        double[] xs = new double[GRID];
        for (int i = 0; i < GRID; i++) {
            double t = (double) i / (GRID - 1);
            xs[i] = geometric ? low * Math.pow(high / low, t) : low + t * (high - low);
        }
        List<double[]> curve = new ArrayList<>();
        double[] diffs = new double[GRID];
        for (int i = 0; i < GRID; i++) {
            double[] v = metricOf.apply(xs[i]);
            curve.add(new double[] {xs[i], v[0], v[1]});
            diffs[i] = v[0] - v[1];
        }
        // the sign change nearest the scenario's setting
        int bracket = -1;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int i = 0; i + 1 < GRID; i++) {
            boolean change = diffs[i] * diffs[i + 1] < 0 || (diffs[i + 1] == 0 && diffs[i] != 0);
            if (Double.isFinite(diffs[i]) && Double.isFinite(diffs[i + 1]) && change) {
                double d = Math.min(Math.abs(xs[i] - baseSetting), Math.abs(xs[i + 1] - baseSetting));
                if (d < bestDistance) {
                    bestDistance = d;
                    bracket = i;
                }
            }
        }
        double value = Double.NaN, below = Double.NaN, above = Double.NaN;
        if (bracket >= 0) {
            double a = xs[bracket], b = xs[bracket + 1];
            double tol = 1e-9 * Math.max(Math.abs(a), Math.abs(b)) + 1e-12;
            double x = new BrentSolver(tol)
                    .solve(
                            100,
                            s -> {
                                double[] v = metricOf.apply(s);
                                return v[0] - v[1];
                            },
                            a,
                            b);
            double step = CHECK_STEP * Math.max(Math.abs(x), (b - a));
            double[] lo = metricOf.apply(x - step);
            double[] hi = metricOf.apply(x + step);
            below = lo[0] - lo[1];
            above = hi[0] - hi[1];
            if (below * above < 0) {
                value = x;
            } else {
                below = Double.NaN;
                above = Double.NaN;
            }
        }
        return new BreakEven(
                parameter,
                label,
                settingUnit,
                metric,
                first,
                second,
                workload,
                baseSetting,
                low,
                high,
                value,
                below,
                above,
                curve);
    }
}
