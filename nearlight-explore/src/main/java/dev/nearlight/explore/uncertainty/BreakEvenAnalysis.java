package dev.nearlight.explore.uncertainty;

import dev.nearlight.core.catalogue.Param;
import dev.nearlight.explore.compare.AlternativeEvaluator;
import dev.nearlight.explore.compare.AlternativeResult;
import dev.nearlight.explore.compare.BreakEven;
import dev.nearlight.explore.compare.Metric;
import dev.nearlight.explore.compare.ScenarioVariant;
import dev.nearlight.explore.compare.SensitivityParameter;
import dev.nearlight.explore.scenario.BreakEvenSpec;
import dev.nearlight.explore.scenario.Scenario;
import dev.nearlight.explore.scenario.ScenarioFile;
import dev.nearlight.explore.scenario.SensitivitySpec;
import dev.nearlight.explore.scenario.Workload;
import dev.nearlight.sim.reliability.ReliabilityDefaults;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleFunction;

/**
 * Answers a scenario's break-even questions on its sensitivity metric and first workload: for a sensitivity parameter
 * the scenario variant at each setting (over {@link SensitivityParameter#searchRange()}: a factor over x0.1..x10, the
 * coolant offset over -30..+30 C, the step model's error over its measured extremes); for
 * {@code catalogue:<path>} or {@code economics:<key>} an evaluator over the numbers with that one value set, searched
 * over a quarter of its catalogued minimum to four times its maximum. Without questions, the best and the runner-up on
 * the metric are compared over each of the scenario's sensitivity parameters.
 */
public final class BreakEvenAnalysis {
    /** Prefix of a catalogue parameter. */
    public static final String CATALOGUE = "catalogue:";

    /** Prefix of an economics-defaults parameter. */
    public static final String ECONOMICS = "economics:";

    /** Prefix of a reliability-defaults parameter ({@code job.<key>} or {@code common.<key>}). */
    public static final String RELIABILITY = "reliability:";

    /** A {@code job.<key>} or {@code common.<key>} number of the shipped reliability defaults. */
    static java.util.Optional<Param> reliabilityParam(ReliabilityDefaults d, String path) {
        int dot = path.indexOf('.');
        if (dot < 0) {
            return java.util.Optional.empty();
        }
        String section = path.substring(0, dot);
        String key = path.substring(dot + 1);
        return java.util.Optional.ofNullable(
                switch (section) {
                    case "job" -> d.job().get(key);
                    case "common" -> d.common().get(key);
                    default -> null;
                });
    }

    /** The reliability defaults with one {@code job.<key>} or {@code common.<key>} number set to {@code value}. */
    static ReliabilityDefaults withReliabilityParam(ReliabilityDefaults d, String path, double value) {
        int dot = path.indexOf('.');
        boolean job = path.substring(0, dot).equals("job");
        String key = path.substring(dot + 1);
        Map<String, Param> m = new java.util.LinkedHashMap<>(job ? d.job() : d.common());
        Param p = m.get(key);
        m.put(key, p.withValue(value));
        return new ReliabilityDefaults(
                job ? d.common() : m, job ? m : d.job(), d.technologies(), d.flaps(), d.policies());
    }

    private BreakEvenAnalysis() {}

    /** Checks the break-even questions of a scenario file, at their lines. */
    public static void validate(ScenarioFile file, SampleEvaluators factory) {
        SensitivitySpec spec = file.scenario().sensitivity();
        if (spec.breakEven() == null) {
            return;
        }
        List<String> names =
                file.scenario().alternatives().stream().map(a -> a.name()).toList();
        for (int i = 0; i < spec.breakEven().size(); i++) {
            BreakEvenSpec b = spec.breakEven().get(i);
            String at = "sensitivity.breakEven[" + i + "]";
            for (String n : b.between()) {
                if (!names.contains(n)) {
                    throw file.problem(at + ".between", "unknown alternative '" + n + "'", "use two of " + names);
                }
            }
            String p = b.parameter();
            boolean ok;
            if (p.startsWith(CATALOGUE)) {
                ok = factory.baseCatalogue()
                        .param(p.substring(CATALOGUE.length()))
                        .isPresent();
            } else if (p.startsWith(ECONOMICS)) {
                ok = factory.baseEconomics()
                        .find(p.substring(ECONOMICS.length()))
                        .isPresent();
            } else if (p.startsWith(RELIABILITY)) {
                ok = reliabilityParam(ReliabilityDefaults.load(), p.substring(RELIABILITY.length()))
                        .isPresent();
            } else {
                ok = SensitivityParameter.byId(p).isPresent();
            }
            if (!ok) {
                throw file.problem(
                        at + ".parameter",
                        "unknown parameter '" + p + "'",
                        "use a sensitivity parameter ("
                                + String.join(
                                        ", ",
                                        SensitivityParameter.standard().stream()
                                                .map(SensitivityParameter::id)
                                                .toList())
                                + "), catalogue:<kind/id/field> (nearlight catalogue show ID), economics:<key> or"
                                + " reliability:job.<key> / reliability:common.<key> (reliability/defaults.yaml)");
            }
        }
    }

    /** The break-evens of a comparison's results. */
    public static List<BreakEven> run(
            Scenario s,
            List<AlternativeResult> results,
            AlternativeEvaluator evaluator,
            SampleEvaluators factory,
            List<SensitivityParameter> parameters) {
        SensitivitySpec spec = s.sensitivity();
        Metric metric = Metric.byId(spec.metric()).orElseThrow();
        Workload w = s.workloads().get(0);
        List<AlternativeResult> first =
                results.stream().filter(r -> r.workload().equals(w.name())).toList();
        List<BreakEvenSpec> questions = new ArrayList<>();
        if (spec.breakEven() != null) {
            questions.addAll(spec.breakEven());
        } else {
            List<AlternativeResult> ranked = new ArrayList<>(first.stream()
                    .filter(r -> Double.isFinite(metric.valueOf(r)))
                    .toList());
            ranked.sort((a, b) -> metric.better().isBetter(metric.valueOf(a), metric.valueOf(b))
                    ? -1
                    : metric.better().isBetter(metric.valueOf(b), metric.valueOf(a)) ? 1 : 0);
            if (ranked.size() < 2) {
                return List.of();
            }
            for (SensitivityParameter p : parameters) {
                questions.add(new BreakEvenSpec(
                        p.id(),
                        List.of(ranked.get(0).alternative(), ranked.get(1).alternative())));
            }
        }
        List<BreakEven> out = new ArrayList<>();
        for (BreakEvenSpec q : questions) {
            out.add(one(s, w, metric, q, evaluator, factory));
        }
        return out;
    }

    private static BreakEven one(
            Scenario s,
            Workload w,
            Metric metric,
            BreakEvenSpec q,
            AlternativeEvaluator evaluator,
            SampleEvaluators factory) {
        var a = s.alternative(q.between().get(0));
        var b = s.alternative(q.between().get(1));
        String p = q.parameter();
        DoubleFunction<double[]> f;
        String label, unit;
        double base, low, high;
        if (p.startsWith(RELIABILITY)) {
            String path = p.substring(RELIABILITY.length());
            Param param = reliabilityParam(ReliabilityDefaults.load(), path).orElseThrow();
            label = path;
            unit = param.unit();
            base = param.value();
            // the catalogued range, widened to zero below (a policy such as spare nodes is searched from none)
            low = 0;
            high = param.max() > 0 ? param.max() * 4 : 1;
            Map<Double, AlternativeEvaluator> evaluators = new ConcurrentHashMap<>();
            ScenarioVariant v = ScenarioVariant.of(s);
            f = x -> {
                AlternativeEvaluator ev = evaluators.computeIfAbsent(
                        x,
                        k -> factory.evaluator(
                                factory.baseCatalogue(),
                                factory.baseEconomics(),
                                d -> withReliabilityParam(d, path, k)));
                return new double[] {metric.valueOf(ev.evaluate(v, a, w)), metric.valueOf(ev.evaluate(v, b, w))};
            };
        } else if (p.startsWith(CATALOGUE) || p.startsWith(ECONOMICS)) {
            boolean cat = p.startsWith(CATALOGUE);
            String path = p.substring(cat ? CATALOGUE.length() : ECONOMICS.length());
            Param param = cat
                    ? factory.baseCatalogue().param(path).orElseThrow()
                    : factory.baseEconomics().find(path).orElseThrow();
            label = path;
            unit = param.unit();
            base = param.value();
            low = param.min() > 0 ? param.min() / 4 : param.min();
            high = param.max() > 0 ? param.max() * 4 : 1;
            if (!cat && unit.startsWith("fraction")) {
                low = 0;
                high = 1;
            }
            Map<Double, AlternativeEvaluator> evaluators = new ConcurrentHashMap<>();
            ScenarioVariant v = ScenarioVariant.of(s);
            f = x -> {
                AlternativeEvaluator ev = evaluators.computeIfAbsent(
                        x,
                        k -> cat
                                ? factory.evaluator(factory.baseCatalogue().withParam(path, k), factory.baseEconomics())
                                : factory.evaluator(
                                        factory.baseCatalogue(),
                                        factory.baseEconomics()
                                                .mapParams((pp, pr) ->
                                                        pp.equals("economics/" + path) ? pr.withValue(k) : pr)));
                return new double[] {metric.valueOf(ev.evaluate(v, a, w)), metric.valueOf(ev.evaluate(v, b, w))};
            };
        } else {
            SensitivityParameter sp =
                    SensitivityParameter.byId(p, evaluator.stepModelError()).orElseThrow();
            label = sp.label();
            boolean offset = sp.id().equals("coolantC");
            unit = offset ? "C" : "x";
            base = offset ? 0 : 1;
            low = sp.searchRange(evaluator.stepModelError())[0];
            high = sp.searchRange(evaluator.stepModelError())[1];
            f = x -> {
                ScenarioVariant v = sp.variant(s, x);
                return new double[] {
                    metric.valueOf(evaluator.evaluate(v, a, w)), metric.valueOf(evaluator.evaluate(v, b, w))
                };
            };
        }
        // never search where a catalogue number would be refused (e.g. 0 < x < 1 Gb/s, PhysicalUnit)
        double[] bracket = dev.nearlight.core.catalogue.PhysicalUnit.searchBracket(unit, low, high);
        return BreakEvenSolver.solve(
                p, label, unit, metric, a.name(), b.name(), w.name(), base, bracket[0], bracket[1], f);
    }
}
