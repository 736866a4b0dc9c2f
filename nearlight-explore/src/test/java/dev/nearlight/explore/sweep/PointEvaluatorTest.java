package dev.nearlight.explore.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nearlight.explore.cluster.Evaluators;
import dev.nearlight.explore.compare.AlternativeEvaluator;
import dev.nearlight.explore.compare.Metric;
import dev.nearlight.explore.compare.ScenarioVariant;
import dev.nearlight.explore.scenario.ScenarioFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Points that differ only in {@link PointEvaluator#PER_EVALUATION_FIELDS} share one evaluator (and its fabrics); this
 * checks on seeded random points over every such field that the shared evaluator gives exactly the numbers a fresh
 * {@link Evaluators#forScenario} evaluator gives.
 */
class PointEvaluatorTest {
    @TempDir
    Path dir;

    @Test
    void sharedEvaluatorsGiveTheNumbersOfFreshOnes() throws IOException {
        SweepFile sweep = SweepLoader.load(SweepTestFiles.write(dir, """
                sampling: {method: random, points: 6, seed: 3}
                axes:
                  - {path: cluster.fabric.rate, values: [800G]}
                  - {path: economics.electricityUsdPerKwh, range: [0.02, 0.3]}
                  - {path: economics.pue, range: [1.05, 2.0]}
                  - {path: economics.discountRate, range: [0, 0.15]}
                  - {path: economics.lifetimeYears, range: [2, 8], integer: true}
                  - {path: economics.gpuHourUsd, log: [0.5, 10]}
                  - {path: economics.includeGpus, values: [true, false]}
                  - {path: economics.prices.switchUsd, range: [20000, 90000]}
                  - {path: economics.prices.gpuUsd, range: [15000, 40000]}
                  - {path: economics.prices.opticsUsdPerGbps, values: [{npo: 0.4}, {cpo: 0.3, pluggable: 0.9}]}
                objectives: [costPerModelUsd]
                """));
        PointEvaluator shared = new PointEvaluator(sweep, List.of());
        for (DesignPoint p : new Sampler(sweep).points(0, 6)) {
            PointResult r = shared.evaluate(p);
            ScenarioFile file = shared.scenario(p);
            AlternativeEvaluator fresh = Evaluators.forScenario(file, List.of());
            for (SweepRow row : r.rows()) {
                assertThat(row.ok()).as(row.message()).isTrue();
                var alt = file.scenario().alternative(row.alternative());
                var res = fresh.evaluate(
                        ScenarioVariant.of(file.scenario()),
                        alt,
                        file.scenario().workloads().get(0));
                for (Metric m : Metric.values()) {
                    assertThat(row.value(m)).as(m.id() + " at point " + p.id()).isEqualTo(m.valueOf(res));
                }
            }
        }
    }
}
