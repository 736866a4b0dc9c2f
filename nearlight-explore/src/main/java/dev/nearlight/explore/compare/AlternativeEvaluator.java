package dev.nearlight.explore.compare;

import dev.nearlight.explore.scenario.Alternative;
import dev.nearlight.explore.scenario.Workload;

/**
 * The seam between the comparison and the models: evaluates one alternative running one workload of a scenario
 * variant through the link, fabric, training, reliability and TCO models, and returns every metric and chart series.
 * The app's {@code Evaluators.forScenario} provides the real implementation. Implementations must be thread-safe (the
 * runner calls them in parallel) and deterministic for a given variant (use the scenario's seed).
 */
@FunctionalInterface
public interface AlternativeEvaluator {
    /**
     * Evaluates one alternative.
     *
     * @param variant the scenario, possibly with sensitivity settings ({@link ScenarioVariant#factor(String)})
     * @param alternative one of the scenario's alternatives
     * @param workload one of the scenario's workloads
     * @return the result, named after {@code alternative} and {@code workload}
     * @throws dev.nearlight.core.InputException when the scenario cannot be evaluated because of bad input
     */
    AlternativeResult evaluate(ScenarioVariant variant, Alternative alternative, Workload workload);

    /**
     * The step model's own error for the step times this evaluator prices ({@link
     * dev.nearlight.sim.train.StepModelError#of}): the sensitivity's {@code stepModel} settings, the break-even's range
     * and the step-time row's boundary all come from it. The shipped model's spread unless the evaluator runs another
     * GPU catalogue.
     */
    default dev.nearlight.sim.train.StepModelError stepModelError() {
        return dev.nearlight.sim.train.StepModelError.shipped();
    }
}
