package dev.nearlight.explore.compare;

import java.util.List;

/**
 * A curve of one alternative (energy per bit against reach, cumulative GPU-hours lost against time).
 *
 * @param name label, e.g. the technology
 * @param xUnit unit of x
 * @param yUnit unit of y
 * @param points points in increasing x
 */
public record Series(String name, String xUnit, String yUnit, List<Point> points) {
    /** Copies the points. */
    public Series {
        points = List.copyOf(points);
    }
}
