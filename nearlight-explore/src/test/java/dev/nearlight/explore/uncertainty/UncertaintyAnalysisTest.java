package dev.nearlight.explore.uncertainty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nearlight.core.catalogue.Catalogue;
import dev.nearlight.core.catalogue.Confidence;
import dev.nearlight.core.catalogue.Param;
import dev.nearlight.explore.compare.AlternativeEvaluator;
import dev.nearlight.explore.compare.AlternativeResult;
import dev.nearlight.explore.compare.Charts;
import dev.nearlight.explore.compare.Interval;
import dev.nearlight.explore.compare.Metric;
import dev.nearlight.explore.compare.SensitivityParameter;
import dev.nearlight.explore.compare.Series;
import dev.nearlight.explore.compare.Uncertainty;
import dev.nearlight.explore.scenario.Scenario;
import dev.nearlight.explore.scenario.ScenarioLoader;
import dev.nearlight.explore.scenario.ScenarioVocabulary;
import dev.nearlight.explore.tco.EconomicsDefaults;
import dev.nearlight.explore.tco.RunCost;
import dev.nearlight.explore.tco.TcoComponent;
import dev.nearlight.sim.reliability.ReliabilityDefaults;
import dev.nearlight.sim.train.StepModelError;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class UncertaintyAnalysisTest {
    private static final ExecutorService POOL = Executors.newFixedThreadPool(2);

    @AfterAll
    static void stop() {
        POOL.shutdownNow();
    }

    private static final String YAML = """
            name: synthetic
            cluster: {gpu: h100, gpus: 8, fabric: {rate: 400G, tiers: 1}}
            workloads: [{model: llama3-8b, gbs: 8, seq: 1024, tokens: 1B}]
            alternatives:
              - {name: a, optics: {nodeLeaf: npo}}
              - {name: b, optics: {nodeLeaf: npo}}
            seed: 7
            """;

    private static Scenario scenario() {
        return new ScenarioLoader(new ScenarioVocabulary(Set.of("h100"), Set.of("llama3-8b"), Set.of("npo")))
                .parse(YAML, "s.yaml")
                .scenario();
    }

    /**
     * A synthetic model with a known answer: column a's link energy is the h100 price in kUSD (catalogued 25 in 20..35,
     * confidence low: uniform over each half, the value the median), column b's is the h200 price (30 in 25..40) minus
     * 5, so both are drawn uniform over 20..25 with probability 1/2 and over 25..35 with probability 1/2, independently.
     * The 5-95 % interval is then 25 - 0.9 x 5 = 20.5 .. 25 + 0.9 x 10 = 34, the median 25, and each column is best
     * half the time.
     */
    private static AlternativeEvaluator synthetic(Catalogue c) {
        return (v, alt, w) -> {
            double x = alt.name().equals("a")
                    ? c.endpoint("h100").costUsd().value() / 1000
                    : c.endpoint("h200").costUsd().value() / 1000 - 5;
            Series empty = new Series("e", "m", "pJ/bit", List.of());
            return new AlternativeResult(
                    alt.name(),
                    w.name(),
                    new AlternativeResult.Link(x, 1, true),
                    new AlternativeResult.Fabric(1, 1),
                    new AlternativeResult.Training(1, 0.5, 0, 1, 1),
                    new AlternativeResult.Reliability(1, 0),
                    new AlternativeResult.Cost(
                            1,
                            1,
                            1,
                            new RunCost(List.of(new TcoComponent("gpuTime", "GPU time", 1)), 1, "GPU time", 1)),
                    new Charts(List.of(), empty, List.of(), List.of(), List.of(), empty));
        };
    }

    private static SampleEvaluators factory() {
        return factory(StepModelError.shipped(), UncertaintyAnalysisTest::synthetic);
    }

    /** Evaluators over the default catalogue and economics with {@code model} per drawn catalogue. */
    private static SampleEvaluators factory(
            StepModelError stepModel, java.util.function.Function<Catalogue, AlternativeEvaluator> model) {
        return new SampleEvaluators() {
            @Override
            public Catalogue baseCatalogue() {
                return Catalogue.defaults();
            }

            @Override
            public EconomicsDefaults baseEconomics() {
                return EconomicsDefaults.load();
            }

            @Override
            public StepModelError stepModelError() {
                return stepModel;
            }

            @Override
            public AlternativeEvaluator evaluator(
                    Catalogue c, EconomicsDefaults e, UnaryOperator<ReliabilityDefaults> r) {
                return model.apply(c);
            }
        };
    }

    @Test
    void intervalsCoverTheKnownQuantilesAndTheBestIsEvenlySplit() {
        Scenario s = scenario();
        AlternativeEvaluator base = synthetic(Catalogue.defaults());
        List<AlternativeResult> cols = List.of(
                base.evaluate(
                        dev.nearlight.explore.compare.ScenarioVariant.of(s),
                        s.alternatives().get(0),
                        s.workloads().get(0)),
                base.evaluate(
                        dev.nearlight.explore.compare.ScenarioVariant.of(s),
                        s.alternatives().get(1),
                        s.workloads().get(0)));
        assertThat(Catalogue.defaults().endpoint("h100").costUsd().confidence()).isEqualTo(Confidence.LOW);
        Uncertainty u = new UncertaintyAnalysis(POOL).run(s, cols, 400, factory(), i -> {});
        assertThat(u.rejected()).isZero();
        for (Interval iv : u.intervals().get(Metric.LINK_ENERGY)) {
            // q05 = 20.5, q50 = 25, q95 = 34; a sample quantile of 400 draws has standard error
            // sqrt(q(1-q)/n) / density: 0.0109 / 0.1 = 0.11 at q = 0.05, 0.0109 / 0.05 = 0.22 at q = 0.95
            assertThat(iv.low()).isCloseTo(20.5, within(0.6));
            assertThat(iv.median()).isCloseTo(25.0, within(1.0));
            assertThat(iv.high()).isCloseTo(34.0, within(0.8));
        }
        List<Double> p = u.probabilityBest().get(Metric.LINK_ENERGY);
        // P(a < b) = 1/2 for two independent identical uniforms; 400 draws: standard error 0.025
        assertThat(p.get(0)).isCloseTo(0.5, within(0.1));
        assertThat(p.get(0) + p.get(1)).isCloseTo(1.0, within(1e-12));
        // deterministic per seed
        Uncertainty again = new UncertaintyAnalysis(POOL).run(s, cols, 400, factory(), i -> {});
        assertThat(again.intervals()).isEqualTo(u.intervals());
    }

    /**
     * The synthetic model, with step times 2 s (column a) and 3 s (column b) times the step-model factor of the draw,
     * and the step model's error given as {@code ratios}.
     */
    private static SampleEvaluators stepFactory(double... ratios) {
        return factory(new StepModelError(ratios, "synthetic runs"), c -> {
            AlternativeEvaluator link = synthetic(c);
            return (v, alt, w) -> {
                AlternativeResult x = link.evaluate(v, alt, w);
                double step = (alt.name().equals("a") ? 2 : 3) * v.factor(SensitivityParameter.STEP_MODEL);
                return new AlternativeResult(
                        x.alternative(),
                        x.workload(),
                        x.link(),
                        x.fabric(),
                        new AlternativeResult.Training(step, 0.5, 0, 1, 1),
                        x.reliability(),
                        x.cost(),
                        x.charts());
            };
        });
    }

    @Test
    void theStepModelErrorIsOneFactorForEveryColumnOnItsOwnStream() {
        Scenario s = scenario();
        AlternativeEvaluator base = stepFactory(1).evaluator(Catalogue.defaults(), EconomicsDefaults.load());
        var v = dev.nearlight.explore.compare.ScenarioVariant.of(s);
        List<AlternativeResult> cols = List.of(
                base.evaluate(v, s.alternatives().get(0), s.workloads().get(0)),
                base.evaluate(v, s.alternatives().get(1), s.workloads().get(0)));
        // ratios 0.8 and 1.2: the factor is uniform over 0.8..1.2, so a's 5-95 % step time is 2 x 0.82 .. 2 x 1.18
        Uncertainty u = new UncertaintyAnalysis(POOL).run(s, cols, 400, stepFactory(0.8, 1.2), i -> {});
        Interval a = u.intervals().get(Metric.STEP_TIME).get(0);
        Interval b = u.intervals().get(Metric.STEP_TIME).get(1);
        // a uniform quantile of 400 draws: standard error sqrt(0.05 x 0.95 / 400) x 0.4 x 2 = 0.009
        assertThat(a.low()).isCloseTo(1.64, within(0.04));
        assertThat(a.high()).isCloseTo(2.36, within(0.04));
        // common to both columns in every draw: b's quantiles are exactly 1.5 x a's, and a is always best
        assertThat(b.low()).isCloseTo(1.5 * a.low(), within(1e-12));
        assertThat(b.median()).isCloseTo(1.5 * a.median(), within(1e-12));
        assertThat(b.high()).isCloseTo(1.5 * a.high(), within(1e-12));
        assertThat(u.probabilityBest().get(Metric.STEP_TIME)).containsExactly(1.0, 0.0);
        // its own stream: a different step-model error leaves the catalogue's draws (link energy) as they were
        Uncertainty other = new UncertaintyAnalysis(POOL).run(s, cols, 400, stepFactory(0.5, 0.6, 2), i -> {});
        assertThat(other.intervals().get(Metric.LINK_ENERGY))
                .isEqualTo(u.intervals().get(Metric.LINK_ENERGY));
        assertThat(other.intervals().get(Metric.STEP_TIME))
                .isNotEqualTo(u.intervals().get(Metric.STEP_TIME));
    }

    @Test
    void columnsWithinTheBestToleranceOfADrawsBestShareItsWin() {
        // Two draws of link energy (lower is better) for three columns. Draw 1: 100, 100.4, 105 pJ/bit, the first two
        // within 1 % of each other, so they share the win; draw 2: 100, 98, 101, where 100 is 2 % above 98 and the
        // second column wins alone. At a 1 % tolerance: 0.25, 0.75, 0; at zero tolerance the first draw's 0.4 % decides
        // (0.5, 0.5, 0), which is what made a step time equal to four digits "best" in 84 % of the draws.
        Scenario s = scenario();
        AlternativeEvaluator base = synthetic(Catalogue.defaults());
        var v = dev.nearlight.explore.compare.ScenarioVariant.of(s);
        AlternativeResult a =
                base.evaluate(v, s.alternatives().get(0), s.workloads().get(0));
        AlternativeResult b =
                base.evaluate(v, s.alternatives().get(1), s.workloads().get(0));
        List<AlternativeResult> cols = List.of(a, b, b);
        List<double[][]> draws = List.of(draw(100, 100.4, 105), draw(100, 98, 101));
        Uncertainty tolerant = UncertaintyAnalysis.summarise(cols, draws, 2, java.util.Map.of(), 7, 0.01);
        assertThat(tolerant.probabilityBest().get(Metric.LINK_ENERGY)).containsExactly(0.25, 0.75, 0.0);
        Uncertainty strict = UncertaintyAnalysis.summarise(cols, draws, 2, java.util.Map.of(), 7, 0);
        assertThat(strict.probabilityBest().get(Metric.LINK_ENERGY)).containsExactly(0.5, 0.5, 0.0);
    }

    private static double[][] draw(double... linkEnergy) {
        double[][] d = new double[Metric.values().length][linkEnergy.length];
        for (double[] row : d) {
            java.util.Arrays.fill(row, Double.NaN);
        }
        d[Metric.LINK_ENERGY.ordinal()] = linkEnergy.clone();
        return d;
    }

    @Test
    void confidenceSetsTheSpreadAndTheValueIsTheMedian() {
        // seeded property: for random ranges and values, high confidence is narrower than medium, medium than low; the
        // value is the median of every draw; the quantile is monotone and stays in the range
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 200; i++) {
            double min = r.nextDouble(0.01, 10), max = min * r.nextDouble(1.1, 100), value = r.nextDouble(min, max);
            double spreadHigh = spread(new Param(value, min, max, "W", "t", Confidence.HIGH));
            double spreadMedium = spread(new Param(value, min, max, "W", "t", Confidence.MEDIUM));
            double spreadLow = spread(new Param(value, min, max, "W", "t", Confidence.LOW));
            assertThat(spreadHigh).isLessThan(spreadMedium);
            assertThat(spreadMedium).isLessThan(spreadLow);
            for (Confidence c : Confidence.values()) {
                Param p = new Param(value, min, max, "W", "t", c);
                assertThat(RangeSampler.quantile(p, 0.5)).isCloseTo(value, within(1e-9 * value));
                assertThat(RangeSampler.quantile(p, 0)).isCloseTo(min, within(1e-9 * max));
                assertThat(RangeSampler.quantile(p, 1)).isCloseTo(max, within(1e-9 * max));
                double prev = min;
                for (int k = 1; k <= 20; k++) {
                    double x = RangeSampler.quantile(p, k / 20.0);
                    assertThat(x).isGreaterThanOrEqualTo(prev).isBetween(min, max);
                    prev = x;
                }
            }
        }
        // hand-derived: low, linear range (max / min <= 4): 0.9 of the way to each end at u = 0.05 / 0.95
        Param linear = new Param(25, 20, 35, "kUSD", "t", Confidence.LOW);
        assertThat(RangeSampler.quantile(linear, 0.05)).isCloseTo(20.5, within(1e-9));
        assertThat(RangeSampler.quantile(linear, 0.95)).isCloseTo(34.0, within(1e-9));
        // medium squares the share: u = 0.95 -> 0.81 of the way up
        Param medium = new Param(25, 20, 35, "kUSD", "t", Confidence.MEDIUM);
        assertThat(RangeSampler.quantile(medium, 0.95)).isCloseTo(25 + 0.81 * 10, within(1e-9));
        // low, wide positive range (0.05..10 around 0.1): log scale, u = 0.95 -> 0.1 x 100^0.9 = 6.31, not 9.0
        Param wide = new Param(0.1, 0.05, 10, "min", "t", Confidence.LOW);
        assertThat(RangeSampler.quantile(wide, 0.95)).isCloseTo(0.1 * Math.pow(100, 0.9), within(1e-9));
        assertThat(RangeSampler.quantile(wide, 0.75)).isCloseTo(1.0, within(1e-9));
        assertThat(RangeSampler.quantile(wide, 0.05)).isCloseTo(0.1 * Math.pow(0.5, 0.9), within(1e-12));
        Param fixed = new Param(700, 700, 700, "W", "datasheet", Confidence.HIGH);
        assertThat(RangeSampler.quantile(fixed, 0.99)).isEqualTo(700);
    }

    private static double spread(Param p) {
        return RangeSampler.quantile(p, 0.95) - RangeSampler.quantile(p, 0.05);
    }
}
