package dev.nearlight.explore.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nearlight.core.InputException;
import dev.nearlight.explore.cluster.Evaluators;
import dev.nearlight.explore.compare.AlternativeEvaluator;
import dev.nearlight.explore.compare.AlternativeResult;
import dev.nearlight.explore.compare.Metric;
import dev.nearlight.explore.compare.ScenarioVariant;
import dev.nearlight.explore.compare.SensitivityParameter;
import dev.nearlight.explore.scenario.Alternative;
import dev.nearlight.explore.scenario.ScenarioFile;
import dev.nearlight.explore.scenario.ScenarioLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Job policies are scenario fields ({@code reliability.*}, bound to the reliability model's {@code JobPolicy}), so a
 * sweep can put axes on them and the sensitivity analysis can vary spare nodes and the checkpoint interval. Over the
 * 1,024-GPU example (128 nodes, analytical reliability).
 */
class JobPolicyAxesTest {
    @TempDir
    Path dir;

    /** The 1k example with its reliability block replaced by {@code block} (analytical, to be exact). */
    private ScenarioFile scenario(String name, String block) throws IOException {
        String text = Files.readString(SweepTestFiles.examples().resolve("npo-vs-cpo-switches-1k.yaml"));
        int from = text.indexOf("reliability:");
        int to = text.indexOf("fidelity:");
        String body = text.substring(0, from) + "reliability:\n  mode: analytical\n" + block + text.substring(to);
        Path f = dir.resolve(name + ".yaml");
        Files.writeString(f, body);
        return new ScenarioLoader().load(f);
    }

    private static Map<String, AlternativeResult> evaluate(ScenarioFile file, Map<String, Double> settings) {
        AlternativeEvaluator ev = Evaluators.forScenario(file, List.of());
        Map<String, AlternativeResult> out = new HashMap<>();
        for (Alternative a : file.scenario().alternatives()) {
            out.put(
                    a.name(),
                    ev.evaluate(
                            new ScenarioVariant(file.scenario(), settings),
                            a,
                            file.scenario().workloads().get(0)));
        }
        return out;
    }

    private static void assertSame(Map<String, AlternativeResult> a, Map<String, AlternativeResult> b) {
        assertThat(a.keySet()).isEqualTo(b.keySet());
        for (String alt : a.keySet()) {
            for (Metric m : List.of(
                    Metric.ETTR,
                    Metric.GOODPUT,
                    Metric.INTERRUPTIONS_PER_DAY,
                    Metric.GPU_HOURS_LOST,
                    Metric.TIME_TO_TRAIN,
                    Metric.COST_PER_MODEL)) {
                assertThat(m.valueOf(a.get(alt))).as(alt + " " + m.id()).isEqualTo(m.valueOf(b.get(alt)));
            }
        }
    }

    @Test
    void spareNodesAsACountOrAShareAreTheSameJob() throws IOException {
        // 128 nodes: 2 % = floor(2.56) = 2 spare nodes, the count 2
        assertSame(
                evaluate(scenario("pct", "  spareNodesPercent: 2\n"), Map.of()),
                evaluate(scenario("count", "  spareNodes: 2\n"), Map.of()));
        // the tornado's spare-node factor scales the model's default (1 % of 128 = 1.28): x4 -> floor(5.12) = 5,
        // as a scenario that says 4 %
        assertSame(
                evaluate(scenario("factor", ""), Map.of("spareNodes", 4.0)),
                evaluate(scenario("pct4", "  spareNodesPercent: 4\n"), Map.of()));
    }

    @Test
    void checkpointIntervalFactorScalesTheIntervalInUse() throws IOException {
        // a given interval of 20 min x 2 is a given interval of 40 min
        assertSame(
                evaluate(scenario("ck20", "  checkpointIntervalMin: 20\n"), Map.of("checkpointInterval", 2.0)),
                evaluate(scenario("ck40", "  checkpointIntervalMin: 40\n"), Map.of()));
        // Young/Daly is optimal for blocking writes, so halving or doubling it cannot raise the ETTR
        ScenarioFile yd = scenario("yd", "");
        Map<String, AlternativeResult> base = evaluate(yd, Map.of());
        for (double f : new double[] {0.5, 2}) {
            Map<String, AlternativeResult> v = evaluate(yd, Map.of("checkpointInterval", f));
            for (String alt : base.keySet()) {
                assertThat(v.get(alt).reliability().ettr())
                        .as(alt + " x" + f)
                        .isLessThanOrEqualTo(base.get(alt).reliability().ettr() + 1e-12);
            }
        }
        assertThat(SensitivityParameter.byId("spareNodes")).isPresent();
        assertThat(SensitivityParameter.byId("checkpointInterval")).isPresent();
    }

    @Test
    void policiesChangeTheJobTheWayTheyShould() throws IOException {
        Map<String, AlternativeResult> strict = evaluate(
                scenario(
                        "strict",
                        "  rerouteFabricFailures: false\n  railLoss: swap-node\n  drainBeforeFailure: false\n"
                                + "  repairSchedule: immediate\n"),
                Map.of());
        Map<String, AlternativeResult> lenient = evaluate(
                scenario("lenient", "  rerouteFabricFailures: true\n  railLoss: degrade\n  drainBeforeFailure: true\n"),
                Map.of());
        for (String alt : strict.keySet()) {
            AlternativeResult s = strict.get(alt);
            AlternativeResult l = lenient.get(alt);
            // rerouting, degraded rails and drains turn network interruptions into slower running or planned stops
            assertThat(l.reliability().networkInterruptionsPerDay())
                    .as(alt)
                    .isLessThan(s.reliability().networkInterruptionsPerDay());
            // GPU, host and software interruptions do not depend on these policies
            assertThat(l.reliability().gpuInterruptionsPerDay())
                    .isEqualTo(s.reliability().gpuInterruptionsPerDay());
            assertThat(l.reliability().softwareInterruptionsPerDay())
                    .isEqualTo(s.reliability().softwareInterruptionsPerDay());
            // the categories add up to the total
            var r = l.reliability();
            assertThat(r.gpuInterruptionsPerDay()
                            + r.networkInterruptionsPerDay()
                            + r.hostInterruptionsPerDay()
                            + r.softwareInterruptionsPerDay())
                    .isCloseTo(r.interruptionsPerDay(), org.assertj.core.data.Offset.offset(1e-9));
            // slower running (rerouted paths, degraded rails) costs goodput, never ETTR: goodput <= ETTR <= 1
            assertThat(r.goodput()).isLessThanOrEqualTo(r.ettr());
            assertThat(r.ettr()).isBetween(0.0, 1.0);
            assertThat(r.goodput()).isLessThan(r.ettr()); // degraded rails do slow the step (step model, not 0)
        }
    }

    @Test
    void swapOrDegradeIsTheModelsDefaultRailLoss() throws IOException {
        assertSame(
                evaluate(scenario("given", "  railLoss: swap-or-degrade\n"), Map.of()),
                evaluate(scenario("absent", ""), Map.of()));
    }

    @Test
    void sweepAxesOnPolicyFields() throws IOException {
        SweepFile sweep = SweepLoader.load(SweepTestFiles.write(dir, """
                sampling: {method: grid}
                axes:
                  - {path: reliability.mode, values: [analytical]}
                  - {path: reliability.spareNodesPercent, values: [0.5, 4]}
                  - {path: reliability.railLoss, values: [swap-node, degrade, swap-or-degrade]}
                objectives: [costPerModelUsd]
                """));
        PointEvaluator pe = new PointEvaluator(sweep, List.of());
        Map<String, Double> ettr = new HashMap<>();
        for (DesignPoint p : new Sampler(sweep).points(0, 6)) {
            for (SweepRow row : pe.evaluate(p).rows()) {
                assertThat(row.ok()).as(row.message()).isTrue();
                ettr.put(
                        row.alternative() + "|" + PointEvaluator.settings(p).get(1) + "|"
                                + PointEvaluator.settings(p).get(2),
                        row.value(Metric.ETTR));
            }
        }
        assertThat(ettr).hasSize(6 * 2);
        for (String alt : List.of("npo-switches", "cpo-switches")) {
            for (String rail : List.of("swap-node", "degrade", "swap-or-degrade")) {
                // more spare nodes never lower the ETTR
                assertThat(ettr.get(alt + "|4|" + rail)).isGreaterThanOrEqualTo(ettr.get(alt + "|0.5|" + rail));
            }
            for (String spares : List.of("0.5", "4")) {
                // swapping only while the spares cover the outage never stops the job more than always swapping
                assertThat(ettr.get(alt + "|" + spares + "|swap-or-degrade"))
                        .as(alt + " " + spares)
                        .isGreaterThanOrEqualTo(ettr.get(alt + "|" + spares + "|swap-node"));
            }
        }
        // an unknown policy word is a located error
        assertThatThrownBy(() -> scenario("bad", "  railLoss: limp\n"))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("railLoss")
                .hasMessageContaining("degrade");
    }
}
