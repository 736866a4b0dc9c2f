package dev.nearlight.spark;

import dev.nearlight.explore.sweep.SweepEngine;
import dev.nearlight.explore.sweep.SweepEngineProvider;
import java.util.Map;

/** Registers {@code --engine spark} with the CLI through {@link java.util.ServiceLoader}. */
public final class SparkSweepEngineProvider implements SweepEngineProvider {
    @Override
    public String name() {
        return "spark";
    }

    @Override
    public SweepEngine create(Map<String, String> options) {
        return new SparkSweepEngine(options.get("master"));
    }
}
