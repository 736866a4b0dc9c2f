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
import dev.nearlight.explore.compare.Series;
import dev.nearlight.explore.compare.Uncertainty;
import dev.nearlight.explore.scenario.Scenario;
import dev.nearlight.explore.scenario.ScenarioLoader;
import dev.nearlight.explore.scenario.ScenarioVocabulary;
import dev.nearlight.explore.tco.EconomicsDefaults;
import dev.nearlight.explore.tco.RunCost;
import dev.nearlight.explore.tco.TcoComponent;
import dev.nearlight.sim.reliability.ReliabilityDefaults;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;
import org.hipparchus.distribution.continuous.BetaDistribution;
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
     * A synthetic model with a known answer: column a's link energy is the h100 price in kUSD (catalogued 20..35,
     * confidence low: uniform), column b's is the h200 price (25..40) minus 5, so both are uniform over 20..35 and
     * independent. The 5-95 % interval is then 20.75..34.25 and each column is best half the time.
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
            public AlternativeEvaluator evaluator(
                    Catalogue c, EconomicsDefaults e, UnaryOperator<ReliabilityDefaults> r) {
                return synthetic(c);
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
            // uniform 20..35: q05 = 20.75, q50 = 27.5, q95 = 34.25; a sample quantile of 400 draws is within ~0.5
            // (its standard error is sqrt(q(1-q)/n) / density = 0.0109 x 15 = 0.16 at q = 0.05)
            assertThat(iv.low()).isCloseTo(20.75, within(0.6));
            assertThat(iv.median()).isCloseTo(27.5, within(1.0));
            assertThat(iv.high()).isCloseTo(34.25, within(0.6));
        }
        List<Double> p = u.probabilityBest().get(Metric.LINK_ENERGY);
        // P(a < b) = 1/2 for two independent identical uniforms; 400 draws: standard error 0.025
        assertThat(p.get(0)).isCloseTo(0.5, within(0.1));
        assertThat(p.get(0) + p.get(1)).isCloseTo(1.0, within(1e-12));
        // deterministic per seed
        Uncertainty again = new UncertaintyAnalysis(POOL).run(s, cols, 400, factory(), i -> {});
        assertThat(again.intervals()).isEqualTo(u.intervals());
    }

    @Test
    void confidenceSetsTheSpread() {
        // seeded property: for random ranges and modes, high confidence is narrower than medium, medium than low;
        // the medium and high draws follow the PERT beta exactly
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 20; i++) {
            double min = r.nextDouble(0, 10), max = min + r.nextDouble(1, 10), mode = r.nextDouble(min, max);
            double spreadHigh = spread(new Param(mode, min, max, "W", "t", Confidence.HIGH));
            double spreadMedium = spread(new Param(mode, min, max, "W", "t", Confidence.MEDIUM));
            double spreadLow = spread(new Param(mode, min, max, "W", "t", Confidence.LOW));
            assertThat(spreadHigh).isLessThan(spreadMedium);
            assertThat(spreadMedium).isLessThan(spreadLow);
            assertThat(spreadLow).isCloseTo(0.9 * (max - min), within(1e-9));
            double m = (mode - min) / (max - min);
            BetaDistribution pert = new BetaDistribution(1 + 4 * m, 1 + 4 * (1 - m));
            assertThat(RangeSampler.quantile(new Param(mode, min, max, "W", "t", Confidence.MEDIUM), 0.3))
                    .isCloseTo(min + (max - min) * pert.inverseCumulativeProbability(0.3), within(1e-9));
        }
        Param fixed = new Param(700, 700, 700, "W", "datasheet", Confidence.HIGH);
        assertThat(RangeSampler.quantile(fixed, 0.99)).isEqualTo(700);
    }

    private static double spread(Param p) {
        return RangeSampler.quantile(p, 0.95) - RangeSampler.quantile(p, 0.05);
    }
}
