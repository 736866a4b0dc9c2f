package dev.nearlight.fabric.bom;

import dev.nearlight.fabric.Fabric;
import dev.nearlight.fabric.LinkClass;
import dev.nearlight.fabric.NodeKind;
import dev.nearlight.fabric.device.SwitchModel;
import dev.nearlight.fabric.graph.CompiledFabric;
import dev.nearlight.fabric.link.LinkPlanner;
import dev.nearlight.fabric.link.LinkPlanner.PlannedLinks;
import dev.nearlight.fabric.link.LinkQuote;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rolls a fabric up into a {@link FabricReport}: plans every link with a {@link LinkPlanner}, then counts switches,
 * ports, links by medium, transceivers, engines, lasers, fibres, cables, power and capex per tier, per link class and
 * in total. Optics at a link's two ends are split half and half between the tiers of its two ends.
 */
public final class FabricRollup {
    /** GPU sources used for the diameter (exact for the symmetric topologies built here). */
    public static final int DIAMETER_SAMPLES = 4;

    private final LinkPlanner planner;

    /** Rolls up with the given planner. */
    public FabricRollup(LinkPlanner planner) {
        this.planner = planner;
    }

    /** Level of a vertex kind: 0 endpoints, 1 leaf-like switches, 2 spine, 3 core. */
    static int level(NodeKind k) {
        switch (k) {
            case LEAF:
            case SCALE_UP_SWITCH:
            case PCIE_SWITCH:
                return 1;
            case SPINE:
                return 2;
            case CORE:
                return 3;
            default:
                return 0;
        }
    }

    /** Report name of a switch tier. */
    public static String tierName(NodeKind k) {
        switch (k) {
            case LEAF:
                return "leaf";
            case SPINE:
                return "spine";
            case CORE:
                return "core";
            case SCALE_UP_SWITCH:
                return "scaleUp";
            case PCIE_SWITCH:
                return "pcie";
            default:
                return k.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Plans, compiles and rolls up a fabric. */
    public FabricReport rollup(Fabric f) {
        PlannedLinks plan = planner.plan(f);
        CompiledFabric compiled = CompiledFabric.compile(f, plan);
        return rollup(f, plan, compiled.gpuDiameterHops(DIAMETER_SAMPLES));
    }

    /** Rolls up a fabric with an existing plan and a known diameter. */
    public FabricReport rollup(Fabric f, PlannedLinks plan, int diameterHops) {
        List<NodeKind> kinds = new ArrayList<>();
        for (NodeKind k : NodeKind.values()) {
            if (k.isSwitch() && f.switchModels().containsKey(k)) {
                kinds.add(k);
            }
        }
        int nk = NodeKind.values().length;
        long[] switches = new long[nk];
        long[] portsUsed = new long[nk];
        long[] portsTotal = new long[nk];
        for (int v = 0; v < f.nodeCount(); v++) {
            NodeKind k = f.kind(v);
            if (k.isSwitch()) {
                switches[k.ordinal()]++;
                portsUsed[k.ordinal()] += f.portsUsed(v);
                portsTotal[k.ordinal()] += f.radix(v);
            }
        }
        // per tier accumulators
        long[] down = new long[nk];
        long[] up = new long[nk];
        double[] tierTransceivers = new double[nk];
        double[] tierEngines = new double[nk];
        double[] tierOpticsW = new double[nk];
        double[] tierOpticsUsd = new double[nk];
        List<Map<String, Long>> tierTech = new ArrayList<>();
        for (int i = 0; i < nk; i++) {
            tierTech.add(new LinkedHashMap<>());
        }
        // per class accumulators
        List<LinkClass> classes = f.linkClasses();
        int nc = classes.size();
        long[] links = new long[nc];
        long[] infeasible = new long[nc];
        double[] transceivers = new double[nc];
        double[] engines = new double[nc];
        double[] lasers = new double[nc];
        long[] fibres = new long[nc];
        long[] cables = new long[nc];
        double[] lenSum = new double[nc];
        double[] lenMax = new double[nc];
        double[] opticsW = new double[nc];
        double[] serdesW = new double[nc];
        double[] costUsd = new double[nc];
        List<Map<String, Long>> byTech = new ArrayList<>();
        List<Map<String, Long>> byMedium = new ArrayList<>();
        for (int c = 0; c < nc; c++) {
            byTech.add(new LinkedHashMap<>());
            byMedium.add(new LinkedHashMap<>());
        }
        // count links per (class, quote) first, then multiply: fast for huge fabrics
        int nq = plan.quotes().size();
        long[] perClassQuote = new long[nc * nq];
        for (int l = 0; l < f.linkCount(); l++) {
            int c = f.linkClass(l);
            perClassQuote[c * nq + plan.quoteIndex()[l]]++;
            double len = f.lengthM(l);
            lenSum[c] += len;
            lenMax[c] = Math.max(lenMax[c], len);
            int a = f.linkA(l);
            int b = f.linkB(l);
            NodeKind ka = f.kind(a);
            NodeKind kb = f.kind(b);
            LinkQuote q = plan.quote(l);
            endAt(ka, kb, q, down, up, tierTransceivers, tierEngines, tierOpticsW, tierOpticsUsd, tierTech);
            endAt(kb, ka, q, down, up, tierTransceivers, tierEngines, tierOpticsW, tierOpticsUsd, tierTech);
        }
        for (int c = 0; c < nc; c++) {
            for (int qi = 0; qi < nq; qi++) {
                long n = perClassQuote[c * nq + qi];
                if (n == 0) {
                    continue;
                }
                LinkQuote q = plan.quotes().get(qi);
                links[c] += n;
                if (!q.feasible()) {
                    infeasible[c] += n;
                }
                transceivers[c] += n * q.transceivers();
                engines[c] += n * q.opticalEngines();
                lasers[c] += n * q.externalLaserModules();
                fibres[c] += n * q.fibres();
                cables[c] += n * q.cables();
                opticsW[c] += n * q.opticsPowerW();
                serdesW[c] += n * q.hostSerdesPowerW();
                costUsd[c] += n * q.costUsd();
                byTech.get(c).merge(q.technologyId(), n, Long::sum);
                byMedium.get(c).merge(q.medium(), n, Long::sum);
            }
        }
        List<LinkClassRollup> classRollups = new ArrayList<>();
        double totalOpticsW = 0;
        double totalSerdesW = 0;
        double totalOpticsUsd = 0;
        long totalTransceivers = 0;
        long totalEngines = 0;
        long totalLasers = 0;
        long totalFibres = 0;
        long totalInfeasible = 0;
        Map<String, Long> cableCounts = new LinkedHashMap<>();
        cableCounts.put("nodeLeaf", 0L);
        cableCounts.put("leafSpine", 0L);
        cableCounts.put("spineCore", 0L);
        for (int c = 0; c < nc; c++) {
            LinkClass lc = classes.get(c);
            long eng = (long) Math.ceil(engines[c] - 1e-9);
            long las = (long) Math.ceil(lasers[c] - 1e-9);
            classRollups.add(new LinkClassRollup(
                    lc.name(),
                    lc.rateGbps(),
                    lc.opticsTechnology(),
                    links[c],
                    byTech.get(c),
                    byMedium.get(c),
                    infeasible[c],
                    Math.round(transceivers[c]),
                    eng,
                    las,
                    fibres[c],
                    cables[c],
                    links[c] == 0 ? 0 : lenSum[c] / links[c],
                    lenMax[c],
                    opticsW[c],
                    serdesW[c],
                    costUsd[c]));
            cableCounts.put(lc.name(), links[c]);
            totalOpticsW += opticsW[c];
            totalSerdesW += serdesW[c];
            totalOpticsUsd += costUsd[c];
            totalTransceivers += Math.round(transceivers[c]);
            totalEngines += eng;
            totalLasers += las;
            totalFibres += fibres[c];
            totalInfeasible += infeasible[c];
        }
        List<TierRollup> tiers = new ArrayList<>();
        Map<String, Long> switchCounts = new LinkedHashMap<>();
        switchCounts.put("leaf", 0L);
        switchCounts.put("spine", 0L);
        switchCounts.put("core", 0L);
        double totalSwitchW = 0;
        double totalSwitchUsd = 0;
        for (NodeKind k : kinds) {
            int i = k.ordinal();
            SwitchModel m = f.switchModels().get(k);
            double swW = switches[i] * m.powerW();
            double swUsd = switches[i] * m.costUsd();
            totalSwitchW += swW;
            totalSwitchUsd += swUsd;
            String medium = tierTech.get(i).entrySet().stream()
                    .max(Map.Entry.comparingByValue())
                    .map(Map.Entry::getKey)
                    .orElse("none");
            tiers.add(new TierRollup(
                    tierName(k),
                    switches[i],
                    portsUsed[i],
                    portsTotal[i] - portsUsed[i],
                    down[i],
                    up[i],
                    medium,
                    Math.round(tierTransceivers[i]),
                    (long) Math.ceil(tierEngines[i] - 1e-9),
                    tierOpticsW[i],
                    swW,
                    swW + tierOpticsW[i],
                    swUsd + tierOpticsUsd[i]));
            switchCounts.put(tierName(k), switches[i]);
        }
        return new FabricReport(
                f.topology(),
                f.gpus(),
                f.computeNodes(),
                switchCounts,
                cableCounts,
                tiers,
                classRollups,
                f.shape(),
                totalOpticsW,
                totalSwitchW,
                totalSerdesW,
                totalOpticsW + totalSwitchW + totalSerdesW,
                totalSwitchUsd + totalOpticsUsd,
                f.bisectionGbps() / 1000,
                diameterHops,
                f.oversubscription(),
                totalTransceivers,
                totalEngines,
                totalLasers,
                totalFibres,
                totalInfeasible);
    }

    private static void endAt(
            NodeKind self,
            NodeKind other,
            LinkQuote q,
            long[] down,
            long[] up,
            double[] trx,
            double[] eng,
            double[] w,
            double[] usd,
            List<Map<String, Long>> tech) {
        if (!self.isSwitch()) {
            return;
        }
        int i = self.ordinal();
        if (level(other) < level(self)) {
            down[i]++;
        } else {
            up[i]++;
        }
        trx[i] += q.transceivers() / 2.0;
        eng[i] += q.opticalEngines() / 2.0;
        w[i] += q.opticsPowerW() / 2;
        usd[i] += "optical".equals(q.medium()) ? q.costUsd() / 2 : 0;
        tech.get(i).merge(q.technologyId(), 1L, Long::sum);
    }
}
