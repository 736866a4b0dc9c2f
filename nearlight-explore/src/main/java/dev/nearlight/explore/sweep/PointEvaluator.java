package dev.nearlight.explore.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nearlight.core.InputException;
import dev.nearlight.explore.cluster.Evaluators;
import dev.nearlight.explore.compare.AlternativeEvaluator;
import dev.nearlight.explore.compare.AlternativeResult;
import dev.nearlight.explore.compare.Metric;
import dev.nearlight.explore.compare.ScenarioVariant;
import dev.nearlight.explore.scenario.Alternative;
import dev.nearlight.explore.scenario.Scenario;
import dev.nearlight.explore.scenario.ScenarioFile;
import dev.nearlight.explore.scenario.ScenarioFile.Position;
import dev.nearlight.explore.scenario.ScenarioLoader;
import dev.nearlight.explore.scenario.Workload;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates design points: writes the axes' values into a copy of the base scenario's tree, re-binds it through the
 * {@link ScenarioLoader} (so a point gets exactly the validation, and the message, a hand-written scenario would), and
 * runs every alternative and workload through the evaluator {@code compare} uses ({@link Evaluators#forScenario}).
 *
 * <p>Evaluators are shared between points whose scenarios differ only in fields every evaluation reads afresh
 * ({@link #PER_EVALUATION_FIELDS}: prices, electricity, PUE, discount rate, GPU-hour value): such points re-use the
 * fabrics, link reports, training steps and reliability results the evaluator has built. The pool keeps the {@value
 * #POOL_SIZE} most recently used evaluators. {@code PointEvaluatorTest} checks that a shared evaluator gives the same
 * rows as a fresh one for every such field.
 */
public final class PointEvaluator {
    /** Base-scenario fields that the evaluator reads on every call rather than caching with the fabric. */
    public static final List<String> PER_EVALUATION_FIELDS = List.of(
            "economics.electricityUsdPerKwh",
            "economics.pue",
            "economics.discountRate",
            "economics.lifetimeYears",
            "economics.gpuHourUsd",
            "economics.includeGpus",
            "economics.prices.opticsUsdPerGbps",
            "economics.prices.switchUsd",
            "economics.prices.gpuUsd");

    static final int POOL_SIZE = 64;
    private static final Pattern LOCATED = Pattern.compile("^<point \\d+>:\\d+:\\d+: ([^:]+): (.*)$");
    private static final List<FieldPath> SHARED =
            PER_EVALUATION_FIELDS.stream().map(FieldPath::parse).toList();

    private final SweepFile sweep;
    private final List<Path> catalogues;
    private final ScenarioLoader loader;
    private final BiFunction<ScenarioFile, List<Path>, AlternativeEvaluator> factory;
    private final Map<String, AlternativeEvaluator> pool = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, AlternativeEvaluator> eldest) {
            return size() > POOL_SIZE;
        }
    };

    /** An evaluator with the real models over the default catalogue plus {@code catalogues}. */
    public PointEvaluator(SweepFile sweep, List<Path> catalogues) {
        this(sweep, catalogues, Evaluators::forScenario);
    }

    /** An evaluator with another evaluator factory (tests). */
    public PointEvaluator(
            SweepFile sweep,
            List<Path> catalogues,
            BiFunction<ScenarioFile, List<Path>, AlternativeEvaluator> factory) {
        this.sweep = sweep;
        this.catalogues = List.copyOf(catalogues);
        this.loader = new ScenarioLoader(Evaluators.vocabulary(this.catalogues));
        this.factory = factory;
    }

    /** The design point's scenario tree: the base with every axis value written in. */
    public ObjectNode tree(DesignPoint p) {
        ObjectNode t = sweep.base().deepCopy();
        for (int k = 0; k < sweep.axes().size(); k++) {
            String problem = sweep.axes().get(k).path().set(t, p.values().get(k).deepCopy());
            if (problem != null) {
                throw sweep.problem("axes[" + k + "].path", problem, "name a field of the base scenario");
            }
        }
        return t;
    }

    /** The design point's validated scenario; an invalid one is an {@link InputException} located by {@link #relocate}. */
    public ScenarioFile scenario(DesignPoint p) {
        ObjectNode t = tree(p);
        try {
            return loader.bind(t, "<point " + p.id() + ">", Map.of());
        } catch (InputException e) {
            throw new InputException(relocate(p, e.getMessage()), e);
        }
    }

    /** Evaluates one design point: one row per workload and alternative, or one row saying why it is invalid. */
    public PointResult evaluate(DesignPoint p) {
        List<String> settings = settings(p);
        ScenarioFile file;
        AlternativeEvaluator evaluator;
        try {
            file = scenario(p);
            evaluator = evaluatorFor(file, p);
        } catch (InputException e) {
            return new PointResult(p.id(), List.of(failed(p, settings, "", "", SweepRow.INVALID, e.getMessage())));
        }
        Scenario s = file.scenario();
        ScenarioVariant variant = ScenarioVariant.of(s);
        List<SweepRow> rows = new ArrayList<>();
        for (Workload w : s.workloads()) {
            for (Alternative a : s.alternatives()) {
                try {
                    AlternativeResult r = evaluator.evaluate(variant, a, w);
                    double[] m = new double[Metric.values().length];
                    for (Metric metric : Metric.values()) {
                        m[metric.ordinal()] = metric.valueOf(r);
                    }
                    boolean feasible = sweep.constraints().stream()
                            .allMatch(c -> c.admits(m[c.metric().ordinal()]));
                    rows.add(new SweepRow(p.id(), a.name(), w.name(), settings, m, SweepRow.OK, feasible, ""));
                } catch (InputException e) {
                    rows.add(failed(p, settings, a.name(), w.name(), SweepRow.INFEASIBLE, relocate(p, e.getMessage())));
                }
            }
        }
        return new PointResult(p.id(), rows);
    }

    private AlternativeEvaluator evaluatorFor(ScenarioFile file, DesignPoint p) {
        ObjectNode key = tree(p);
        for (FieldPath f : SHARED) {
            f.set(key, key.nullNode());
        }
        key.remove("name");
        key.remove("description");
        key.remove("sensitivity");
        String k = key.toString();
        synchronized (pool) {
            AlternativeEvaluator e = pool.get(k);
            if (e != null) {
                return e;
            }
        }
        AlternativeEvaluator created;
        try {
            created = factory.apply(file, catalogues);
        } catch (InputException e) {
            throw new InputException(relocate(p, e.getMessage()), e);
        }
        synchronized (pool) {
            return pool.computeIfAbsent(k, x -> created);
        }
    }

    private static SweepRow failed(
            DesignPoint p, List<String> settings, String alt, String w, String status, String msg) {
        double[] nan = new double[Metric.values().length];
        Arrays.fill(nan, Double.NaN);
        return new SweepRow(p.id(), alt, w, settings, nan, status, false, msg.replaceAll("\\s*\\R\\s*", " "));
    }

    /** Each axis's value as text: scalars as written, mappings and lists as JSON. */
    public static List<String> settings(DesignPoint p) {
        List<String> out = new ArrayList<>(p.values().size());
        for (JsonNode v : p.values()) {
            out.add(v.isContainerNode() ? v.toString() : v.asText());
        }
        return out;
    }

    /**
     * Moves a message located in a design point's generated scenario to where the user can fix it: the sweep file's
     * axis when an axis wrote the field, else the base scenario's field, and names the point and its settings.
     */
    String relocate(DesignPoint p, String message) {
        Matcher m = LOCATED.matcher(message == null ? "" : message);
        if (!m.matches()) {
            return message + " (point " + p.id() + ")";
        }
        String field = m.group(1).trim();
        String rest = m.group(2);
        int k = sweep.axisCovering(field);
        if (k >= 0) {
            Position pos = sweep.sweepTree().positionOf("axes[" + k + "]");
            return sweep.source().sweepSource() + ":" + pos.line() + ":" + pos.column() + ": axes[" + k + "] "
                    + sweep.axes().get(k).name() + " = " + settings(p).get(k) + " at point " + p.id() + ": "
                    + field + ": " + rest;
        }
        Position pos = sweep.basePosition(field);
        StringBuilder at = new StringBuilder();
        List<String> s = settings(p);
        for (int i = 0; i < s.size(); i++) {
            at.append(i == 0 ? ": " : ", ")
                    .append(sweep.axes().get(i).name())
                    .append(" = ")
                    .append(s.get(i));
        }
        return sweep.baseSource() + ":" + pos.line() + ":" + pos.column() + ": " + field + ": " + rest + " (point "
                + p.id() + at + ")";
    }
}
