package dev.nearlight.sim.reliability;

import dev.nearlight.core.InputException;
import dev.nearlight.core.catalogue.Catalogue;
import dev.nearlight.core.link.LinkDesign;
import dev.nearlight.core.link.PhysicalLinkModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a {@link ClusterReliabilityModel} for one optics technology from {@code reliability/defaults.yaml} and a
 * {@link FabricInventory}, with the optics facts (laser FIT at the operating temperature, lasers per port, non-laser
 * FIT per link end, external laser sharing, FRU and MTTR) from the core link model for each technology's catalogue
 * entry at the fabric's port rate and coolant temperature ({@link OpticsFacts}). Populations (see docs/reliability.md for the table):
 *
 * <ul>
 *   <li>every technology: software faults, GPUs (GPU-tray repair), NICs, other node parts, switches per tier
 *       (non-optical faults; a leaf takes the nodes on its host ports, a spine or core switch is a fabric path);
 *   <li>pluggable, LPO, LRO: two modules per link, hot-swapped; module FIT = end electronics FIT + lasers per port x
 *       laser FIT at the module's laser temperature; repair = the catalogue MTTR;
 *   <li>NPO: engines of {@code portsPerEngine} ports on every switch and on every node, serviced at board level (the
 *       switch or node is down); engine FIT = ports x (end electronics FIT + lasers x laser FIT); when the catalogue
 *       entry has external lasers ({@code npo-els}) they sit in hot-swapped external laser sources, as for CPO;
 *   <li>CPO (ELS): engines on every switch and node without a field-replaceable engine (a failure replaces the switch
 *       or GPU tray); external laser sources hot-swapped, each taking the ports it feeds down until swapped;
 *   <li>cpo-switch: CPO (ELS) on the switches only; the NIC end of each host-facing link is a pluggable DSP module;
 *   <li>copper: one AEC cable per host-facing link, pluggable DSP modules above.
 * </ul>
 *
 * On-site spares are {@code sparesPercent} of each installed population (at least one), restocked after
 * {@code restockLeadTimeHours}.
 */
public final class DefaultClusterFactory {
    /** Shipped mapping of technology ids to catalogue prefixes, for technologies without {@code catalogue}. */
    private static final java.util.Map<String, String> CATALOGUE = java.util.Map.of(
            "pluggable", "pluggable-dsp-dr",
            "lpo", "lpo",
            "lro", "lro",
            "npo", "npo",
            "npo-els", "npo-els",
            "cpo", "cpo-els",
            "cpo-switch", "cpo-els",
            "copper", "aec");

    private final ReliabilityDefaults d;
    private final PhysicalLinkModel link;
    private final OpticsConditions conditions;

    /** A factory over {@code defaults}, the default catalogue, {@code portRateGbps} and default coolant. */
    public DefaultClusterFactory(ReliabilityDefaults defaults) {
        this(
                defaults,
                new PhysicalLinkModel(Catalogue.defaults()),
                new OpticsConditions(defaults.common("portRateGbps"), null));
    }

    /** A factory over {@code defaults} with an explicit link model and link operating conditions. */
    public DefaultClusterFactory(ReliabilityDefaults defaults, PhysicalLinkModel link, OpticsConditions conditions) {
        this.d = java.util.Objects.requireNonNull(defaults, "defaults");
        this.link = java.util.Objects.requireNonNull(link, "link");
        this.conditions = java.util.Objects.requireNonNull(conditions, "conditions");
    }

    /** A factory over the shipped defaults. */
    public static DefaultClusterFactory standard() {
        return new DefaultClusterFactory(ReliabilityDefaults.load());
    }

    /** A factory over the shipped defaults and catalogue, with links at {@code conditions}. */
    public static DefaultClusterFactory standard(OpticsConditions conditions) {
        return new DefaultClusterFactory(
                ReliabilityDefaults.load(), new PhysicalLinkModel(Catalogue.defaults()), conditions);
    }

    /** The link operating conditions. */
    public OpticsConditions conditions() {
        return conditions;
    }

    /**
     * The link-model facts of technology {@code opticsId}: its catalogue entry at the port rate, evaluated by the
     * {@link PhysicalLinkModel} at the coolant temperature plus {@code s.laserTempDeltaC()}, laser FIT times {@code
     * s.laserFitFactor()}.
     */
    public OpticsFacts opticsFacts(String opticsId, Sensitivity s) {
        return facts(catalogueFor(opticsId), s);
    }

    /**
     * The catalogue prefix of technology {@code opticsId}: its {@code catalogue} field, else the shipped mapping
     * (pluggable: pluggable-dsp-dr, cpo and cpo-switch: cpo-els, copper: aec, others: the id itself).
     */
    public String catalogueFor(String opticsId) {
        ReliabilityDefaults.Technology t = d.technology(opticsId);
        if (t.catalogue() != null) {
            return t.catalogue();
        }
        String id = opticsId.toLowerCase(java.util.Locale.ROOT);
        String c = CATALOGUE.get(id);
        if (c == null) {
            throw new InputException(
                    ReliabilityDefaults.RESOURCE + ": technology '" + id + "' needs 'catalogue: <core technology id>'");
        }
        return c;
    }

    private OpticsFacts facts(String catalogueId, Sensitivity s) {
        LinkDesign design = LinkDesign.defaultFor(catalogueId, conditions.rateGbps(), link.catalogue());
        double base = conditions.coolantC() != null
                ? conditions.coolantC()
                : design.environment().coolantC();
        double coolant = base + s.laserTempDeltaC();
        return OpticsFacts.of(link.evaluate(design.withCoolantC(coolant)), coolant, s.laserFitFactor());
    }

    /** The defaults this factory reads. */
    public ReliabilityDefaults defaults() {
        return d;
    }

    /**
     * The default job: all GPUs but {@code spareNodesPercent} of the nodes (rounded down), default checkpoint write,
     * restart and failure-free time to train.
     *
     * @param checkpointIntervalHours interval, or {@code null} for Young/Daly
     * @param reroute whether fabric-path failures are routed around
     */
    public JobSpec defaultJob(FabricInventory inv, Double checkpointIntervalHours, boolean reroute) {
        int spare = (int) Math.floor(inv.nodes() * d.job("spareNodesPercent") / 100.0);
        int gpus = (inv.nodes() - spare) * inv.gpusPerNode();
        return new JobSpec(
                gpus,
                checkpointIntervalHours,
                d.job("checkpointWriteMinutes") / 60.0,
                d.job("restartMinutes") / 60.0,
                reroute,
                d.job("commBoundFraction"),
                d.job("failureFreeTimeToTrainDays"));
    }

    /** The default service team. */
    public ServiceTeam defaultServiceTeam() {
        return new ServiceTeam((int) Math.round(d.common("technicians")), d.common("labourUsdPerHour"));
    }

    /** Builds the model for technology {@code opticsId} (unknown ids throw an InputException naming the closest). */
    public ClusterReliabilityModel build(String opticsId, FabricInventory inv, JobSpec job, Sensitivity s) {
        ReliabilityDefaults.Technology tech = d.technology(opticsId);
        String id = opticsId.toLowerCase(java.util.Locale.ROOT);
        Builder b = new Builder(inv, s);
        b.common();
        switch (tech.kind()) {
            case "pluggable" -> b.pluggableModules(tech, false);
            case "copper" -> b.copper(tech, d.technology("pluggable"));
            case "npo" -> {
                b.engines(tech, false);
                if (b.facts(tech).externalLasers()) {
                    b.laserSources(tech);
                }
            }
            case "cpo-switch" -> {
                // CPO switches; the NIC ends of host-facing links stay pluggable (as shipping CPO switches are used)
                b.opticsOnHosts = false;
                b.engines(tech, true);
                b.laserSources(tech);
                b.hostEndModules(d.technology("pluggable"));
            }
            case "cpo" -> {
                b.engines(tech, true);
                b.laserSources(tech);
            }
            default -> throw new IllegalStateException("unhandled kind " + tech.kind());
        }
        return new ClusterReliabilityModel(
                id, inv.gpus(), inv.gpusPerNode(), inv.totalLinks(), b.pops, defaultServiceTeam(), job);
    }

    /** Mutable helper that accumulates populations for one build. */
    private final class Builder {
        final FabricInventory inv;
        final Sensitivity s;
        final List<ComponentPopulation> pops = new ArrayList<>();
        final int gpn;
        final int radix;
        final double portGbps;
        final double sigma;
        /** Whether the technology also sits at the NIC end of host-facing links (false: pluggable there). */
        boolean opticsOnHosts = true;

        Builder(FabricInventory inv, Sensitivity s) {
            this.inv = inv;
            this.s = s;
            this.gpn = inv.gpusPerNode();
            this.radix = inv.switchRadix();
            this.portGbps = conditions.rateGbps();
            this.sigma = d.common("repairSigmaLog");
            for (String id : d.technologyIds()) {
                techIds.put(d.technology(id), id);
            }
        }

        final java.util.Map<String, OpticsFacts> facts = new java.util.HashMap<>();
        final java.util.Map<ReliabilityDefaults.Technology, String> techIds = new java.util.IdentityHashMap<>();

        /** The link-model facts of a technology under this build's sensitivity. */
        OpticsFacts facts(ReliabilityDefaults.Technology t) {
            String id = techIds.get(t);
            return facts.computeIfAbsent(catalogueFor(id), c -> DefaultClusterFactory.this.facts(c, s));
        }

        /** Hands-on repair hours of a hot-swapped or engine FRU: the override {@code key} if given, else the MTTR. */
        double repairHours(ReliabilityDefaults.Technology t, String key, double mttrH) {
            return (t.params().containsKey(key) ? t.value(key) : mttrH) * s.repairTimeFactor();
        }

        RepairPolicy policy(Fru fru, boolean hotSwap, double repairHours, long installed, double costUsd) {
            int spares = (int) Math.max(1, Math.ceil(installed * d.common("sparesPercent") / 100.0));
            return new RepairPolicy(
                    fru,
                    hotSwap,
                    RepairTime.lognormal(repairHours, sigma),
                    spares,
                    d.common("restockLeadTimeHours"),
                    costUsd);
        }

        /**
         * Adds a constant-rate population; GPU-less units are fabric paths. {@code linksDown} counts failed links
         * only: a node that is down for a GPU repair leaves its links idle, not failed.
         */
        void add(
                String name,
                long count,
                double ratePerHour,
                RepairPolicy policy,
                BlastRadius br,
                int linksDown,
                int gpusDown) {
            boolean fabricPath = gpusDown == 0 && br != BlastRadius.NONE;
            double bw = fabricPath ? Math.min(1.0, 2.0 / radix) : 0;
            pops.add(new ComponentPopulation(
                    name,
                    count,
                    new FailureProcess(ratePerHour, null),
                    policy,
                    br,
                    linksDown,
                    gpusDown,
                    fabricPath,
                    bw));
        }

        void common() {
            int nodes = inv.nodes();
            pops.add(new ComponentPopulation(
                    "software and transient faults",
                    1,
                    new FailureProcess(d.common("softwareInterruptsPerDay") / 24.0, null),
                    RepairPolicy.restartOnly(),
                    BlastRadius.NONE,
                    0,
                    0,
                    false,
                    0));
            add(
                    "GPUs",
                    inv.gpus(),
                    Rates.perHourFromAfrPercent(d.common("gpuAfr")),
                    policy(Fru.GPU_TRAY, false, d.common("gpuTrayRepairHours"), inv.gpus(), d.common("gpuTrayCostUsd")),
                    BlastRadius.NODE,
                    0,
                    gpn);
            add(
                    "NICs",
                    inv.gpus(),
                    Rates.perHourFromAfrPercent(d.common("nicAfr")),
                    policy(Fru.NIC, false, d.common("nicRepairHours"), inv.gpus(), d.common("nicCostUsd")),
                    BlastRadius.NODE,
                    1,
                    gpn);
            add(
                    "other node parts",
                    nodes,
                    Rates.perHourFromAfrPercent(d.common("nodeOtherAfr")),
                    policy(Fru.NODE_PART, false, d.common("nodeOtherRepairHours"), nodes, d.common("nodeOtherCostUsd")),
                    BlastRadius.NODE,
                    0,
                    gpn);
        }

        void switches(double repairHours, double costUsd) {
            for (FabricInventory.SwitchTier t : inv.switchTiers()) {
                add(
                        t.name() + " switches (non-optical faults)",
                        t.switches(),
                        Rates.perHourFromAfrPercent(d.common("switchAfr")),
                        policy(Fru.SWITCH, false, repairHours, t.switches(), costUsd),
                        BlastRadius.SWITCH,
                        radix,
                        t.hostPorts() * gpn);
            }
        }

        double modulePerHour(ReliabilityDefaults.Technology t) {
            return Rates.perHourFromFit(facts(t).portFit());
        }

        void pluggableModules(ReliabilityDefaults.Technology t, boolean skipHostFacing) {
            switches(d.common("switchRepairHours"), d.common("switchCostUsd"));
            double rate = modulePerHour(t);
            double cost = t.value("costUsdPerGbps") * portGbps;
            double repair = repairHours(t, "repairHours", facts(t).mttrH());
            for (FabricInventory.LinkTier lt : inv.linkTiers()) {
                if (skipHostFacing && lt.hostFacing()) {
                    continue;
                }
                long n = 2 * lt.links();
                add(
                        lt.name() + " " + t.label() + " modules",
                        n,
                        rate,
                        policy(Fru.MODULE, facts(t).hotSwap(), repair, n, cost),
                        BlastRadius.LINK,
                        1,
                        lt.hostFacing() ? gpn : 0);
            }
        }

        /** One pluggable module at the NIC end of every host-facing link. */
        void hostEndModules(ReliabilityDefaults.Technology t) {
            double repair = repairHours(t, "repairHours", facts(t).mttrH());
            for (FabricInventory.LinkTier lt : inv.linkTiers()) {
                if (lt.hostFacing()) {
                    add(
                            lt.name() + " host-side " + t.label() + " modules",
                            lt.links(),
                            modulePerHour(t),
                            policy(
                                    Fru.MODULE,
                                    facts(t).hotSwap(),
                                    repair,
                                    lt.links(),
                                    t.value("costUsdPerGbps") * portGbps),
                            BlastRadius.LINK,
                            1,
                            gpn);
                }
            }
        }

        void copper(ReliabilityDefaults.Technology cable, ReliabilityDefaults.Technology pluggable) {
            pluggableModules(pluggable, true);
            double cost = cable.value("costUsdPerGbps") * portGbps;
            OpticsFacts f = facts(cable);
            double repair = repairHours(cable, "repairHours", f.mttrH());
            // one cable = both ends of the link
            double cableFit = 2 * f.portFit();
            for (FabricInventory.LinkTier lt : inv.linkTiers()) {
                if (lt.hostFacing()) {
                    add(
                            lt.name() + " AEC cables",
                            lt.links(),
                            Rates.perHourFromFit(cableFit),
                            policy(Fru.CABLE, f.hotSwap(), repair, lt.links(), cost),
                            BlastRadius.LINK,
                            1,
                            gpn);
                }
            }
        }

        void engines(ReliabilityDefaults.Technology t, boolean cpo) {
            int ppe = (int) Math.round(t.value("portsPerEngine"));
            OpticsFacts f = facts(t);
            // the catalogue MTTR of an NPO or CPO link is the engine's (board-level service or switch swap)
            double engineRepair = repairHours(t, "engineRepairHours", f.mttrH());
            double opticsPerSwitch = radix * portGbps * t.value("costUsdPerGbps");
            if (cpo) {
                // a non-optical switch fault replaces the whole CPO switch, optics included
                switches(engineRepair, d.common("switchCostUsd") + opticsPerSwitch);
            } else {
                switches(d.common("switchRepairHours"), d.common("switchCostUsd"));
            }
            // an engine serves ppe ports: its FIT is ppe times the per-port electronics and internal lasers
            double rate = ppe * Rates.perHourFromFit(f.portFit());
            String kind = cpo ? "CPO" : "NPO";
            for (FabricInventory.SwitchTier st : inv.switchTiers()) {
                long n = (long) st.switches() * ((radix + ppe - 1) / ppe);
                RepairPolicy p = cpo
                        ? policy(
                                Fru.SWITCH,
                                false,
                                engineRepair,
                                st.switches(),
                                d.common("switchCostUsd") + opticsPerSwitch)
                        : policy(Fru.ENGINE, false, engineRepair, n, ppe * portGbps * t.value("costUsdPerGbps"));
                add(st.name() + " " + kind + " engines", n, rate, p, BlastRadius.SWITCH, radix, st.hostPorts() * gpn);
            }
            if (!opticsOnHosts) {
                return;
            }
            long hostEngines = (long) inv.nodes() * ((gpn + ppe - 1) / ppe);
            RepairPolicy hp = cpo
                    ? policy(Fru.GPU_TRAY, false, engineRepair, inv.nodes(), d.common("gpuTrayCostUsd"))
                    : policy(Fru.ENGINE, false, engineRepair, hostEngines, ppe * portGbps * t.value("costUsdPerGbps"));
            add("host " + kind + " engines", hostEngines, rate, hp, BlastRadius.NODE, gpn, gpn);
        }

        void laserSources(ReliabilityDefaults.Technology t) {
            OpticsFacts f = facts(t);
            int ppl = f.portsPerLaserSource();
            double lasers = (double) f.lasersPerPort() * ppl;
            double rate = Rates.perHourFromAfrPercent(t.value("laserSourceAfr"))
                    + lasers * Rates.perHourFromFit(f.laserFit());
            double repair = repairHours(t, "repairHours", t.value("laserSourceRepairHours"));
            double cost = t.value("laserSourceCostUsd");
            for (FabricInventory.LinkTier lt : inv.linkTiers()) {
                long n = (lt.links() + ppl - 1) / ppl;
                String upper = inv.switchTiers().get(lt.upperSwitchTier()).name();
                // switch end: each port goes to a different node (host tier) or switch (fabric path)
                add(
                        lt.name() + " " + upper + "-side laser sources",
                        n,
                        rate,
                        policy(Fru.LASER_SOURCE, true, repair, n, cost),
                        BlastRadius.LINK_GROUP,
                        ppl,
                        lt.hostFacing() ? ppl * gpn : 0);
                if (lt.hostFacing() && !opticsOnHosts) {
                    continue;
                }
                String lower = lt.hostFacing()
                        ? "host"
                        : inv.switchTiers().get(lt.upperSwitchTier() - 1).name();
                int lowerGpus = lt.hostFacing() ? gpn * ((ppl + gpn - 1) / gpn) : 0;
                add(
                        lt.name() + " " + lower + "-side laser sources",
                        n,
                        rate,
                        policy(Fru.LASER_SOURCE, true, repair, n, cost),
                        BlastRadius.LINK_GROUP,
                        ppl,
                        lowerGpus);
            }
        }
    }
}
