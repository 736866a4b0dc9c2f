package dev.nearlight.explore.sweep;

import dev.nearlight.explore.compare.Metric;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * Reads the rows of a sweep once, in point order, and keeps what the report needs: the counts, the Pareto front of the
 * feasible rows, the top-N feasible rows on the first objective, a seeded uniform sample of feasible rows for the
 * charts, and, for Saltelli sampling, every objective's value per (alternative, workload) for the Sobol indices.
 */
public final class SweepAnalysis {
    /** Rows kept in the chart sample. */
    public static final int SAMPLE = 2000;

    private final SweepFile sweep;
    private final long totalPoints;
    private final ParetoArchive front;
    private final PriorityQueue<SweepRow> top;
    private final List<SweepRow> sample = new ArrayList<>();
    private final RandomGenerator sampler;
    private final Map<String, double[][]> saltelli = new LinkedHashMap<>();
    private long points;
    private long rows;
    private long feasible;
    private long invalid;
    private long infeasible;
    private long seenFeasible;
    private String firstProblem = "";

    /** An analysis of {@code sweep}'s {@code totalPoints} points. */
    public SweepAnalysis(SweepFile sweep, long totalPoints) {
        this.sweep = sweep;
        this.totalPoints = totalPoints;
        this.front = new ParetoArchive(sweep.objectives());
        this.top = new PriorityQueue<>(
                ParetoArchive.order(sweep.objectives().get(0)).reversed());
        this.sampler = RandomGeneratorFactory.of("L64X128MixRandom")
                .create(sweep.sampling().seed());
    }

    /** Takes one point's rows. */
    public void add(PointResult r) {
        points++;
        for (SweepRow row : r.rows()) {
            rows++;
            if (SweepRow.INVALID.equals(row.status())) {
                invalid++;
            } else if (SweepRow.INFEASIBLE.equals(row.status())) {
                infeasible++;
            }
            if (!row.ok() && firstProblem.isEmpty()) {
                firstProblem = row.message();
            }
            if (row.ok() && sweep.sampling().method() == Sampling.Method.SALTELLI) {
                double[][] v = saltelli.computeIfAbsent(row.alternative() + "\u0000" + row.workload(), k -> {
                    double[][] a = new double[sweep.objectives().size()][(int) totalPoints];
                    for (double[] x : a) {
                        Arrays.fill(x, Double.NaN);
                    }
                    return a;
                });
                for (int i = 0; i < sweep.objectives().size(); i++) {
                    v[i][(int) row.point()] = row.value(sweep.objectives().get(i));
                }
            }
            if (!row.feasible()) {
                continue;
            }
            feasible++;
            front.add(row);
            top.add(row);
            if (top.size() > sweep.top()) {
                top.poll();
            }
            seenFeasible++;
            if (sample.size() < SAMPLE) {
                sample.add(row);
            } else {
                long j = sampler.nextLong(seenFeasible);
                if (j < SAMPLE) {
                    sample.set((int) j, row);
                }
            }
        }
    }

    /** Sobol indices of one objective for one alternative and workload. */
    public record Sensitivity(String alternative, String workload, Metric objective, SobolIndices indices) {}

    /** The result of the analysis. */
    public SweepOutcome.Analysis result() {
        List<SweepRow> best = new ArrayList<>(top);
        best.sort(ParetoArchive.order(sweep.objectives().get(0)));
        List<SweepRow> chartSample = new ArrayList<>(sample);
        chartSample.sort(ParetoArchive.order(sweep.objectives().get(0)));
        return new SweepOutcome.Analysis(
                points, rows, feasible, invalid, infeasible, firstProblem, front.front(), best, chartSample, sobol());
    }

    private List<Sensitivity> sobol() {
        List<Sensitivity> out = new ArrayList<>();
        if (sweep.sampling().method() != Sampling.Method.SALTELLI) {
            return out;
        }
        int d = sweep.axes().size();
        int blocks = (int) (totalPoints / (d + 2));
        saltelli.forEach((key, values) -> {
            String[] aw = key.split("\u0000", -1);
            for (int o = 0; o < sweep.objectives().size(); o++) {
                double[] v = values[o];
                List<Integer> usable = new ArrayList<>();
                for (int j = 0; j < blocks; j++) {
                    boolean all = true;
                    for (int k = 0; k < d + 2 && all; k++) {
                        all = !Double.isNaN(v[j * (d + 2) + k]);
                    }
                    if (all) {
                        usable.add(j);
                    }
                }
                if (usable.size() < 2) {
                    continue;
                }
                int n = usable.size();
                double[] fa = new double[n];
                double[] fb = new double[n];
                double[][] fab = new double[d][n];
                for (int u = 0; u < n; u++) {
                    int base = usable.get(u) * (d + 2);
                    fa[u] = v[base];
                    fb[u] = v[base + 1];
                    for (int i = 0; i < d; i++) {
                        fab[i][u] = v[base + 2 + i];
                    }
                }
                out.add(new Sensitivity(aw[0], aw[1], sweep.objectives().get(o), SobolIndices.estimate(fa, fb, fab)));
            }
        });
        return out;
    }
}
