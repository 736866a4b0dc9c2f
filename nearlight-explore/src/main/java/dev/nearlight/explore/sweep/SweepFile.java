package dev.nearlight.explore.sweep;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nearlight.core.InputException;
import dev.nearlight.explore.compare.Metric;
import dev.nearlight.explore.scenario.ScenarioFile.Position;
import java.util.List;
import java.util.Map;

/**
 * A validated sweep file: the base scenario's tree, the axes, the sampling plan, the constraints a row must meet to be
 * feasible and the objectives of the Pareto front, with where each field sits in the files (for located messages).
 *
 * @param source the texts it was read from
 * @param name title of the reports
 * @param description free text
 * @param base the base scenario as a tree (a design point is a copy with the axes' values written in)
 * @param axes the swept fields
 * @param sampling how points are drawn
 * @param constraints feasibility bounds on result metrics
 * @param objectives 1 to 4 metrics of the Pareto front, each in its own better direction
 * @param top rows in the top-N table
 * @param sweepTree the sweep file's tree and field positions
 * @param baseLocations field positions of the base scenario, in {@link #baseSource()}
 * @param basePrefix the prefix of base fields in that file ({@code base.} when inline, else empty)
 */
public record SweepFile(
        SweepSource source,
        String name,
        String description,
        ObjectNode base,
        List<Axis> axes,
        Sampling sampling,
        List<Constraint> constraints,
        List<Metric> objectives,
        int top,
        YamlTree sweepTree,
        Map<String, Position> baseLocations,
        String basePrefix) {
    /** Copies the lists. */
    public SweepFile {
        axes = List.copyOf(axes);
        constraints = List.copyOf(constraints);
        objectives = List.copyOf(objectives);
        baseLocations = Map.copyOf(baseLocations);
    }

    /** The file that holds the base scenario. */
    public String baseSource() {
        return source.baseSource() != null ? source.baseSource() : source.sweepSource();
    }

    /** A located error in the sweep file. */
    public InputException problem(String field, String problem, String fix) {
        return sweepTree.problem(field, problem, fix);
    }

    /** The position of a base scenario field, in {@link #baseSource()}. */
    public Position basePosition(String field) {
        String f = basePrefix + (field == null ? "" : field);
        while (!f.isEmpty()) {
            Position p = baseLocations.get(f);
            if (p != null) {
                return p;
            }
            int cut = Math.max(f.lastIndexOf('.'), f.lastIndexOf('['));
            f = cut <= 0 ? "" : f.substring(0, cut);
        }
        return baseLocations.getOrDefault(basePrefix.isEmpty() ? "" : "base", new Position(1, 1));
    }

    /** The index of the axis whose path covers a concrete scenario field, or -1. */
    public int axisCovering(String field) {
        for (int i = axes.size() - 1; i >= 0; i--) {
            if (axes.get(i).path().covers(field)) {
                return i;
            }
        }
        return -1;
    }
}
