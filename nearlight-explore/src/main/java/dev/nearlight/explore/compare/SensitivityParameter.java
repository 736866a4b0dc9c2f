package dev.nearlight.explore.compare;

import dev.nearlight.explore.scenario.Economics;
import dev.nearlight.explore.scenario.Environment;
import dev.nearlight.explore.scenario.Scenario;
import dev.nearlight.sim.train.StepModelError;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * A parameter of the one-at-a-time sensitivity analysis: its low and high setting and how a setting changes the
 * scenario. Parameters with no scenario field ({@code laserFit}, {@code opticsPrice}, {@code repairTime}, {@code
 * spareNodes}, {@code checkpointInterval}, {@code stepModel}) leave the scenario unchanged and reach the evaluator
 * through {@link ScenarioVariant#factor(String)}.
 *
 * @param id stable id (used in scenario files and JSON)
 * @param label human-readable name
 * @param low low setting (a factor or an offset, as the parameter defines)
 * @param high high setting
 * @param lowLabel how the low setting is shown, e.g. {@code x0.5}
 * @param highLabel how the high setting is shown
 * @param apply the scenario at a setting (identity for factor-only parameters)
 */
public record SensitivityParameter(
        String id,
        String label,
        double low,
        double high,
        String lowLabel,
        String highLabel,
        BiFunction<Scenario, Double, Scenario> apply) {

    /** The variant of {@code base} with this parameter at {@code setting}. */
    public ScenarioVariant variant(Scenario base, double setting) {
        return new ScenarioVariant(apply.apply(base, setting), java.util.Map.of(id, setting));
    }

    /** A factor-only parameter the evaluator reads with {@link ScenarioVariant#factor(String)}. */
    public static SensitivityParameter factor(String id, String label, double low, double high) {
        return new SensitivityParameter(id, label, low, high, "x" + fmt(low), "x" + fmt(high), (s, v) -> s);
    }

    /**
     * Id of the step model's own error: a factor on the whole training step, common to every column of a comparison
     * (the GPUs and the model are the same; only the optics differ). Its low and high settings are the 5 % and 95 %
     * quantiles of measured / predicted step time on the published runs the step model was not fitted to ({@link
     * StepModelError#shipped()}), and the Monte Carlo draws it from the same runs.
     */
    public static final String STEP_MODEL = "stepModel";

    /** The step-model error parameter: 5 % and 95 % quantiles of {@code error}'s measured / predicted step time. */
    public static SensitivityParameter stepModel(StepModelError error) {
        double lo = error.quantile(StepModelError.BAND_LOW);
        double hi = error.quantile(StepModelError.BAND_HIGH);
        return new SensitivityParameter(
                STEP_MODEL,
                "Step-model error",
                lo,
                hi,
                String.format(java.util.Locale.ROOT, "x%.2f", lo),
                String.format(java.util.Locale.ROOT, "x%.2f", hi),
                (s, v) -> s);
    }

    /**
     * The standard parameters: electricity price x0.5..x2, PUE overhead x0.5..x2, optics price x0.5..x2, laser FIT
     * x0.5..x4, time to repair x0.5..x4, spare nodes x0.5..x4, checkpoint interval x0.5..x2, coolant temperature
     * -15..+15 C, value of a GPU-hour x0.5..x2, and the step model's error against published runs ({@link
     * #stepModel}).
     */
    public static List<SensitivityParameter> standard() {
        return standard(StepModelError.shipped());
    }

    /** {@link #standard()} with the step model's error measured for the catalogue a comparison runs. */
    public static List<SensitivityParameter> standard(StepModelError stepModelError) {
        return List.of(
                new SensitivityParameter(
                        "electricityPrice",
                        "Electricity price",
                        0.5,
                        2,
                        "x0.5",
                        "x2",
                        (s, f) -> s.withEconomics(s.economics()
                                .withElectricityUsdPerKwh(s.economics().electricityUsdPerKwh() * f))),
                new SensitivityParameter("pue", "PUE overhead", 0.5, 2, "x0.5", "x2", (s, f) -> {
                    Economics e = s.economics();
                    return s.withEconomics(e.withPue(Math.min(5.0, 1.0 + (e.pue() - 1.0) * f)));
                }),
                factor("opticsPrice", "Optics price", 0.5, 2),
                factor("laserFit", "Laser FIT", 0.5, 4),
                factor("repairTime", "Time to repair", 0.5, 4),
                // job policies: the evaluator scales the spare nodes (count, or the model's share of the nodes) and
                // the checkpoint interval in use (given, or Young/Daly)
                factor("spareNodes", "Spare nodes", 0.5, 4),
                factor("checkpointInterval", "Checkpoint interval", 0.5, 2),
                new SensitivityParameter("coolantC", "Coolant temperature", -15, 15, "-15 C", "+15 C", (s, d) -> {
                    Environment env = s.environment();
                    double t = Math.max(-10.0, Math.min(70.0, env.coolantC() + d));
                    return s.withEnvironment(new Environment(env.cooling(), t));
                }),
                new SensitivityParameter(
                        "gpuHourValue",
                        "Value of a GPU-hour",
                        0.5,
                        2,
                        "x0.5",
                        "x2",
                        (s, f) -> s.withEconomics(
                                s.economics().withGpuHourUsd(s.economics().gpuHourUsd() * f))),
                stepModel(stepModelError));
    }

    /**
     * The settings a break-even search covers: -30..+30 C for the coolant offset; the measured extremes for the step
     * model's error (a factor outside what the published runs showed is not a question the model can answer); x0.1..x10
     * for every other factor.
     */
    public double[] searchRange() {
        return searchRange(StepModelError.shipped());
    }

    /** {@link #searchRange()} with the step model's error measured for the catalogue a comparison runs. */
    public double[] searchRange(StepModelError stepModelError) {
        if (id.equals("coolantC")) {
            return new double[] {-30, 30};
        }
        if (id.equals(STEP_MODEL)) {
            return new double[] {stepModelError.quantile(0), stepModelError.quantile(1)};
        }
        return new double[] {0.1, 10};
    }

    /** The standard parameter with this id. */
    public static Optional<SensitivityParameter> byId(String id) {
        return byId(id, StepModelError.shipped());
    }

    /** {@link #byId(String)} with the step model's error measured for the catalogue a comparison runs. */
    public static Optional<SensitivityParameter> byId(String id, StepModelError stepModelError) {
        return standard(stepModelError).stream().filter(p -> p.id().equals(id)).findFirst();
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
