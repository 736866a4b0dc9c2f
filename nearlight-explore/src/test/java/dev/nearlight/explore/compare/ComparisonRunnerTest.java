package dev.nearlight.explore.compare;

import static dev.nearlight.explore.compare.TestResults.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nearlight.core.InputException;
import dev.nearlight.explore.scenario.Scenario;
import dev.nearlight.explore.scenario.ScenarioFile;
import dev.nearlight.explore.scenario.ScenarioLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ComparisonRunnerTest {
    private static final String YAML = """
            name: runner test
            cluster: {gpu: h100, gpus: 64, fabric: {rate: 400G}}
            workloads:
              - {model: llama3-8b, tp: 8, gbs: 64, seq: 4096, tokens: 1T}
            alternatives:
              - {name: pluggable, optics: {nodeLeaf: pluggable, leafSpine: pluggable}}
              - {name: npo, optics: {nodeLeaf: npo, leafSpine: npo}}
              - {name: cpo, optics: {nodeLeaf: cpo, leafSpine: cpo}}
            economics: {electricityUsdPerKwh: 0.1}
            sensitivity: {metric: tcoUsd, parameters: [electricityPrice, laserFit]}
            """;

    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void shutdown() {
        pool.shutdownNow();
    }

    /** TCO = base + 1,000 x electricity price x 1e4 + 50 x laser FIT factor, so the tornado can be derived by hand. */
    private static final Map<String, Double> BASE = Map.of("pluggable", 300.0, "npo", 200.0, "cpo", 250.0);

    private static AlternativeEvaluator fixture() {
        return (v, a, w) -> {
            try {
                Thread.sleep(ThreadLocalRandom.current().nextInt(5)); // shuffle completion order
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            double tco = BASE.get(a.name())
                    + 1e4 * v.scenario().economics().electricityUsdPerKwh()
                    + 50 * v.factor("laserFit");
            return result(a.name(), w.name(), BASE.get(a.name()) / 10, 0.4, tco, true);
        };
    }

    /** {@code base}'s evaluations with another step-model spread, as an evaluator over another catalogue has. */
    private static AlternativeEvaluator withStepModelError(
            AlternativeEvaluator base, dev.nearlight.sim.train.StepModelError err) {
        return new AlternativeEvaluator() {
            @Override
            public AlternativeResult evaluate(
                    ScenarioVariant v,
                    dev.nearlight.explore.scenario.Alternative a,
                    dev.nearlight.explore.scenario.Workload w) {
                return base.evaluate(v, a, w);
            }

            @Override
            public dev.nearlight.sim.train.StepModelError stepModelError() {
                return err;
            }
        };
    }

    @Test
    void theStepModelBarAndTheStepTimeBoundaryUseTheEvaluatorsOwnStepModelError() {
        // an evaluator over another GPU catalogue measures another spread (StepModelError.of): its 5 % and 95 %
        // quantiles are the tornado's stepModel settings and its span the step-time row's boundary, not the shipped
        // model's x0.90..x1.11
        dev.nearlight.sim.train.StepModelError own =
                new dev.nearlight.sim.train.StepModelError(new double[] {0.5, 1.0, 2.0}, "three runs");
        AlternativeEvaluator base = fixture();
        AlternativeEvaluator evaluator = withStepModelError(base, own);
        Scenario s = new ScenarioLoader()
                .parse(YAML.replace("parameters: [electricityPrice, laserFit]", "parameters: [stepModel]"), "t.yaml")
                .scenario();
        Comparison c = new ComparisonRunner(evaluator, pool).run(s, new ComparisonListener() {});
        TornadoBar bar = c.tornados().get(0).bars().get(0);
        // type-7 quantiles of {0.5, 1, 2}: 0.5 + 0.1 x 0.5 = 0.55 and 1 + 0.9 x 1 = 1.9
        assertThat(bar.parameter()).isEqualTo("stepModel");
        assertThat(bar.lowSetting()).isEqualTo("x0.55");
        assertThat(bar.highSetting()).isEqualTo("x1.90");
        assertThat(c.contains(Metric.STEP_TIME)).contains("3 three runs (5-95 %: x0.55..x1.90;");
        assertThat(c.stepModelError()).isSameAs(own);
        // a spread whose runs' step times are unknown covers every step: no domain sentence
        assertThat(c.contains(Metric.STEP_TIME)).doesNotContain("does not cover");
        // one whose shortest run is longer than every column's step says the band does not cover them, as train does
        dev.nearlight.sim.train.StepModelError longRuns =
                new dev.nearlight.sim.train.StepModelError(new double[] {0.5, 1.0, 2.0}, "three runs", 1e6);
        Comparison outside =
                new ComparisonRunner(withStepModelError(base, longRuns), pool).run(s, new ComparisonListener() {});
        double shortestColumn = outside.results().stream()
                .mapToDouble(r -> r.training().stepTimeS())
                .min()
                .orElseThrow();
        assertThat(outside.contains(Metric.STEP_TIME))
                .endsWith("; " + longRuns.outsideNote(shortestColumn))
                .contains(String.format(
                        java.util.Locale.ROOT,
                        "a %.3f s step is shorter than any of the 3 runs behind the band (shortest 1000000.000 s), so"
                                + " the band does not cover it",
                        shortestColumn));
        // its break-even range is that spread's extremes
        SensitivityParameter p = SensitivityParameter.byId("stepModel", own).orElseThrow();
        assertThat(p.searchRange(own)).containsExactly(0.5, 2.0);
    }

    @Test
    void resultsComeInScenarioOrderWithTornadoOfTheBestAlternative() {
        Scenario s = new ScenarioLoader().parse(YAML, "t.yaml").scenario();
        List<String> steps = new ArrayList<>();
        int[] started = {0};
        ComparisonListener listener = new ComparisonListener() {
            @Override
            public void started(int total) {
                started[0] = total;
            }

            @Override
            public void stepFinished(int done, int total, String label) {
                steps.add(done + "/" + total + " " + label);
            }
        };
        Comparison c = new ComparisonRunner(fixture(), pool).run(s, listener);
        assertThat(c.results()).extracting(AlternativeResult::alternative).containsExactly("pluggable", "npo", "cpo");
        // 3 alternatives x 1 workload + 3 tornados (one per alternative) x 2 parameters x 2 settings = 15 steps
        assertThat(started[0]).isEqualTo(15);
        assertThat(steps).hasSize(15).first().asString().startsWith("1/15 ");
        assertThat(steps.get(14)).startsWith("15/15 ");
        // npo has the lowest TCO: 200 + 1e4 x 0.1 + 50 = 1,250
        Tornado t = c.sensitivity().orElseThrow();
        assertThat(t.alternative()).isEqualTo("npo");
        assertThat(t.baseline()).isEqualTo(1250.0);
        // electricity x0.5 -> 200 + 500 + 50 = 750; x2 -> 200 + 2000 + 50 = 2250 (swing 1500)
        // laser FIT x0.5 -> 1225; x4 -> 1400 (swing 175); widest first
        assertThat(t.bars()).extracting(TornadoBar::parameter).containsExactly("electricityPrice", "laserFit");
        assertThat(t.bars().get(0).lowValue()).isCloseTo(750.0, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(t.bars().get(0).highValue()).isCloseTo(2250.0, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(t.bars().get(1).lowValue()).isEqualTo(1225.0);
        assertThat(t.bars().get(1).highValue()).isEqualTo(1400.0);
        assertThat(c.rows().get(Metric.TCO.ordinal()).best()).containsExactly(false, true, false);
        // a tornado for every alternative, the best first: pluggable's baseline 300 + 1,000 + 50
        assertThat(c.tornados()).extracting(Tornado::alternative).containsExactly("npo", "pluggable", "cpo");
        assertThat(c.tornados().get(1).baseline()).isEqualTo(1350.0);
        assertThat(c.tornados().get(1).bars().get(0).highValue())
                .isCloseTo(300 + 2000 + 50, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void sameInputSameOutputRegardlessOfThreadTiming() {
        Scenario s = new ScenarioLoader().parse(YAML, "t.yaml").scenario();
        Comparison a = new ComparisonRunner(fixture(), pool).run(s, ComparisonListener.NONE);
        Comparison b =
                new ComparisonRunner(fixture(), Executors.newSingleThreadExecutor()).run(s, ComparisonListener.NONE);
        assertThat(a).isEqualTo(b);
    }

    @Test
    void inputExceptionsFromTheEvaluatorPropagateUnwrapped() {
        Scenario s = new ScenarioLoader().parse(YAML, "t.yaml").scenario();
        AlternativeEvaluator failing = (v, a, w) -> {
            if (a.name().equals("cpo")) {
                throw new InputException("t.yaml:7:5: alternatives[2]: radix too small (use 128)");
            }
            return fixture().evaluate(v, a, w);
        };
        boolean[] finished = {false};
        assertThatThrownBy(() -> new ComparisonRunner(failing, pool).run(s, new ComparisonListener() {
                    @Override
                    public void finished() {
                        finished[0] = true;
                    }
                }))
                .isInstanceOf(InputException.class)
                .hasMessage("t.yaml:7:5: alternatives[2]: radix too small (use 128)");
        assertThat(finished[0]).isTrue();
    }

    @Test
    void disabledSensitivityRunsOnlyTheAlternatives() {
        Scenario s = new ScenarioLoader()
                .parse(
                        YAML.replace(
                                "sensitivity: {metric: tcoUsd, parameters: [electricityPrice, laserFit]}",
                                "sensitivity: {enabled: false}"),
                        "t.yaml")
                .scenario();
        assertThat(ComparisonRunner.totalSteps(s)).isEqualTo(3);
        assertThat(new ComparisonRunner(fixture(), pool)
                        .run(s, ComparisonListener.NONE)
                        .sensitivity())
                .isEmpty();
    }

    @Test
    void unknownSensitivityIdsAreLocated() {
        ScenarioFile f = new ScenarioLoader().parse(YAML.replace("metric: tcoUsd", "metric: tco"), "t.yaml");
        assertThatThrownBy(() -> ComparisonRunner.validate(f))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("t.yaml:10:15: sensitivity.metric: unknown metric 'tco' (use one of ");
        ScenarioFile g = new ScenarioLoader().parse(YAML.replace("laserFit]", "laserFitt]"), "t.yaml");
        assertThatThrownBy(() -> ComparisonRunner.validate(g))
                .hasMessageStartingWith("t.yaml:10:62: sensitivity.parameters[1]: unknown parameter 'laserFitt'");
    }

    @Test
    void standardParametersChangeTheScenarioOrOnlyTheFactor() {
        Scenario s = new ScenarioLoader().parse(YAML, "t.yaml").scenario();
        ScenarioVariant pue = SensitivityParameter.byId("pue").orElseThrow().variant(s, 2.0);
        // PUE 1.2 default: overhead 0.2 x 2 -> 1.4
        assertThat(pue.scenario().economics().pue()).isCloseTo(1.4, org.assertj.core.api.Assertions.within(1e-12));
        ScenarioVariant fit =
                SensitivityParameter.byId("laserFit").orElseThrow().variant(s, 4.0);
        assertThat(fit.scenario()).isEqualTo(s);
        assertThat(fit.factor("laserFit")).isEqualTo(4.0);
        assertThat(fit.factor("opticsPrice")).isEqualTo(1.0);
        ScenarioVariant hot =
                SensitivityParameter.byId("coolantC").orElseThrow().variant(s, 15.0);
        assertThat(hot.scenario().environment().coolantC()).isEqualTo(50.0);
    }
}
