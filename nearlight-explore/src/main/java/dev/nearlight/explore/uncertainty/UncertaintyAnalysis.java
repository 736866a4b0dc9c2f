package dev.nearlight.explore.uncertainty;

import dev.nearlight.core.InputException;
import dev.nearlight.core.catalogue.Catalogue;
import dev.nearlight.explore.compare.AlternativeEvaluator;
import dev.nearlight.explore.compare.AlternativeResult;
import dev.nearlight.explore.compare.Interval;
import dev.nearlight.explore.compare.Metric;
import dev.nearlight.explore.compare.Row;
import dev.nearlight.explore.compare.ScenarioVariant;
import dev.nearlight.explore.compare.SensitivityParameter;
import dev.nearlight.explore.compare.Uncertainty;
import dev.nearlight.explore.scenario.Alternative;
import dev.nearlight.explore.scenario.Scenario;
import dev.nearlight.explore.scenario.Workload;
import dev.nearlight.explore.tco.EconomicsDefaults;
import dev.nearlight.sim.train.StepModelError;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * Monte Carlo over the input ranges: each sample draws every catalogue and economics-defaults number from its range
 * ({@link RangeSampler}) and the step model's own error from its measured spread ({@link
 * SampleEvaluators#stepModelError()}, one factor for every column of the draw), evaluates every column of the
 * comparison on the same draw (common random numbers, so the alternatives are compared on equal terms), and the
 * samples give each row's 5-95 % interval and each column's probability of being the best of its workload (ties
 * share). Draws come from one {@code L64X128MixRandom} seeded with
 * the scenario seed and split once per sample in sample order, the step-model errors from a second one, so the result
 * does not depend on thread timing.
 */
public final class UncertaintyAnalysis {
    /** Lower quantile of the intervals. */
    public static final double LOW_QUANTILE = 0.05;

    /** Upper quantile of the intervals. */
    public static final double HIGH_QUANTILE = 0.95;

    /** Mixed into the scenario seed to root the step-model error's own stream. */
    static final long STEP_MODEL_STREAM = 0x57E9_0DE1_E770_0001L;

    private final ExecutorService executor;

    /** An analysis running its samples on {@code executor} (not shut down here). */
    public UncertaintyAnalysis(ExecutorService executor) {
        this.executor = executor;
    }

    /**
     * Runs {@code samples} draws.
     *
     * @param scenario the scenario (its seed roots the draws)
     * @param columns the comparison's columns, in order (alternative and workload names)
     * @param samples number of draws, at least 1
     * @param factory evaluators over drawn numbers
     * @param sampleDone called after each sample (from worker threads)
     */
    public Uncertainty run(
            Scenario scenario,
            List<AlternativeResult> columns,
            int samples,
            SampleEvaluators factory,
            IntConsumer sampleDone) {
        if (samples < 1) {
            throw new IllegalArgumentException("samples must be >= 1");
        }
        RandomGenerator.SplittableGenerator root = (RandomGenerator.SplittableGenerator)
                RandomGeneratorFactory.of("L64X128MixRandom").create(scenario.seed());
        // the step model's error has a stream of its own, so adding or removing it leaves every other draw as it was
        RandomGenerator modelErrors =
                RandomGeneratorFactory.of("L64X128MixRandom").create(scenario.seed() ^ STEP_MODEL_STREAM);
        StepModelError stepModel = factory.stepModelError();
        List<Future<Object>> futures = new ArrayList<>();
        for (int s = 0; s < samples; s++) {
            RandomGenerator rng = root.split();
            double stepFactor = stepModel.quantile(modelErrors.nextDouble());
            int index = s;
            futures.add(executor.submit(() -> {
                Object v = sample(scenario, columns, factory, rng, stepFactor);
                sampleDone.accept(index);
                return v;
            }));
        }
        List<double[][]> draws = new ArrayList<>();
        Map<String, Integer> reasons = new java.util.TreeMap<>();
        for (Future<Object> f : futures) {
            Object v = await(f);
            if (v instanceof double[][] d) {
                draws.add(d);
            } else {
                reasons.merge((String) v, 1, Integer::sum);
            }
        }
        return summarise(
                columns,
                draws,
                samples,
                reasons,
                scenario.seed(),
                scenario.sensitivity().bestTolerance());
    }

    /**
     * Per metric and column, the value of one draw; the reason (the model's message up to its first colon) when a
     * model rejected the drawn numbers.
     */
    private static Object sample(
            Scenario scenario,
            List<AlternativeResult> columns,
            SampleEvaluators factory,
            RandomGenerator rng,
            double stepFactor) {
        Catalogue c = RangeSampler.sample(factory.baseCatalogue(), rng);
        EconomicsDefaults e = RangeSampler.sample(factory.baseEconomics(), rng);
        double[][] v = new double[Metric.values().length][columns.size()];
        try {
            AlternativeEvaluator ev = factory.evaluator(c, e, d -> RangeSampler.sample(d, rng));
            // one step-model error for every column of the draw: the GPUs and the model are common to all of them
            ScenarioVariant base = new ScenarioVariant(scenario, Map.of(SensitivityParameter.STEP_MODEL, stepFactor));
            for (int j = 0; j < columns.size(); j++) {
                AlternativeResult col = columns.get(j);
                Alternative a = scenario.alternative(col.alternative());
                Workload w = scenario.workloads().stream()
                        .filter(x -> x.name().equals(col.workload()))
                        .findFirst()
                        .orElseThrow();
                AlternativeResult r = ev.evaluate(base, a, w);
                for (Metric m : Metric.values()) {
                    v[m.ordinal()][j] = m.valueOf(r);
                }
            }
        } catch (InputException | IllegalArgumentException ex) {
            // a drawn value outside what a model accepts (e.g. a repair queue the technicians cannot keep up with)
            String m = String.valueOf(ex.getMessage());
            int colon = m.indexOf(':');
            return colon > 0 ? m.substring(0, colon) : m;
        }
        return v;
    }

    /**
     * Intervals and probabilities of being best from the draws (values per metric, then column). In each draw the
     * columns within {@code tolerance} of the draw's best value tie and share its win, the rule {@link Row} applies to
     * the point values: a difference too small to rank the columns at their point does not rank them in a draw either.
     */
    public static Uncertainty summarise(
            List<AlternativeResult> columns,
            List<double[][]> draws,
            int samples,
            Map<String, Integer> rejectedBecause,
            long seed,
            double tolerance) {
        Map<Metric, List<Interval>> intervals = new EnumMap<>(Metric.class);
        Map<Metric, List<Double>> prob = new EnumMap<>(Metric.class);
        int n = columns.size();
        for (Metric m : Metric.values()) {
            List<Interval> iv = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                double[] xs = new double[draws.size()];
                int k = 0;
                for (double[][] d : draws) {
                    double x = d[m.ordinal()][j];
                    if (Double.isFinite(x)) {
                        xs[k++] = x;
                    }
                }
                xs = Arrays.copyOf(xs, k);
                Arrays.sort(xs);
                iv.add(
                        k == 0
                                ? Interval.NONE
                                : new Interval(
                                        quantile(xs, LOW_QUANTILE), quantile(xs, 0.5), quantile(xs, HIGH_QUANTILE)));
            }
            intervals.put(m, iv);
            double[] wins = new double[n];
            for (double[][] d : draws) {
                for (String w : columns.stream()
                        .map(AlternativeResult::workload)
                        .distinct()
                        .toList()) {
                    List<Integer> cols = new ArrayList<>();
                    for (int j = 0; j < n; j++) {
                        if (Objects.equals(columns.get(j).workload(), w) && Double.isFinite(d[m.ordinal()][j])) {
                            cols.add(j);
                        }
                    }
                    if (cols.size() < 2) {
                        continue;
                    }
                    double best = d[m.ordinal()][cols.get(0)];
                    for (int j : cols) {
                        if (m.better().isBetter(d[m.ordinal()][j], best)) {
                            best = d[m.ordinal()][j];
                        }
                    }
                    List<Integer> top = new ArrayList<>();
                    for (int j : cols) {
                        if (Row.tied(d[m.ordinal()][j], best, tolerance)) {
                            top.add(j);
                        }
                    }
                    for (int j : top) {
                        wins[j] += 1.0 / top.size();
                    }
                }
            }
            List<Double> p = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                p.add(draws.isEmpty() ? Double.NaN : wins[j] / draws.size());
            }
            prob.put(m, p);
        }
        return new Uncertainty(samples, rejectedBecause, seed, intervals, prob);
    }

    /** The {@code q}-quantile of sorted values (linear interpolation between order statistics, type 7). */
    static double quantile(double[] sorted, double q) {
        if (sorted.length == 1) {
            return sorted[0];
        }
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("uncertainty analysis interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
