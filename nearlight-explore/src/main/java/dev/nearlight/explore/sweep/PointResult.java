package dev.nearlight.explore.sweep;

import java.io.Serializable;
import java.util.List;

/**
 * The rows of one design point, delivered together so that a sink writes a point completely or not at all.
 *
 * @param point the design point's id
 * @param rows its rows (one per workload and alternative, or one invalid row)
 */
public record PointResult(long point, List<SweepRow> rows) implements Serializable {
    /** Copies the rows. */
    public PointResult {
        rows = List.copyOf(rows);
    }
}
