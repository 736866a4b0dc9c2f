package dev.nearlight.explore.uncertainty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nearlight.explore.cluster.Evaluators;
import dev.nearlight.explore.compare.AlternativeEvaluator;
import dev.nearlight.explore.compare.AlternativeResult;
import dev.nearlight.explore.compare.BreakEven;
import dev.nearlight.explore.compare.Metric;
import dev.nearlight.explore.compare.ScenarioVariant;
import dev.nearlight.explore.scenario.BreakEvenSpec;
import dev.nearlight.explore.scenario.Scenario;
import dev.nearlight.explore.scenario.ScenarioFile;
import dev.nearlight.explore.scenario.ScenarioLoader;
import dev.nearlight.explore.scenario.SensitivitySpec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Break-evens and the run cost on the README's example through the real models. */
class BreakEvenAnalysisTest {
    private static ScenarioFile readme() {
        String root = System.getProperty("nearlight.root.dir");
        Path dir = root != null ? Path.of(root, "examples") : Path.of("..", "examples");
        return new ScenarioLoader(Evaluators.vocabulary(List.of())).load(dir.resolve("llama3-405b-16k-gpus.yaml"));
    }

    @Test
    void lpoFitBreakEvenIsConfirmedByFreshEvaluationsEitherSide() {
        // LPO beats the DSP pluggable on cost per trained model by about 1 %; raising the LPO module's electronics FIT
        // makes it fail more often until the two swap. With the README's checkpointing left to the reliability
        // defaults (6 s writes, Young/Daly) an interruption costs so little that the swap lies beyond 4x the
        // catalogued maximum FIT, so this search runs with blocking 60 s checkpoints every 30 min and 10 min restarts.
        ScenarioFile file = slowCheckpoints();
        Scenario s = file.scenario();
        String path = "technologies/lpo-400g/electronicsFit";
        SensitivitySpec q = new SensitivitySpec(
                true,
                "costPerModelUsd",
                null,
                null,
                0,
                null,
                null,
                List.of(new BreakEvenSpec("catalogue:" + path, List.of("lpo", "pluggable"))));
        Scenario asked = s.withSensitivity(q);
        AlternativeEvaluator ev = Evaluators.forScenario(file, List.of());
        BreakEven b = BreakEvenAnalysis.run(asked, List.of(), ev, Evaluators.samplers(file, List.of()), List.of())
                .get(0);
        assertThat(b.found()).isTrue();
        assertThat(b.value()).isGreaterThan(b.baseSetting());
        // fresh evaluators (no cache shared with the search) on catalogues just below and above the answer
        double below = difference(file, path, b.value() * (1 - 1e-3));
        double above = difference(file, path, b.value() * (1 + 1e-3));
        assertThat(below * above).isNegative();
        assertThat(Math.signum(below)).isEqualTo(Math.signum(b.belowDifference()));
    }

    private static ScenarioFile slowCheckpoints() {
        String root = System.getProperty("nearlight.root.dir");
        Path dir = root != null ? Path.of(root, "examples") : Path.of("..", "examples");
        try {
            String text = java.nio.file.Files.readString(dir.resolve("llama3-405b-16k-gpus.yaml"));
            assertThat(text).contains("\nreliability:\n");
            text = text.replace(
                    "\nreliability:\n",
                    "\nreliability:\n  checkpointIntervalMin: 30\n  checkpointWriteS: 60\n  restartS: 600\n");
            return new ScenarioLoader(Evaluators.vocabulary(List.of())).parse(text, "slow-checkpoints.yaml");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static double difference(ScenarioFile file, String path, double value) {
        Scenario s = file.scenario();
        var ev = new dev.nearlight.explore.cluster.ScenarioEvaluator(
                file, dev.nearlight.core.catalogue.Catalogue.defaults().withParam(path, value));
        Metric m = Metric.COST_PER_MODEL;
        ScenarioVariant v = ScenarioVariant.of(s);
        return m.valueOf(ev.evaluate(v, s.alternative("lpo"), s.workloads().get(0)))
                - m.valueOf(
                        ev.evaluate(v, s.alternative("pluggable"), s.workloads().get(0)));
    }

    @Test
    void runCostChargesTheWallTimeOfTheTimeToTrainRowOnce() {
        ScenarioFile file = readme();
        Scenario s = file.scenario();
        AlternativeResult r = Evaluators.forScenario(file, List.of())
                .evaluate(
                        ScenarioVariant.of(s),
                        s.alternative("npo"),
                        s.workloads().get(0));
        // gpu-hour-price: 16,384 GPUs x time-to-train (days x 24 h) x 2.5 USD, lost hours inside the wall time
        double gpuTime = 16_384 * r.training().timeToTrainDays() * 24 * 2.5;
        assertThat(r.cost().run().usd("gpuTime")).isCloseTo(gpuTime, within(1e-6 * gpuTime));
        assertThat(r.cost().costPerModelUsd()).isGreaterThan(gpuTime);
        assertThat(r.cost().run().usd("nodeEnergy")).isZero();
        double sum =
                r.cost().run().components().stream().mapToDouble(c -> c.usd()).sum();
        assertThat(r.cost().costPerModelUsd()).isCloseTo(sum, within(1e-6 * sum));
        // energy per run counts the nodes, not GPU TDP alone: above 16,384 x 700 W x wall time x PUE
        double gpuTdpOnlyMWh = 16_384 * 700.0 * r.training().timeToTrainDays() * 24 * 1.2 / 1e6;
        assertThat(r.training().energyPerRunMWh()).isGreaterThan(gpuTdpOnlyMWh);
    }

    @Test
    void unknownBreakEvenParametersAndAlternativesAreLocatedErrors() throws Exception {
        String root = System.getProperty("nearlight.root.dir");
        Path dir = root != null ? Path.of(root, "examples") : Path.of("..", "examples");
        String text = java.nio.file.Files.readString(dir.resolve("llama3-405b-16k-gpus.yaml"));
        SampleEvaluators samplers = Evaluators.samplers(readme(), List.of());
        ScenarioLoader loader = new ScenarioLoader(Evaluators.vocabulary(List.of()));
        ScenarioFile badParam = loader.parse(
                text
                        + "  breakEven: [{parameter: \"catalogue:technologies/npo-800g/electronicFit\", between: [npo, cpo]}]\n",
                "s.yaml");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BreakEvenAnalysis.validate(badParam, samplers))
                .hasMessageStartingWith("s.yaml:")
                .hasMessageContaining("sensitivity.breakEven[0].parameter: unknown parameter");
        ScenarioFile badAlt =
                loader.parse(text + "  breakEven: [{parameter: opticsPrice, between: [npo, xpo]}]\n", "s.yaml");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BreakEvenAnalysis.validate(badAlt, samplers))
                .hasMessageContaining("sensitivity.breakEven[0].between: unknown alternative 'xpo'");
        ScenarioFile good = loader.parse(
                text
                        + "  breakEven: [{parameter: \"catalogue:technologies/npo-800g/electronicsFit\", between: [npo, cpo]},"
                        + " {parameter: \"economics:partSwapShare.gpu\", between: [npo, lpo]},"
                        + " {parameter: \"reliability:job.spareNodesPercent\", between: [npo, pluggable]}]\n",
                "s.yaml");
        BreakEvenAnalysis.validate(good, samplers);
        assertThat(good.scenario().sensitivity().breakEven()).hasSize(3);
        ScenarioFile badPolicy = loader.parse(
                text + "  breakEven: [{parameter: \"reliability:job.spareNodez\", between: [npo, cpo]}]\n", "s.yaml");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BreakEvenAnalysis.validate(badPolicy, samplers))
                .hasMessageContaining(
                        "sensitivity.breakEven[0].parameter: unknown parameter 'reliability:job.spareNodez'")
                .hasMessageContaining("reliability:job.<key>");
        // setting one reliability number changes that number only, widening its range to hold it
        var d = dev.nearlight.sim.reliability.ReliabilityDefaults.load();
        var set = BreakEvenAnalysis.withReliabilityParam(d, "job.spareNodesPercent", 12);
        assertThat(set.job("spareNodesPercent")).isEqualTo(12);
        assertThat(set.job().get("spareNodesPercent").max()).isEqualTo(12);
        assertThat(set.job("restartMinutes")).isEqualTo(d.job("restartMinutes"));
        assertThat(set.common()).isEqualTo(d.common());
        var tech = BreakEvenAnalysis.withReliabilityParam(d, "common.technicians", 9);
        assertThat(tech.common("technicians")).isEqualTo(9);
        assertThat(tech.job()).isEqualTo(d.job());
    }
}
