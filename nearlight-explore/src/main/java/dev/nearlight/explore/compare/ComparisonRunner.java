package dev.nearlight.explore.compare;

import dev.nearlight.explore.scenario.Alternative;
import dev.nearlight.explore.scenario.Scenario;
import dev.nearlight.explore.scenario.ScenarioFile;
import dev.nearlight.explore.scenario.SensitivitySpec;
import dev.nearlight.explore.scenario.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Runs a comparison: evaluates every alternative for every workload in parallel on an {@link ExecutorService}, collects
 * the results in scenario order (so the output never depends on thread timing), then runs the sensitivity tornado of
 * the scenario's chosen metric. Progress goes to a {@link ComparisonListener}, one call at a time.
 */
public final class ComparisonRunner {
    private final AlternativeEvaluator evaluator;
    private final ExecutorService executor;

    /** A runner using {@code evaluator} on {@code executor} (the caller owns and shuts down the executor). */
    public ComparisonRunner(AlternativeEvaluator evaluator, ExecutorService executor) {
        this.evaluator = evaluator;
        this.executor = executor;
    }

    /**
     * Checks the parts of a scenario file that name comparison ids (the sensitivity metric, alternative and
     * parameters), reporting an unknown id at its line and column.
     */
    public static void validate(ScenarioFile file) {
        SensitivitySpec spec = file.scenario().sensitivity();
        if (Metric.byId(spec.metric()).isEmpty()) {
            throw file.problem(
                    "sensitivity.metric",
                    "unknown metric '" + spec.metric() + "'",
                    "use one of " + String.join(", ", Metric.ids()));
        }
        List<String> known = SensitivityParameter.standard().stream()
                .map(SensitivityParameter::id)
                .toList();
        for (int i = 0; i < spec.parameters().size(); i++) {
            String id = spec.parameters().get(i);
            if (!known.contains(id)) {
                throw file.problem(
                        "sensitivity.parameters[" + i + "]",
                        "unknown parameter '" + id + "'",
                        "use some of " + String.join(", ", known));
            }
        }
    }

    /** The number of evaluations {@link #run} performs for {@code scenario}. */
    public static int totalSteps(Scenario scenario) {
        int base = scenario.alternatives().size() * scenario.workloads().size();
        return base
                + 2
                        * sensitivityParameters(scenario).size()
                        * scenario.alternatives().size();
    }

    /** Runs the comparison. Bad input found by the evaluator propagates as the evaluator threw it. */
    public Comparison run(Scenario scenario, ComparisonListener listener) {
        ComparisonListener serial = synchronizedListener(listener);
        int total = totalSteps(scenario);
        int[] done = {0};
        serial.started(total);
        try {
            ScenarioVariant baseline = ScenarioVariant.of(scenario);
            List<Future<AlternativeResult>> futures = new ArrayList<>();
            for (Workload w : scenario.workloads()) {
                for (Alternative a : scenario.alternatives()) {
                    String label = a.name() + " / " + w.name();
                    futures.add(executor.submit(() -> {
                        AlternativeResult r = evaluator.evaluate(baseline, a, w);
                        if (!r.alternative().equals(a.name()) || !r.workload().equals(w.name())) {
                            throw new IllegalStateException(
                                    "evaluator returned " + r.alternative() + "/" + r.workload() + " for " + label);
                        }
                        step(serial, done, total, label);
                        return r;
                    }));
                }
            }
            List<AlternativeResult> results = new ArrayList<>();
            try {
                for (int i = 0; i < futures.size(); i++) {
                    results.add(await(futures, i));
                }
            } catch (RuntimeException e) {
                futures.forEach(f -> f.cancel(true));
                throw e;
            }
            List<Tornado> tornados = tornados(scenario, results, serial, done, total);
            return new Comparison(
                    scenario.name(),
                    scenario.description(),
                    scenario.fidelity().id(),
                    scenario.seed(),
                    results,
                    tornados,
                    evaluator.stepModelError());
        } finally {
            serial.finished();
        }
    }

    /** The tornado of every alternative of the first workload: the chosen (or best) one first, then scenario order. */
    private List<Tornado> tornados(
            Scenario scenario, List<AlternativeResult> results, ComparisonListener serial, int[] done, int total) {
        SensitivitySpec spec = scenario.sensitivity();
        List<SensitivityParameter> params = sensitivityParameters(scenario, evaluator.stepModelError());
        if (params.isEmpty()) {
            return List.of();
        }
        Metric metric = Metric.byId(spec.metric())
                .orElseThrow(() -> new IllegalArgumentException("unknown metric " + spec.metric()));
        Workload workload = scenario.workloads().get(0);
        List<AlternativeResult> first = results.stream()
                .filter(r -> r.workload().equals(workload.name()))
                .toList();
        AlternativeResult subject;
        if (spec.alternative() != null) {
            subject = first.stream()
                    .filter(r -> r.alternative().equals(spec.alternative()))
                    .findFirst()
                    .orElseThrow();
        } else {
            subject = first.get(0);
            for (AlternativeResult r : first) {
                if (metric.better().isBetter(metric.valueOf(r), metric.valueOf(subject))) {
                    subject = r;
                }
            }
        }
        List<AlternativeResult> order = new ArrayList<>();
        order.add(subject);
        for (AlternativeResult r : first) {
            if (r != subject) {
                order.add(r);
            }
        }
        List<Tornado> out = new ArrayList<>();
        for (AlternativeResult r : order) {
            Alternative alternative = scenario.alternative(r.alternative());
            out.add(new SensitivityAnalysis(executor)
                    .run(
                            metric,
                            r.alternative(),
                            workload.name(),
                            scenario,
                            metric.valueOf(r),
                            params,
                            v -> metric.valueOf(evaluator.evaluate(v, alternative, workload)),
                            label -> step(serial, done, total, "sensitivity " + r.alternative() + ": " + label)));
        }
        return out;
    }

    private static List<SensitivityParameter> sensitivityParameters(Scenario scenario) {
        return sensitivityParameters(scenario, dev.nearlight.sim.train.StepModelError.shipped());
    }

    private static List<SensitivityParameter> sensitivityParameters(
            Scenario scenario, dev.nearlight.sim.train.StepModelError stepModelError) {
        SensitivitySpec spec = scenario.sensitivity();
        if (!spec.enabled()) {
            return List.of();
        }
        if (spec.parameters().isEmpty()) {
            return SensitivityParameter.standard(stepModelError);
        }
        return spec.parameters().stream()
                .map(id -> SensitivityParameter.byId(id, stepModelError)
                        .orElseThrow(() -> new IllegalArgumentException("unknown sensitivity parameter " + id)))
                .toList();
    }

    private static void step(ComparisonListener serial, int[] done, int total, String label) {
        synchronized (done) {
            done[0]++;
            serial.stepFinished(done[0], total, label);
        }
    }

    /** Waits for future {@code i}, rethrowing the task's own runtime exception (e.g. an InputException) as is. */
    static <T> T await(List<Future<T>> futures, int i) {
        try {
            return futures.get(i).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("comparison interrupted", e);
        } catch (CancellationException e) {
            throw new IllegalStateException("comparison cancelled", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(c);
        }
    }

    private static ComparisonListener synchronizedListener(ComparisonListener l) {
        return new ComparisonListener() {
            @Override
            public synchronized void started(int totalSteps) {
                l.started(totalSteps);
            }

            @Override
            public synchronized void stepFinished(int done, int total, String label) {
                l.stepFinished(done, total, label);
            }

            @Override
            public synchronized void finished() {
                l.finished();
            }
        };
    }
}
