package dev.nearlight.fabric.bom;

import dev.nearlight.fabric.Fabric;
import dev.nearlight.fabric.LinkClass;
import dev.nearlight.fabric.NodeKind;
import dev.nearlight.fabric.device.SwitchModel;
import dev.nearlight.fabric.graph.CompiledFabric;
import dev.nearlight.fabric.link.EndParts;
import dev.nearlight.fabric.link.LinkPlanner;
import dev.nearlight.fabric.link.LinkPlanner.PlannedLinks;
import dev.nearlight.fabric.link.LinkQuote;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Rolls a fabric up into a {@link FabricReport}: plans every link with a {@link LinkPlanner}, then counts switches,
 * ports, links by medium, modules, engines, lasers, fibres, cables, power and capex per tier, per link class, at the
 * NIC ends and in total. Each link end is counted at the box it plugs into, with the part its plan gives that end
 * (half of the end's symmetric quote; the medium is shared half and half). Pluggable modules are counted per port;
 * optical engines and external laser sources per switch from its bandwidth ({@link TierRollup}) and per NIC port.
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
        List<LinkClass> classes = f.linkClasses();
        int nc = classes.size();
        // per end accumulators: index nk = the endpoint (NIC) ends
        Ends[] at = new Ends[nk + 1];
        for (int i = 0; i <= nk; i++) {
            at[i] = new Ends();
        }
        int[] engineEndsAt = new int[f.nodeCount()];
        // per class accumulators
        long[] links = new long[nc];
        long[] infeasible = new long[nc];
        double[] transceivers = new double[nc];
        double[] engineShare = new double[nc];
        double[] lasers = new double[nc];
        long[] engineEnds = new long[nc];
        long[] fibres = new long[nc];
        long[] cables = new long[nc];
        double[] lenSum = new double[nc];
        double[] lenMax = new double[nc];
        double[] opticsW = new double[nc];
        double[] serdesW = new double[nc];
        double[] costUsd = new double[nc];
        List<Map<String, Long>> byTech = new ArrayList<>();
        List<Map<String, Long>> byMedium = new ArrayList<>();
        List<Map<String, Long>> copperCables = new ArrayList<>();
        for (int c = 0; c < nc; c++) {
            byTech.add(new LinkedHashMap<>());
            byMedium.add(new LinkedHashMap<>());
            copperCables.add(new LinkedHashMap<>());
        }
        Map<String, EndParts> partsCache = new HashMap<>();
        // count links per (class, quote) first, then multiply: fast for huge fabrics
        int nq = plan.quotes().size();
        long[] perClassQuote = new long[nc * nq];
        for (int l = 0; l < f.linkCount(); l++) {
            int c = f.linkClass(l);
            perClassQuote[c * nq + plan.quoteIndex()[l]]++;
            double len = f.lengthM(l);
            lenSum[c] += len;
            lenMax[c] = Math.max(lenMax[c], len);
            double rate = classes.get(c).rateGbps();
            for (int e = 0; e < 2; e++) {
                int v = e == 0 ? f.linkA(l) : f.linkB(l);
                int w = e == 0 ? f.linkB(l) : f.linkA(l);
                NodeKind self = f.kind(v);
                LinkQuote eq = plan.endQuote(l, e);
                EndParts p = partsCache.computeIfAbsent(
                        eq.technologyId() + "@" + rate, k -> planner.evaluator().parts(eq.technologyId(), rate));
                Ends end = at[self.isSwitch() ? self.ordinal() : nk];
                if (!self.isSwitch()) {
                    end.endpointEnds++;
                } else {
                    if (level(f.kind(w)) < level(self)) {
                        end.down++;
                    } else {
                        end.up++;
                    }
                }
                end.add(eq, p, rate);
                if (p.engine()) {
                    engineEndsAt[v]++;
                    engineEnds[c]++;
                    engineShare[c] += rate / p.engineGbps();
                }
            }
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
                lasers[c] += n * q.externalLaserModules();
                fibres[c] += n * q.fibres();
                cables[c] += n * q.cables();
                opticsW[c] += n * q.opticsPowerW();
                serdesW[c] += n * q.hostSerdesPowerW();
                costUsd[c] += n * q.costUsd();
                byTech.get(c).merge(q.technologyId(), n, Long::sum);
                byMedium.get(c).merge(q.medium(), n, Long::sum);
                if ("copper".equals(q.medium())) {
                    copperCables.get(c).merge(q.technologyId(), n, Long::sum);
                }
            }
        }
        List<LinkClassRollup> classRollups = new ArrayList<>();
        double totalOpticsW = 0;
        double totalSerdesW = 0;
        long totalFibres = 0;
        long totalInfeasible = 0;
        Map<String, Long> cableCounts = new LinkedHashMap<>();
        cableCounts.put("nodeLeaf", 0L);
        cableCounts.put("leafSpine", 0L);
        cableCounts.put("spineCore", 0L);
        for (int c = 0; c < nc; c++) {
            LinkClass lc = classes.get(c);
            classRollups.add(new LinkClassRollup(
                    lc.name(),
                    lc.rateGbps(),
                    lc.opticsTechnology(),
                    links[c],
                    byTech.get(c),
                    byMedium.get(c),
                    infeasible[c],
                    Math.round(transceivers[c]),
                    (long) Math.ceil(engineShare[c] - 1e-9),
                    (long) Math.ceil(lasers[c] - 1e-9),
                    fibres[c],
                    cables[c],
                    links[c] == 0 ? 0 : lenSum[c] / links[c],
                    lenMax[c],
                    opticsW[c],
                    serdesW[c],
                    costUsd[c],
                    lc.switchEndTechnology(),
                    lc.endpointEndTechnology(),
                    engineEnds[c],
                    copperCables.get(c)));
            cableCounts.put(lc.name(), links[c]);
            totalOpticsW += opticsW[c];
            totalSerdesW += serdesW[c];
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
        double totalCapex = 0;
        long totalModules = 0;
        long totalEngines = 0;
        long totalLasers = 0;
        for (NodeKind k : kinds) {
            int i = k.ordinal();
            SwitchModel m = f.switchModels().get(k);
            Ends end = at[i];
            double swW = switches[i] * m.powerW();
            double swUsd = switches[i] * m.costUsd();
            totalSwitchW += swW;
            totalSwitchUsd += swUsd;
            String medium = end.tech.entrySet().stream()
                    .max(Map.Entry.comparingByValue())
                    .map(Map.Entry::getKey)
                    .orElse("none");
            int maxEnginePorts = 0;
            for (int v = 0; v < f.nodeCount(); v++) {
                if (f.kind(v) == k) {
                    maxEnginePorts = Math.max(maxEnginePorts, engineEndsAt[v]);
                }
            }
            String engineTech = end.engineTech.entrySet().stream()
                    .max(Map.Entry.comparingByValue())
                    .map(Map.Entry::getKey)
                    .orElse("");
            EndParts ep = engineTech.isEmpty() ? null : end.engineParts.get(engineTech);
            boolean cages = end.nonEngineEnds > 0;
            int enginePorts = ep == null ? 0 : cages ? maxEnginePorts : m.radix();
            int enginesPerSwitch =
                    ep == null ? 0 : (int) Math.ceil(enginePorts * m.portRateGbps() / ep.engineGbps() - 1e-9);
            double elsPerPort = ep == null ? 0 : end.elsPerPort.getOrDefault(engineTech, 0.0);
            int elsPerSwitch = (int) Math.ceil(enginePorts * elsPerPort - 1e-9);
            String packaging = ep == null
                    ? (cages ? "cages" : "none")
                    : (cages ? "cages+" : "") + ep.packaging().name().toLowerCase(Locale.ROOT);
            long engines = switches[i] * enginesPerSwitch;
            long els = switches[i] * elsPerSwitch;
            double capex = swUsd + end.capexUsd + (ep == null ? 0 : engines * ep.engineUsd() + els * ep.elsUsd());
            totalCapex += capex;
            totalModules += end.modules;
            totalEngines += engines;
            totalLasers += els;
            tiers.add(new TierRollup(
                    tierName(k),
                    switches[i],
                    portsUsed[i],
                    portsTotal[i] - portsUsed[i],
                    end.down,
                    end.up,
                    medium,
                    end.modules,
                    engines,
                    end.opticsW,
                    swW,
                    swW + end.opticsW,
                    capex,
                    m.radix(),
                    m.portRateGbps(),
                    packaging,
                    enginePorts,
                    engineTech,
                    ep == null ? 0 : ep.engineGbps(),
                    enginesPerSwitch,
                    elsPerSwitch,
                    els,
                    end.modulesByTech,
                    end.copperEnds,
                    m.costUsd(),
                    ep == null ? 0 : ep.engineUsd(),
                    ep == null ? 0 : ep.elsUsd(),
                    end.moduleUsd));
            switchCounts.put(tierName(k), switches[i]);
        }
        NicEndRollup nic = nicEnds(f, at[nk]);
        totalCapex += nic.capexUsd();
        totalModules += nic.pluggableModules();
        totalEngines += nic.opticalEngines();
        totalLasers += nic.externalLaserModules();
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
                totalCapex,
                f.bisectionGbps() / 1000,
                diameterHops,
                f.oversubscription(),
                totalModules,
                totalEngines,
                totalLasers,
                totalFibres,
                totalInfeasible,
                nic,
                totalSwitchUsd);
    }

    private static NicEndRollup nicEnds(Fabric f, Ends end) {
        long nodes = f.computeNodes();
        double capex = end.capexUsd + end.nicEngines * end.nicEngineUsd + end.nicEls * end.nicElsUsd;
        long copper =
                end.copperEnds.values().stream().mapToLong(Long::longValue).sum();
        return new NicEndRollup(
                nodes,
                end.endpointEnds,
                end.tech,
                end.modules,
                end.nicEngines,
                end.nicEls,
                copper,
                nodes == 0 ? 0 : (double) end.modules / nodes,
                nodes == 0 ? 0 : (double) end.nicEngines / nodes,
                nodes == 0 ? 0 : (double) end.nicEls / nodes,
                end.opticsW,
                capex,
                end.moduleUsd,
                end.nicEngineUsd,
                end.nicElsUsd);
    }

    /** What the link ends at one switch tier (or at the endpoints) add up to. */
    private static final class Ends {
        long down;
        long up;
        long endpointEnds;
        long modules;
        long nonEngineEnds;
        double opticsW;
        double capexUsd;
        long nicEngines;
        long nicEls;
        double nicEngineUsd;
        double nicElsUsd;
        final Map<String, Long> tech = new LinkedHashMap<>();
        final Map<String, Long> modulesByTech = new LinkedHashMap<>();
        final Map<String, Double> moduleUsd = new LinkedHashMap<>();
        final Map<String, Long> copperEnds = new LinkedHashMap<>();
        final Map<String, Long> engineTech = new LinkedHashMap<>();
        final Map<String, EndParts> engineParts = new HashMap<>();
        final Map<String, Double> elsPerPort = new HashMap<>();

        /**
         * One link end carrying the part of symmetric quote {@code q}: half the quote's power; its module; the
         * medium's half; an engine port's share is left out (whole engines are priced per switch or NIC).
         */
        void add(LinkQuote q, EndParts p, double rateGbps) {
            String id = q.technologyId();
            tech.merge(id, 1L, Long::sum);
            opticsW += q.opticsPowerW() / 2;
            double els = q.externalLaserModules() / 2;
            double partUsd = p.portUsd() + els * p.elsUsd();
            double mediumUsd = q.costUsd() / 2 - partUsd;
            if (mediumUsd < -1e-6 * Math.max(1, q.costUsd())) {
                throw new IllegalStateException(
                        id + ": end part " + partUsd + " USD exceeds half the link's " + q.costUsd() + " USD");
            }
            capexUsd += Math.max(0, mediumUsd);
            switch (p.kind()) {
                case COPPER:
                    nonEngineEnds++;
                    copperEnds.merge(id, 1L, Long::sum);
                    break;
                case PLUGGABLE:
                    nonEngineEnds++;
                    capexUsd += partUsd;
                    int m = q.transceivers() / 2;
                    modules += m;
                    modulesByTech.merge(id, (long) m, Long::sum);
                    moduleUsd.put(id, p.portUsd());
                    break;
                default:
                    engineTech.merge(id, 1L, Long::sum);
                    engineParts.putIfAbsent(id, p);
                    elsPerPort.merge(id, els, Math::max);
                    // an engine on a NIC port is a whole engine per port (each NIC is its own card)
                    nicEngines += (long) Math.ceil(rateGbps / p.engineGbps() - 1e-9);
                    nicEls += (long) Math.ceil(els - 1e-9);
                    nicEngineUsd = p.engineUsd();
                    nicElsUsd = p.elsUsd();
            }
        }
    }
}
