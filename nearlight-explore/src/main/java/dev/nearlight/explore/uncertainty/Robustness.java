package dev.nearlight.explore.uncertainty;

import dev.nearlight.explore.compare.AlternativeEvaluator;
import dev.nearlight.explore.compare.BreakEven;
import dev.nearlight.explore.compare.Comparison;
import dev.nearlight.explore.compare.SensitivityParameter;
import dev.nearlight.explore.compare.Uncertainty;
import dev.nearlight.explore.scenario.Scenario;
import dev.nearlight.explore.scenario.SensitivitySpec;
import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * Adds the scenario's robustness answers to a comparison: its best rule ({@code sensitivity.bestTolerance} and
 * {@code bestProbability}), the Monte Carlo uncertainty over {@code sensitivity.samples} draws, and the break-evens.
 */
public final class Robustness {
    private Robustness() {}

    /**
     * The comparison with uncertainty and break-evens.
     *
     * @param sampler evaluators over drawn numbers; null skips the uncertainty and catalogue/economics break-evens
     * @param started called once before the Monte Carlo with the number of samples
     */
    public static Comparison add(
            Scenario s,
            Comparison c,
            AlternativeEvaluator evaluator,
            SampleEvaluators sampler,
            ExecutorService pool,
            java.util.function.IntConsumer started) {
        SensitivitySpec spec = s.sensitivity();
        c = c.withBestRule(spec.bestTolerance(), spec.bestProbability());
        if (!spec.enabled()) {
            return c;
        }
        Uncertainty u = null;
        if (sampler != null && spec.samples() > 0) {
            started.accept(spec.samples());
            u = new UncertaintyAnalysis(pool).run(s, c.results(), spec.samples(), sampler, i -> {});
        }
        List<SensitivityParameter> params = spec.parameters().isEmpty()
                ? SensitivityParameter.standard(evaluator.stepModelError())
                : spec.parameters().stream()
                        .map(id -> SensitivityParameter.byId(id, evaluator.stepModelError())
                                .orElseThrow())
                        .toList();
        boolean needsSampler = spec.breakEven() != null
                && spec.breakEven().stream().anyMatch(b -> b.parameter().contains(":"));
        List<BreakEven> be = sampler == null && needsSampler
                ? List.of()
                : BreakEvenAnalysis.run(s, c.results(), evaluator, sampler, params);
        return c.with(u, be);
    }
}
