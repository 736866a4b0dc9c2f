package dev.nearlight.explore.compare;

import dev.nearlight.explore.scenario.Scenario;
import java.util.Map;
import java.util.TreeMap;

/**
 * A scenario as evaluated: the scenario itself (possibly with economics or environment changed by a sensitivity) plus
 * the settings of sensitivity parameters that have no scenario field (laser FIT, optics price, time to repair). An
 * evaluator reads those with {@link #factor(String)} (1 when not set) or {@link #delta(String)} (0 when not set).
 *
 * @param scenario the scenario to evaluate
 * @param settings parameter id to its setting
 */
public record ScenarioVariant(Scenario scenario, Map<String, Double> settings) {
    /** Copies the settings. */
    public ScenarioVariant {
        if (scenario == null) {
            throw new IllegalArgumentException("scenario is required");
        }
        settings = Map.copyOf(new TreeMap<>(settings));
    }

    /** The scenario as written, with no sensitivity settings. */
    public static ScenarioVariant of(Scenario scenario) {
        return new ScenarioVariant(scenario, Map.of());
    }

    /** The multiplier set for {@code parameterId}, 1 when not set (e.g. {@code laserFit}, {@code opticsPrice}). */
    public double factor(String parameterId) {
        return settings.getOrDefault(parameterId, 1.0);
    }

    /** The offset set for {@code parameterId}, 0 when not set. */
    public double delta(String parameterId) {
        return settings.getOrDefault(parameterId, 0.0);
    }

    /** Whether this is the scenario as written. */
    public boolean isBaseline() {
        return settings.isEmpty();
    }
}
