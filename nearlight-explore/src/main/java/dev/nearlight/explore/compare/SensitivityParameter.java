package dev.nearlight.explore.compare;

import dev.nearlight.explore.scenario.Economics;
import dev.nearlight.explore.scenario.Environment;
import dev.nearlight.explore.scenario.Scenario;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * A parameter of the one-at-a-time sensitivity analysis: its low and high setting and how a setting changes the
 * scenario. Parameters with no scenario field ({@code laserFit}, {@code opticsPrice}, {@code repairTime}, {@code
 * spareNodes}, {@code checkpointInterval}) leave the
 * scenario unchanged and reach the evaluator through {@link ScenarioVariant#factor(String)}.
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
     * The standard parameters: electricity price x0.5..x2, PUE overhead x0.5..x2, optics price x0.5..x2, laser FIT
     * x0.5..x4, time to repair x0.5..x4, spare nodes x0.5..x4, checkpoint interval x0.5..x2, coolant temperature
     * -15..+15 C, value of a GPU-hour x0.5..x2.
     */
    public static List<SensitivityParameter> standard() {
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
                                s.economics().withGpuHourUsd(s.economics().gpuHourUsd() * f))));
    }

    /** The standard parameter with this id. */
    public static Optional<SensitivityParameter> byId(String id) {
        return standard().stream().filter(p -> p.id().equals(id)).findFirst();
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
