package dev.nearlight.explore.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A path to a scenario field, as the scenario loader names fields: dotted names and list indices ({@code
 * cluster.fabric.rate}, {@code workloads[0].tp}), plus {@code [*]} for every element of a list ({@code
 * alternatives[*].optics.nodeLeaf}). {@link #set} writes a value into a scenario tree, creating missing mappings on the
 * way (the loader then rejects a field the scenario does not have, with its own message).
 *
 * @param text the path as written
 * @param segments names ({@code String}) and indices ({@code Integer}, -1 for {@code [*]})
 */
public record FieldPath(String text, List<Object> segments) implements java.io.Serializable {
    private static final Pattern SEGMENT = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)((?:\\[(?:\\d+|\\*)\\])*)");
    private static final Pattern INDEX = Pattern.compile("\\[(\\d+|\\*)\\]");

    /** Copies the segments. */
    public FieldPath {
        segments = List.copyOf(segments);
    }

    /** Parses a path; returns null when it is not of the form {@code name[i].name[*]...}. */
    public static FieldPath parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        List<Object> out = new ArrayList<>();
        for (String part : text.split("\\.", -1)) {
            Matcher m = SEGMENT.matcher(part);
            if (!m.matches()) {
                return null;
            }
            out.add(m.group(1));
            Matcher ix = INDEX.matcher(m.group(2));
            while (ix.find()) {
                out.add(ix.group(1).equals("*") ? -1 : Integer.parseInt(ix.group(1)));
            }
        }
        return new FieldPath(text, out);
    }

    /**
     * Writes {@code value} at this path in {@code root}, creating missing mappings.
     *
     * @return null on success, else what is wrong (a list index out of range, a scalar in the way)
     */
    public String set(JsonNode root, JsonNode value) {
        return set(root, 0, value, "");
    }

    private String set(JsonNode node, int i, JsonNode value, String at) {
        Object seg = segments.get(i);
        boolean last = i == segments.size() - 1;
        if (seg instanceof String name) {
            if (!(node instanceof ObjectNode obj)) {
                return (at.isEmpty() ? "the root" : at) + " is not a mapping";
            }
            String here = at.isEmpty() ? name : at + "." + name;
            if (last) {
                obj.set(name, value);
                return null;
            }
            JsonNode child = obj.get(name);
            if (child == null || child.isNull()) {
                if (segments.get(i + 1) instanceof Integer) {
                    return here + " is not a list in the base scenario";
                }
                child = obj.putObject(name);
            }
            return set(child, i + 1, value, here);
        }
        int index = (Integer) seg;
        if (!(node instanceof ArrayNode arr)) {
            return at + " is not a list";
        }
        if (index >= 0 && index >= arr.size()) {
            return at + " has " + arr.size() + " element(s), no index " + index;
        }
        int from = index < 0 ? 0 : index;
        int to = index < 0 ? arr.size() : index + 1;
        for (int k = from; k < to; k++) {
            String here = at + "[" + k + "]";
            if (last) {
                arr.set(k, value);
            } else {
                String problem = set(arr.get(k), i + 1, value, here);
                if (problem != null) {
                    return problem;
                }
            }
        }
        return null;
    }

    /** Whether a concrete field path ({@code alternatives[2].optics.nodeLeaf}) is this path or lies under it. */
    boolean covers(String field) {
        FieldPath f = parse(field);
        if (f == null || f.segments.size() < segments.size()) {
            return false;
        }
        for (int i = 0; i < segments.size(); i++) {
            Object a = segments.get(i);
            Object b = f.segments.get(i);
            if (a instanceof Integer ai && ai < 0 && b instanceof Integer) {
                continue;
            }
            if (!a.equals(b)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return text;
    }
}
