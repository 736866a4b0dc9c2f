package dev.nearlight.explore.compare;

import java.util.List;
import java.util.Optional;

/**
 * The result of {@code nearlight compare}: one column per alternative (and workload, when there are several), one
 * {@link Row} per {@link Metric} with the robust best marked, the sensitivity tornado of every alternative, and, when
 * run, the Monte Carlo uncertainty and the break-even settings.
 *
 * @param scenarioName the scenario's name
 * @param description the scenario's description
 * @param fidelity the network fidelity id used
 * @param seed the root seed used
 * @param results the columns, in scenario order (workload-major, then alternatives)
 * @param tornados one tornado per alternative of the first workload (the chosen one first); empty when disabled
 * @param uncertainty the Monte Carlo uncertainty, or null when not run
 * @param breakEvens break-even settings (empty when none were asked or found)
 * @param tolerance relative difference below which two values tie
 * @param threshold share of samples in which a column must be best to be marked
 * @param stepModelError the step model's own error the step-time band and its boundary come from
 */
public record Comparison(
        String scenarioName,
        String description,
        String fidelity,
        long seed,
        List<AlternativeResult> results,
        List<Tornado> tornados,
        Uncertainty uncertainty,
        List<BreakEven> breakEvens,
        double tolerance,
        double threshold,
        dev.nearlight.sim.train.StepModelError stepModelError) {
    /** Copies the lists. */
    public Comparison {
        results = List.copyOf(results);
        tornados = List.copyOf(tornados);
        breakEvens = List.copyOf(breakEvens);
    }

    /** A comparison without uncertainty and break-evens, at the default tolerance and threshold. */
    public Comparison(
            String scenarioName,
            String description,
            String fidelity,
            long seed,
            List<AlternativeResult> results,
            List<Tornado> tornados,
            dev.nearlight.sim.train.StepModelError stepModelError) {
        this(
                scenarioName,
                description,
                fidelity,
                seed,
                results,
                tornados,
                null,
                List.of(),
                Row.DEFAULT_TOLERANCE,
                Row.DEFAULT_THRESHOLD,
                stepModelError);
    }

    /** The same comparison with Monte Carlo results and break-evens added. */
    public Comparison with(Uncertainty u, List<BreakEven> b) {
        return copy(u, b, tolerance, threshold);
    }

    /** The same comparison with another tie tolerance and best threshold. */
    public Comparison withBestRule(double tol, double thr) {
        return copy(uncertainty, breakEvens, tol, thr);
    }

    private Comparison copy(Uncertainty u, List<BreakEven> b, double tol, double thr) {
        return new Comparison(
                scenarioName, description, fidelity, seed, results, tornados, u, b, tol, thr, stepModelError);
    }

    /** One row per metric, in {@link Metric} order. */
    public List<Row> rows() {
        return java.util.Arrays.stream(Metric.values())
                .map(m -> Row.of(m, results, uncertainty, tolerance, threshold))
                .toList();
    }

    /** What a row contains: the metric's boundary, or for the cost per run the components the policy charged. */
    public String contains(Metric m) {
        if (m == Metric.COST_PER_MODEL && !results.isEmpty()) {
            return "whole cluster, one run: " + results.get(0).cost().run().contains();
        }
        if ((m == Metric.LINK_ENERGY || m == Metric.LINK_POWER || m == Metric.PORT_POWER)
                && results.stream().anyMatch(r -> Double.isFinite(r.link().lengthM()))) {
            // the lengths the layout gave each column's main link, so the row can be checked against a datasheet
            StringBuilder sb = new StringBuilder(m.contains()).append("; lengths:");
            for (int i = 0; i < results.size(); i++) {
                double len = results.get(i).link().lengthM();
                sb.append(i == 0 ? " " : ", ")
                        .append(columnLabel(i))
                        .append(' ')
                        .append(Double.isFinite(len) ? String.format(java.util.Locale.ROOT, "%.1f m", len) : "n/a");
            }
            return sb.toString();
        }
        if (m == Metric.STEP_TIME) {
            String b = Metric.stepTimeBoundary(stepModelError);
            double shortest = results.stream()
                    .mapToDouble(r -> r.training().stepTimeS())
                    .filter(Double::isFinite)
                    .min()
                    .orElse(Double.NaN);
            // the same domain sentence train prints: below the shortest run behind the band the band says nothing
            String outside = Double.isFinite(shortest) ? stepModelError.outsideNote(shortest) : "";
            return outside.isEmpty() ? b : b + "; " + outside;
        }
        return m.contains();
    }

    /** The tornado of the chosen alternative (the first), if one was run. */
    public Optional<Tornado> sensitivity() {
        return tornados.isEmpty() ? Optional.empty() : Optional.of(tornados.get(0));
    }

    /** The Monte Carlo uncertainty, if run. */
    public Optional<Uncertainty> uncertaintyResult() {
        return Optional.ofNullable(uncertainty);
    }

    /** Whether the columns span more than one workload (labels then name both). */
    public boolean multipleWorkloads() {
        return results.stream().map(AlternativeResult::workload).distinct().count() > 1;
    }

    /** The label of column {@code i}: the alternative, plus the workload when there are several. */
    public String columnLabel(int i) {
        AlternativeResult r = results.get(i);
        return multipleWorkloads() ? r.alternative() + " / " + r.workload() : r.alternative();
    }
}
