package dev.nearlight.explore.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nearlight.core.InputException;
import dev.nearlight.explore.compare.Metric;
import dev.nearlight.explore.scenario.ScenarioFile.Position;
import dev.nearlight.explore.scenario.ScenarioVocabulary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a sweep file ({@code docs/sweep.md}) into a validated {@link SweepFile}. Every problem is one line {@code
 * file:line:column: field: problem (fix)}; problems of a design point's scenario are reported later, per point, by the
 * scenario loader ({@link PointBuilder}).
 */
public final class SweepLoader {
    private static final List<String> TOP =
            List.of("name", "description", "base", "sampling", "axes", "constraints", "objectives", "top");
    private static final List<String> SAMPLING = List.of("method", "points", "seed", "scramble");
    private static final List<String> AXIS = List.of("path", "values", "range", "log", "steps", "integer");
    private static final List<String> CONSTRAINT = List.of("metric", "min", "max");
    /** Largest number of design points a sweep may have. */
    public static final long MAX_POINTS = 1L << 40;

    private SweepLoader() {}

    /** Reads the sweep file and, when its {@code base} is a path (relative to the sweep file), that scenario. */
    public static SweepFile load(Path file) {
        String text = read(file, "sweep file", "check the path; examples are in examples/");
        YamlTree tree = YamlTree.parse(text, file.toString());
        JsonNode base = tree.root().get("base");
        SweepSource source;
        if (base != null && base.isTextual()) {
            Path parent = file.toAbsolutePath().getParent();
            Path basePath = parent == null ? Path.of(base.asText()) : parent.resolve(base.asText());
            if (!Files.isRegularFile(basePath)) {
                throw tree.problem(
                        "base",
                        "scenario file not found: " + basePath,
                        "give a path relative to the sweep file, or the scenario inline");
            }
            Path shown = Path.of(file.toString()).getParent() == null
                    ? Path.of(base.asText())
                    : Path.of(file.toString()).getParent().resolve(base.asText());
            source = new SweepSource(
                    text, file.toString(), read(basePath, "scenario file", "check base"), shown.toString());
        } else {
            source = new SweepSource(text, file.toString(), null, null);
        }
        return parse(source);
    }

    private static String read(Path file, String what, String fix) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InputException(what + " not found: " + file + " (" + fix + ")");
        } catch (IOException e) {
            throw new InputException("cannot read " + what + " " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses and validates a sweep from its texts. */
    public static SweepFile parse(SweepSource source) {
        YamlTree tree = YamlTree.parse(source.sweepText(), source.sweepSource());
        if (!(tree.root() instanceof ObjectNode root)) {
            throw tree.problem("", "the file holds no mapping", "start from examples/*-sweep.yaml");
        }
        fieldsIn(tree, root, "", TOP);
        String name = text(tree, root, "name", true);
        String description = text(tree, root, "description", false);
        JsonNode baseNode = root.get("base");
        ObjectNode base;
        Map<String, Position> baseLocations;
        String prefix;
        if (baseNode == null) {
            throw tree.problem("base", "missing required field", "add base: scenario.yaml (a path) or the scenario");
        } else if (baseNode.isTextual()) {
            if (source.baseText() == null) {
                throw tree.problem("base", "the base scenario's text was not read", "load the sweep with load(Path)");
            }
            YamlTree b = YamlTree.parse(source.baseText(), source.baseSource());
            if (!(b.root() instanceof ObjectNode bo)) {
                throw b.problem("", "the file holds no scenario", "start from examples/*.yaml");
            }
            base = bo;
            baseLocations = b.locations();
            prefix = "";
        } else if (baseNode instanceof ObjectNode bo) {
            base = bo;
            baseLocations = tree.locations();
            prefix = "base.";
        } else {
            throw tree.problem("base", "wrong type", "give a scenario file path or the scenario as a mapping");
        }

        JsonNode axesNode = root.get("axes");
        if (axesNode == null || !axesNode.isArray() || axesNode.isEmpty()) {
            throw tree.problem("axes", "missing or empty", "add axes: [{path: cluster.fabric.rate, values: [...]}]");
        }
        List<Axis> axes = new ArrayList<>();
        for (int i = 0; i < axesNode.size(); i++) {
            axes.add(axis(tree, axesNode.get(i), "axes[" + i + "]", base));
        }
        for (int i = 0; i < axes.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (axes.get(i).name().equals(axes.get(j).name())) {
                    throw tree.problem(
                            "axes[" + i + "].path",
                            "duplicate axis '" + axes.get(i).name() + "'",
                            "merge it with axes[" + j + "]");
                }
            }
        }

        Sampling sampling = sampling(tree, root.get("sampling"), base, axes);
        List<Constraint> constraints = new ArrayList<>();
        JsonNode cs = root.get("constraints");
        if (cs != null && !cs.isNull()) {
            if (!cs.isArray()) {
                throw tree.problem("constraints", "wrong type", "give a list of {metric, min, max}");
            }
            for (int i = 0; i < cs.size(); i++) {
                constraints.add(constraint(tree, cs.get(i), "constraints[" + i + "]"));
            }
        }
        List<Metric> objectives = new ArrayList<>();
        JsonNode os = root.get("objectives");
        if (os == null || !os.isArray() || os.isEmpty()) {
            throw tree.problem(
                    "objectives",
                    "missing or empty",
                    "list 1 to 4 metric ids, e.g. [costPerModelUsd, timeToTrainDays]");
        }
        if (os.size() > 4) {
            throw tree.problem(
                    "objectives", os.size() + " objectives", "give 1 to 4 (Pareto fronts in 2-4 objectives)");
        }
        for (int i = 0; i < os.size(); i++) {
            Metric m = metric(tree, os.get(i), "objectives[" + i + "]");
            if (objectives.contains(m)) {
                throw tree.problem("objectives[" + i + "]", "duplicate objective '" + m.id() + "'", "remove it");
            }
            objectives.add(m);
        }
        int top = 20;
        JsonNode t = root.get("top");
        if (t != null) {
            if (!t.canConvertToInt() || !t.isIntegralNumber() || t.asInt() < 1 || t.asInt() > 10_000) {
                throw tree.problem("top", "'" + t.asText() + "' is not an integer in [1, 10000]", "e.g. top: 20");
            }
            top = t.asInt();
        }
        return new SweepFile(
                source,
                name,
                description == null ? "" : description,
                base,
                axes,
                sampling,
                constraints,
                objectives,
                top,
                tree,
                baseLocations,
                prefix);
    }

    private static Axis axis(YamlTree tree, JsonNode node, String at, ObjectNode base) {
        if (!(node instanceof ObjectNode o)) {
            throw tree.problem(at, "wrong type", "give a mapping {path, values | range | log}");
        }
        fieldsIn(tree, o, at, AXIS);
        String pathText = text(tree, o, at + ".path", "path", true);
        FieldPath path = FieldPath.parse(pathText);
        if (path == null) {
            throw tree.problem(
                    at + ".path",
                    "'" + pathText + "' is not a field path",
                    "write names with dots and list indices, e.g. workloads[0].tp or alternatives[*].optics.nodeLeaf");
        }
        String problem = path.set(base.deepCopy(), base.nullNode());
        if (problem != null) {
            throw tree.problem(at + ".path", problem, "name a field of the base scenario (docs/scenario.md)");
        }
        int given = (o.has("values") ? 1 : 0) + (o.has("range") ? 1 : 0) + (o.has("log") ? 1 : 0);
        if (given != 1) {
            throw tree.problem(
                    at, "give exactly one of values, range, log", "e.g. values: [400G, 800G] or range: [0.04, 0.2]");
        }
        boolean integer = bool(tree, o, at + ".integer", "integer");
        if (o.has("values")) {
            JsonNode vs = o.get("values");
            if (!vs.isArray() || vs.isEmpty()) {
                throw tree.problem(at + ".values", "empty or not a list", "list at least one value");
            }
            List<JsonNode> values = new ArrayList<>();
            vs.forEach(v -> values.add(v.deepCopy()));
            for (int i = 0; i < values.size(); i++) {
                if (values.get(i).isContainerNode()) {
                    // mappings and lists are allowed (e.g. a whole optics block); nothing to check here
                    continue;
                }
                if (values.get(i).isNull()) {
                    throw tree.problem(at + ".values[" + i + "]", "empty value", "give a value");
                }
            }
            if (o.has("steps")) {
                throw tree.problem(at + ".steps", "steps apply to range and log axes", "remove steps");
            }
            return new Axis(path, Axis.Kind.VALUES, values, Double.NaN, Double.NaN, values.size(), false);
        }
        boolean log = o.has("log");
        String key = log ? "log" : "range";
        JsonNode r = o.get(key);
        if (!r.isArray() || r.size() != 2 || !r.get(0).isNumber() || !r.get(1).isNumber()) {
            throw tree.problem(at + "." + key, "not a pair of numbers", "write " + key + ": [from, to]");
        }
        double from = r.get(0).asDouble();
        double to = r.get(1).asDouble();
        if (!(from < to)) {
            throw tree.problem(
                    at + "." + key, "from " + from + " is not below to " + to, "write " + key + ": [low, high]");
        }
        if (log && from <= 0) {
            throw tree.problem(at + ".log", "a log range needs from > 0", "use range for values <= 0");
        }
        int steps = 5;
        if (o.has("steps")) {
            JsonNode s = o.get("steps");
            if (!s.isIntegralNumber() || s.asLong() < 1 || s.asLong() > 100_000) {
                throw tree.problem(
                        at + ".steps", "'" + s.asText() + "' is not an integer in [1, 100000]", "e.g. steps: 5");
            }
            steps = s.asInt();
        }
        return new Axis(path, log ? Axis.Kind.LOG : Axis.Kind.RANGE, List.of(), from, to, steps, integer);
    }

    private static Sampling sampling(YamlTree tree, JsonNode node, ObjectNode base, List<Axis> axes) {
        long defaultSeed = base.has("seed") && base.get("seed").canConvertToLong()
                ? base.get("seed").asLong()
                : 1L;
        if (node == null || node.isNull()) {
            return checkedGrid(tree, new Sampling(Sampling.Method.GRID, 0, defaultSeed), axes);
        }
        if (!(node instanceof ObjectNode o)) {
            throw tree.problem("sampling", "wrong type", "give {method, points, seed}");
        }
        fieldsIn(tree, o, "sampling", SAMPLING);
        Sampling.Method method = Sampling.Method.GRID;
        String m = text(tree, o, "sampling.method", "method", false);
        if (m != null) {
            method = Arrays.stream(Sampling.Method.values())
                    .filter(x -> x.id().equals(m.toLowerCase(Locale.ROOT)))
                    .findFirst()
                    .orElseThrow(() -> tree.problem(
                            "sampling.method",
                            "unknown value '" + m + "'",
                            "allowed: grid, random, lhs, sobol, saltelli"));
        }
        long seed = defaultSeed;
        if (o.has("seed")) {
            if (!o.get("seed").isIntegralNumber()) {
                throw tree.problem(
                        "sampling.seed", "'" + o.get("seed").asText() + "' is not an integer", "e.g. seed: 42");
            }
            seed = o.get("seed").asLong();
        }
        boolean scramble = Sampling.DEFAULT_SCRAMBLE;
        if (o.has("scramble")) {
            if (!o.get("scramble").isBoolean()) {
                throw tree.problem(
                        "sampling.scramble",
                        "'" + o.get("scramble").asText() + "' is not true or false",
                        "e.g. scramble: false for the plain Sobol sequence");
            }
            if (method != Sampling.Method.SOBOL && method != Sampling.Method.SALTELLI) {
                throw tree.problem(
                        "sampling.scramble", "only sobol and saltelli points are scrambled", "remove scramble");
            }
            scramble = o.get("scramble").asBoolean();
        }
        long points = 0;
        if (method == Sampling.Method.GRID) {
            if (o.has("points")) {
                throw tree.problem("sampling.points", "a grid has the product of its axes' sizes", "remove points");
            }
            return checkedGrid(tree, new Sampling(method, 0, seed), axes);
        }
        JsonNode p = o.get("points");
        if (p == null || !p.isIntegralNumber() || p.asLong() < 1) {
            throw tree.problem(
                    "sampling.points",
                    p == null ? "missing required field" : "'" + p.asText() + "' is not a positive integer",
                    "give the number of samples, e.g. points: 1024");
        }
        points = p.asLong();
        long total = method == Sampling.Method.SALTELLI ? points * (axes.size() + 2) : points;
        if (total > MAX_POINTS || total < points) {
            throw tree.problem("sampling.points", total + " design points", "use at most " + MAX_POINTS);
        }
        if (method == Sampling.Method.SALTELLI && axes.size() > 500) {
            throw tree.problem("axes", axes.size() + " axes", "Saltelli sampling handles at most 500 axes");
        }
        return new Sampling(method, points, seed, scramble);
    }

    private static Sampling checkedGrid(YamlTree tree, Sampling s, List<Axis> axes) {
        long n = 1;
        for (Axis a : axes) {
            n = Math.multiplyExact(n, a.gridValues().size());
            if (n > MAX_POINTS) {
                throw tree.problem(
                        "axes", "the grid has more than " + MAX_POINTS + " points", "use fewer steps or sampling");
            }
        }
        return s;
    }

    private static Constraint constraint(YamlTree tree, JsonNode node, String at) {
        if (!(node instanceof ObjectNode o)) {
            throw tree.problem(at, "wrong type", "give {metric: fabricPowerKw, max: 20000}");
        }
        fieldsIn(tree, o, at, CONSTRAINT);
        Metric m = metric(tree, o.get("metric"), at + ".metric");
        double min = number(tree, o, at, "min");
        double max = number(tree, o, at, "max");
        if (Double.isNaN(min) && Double.isNaN(max)) {
            throw tree.problem(at, "no bound", "give min, max or both");
        }
        if (!Double.isNaN(min) && !Double.isNaN(max) && min > max) {
            throw tree.problem(at + ".min", "min " + min + " is above max " + max, "swap them");
        }
        return new Constraint(m, min, max);
    }

    private static double number(YamlTree tree, ObjectNode o, String at, String key) {
        JsonNode n = o.get(key);
        if (n == null || n.isNull()) {
            return Double.NaN;
        }
        if (!n.isNumber()) {
            throw tree.problem(at + "." + key, "'" + n.asText() + "' is not a number", "write a number");
        }
        return n.asDouble();
    }

    private static Metric metric(YamlTree tree, JsonNode node, String at) {
        if (node == null || !node.isTextual()) {
            throw tree.problem(at, "missing or not a metric id", "use one of " + String.join(", ", Metric.ids()));
        }
        return Metric.byId(node.asText())
                .orElseThrow(() -> tree.problem(
                        at,
                        "unknown metric '" + node.asText() + "'",
                        "closest: "
                                + String.join(", ", ScenarioVocabulary.closest(node.asText(), Set.copyOf(Metric.ids())))
                                + "; all: " + String.join(", ", Metric.ids())));
    }

    private static void fieldsIn(YamlTree tree, ObjectNode o, String at, List<String> allowed) {
        Iterator<String> names = o.fieldNames();
        while (names.hasNext()) {
            String f = names.next();
            if (!allowed.contains(f)) {
                String field = at.isEmpty() ? f : at + "." + f;
                throw tree.problem(
                        field,
                        "unknown field",
                        "did you mean "
                                + ScenarioVocabulary.closest(f, Set.copyOf(allowed))
                                        .get(0) + "? allowed: " + String.join(", ", allowed));
            }
        }
    }

    private static String text(YamlTree tree, ObjectNode o, String key, boolean required) {
        return text(tree, o, key, key, required);
    }

    private static String text(YamlTree tree, ObjectNode o, String at, String key, boolean required) {
        JsonNode n = o.get(key);
        if (n == null || n.isNull()) {
            if (required) {
                throw tree.problem(at, "missing required field", "add " + key + ": <text>");
            }
            return null;
        }
        if (!n.isValueNode() || n.asText().isBlank()) {
            throw tree.problem(at, "not a text value", "write " + key + ": <text>");
        }
        return n.asText().trim();
    }

    private static boolean bool(YamlTree tree, ObjectNode o, String at, String key) {
        JsonNode n = o.get(key);
        if (n == null || n.isNull()) {
            return false;
        }
        if (!n.isBoolean()) {
            throw tree.problem(at, "'" + n.asText() + "' is not true or false", "write true or false");
        }
        return n.asBoolean();
    }
}
