package dev.nearlight.studio.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nearlight.explore.compare.AlternativeResult;
import dev.nearlight.explore.compare.BreakEven;
import dev.nearlight.explore.compare.Charts;
import dev.nearlight.explore.compare.Comparison;
import dev.nearlight.explore.compare.Interval;
import dev.nearlight.explore.compare.Metric;
import dev.nearlight.explore.compare.NamedValue;
import dev.nearlight.explore.compare.Point;
import dev.nearlight.explore.compare.Row;
import dev.nearlight.explore.compare.Series;
import dev.nearlight.explore.compare.Tornado;
import dev.nearlight.explore.compare.TornadoBar;
import dev.nearlight.explore.compare.Uncertainty;
import dev.nearlight.explore.uncertainty.UncertaintyAnalysis;
import java.util.List;

/**
 * The results document of {@code nearlight compare}, printed by {@code --json} and written as {@code results.json}.
 * Its shape is a documented contract ({@code docs/cli/compare.md}, schema {@value #SCHEMA}): numbers are in the units
 * the metric list declares; a metric that does not apply is {@code null}.
 */
public final class ResultsJson {
    /** The schema id written in every document. */
    public static final String SCHEMA = "nearlight-compare/2";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultsJson() {}

    /** The document as a JSON tree. */
    public static ObjectNode tree(Comparison c, String source) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schema", SCHEMA);
        ObjectNode sc = root.putObject("scenario");
        sc.put("name", c.scenarioName());
        sc.put("description", c.description());
        sc.put("source", source);
        sc.put("fidelity", c.fidelity());
        sc.put("seed", c.seed());
        ArrayNode metrics = root.putArray("metrics");
        for (Metric m : Metric.values()) {
            ObjectNode n = metrics.addObject();
            n.put("id", m.id());
            n.put("label", m.label());
            n.put("unit", m.unit());
            n.put("displayUnit", m.displayUnit());
            n.put("displayScale", m.displayScale());
            n.put("better", m.better().id());
            n.put("contains", c.contains(m));
        }
        List<Row> rows = c.rows();
        ArrayNode alts = root.putArray("alternatives");
        for (int i = 0; i < c.results().size(); i++) {
            AlternativeResult r = c.results().get(i);
            ObjectNode a = alts.addObject();
            a.put("name", r.alternative());
            a.put("workload", r.workload());
            a.put("column", c.columnLabel(i));
            if (!r.training().layout().isEmpty()) {
                a.put("layout", r.training().layout()); // chosen by the parallelism search (search: true)
            }
            ObjectNode values = a.putObject("metrics");
            ArrayNode best = a.putArray("best");
            ObjectNode intervals = c.uncertainty() == null ? null : a.putObject("intervals");
            ObjectNode prob = c.uncertainty() == null ? null : a.putObject("probabilityBest");
            for (Row row : rows) {
                number(values, row.metric().id(), row.values().get(i));
                if (row.best().get(i)) {
                    best.add(row.metric().id());
                }
                if (intervals != null) {
                    Interval iv = row.intervals().get(i);
                    if (iv.present()) {
                        ObjectNode o = intervals.putObject(row.metric().id());
                        number(o, "low", iv.low());
                        number(o, "median", iv.median());
                        number(o, "high", iv.high());
                    } else {
                        intervals.putNull(row.metric().id());
                    }
                    number(prob, row.metric().id(), row.probabilityBest().get(i));
                }
            }
            ObjectNode link = a.putObject("link");
            number(link, "lengthM", r.link().lengthM());
            number(link, "portPowerW", r.link().portPowerW());
            number(link, "linkPowerW", r.link().linkPowerW());
            ObjectNode run = a.putObject("costPerModel");
            run.put("contains", r.cost().run().contains());
            named(
                    run.putArray("components"),
                    r.cost().run().components().stream()
                            .map(x -> new NamedValue(x.label(), x.usd()))
                            .toList());
            charts(a.putObject("charts"), r.charts());
        }
        if (c.sensitivity().isPresent()) {
            tornado(root.putObject("sensitivity"), c.sensitivity().get());
        } else {
            root.putNull("sensitivity");
        }
        ArrayNode tornados = root.putArray("sensitivities");
        for (Tornado t : c.tornados()) {
            tornado(tornados.addObject(), t);
        }
        if (c.uncertainty() != null) {
            Uncertainty u = c.uncertainty();
            ObjectNode un = root.putObject("uncertainty");
            un.put("samples", u.samples());
            un.put("rejected", u.rejected());
            ObjectNode because = un.putObject("rejectedBecause");
            u.rejectedBecause().forEach(because::put);
            un.put("seed", u.seed());
            un.put("lowQuantile", UncertaintyAnalysis.LOW_QUANTILE);
            un.put("highQuantile", UncertaintyAnalysis.HIGH_QUANTILE);
            un.put("bestProbability", c.threshold());
            un.put("bestTolerance", c.tolerance());
        } else {
            root.putNull("uncertainty");
        }
        ArrayNode bes = root.putArray("breakEvens");
        for (BreakEven b : c.breakEvens()) {
            ObjectNode n = bes.addObject();
            n.put("parameter", b.parameter());
            n.put("label", b.label());
            n.put("settingUnit", b.settingUnit());
            n.put("metric", b.metric().id());
            n.put("first", b.first());
            n.put("second", b.second());
            n.put("workload", b.workload());
            number(n, "baseSetting", b.baseSetting());
            number(n, "searchLow", b.searchLow());
            number(n, "searchHigh", b.searchHigh());
            number(n, "value", b.value());
            number(n, "belowDifference", b.belowDifference());
            number(n, "aboveDifference", b.aboveDifference());
            ArrayNode curve = n.putArray("curve");
            for (double[] p : b.curve()) {
                ArrayNode pt = curve.addArray();
                for (double x : p) {
                    if (Double.isFinite(x)) {
                        pt.add(x);
                    } else {
                        pt.addNull();
                    }
                }
            }
        }
        return root;
    }

    private static void tornado(ObjectNode s, Tornado t) {
        s.put("metric", t.metric().id());
        s.put("alternative", t.alternative());
        s.put("workload", t.workload());
        number(s, "baseline", t.baseline());
        ArrayNode bars = s.putArray("bars");
        for (TornadoBar b : t.bars()) {
            ObjectNode n = bars.addObject();
            n.put("parameter", b.parameter());
            n.put("label", b.label());
            n.put("lowSetting", b.lowSetting());
            n.put("highSetting", b.highSetting());
            number(n, "lowValue", b.lowValue());
            number(n, "highValue", b.highValue());
        }
    }

    /** The document as indented JSON text. */
    public static String render(Comparison c, String source) {
        try {
            return MAPPER.writeValueAsString(tree(c, source));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the results", e);
        }
    }

    private static void charts(ObjectNode n, Charts ch) {
        named(n.putArray("powerBreakdownKw"), ch.powerBreakdownKw());
        series(n.putObject("energyPerBitVsReach"), ch.energyPerBitVsReach());
        named(n.putArray("stepTimeBreakdownS"), ch.stepTimeBreakdownS());
        named(n.putArray("tcoWaterfallUsd"), ch.tcoWaterfallUsd());
        named(n.putArray("runCostUsd"), ch.runCostUsd());
        series(n.putObject("reliabilityOverTime"), ch.reliabilityOverTime());
    }

    private static void named(ArrayNode a, List<NamedValue> values) {
        for (NamedValue v : values) {
            ObjectNode o = a.addObject();
            o.put("name", v.name());
            number(o, "value", v.value());
        }
    }

    private static void series(ObjectNode n, Series s) {
        n.put("name", s.name());
        n.put("xUnit", s.xUnit());
        n.put("yUnit", s.yUnit());
        ArrayNode pts = n.putArray("points");
        for (Point p : s.points()) {
            if (Double.isFinite(p.x()) && Double.isFinite(p.y())) {
                pts.addArray().add(p.x()).add(p.y());
            }
        }
    }

    private static void number(ObjectNode n, String key, double v) {
        if (Double.isFinite(v)) {
            n.put(key, v);
        } else {
            n.putNull(key);
        }
    }
}
