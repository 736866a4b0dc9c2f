package dev.nearlight.app;

import dev.nearlight.explore.cluster.ScenarioEvaluator;
import dev.nearlight.explore.compare.AlternativeEvaluator;
import dev.nearlight.explore.compare.AlternativeResult;
import dev.nearlight.explore.compare.Charts;
import dev.nearlight.explore.compare.NamedValue;
import dev.nearlight.explore.compare.Point;
import dev.nearlight.explore.compare.ScenarioVariant;
import dev.nearlight.explore.compare.Series;
import dev.nearlight.explore.scenario.Alternative;
import dev.nearlight.explore.scenario.Scenario;
import dev.nearlight.explore.scenario.Workload;
import dev.nearlight.explore.tco.Capex;
import dev.nearlight.explore.tco.RepairCost;
import dev.nearlight.explore.tco.RunCost;
import dev.nearlight.explore.tco.RunCostInputs;
import dev.nearlight.explore.tco.RunCostModel;
import dev.nearlight.explore.tco.TcoInputs;
import dev.nearlight.explore.tco.TcoModel;
import dev.nearlight.explore.tco.TcoResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * TEST FIXTURE ONLY: a stand-in {@link AlternativeEvaluator} with crude closed-form numbers taken from the defaults of
 * optics-parameters.md section 10.1. Its numbers are NOT Nearlight results; the real evaluator is {@link
 * ScenarioEvaluator} (checked end to end in {@code CompareEndToEndTest}). Kept for the tests where the models are not
 * the point: the CLI and results-document contract, progress reporting and report rendering, which it makes fast and
 * independent of model changes.
 */
public final class FixtureEvaluator implements AlternativeEvaluator {
    /** Per technology: optics pJ/bit, host SerDes pJ/bit, added latency per end (ns), USD/Gbps, AFR, MTTR (h). */
    private record Tech(double opticsPj, double hostPj, double endNs, double usdPerGbps, double afr, double mttrH) {}

    private static final Map<String, Tech> TECH = Map.ofEntries(
            Map.entry("dac", new Tech(0, 5.5, 0, 0.15, 0.0005, 0.25)),
            Map.entry("acc", new Tech(2.5, 5.5, 1, 0.25, 0.002, 0.25)),
            Map.entry("aec", new Tech(14, 2.5, 50, 0.45, 0.005, 0.25)),
            Map.entry("pluggable", new Tech(18.5, 2.5, 50, 1.5, 0.01, 0.25)),
            Map.entry("pluggable-fr", new Tech(20, 2.5, 50, 1.6, 0.01, 0.25)),
            Map.entry("lro", new Tech(13.5, 2.5, 25, 1.3, 0.009, 0.25)),
            Map.entry("lpo", new Tech(10.5, 5.5, 1, 1.0, 0.007, 0.25)),
            Map.entry("npo", new Tech(7, 1.5, 1, 0.9, 0.005, 4)),
            Map.entry("npo-els", new Tech(7.5, 1.5, 1, 0.95, 0.004, 2)),
            Map.entry("cpo", new Tech(6, 1.2, 1, 0.9, 0.003, 8)));

    @Override
    public AlternativeResult evaluate(ScenarioVariant variant, Alternative alt, Workload w) {
        Scenario s = variant.scenario();
        int gpus = s.cluster().gpus();
        double rateGbps = alt.rateGbps(s.cluster().fabric());
        int radix = alt.switchRadix(s.cluster().fabric());
        List<String> tiers = new ArrayList<>(alt.optics().byTier().values());
        double opticsW = 0;
        double hostW = 0;
        double switchW = 0;
        double opticsUsd = 0;
        double failuresPerYear = 0;
        double mttrSum = 0;
        int switches = 0;
        for (String id : tiers) {
            Tech t = TECH.get(id);
            double links = gpus; // one link per GPU rail per tier (non-blocking)
            opticsW += links * rateGbps * 1e9 * t.opticsPj() * 1e-12 * (variant.factor("laserFit") > 2 ? 1.01 : 1.0);
            hostW += links * rateGbps * 1e9 * t.hostPj() * 1e-12;
            int tierSwitches = (int) Math.ceil(2 * links / radix);
            switches += tierSwitches;
            switchW += tierSwitches * 750.0;
            opticsUsd += 2 * links * rateGbps * t.usdPerGbps() * variant.factor("opticsPrice");
            double f = 2 * links * t.afr() * Math.sqrt(variant.factor("laserFit"));
            failuresPerYear += f;
            mttrSum += f * t.mttrH() * variant.factor("repairTime");
        }
        Tech main = TECH.get(tiers.get(tiers.size() - 1));
        double pj = main.opticsPj() + main.hostPj();
        double latencyNs = 2 * main.endNs() + 120 + 4.9 * 50;
        double fabricKw = (opticsW + hostW + switchW) / 1000.0;

        double compute = 10.0;
        double exposedDp = 0.2 + 0.01 * pj;
        double exposedPp = 0.1 + latencyNs / 1e4;
        double bubble = 0.4;
        double optimizer = 0.1;
        double step = compute + exposedDp + exposedPp + bubble + optimizer;
        double mfu = 0.45 * compute / step;
        double starvation = (exposedDp + exposedPp) / step;

        double ckptH = (s.reliability().checkpointIntervalMin() == null
                        ? 30
                        : s.reliability().checkpointIntervalMin())
                / 60.0;
        double lostPerFailureGpuH = gpus
                * (ckptH / 2
                        + (s.reliability().restartS() == null
                                        ? 600
                                        : s.reliability().restartS())
                                / 3600.0);
        double lostPerYear =
                failuresPerYear * lostPerFailureGpuH + mttrSum * s.cluster().gpusPerNode();
        double availability = 1 - lostPerYear / (gpus * TcoModel.HOURS_PER_YEAR);
        double steps = w.tokenCount() / ((double) w.gbs() * w.seq());
        double tttDays = steps * step / 86_400.0 / availability;
        double itW = gpus * 700.0 + opticsW + hostW + switchW;
        double energyRunMWh = itW * s.economics().pue() * tttDays * 24 / 1e6;

        Capex capex = new Capex(
                switches * 200_000.0,
                opticsUsd,
                tiers.contains("cpo") ? switches * 16 * 1_000.0 : 0,
                gpus * tiers.size() * 100.0,
                gpus * 25_000.0);
        TcoResult tco = TcoModel.evaluate(
                new TcoInputs(capex, opticsW + hostW + switchW, failuresPerYear * 800, mttrSum * 120, s.economics()));
        RunCost run = RunCostModel.evaluate(new RunCostInputs(
                s.economics().gpuTime(),
                gpus,
                s.cluster().gpusPerNode(),
                steps * step / 3600.0,
                tttDays * 24,
                0,
                s.economics().gpuHourUsd(),
                gpus * 40_000.0,
                capex.interconnectUsd(),
                s.economics().lifetimeYears(),
                s.economics().discountRate(),
                s.cluster().gpusPerNode() * 1_000.0,
                s.cluster().gpusPerNode() * 300.0,
                opticsW + hostW + switchW,
                s.economics().pue(),
                s.economics().electricityUsdPerKwh(),
                new RepairCost(0, 0, failuresPerYear * 800, mttrSum * 120)));

        List<Point> reach = new ArrayList<>();
        for (double m : new double[] {0.5, 1, 2, 3, 5, 10, 30, 100, 500, 2000}) {
            double e = alt.copperWhereReachAllows() && m <= 2 ? 5.5 : pj + m * 0.001;
            reach.add(new Point(m, e));
        }
        List<Point> rel = new ArrayList<>();
        for (int q = 0; q <= 4 * s.economics().lifetimeYears(); q++) {
            rel.add(new Point(q / 4.0, lostPerYear * q / 4.0));
        }
        Charts charts = new Charts(
                List.of(
                        new NamedValue("Switch ASICs", switchW / 1000),
                        new NamedValue("Optics", opticsW / 1000),
                        new NamedValue("Host SerDes", hostW / 1000)),
                new Series(alt.name(), "m", "pJ/bit", reach),
                List.of(
                        new NamedValue("Compute", compute),
                        new NamedValue("Exposed DP", exposedDp),
                        new NamedValue("Exposed PP", exposedPp),
                        new NamedValue("Pipeline bubble", bubble),
                        new NamedValue("Optimizer", optimizer)),
                Charts.tcoWaterfall(tco),
                run.components().stream()
                        .map(c -> new NamedValue(c.label(), c.usd()))
                        .toList(),
                new Series(alt.name(), "years", "GPU-hours lost (cumulative)", rel));
        return new AlternativeResult(
                alt.name(),
                w.name(),
                new AlternativeResult.Link(pj, latencyNs, !tiers.contains("pluggable") || rateGbps < 3200),
                new AlternativeResult.Fabric(opticsW / 1000, fabricKw),
                new AlternativeResult.Training(step, mfu, starvation, tttDays, energyRunMWh),
                new AlternativeResult.Reliability(availability, lostPerYear),
                AlternativeResult.Cost.of(capex.interconnectUsd(), tco, run),
                charts);
    }
}
