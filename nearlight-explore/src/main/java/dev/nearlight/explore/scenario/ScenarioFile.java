package dev.nearlight.explore.scenario;

import dev.nearlight.core.InputException;
import java.util.Map;

/**
 * A loaded scenario together with where each field sits in its file, so any later check (an unknown metric id, a
 * fabric shape the builder rejects) can still be reported as {@code file:line:column: field: problem (fix)}.
 *
 * @param scenario the validated scenario
 * @param source the file name used in messages
 * @param locations field path ({@code cluster.fabric.rate}, {@code workloads[0].tp}) to its position
 */
public record ScenarioFile(Scenario scenario, String source, Map<String, Position> locations) {
    /** A 1-based line and column in the scenario file. */
    public record Position(int line, int column) {}

    /** Copies the location map. */
    public ScenarioFile {
        locations = Map.copyOf(locations);
    }

    /** The position of {@code field}, or of its closest enclosing field that is written in the file. */
    public Position positionOf(String field) {
        return ScenarioLoader.locate(locations, field);
    }

    /**
     * An {@link InputException} with the one-line message {@code source:line:column: field: problem (fix)}, located at
     * the field (or its closest written ancestor).
     */
    public InputException problem(String field, String problem, String fix) {
        return ScenarioLoader.located(source, locations, field, problem, fix, null);
    }
}
