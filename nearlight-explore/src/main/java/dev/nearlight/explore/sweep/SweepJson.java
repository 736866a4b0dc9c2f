package dev.nearlight.explore.sweep;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nearlight.explore.compare.Metric;
import java.util.List;

/** The JSON forms of a sweep's analysis ({@code analysis.json}, schema {@code nearlight-sweep/1}; docs/cli/sweep.md). */
public final class SweepJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SweepJson() {}

    /** The analysis document. */
    public static ObjectNode analysis(SweepOutcome o) {
        SweepFile s = o.sweep();
        SweepOutcome.Analysis a = o.analysis();
        ObjectNode root = JSON.createObjectNode();
        root.put("schema", SweepRunner.SCHEMA);
        root.put("name", s.name());
        root.put("description", s.description());
        root.put("method", s.sampling().method().id());
        root.put("seed", s.sampling().seed());
        root.put("scramble", s.sampling().scramble());
        root.put("points", o.totalPoints());
        root.put("catalogueSha256", o.catalogueSha256());
        ArrayNode axes = root.putArray("axes");
        s.axes().forEach(x -> {
            ObjectNode n = axes.addObject();
            n.put("path", x.name());
            n.put("kind", x.kind().name().toLowerCase(java.util.Locale.ROOT));
            n.put("numeric", x.numeric());
        });
        ArrayNode objectives = root.putArray("objectives");
        s.objectives().forEach(m -> objectives.add(metric(m)));
        ArrayNode constraints = root.putArray("constraints");
        s.constraints().forEach(c -> constraints.add(c.toString()));
        ObjectNode counts = root.putObject("counts");
        counts.put("points", a.points());
        counts.put("rows", a.rows());
        counts.put("feasible", a.feasible());
        counts.put("invalid", a.invalid());
        counts.put("infeasible", a.infeasible());
        root.put("firstProblem", a.firstProblem());
        root.set("front", rows(s, a.front()));
        root.set("top", rows(s, a.top()));
        ArrayNode sens = root.putArray("sensitivity");
        for (SweepAnalysis.Sensitivity x : a.sensitivity()) {
            ObjectNode n = sens.addObject();
            n.put("alternative", x.alternative());
            n.put("workload", x.workload());
            n.put("objective", x.objective().id());
            n.put("samples", x.indices().samples());
            n.put("variance", x.indices().variance());
            ObjectNode first = n.putObject("first");
            ObjectNode total = n.putObject("total");
            for (int i = 0; i < s.axes().size(); i++) {
                first.put(s.axes().get(i).name(), x.indices().first()[i]);
                total.put(s.axes().get(i).name(), x.indices().total()[i]);
            }
        }
        return root;
    }

    /** A metric's id, label, unit and direction. */
    public static ObjectNode metric(Metric m) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", m.id());
        n.put("label", m.label());
        n.put("unit", m.unit());
        n.put("displayUnit", m.displayUnit());
        n.put("displayScale", m.displayScale());
        n.put("better", m.better().id());
        return n;
    }

    /** Rows as JSON objects: point, alternative, workload, settings by axis path, metrics by id (null for NaN). */
    public static ArrayNode rows(SweepFile s, List<SweepRow> rows) {
        ArrayNode out = JSON.createArrayNode();
        for (SweepRow r : rows) {
            ObjectNode n = out.addObject();
            n.put("point", r.point());
            n.put("alternative", r.alternative());
            n.put("workload", r.workload());
            ObjectNode settings = n.putObject("settings");
            for (int i = 0; i < s.axes().size(); i++) {
                Axis ax = s.axes().get(i);
                String v = r.settings().get(i);
                if (ax.numeric()) {
                    settings.put(ax.name(), Double.parseDouble(v));
                } else {
                    settings.put(ax.name(), v);
                }
            }
            ObjectNode metrics = n.putObject("metrics");
            for (Metric m : Metric.values()) {
                double v = r.value(m);
                if (Double.isNaN(v)) {
                    metrics.putNull(m.id());
                } else {
                    metrics.put(m.id(), v);
                }
            }
            n.put("feasible", r.feasible());
            n.put("status", r.status());
        }
        return out;
    }
}
