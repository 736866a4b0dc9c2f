package dev.nearlight.explore.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One design point: its id (its index in the sampling sequence, stable across runs and engines) and the value of every
 * axis.
 *
 * @param id the point's index, from 0
 * @param values one value per axis, in axis order
 */
public record DesignPoint(long id, List<JsonNode> values) {
    /** Copies the values. */
    public DesignPoint {
        values = List.copyOf(values);
    }
}
