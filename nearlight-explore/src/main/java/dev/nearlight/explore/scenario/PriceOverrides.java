package dev.nearlight.explore.scenario;

import java.util.Map;
import java.util.TreeMap;

/**
 * Optional price overrides for the capex roll-up; anything absent comes from the catalogue.
 *
 * @param opticsUsdPerGbps optics price by technology id, in USD per Gb/s
 * @param switchUsd price of one switch without optics, in USD
 * @param gpuUsd price of one accelerator, in USD (used when capex includes GPUs)
 * @param laserModuleUsd price of one external laser-source module, in USD
 * @param technicianUsdPerHour repair labour rate, in USD per hour
 */
public record PriceOverrides(
        Map<String, Double> opticsUsdPerGbps,
        Double switchUsd,
        Double gpuUsd,
        Double laserModuleUsd,
        Double technicianUsdPerHour) {
    /** Checks that every given price is non-negative. */
    public PriceOverrides {
        opticsUsdPerGbps = opticsUsdPerGbps == null ? Map.of() : new TreeMap<>(opticsUsdPerGbps);
        for (Map.Entry<String, Double> e : opticsUsdPerGbps.entrySet()) {
            if (e.getValue() == null) {
                throw new FieldProblem(
                        "opticsUsdPerGbps." + e.getKey(), "missing price", "give USD per Gb/s, e.g. 1.2");
            }
            Checks.range(e.getValue(), "opticsUsdPerGbps." + e.getKey(), 0.0, 1000.0);
        }
        opticsUsdPerGbps = Map.copyOf(opticsUsdPerGbps);
        if (switchUsd != null) {
            Checks.range(switchUsd, "switchUsd", 0.0, 1e8);
        }
        if (gpuUsd != null) {
            Checks.range(gpuUsd, "gpuUsd", 0.0, 1e7);
        }
        if (laserModuleUsd != null) {
            Checks.range(laserModuleUsd, "laserModuleUsd", 0.0, 1e6);
        }
        if (technicianUsdPerHour != null) {
            Checks.range(technicianUsdPerHour, "technicianUsdPerHour", 0.0, 10_000.0);
        }
    }

    /** No overrides. */
    public static PriceOverrides none() {
        return new PriceOverrides(null, null, null, null, null);
    }
}
