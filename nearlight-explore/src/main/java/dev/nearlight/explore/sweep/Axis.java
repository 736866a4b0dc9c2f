package dev.nearlight.explore.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * One swept scenario field: a list of values, a linear range or a log range. A sampler maps a coordinate {@code u} in
 * [0, 1) to a value ({@link #valueAt}); a full grid takes {@link #gridValues()} (the list, or {@code steps} values from
 * {@code from} to {@code to} inclusive, evenly spaced on a linear or log scale).
 *
 * @param path the scenario field
 * @param kind list, linear range or log range
 * @param values the listed values (as written: text, number, boolean), empty for ranges
 * @param from range start (ranges only)
 * @param to range end, inclusive (ranges only)
 * @param steps grid points of a range
 * @param integer whether range values are rounded to integers (written as integers)
 */
public record Axis(FieldPath path, Kind kind, List<JsonNode> values, double from, double to, int steps, boolean integer)
        implements Serializable {
    /** How an axis spans its values. */
    public enum Kind {
        /** Listed values. */
        VALUES,
        /** Evenly spaced between from and to. */
        RANGE,
        /** Evenly spaced in log(value) between from and to. */
        LOG
    }

    /** Copies the values. */
    public Axis {
        values = List.copyOf(values);
    }

    /** The path as written, e.g. {@code cluster.fabric.rate}. */
    public String name() {
        return path.text();
    }

    /** Whether every value is a number (ranges, or lists of numbers): such axes are numeric columns. */
    public boolean numeric() {
        return kind != Kind.VALUES || values.stream().allMatch(JsonNode::isNumber);
    }

    /** The values a full grid takes, in order. */
    public List<JsonNode> gridValues() {
        if (kind == Kind.VALUES) {
            return values;
        }
        List<JsonNode> out = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            double f = steps == 1 ? 0 : (double) i / (steps - 1);
            out.add(number(scale(f)));
        }
        return out;
    }

    /** The value at coordinate {@code u} in [0, 1): the {@code floor(u k)}-th of k listed values, else on the range. */
    public JsonNode valueAt(double u) {
        double c = Math.min(Math.max(u, 0), Math.nextDown(1.0));
        if (kind == Kind.VALUES) {
            return values.get((int) Math.floor(c * values.size()));
        }
        return number(scale(c));
    }

    private double scale(double f) {
        if (kind == Kind.LOG) {
            return Math.exp(Math.log(from) + f * (Math.log(to) - Math.log(from)));
        }
        return from + f * (to - from);
    }

    private JsonNode number(double v) {
        return integer ? LongNode.valueOf(Math.round(v)) : DoubleNode.valueOf(v);
    }
}
