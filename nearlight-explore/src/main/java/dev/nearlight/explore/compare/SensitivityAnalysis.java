package dev.nearlight.explore.compare;

import dev.nearlight.explore.scenario.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/**
 * One-at-a-time sensitivity: each parameter is set to its low and its high value with everything else at the
 * baseline, and the model is evaluated at each setting (in parallel; results are collected in parameter order, so the
 * outcome does not depend on thread timing).
 */
public final class SensitivityAnalysis {
    private final ExecutorService executor;

    /** An analysis that runs its evaluations on {@code executor} (not shut down here). */
    public SensitivityAnalysis(ExecutorService executor) {
        this.executor = executor;
    }

    /**
     * The tornado of {@code model} around {@code base}.
     *
     * @param metric the metric the model computes (for labels)
     * @param alternative the alternative name (for labels)
     * @param workload the workload name (for labels)
     * @param base the scenario as written
     * @param baseline the model's value at {@code base}
     * @param parameters the parameters to vary
     * @param model the model: variant to metric value
     * @param stepDone called after each evaluation with a label (from worker threads)
     */
    public Tornado run(
            Metric metric,
            String alternative,
            String workload,
            Scenario base,
            double baseline,
            List<SensitivityParameter> parameters,
            ToDoubleFunction<ScenarioVariant> model,
            Consumer<String> stepDone) {
        List<Future<Double>> futures = new ArrayList<>();
        for (SensitivityParameter p : parameters) {
            for (double setting : new double[] {p.low(), p.high()}) {
                String label = p.label() + " " + (setting == p.low() ? p.lowLabel() : p.highLabel());
                futures.add(executor.submit(() -> {
                    double v = model.applyAsDouble(p.variant(base, setting));
                    stepDone.accept(label);
                    return v;
                }));
            }
        }
        List<TornadoBar> bars = new ArrayList<>();
        for (int i = 0; i < parameters.size(); i++) {
            SensitivityParameter p = parameters.get(i);
            double low = ComparisonRunner.await(futures, 2 * i);
            double high = ComparisonRunner.await(futures, 2 * i + 1);
            bars.add(new TornadoBar(p.id(), p.label(), p.lowLabel(), p.highLabel(), low, high));
        }
        return new Tornado(metric, alternative, workload, baseline, bars);
    }
}
