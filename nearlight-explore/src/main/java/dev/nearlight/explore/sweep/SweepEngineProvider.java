package dev.nearlight.explore.sweep;

import java.util.Map;

/**
 * A sweep engine found with {@link java.util.ServiceLoader} (listed in {@code
 * META-INF/services/dev.nearlight.explore.sweep.SweepEngineProvider}), so an engine with heavy dependencies (Spark) can
 * live in its own module and jar and the CLI still picks it by name.
 */
public interface SweepEngineProvider {
    /** The engine name, e.g. {@code spark}. */
    String name();

    /**
     * Creates the engine.
     *
     * @param options engine options from the command line, e.g. {@code master -> local[2]}, {@code threads -> 4}
     */
    SweepEngine create(Map<String, String> options);
}
