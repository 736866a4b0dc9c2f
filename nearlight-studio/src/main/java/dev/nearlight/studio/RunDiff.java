package dev.nearlight.studio;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Two runs side by side: the scenario fields whose values differ (as field paths, {@code cluster.gpus}, {@code
 * workloads[0].tp}) and, for every column (alternative / workload) present in both results and every metric, how the
 * headline value moved (absolute and relative).
 *
 * @param a first run
 * @param b second run
 * @param inputs differing inputs
 * @param rows metric movements
 */
public record RunDiff(StudioStore.Run a, StudioStore.Run b, List<Input> inputs, List<Move> rows) {
    /**
     * A scenario field that differs.
     *
     * @param field path
     * @param a value in the first run's scenario (null: absent)
     * @param b value in the second's
     */
    public record Input(String field, String a, String b) {}

    /**
     * A headline value of one column that moved (or not).
     *
     * @param column the column label ({@code alternative / workload})
     * @param metric metric id
     * @param label metric label
     * @param unit SI unit
     * @param a value in the first run
     * @param b value in the second
     * @param delta b - a
     * @param percent 100 (b - a) / |a|, null when a is 0 or either is absent
     */
    public record Move(
            String column,
            String metric,
            String label,
            String unit,
            Double a,
            Double b,
            Double delta,
            Double percent) {}

    /** The diff of two runs from their stored inputs and results documents. */
    static RunDiff of(
            StudioStore.Run a, StudioStore.Run b, JsonNode inputA, JsonNode inputB, JsonNode resA, JsonNode resB) {
        Map<String, String> fa = new LinkedHashMap<>();
        Map<String, String> fb = new LinkedHashMap<>();
        flatten(inputA, "", fa);
        flatten(inputB, "", fb);
        List<Input> inputs = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(fa.keySet());
        keys.addAll(fb.keySet());
        for (String k : keys) {
            String va = fa.get(k);
            String vb = fb.get(k);
            if (va == null ? vb != null : !va.equals(vb)) {
                inputs.add(new Input(k, va, vb));
            }
        }
        Map<String, JsonNode> labels = new LinkedHashMap<>();
        for (JsonNode m : resA.path("metrics")) {
            labels.put(m.path("id").asText(), m);
        }
        Map<String, JsonNode> colsB = new LinkedHashMap<>();
        for (JsonNode alt : resB.path("alternatives")) {
            colsB.put(alt.path("column").asText(), alt);
        }
        List<Move> rows = new ArrayList<>();
        for (JsonNode alt : resA.path("alternatives")) {
            String col = alt.path("column").asText();
            JsonNode other = colsB.get(col);
            if (other == null) {
                continue;
            }
            for (Iterator<String> it = alt.path("metrics").fieldNames(); it.hasNext(); ) {
                String id = it.next();
                JsonNode m = labels.get(id);
                Double va = number(alt.path("metrics").get(id));
                Double vb = number(other.path("metrics").get(id));
                Double delta = va == null || vb == null ? null : vb - va;
                Double pct = delta == null || va == 0 ? null : 100 * delta / Math.abs(va);
                rows.add(new Move(
                        col,
                        id,
                        m == null ? id : m.path("label").asText(),
                        m == null ? "" : m.path("unit").asText(),
                        va,
                        vb,
                        delta,
                        pct));
            }
        }
        return new RunDiff(a, b, inputs, rows);
    }

    private static Double number(JsonNode n) {
        return n == null || !n.isNumber() ? null : n.asDouble();
    }

    /** Leaves of a scenario tree by field path, as the loader names fields. */
    static void flatten(JsonNode n, String at, Map<String, String> out) {
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(e.getValue(), at.isEmpty() ? e.getKey() : at + "." + e.getKey(), out);
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                flatten(n.get(i), at + "[" + i + "]", out);
            }
        } else {
            out.put(at.isEmpty() ? "(root)" : at, n.isNull() ? "null" : n.asText());
        }
    }
}
