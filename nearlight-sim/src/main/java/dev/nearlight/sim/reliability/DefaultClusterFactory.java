package dev.nearlight.sim.reliability;

import dev.nearlight.core.InputException;
import dev.nearlight.core.catalogue.Catalogue;
import dev.nearlight.core.link.LinkDesign;
import dev.nearlight.core.link.LinkReport;
import dev.nearlight.core.link.PhysicalLinkModel;
import dev.nearlight.core.link.thermal.Arrhenius;
import dev.nearlight.sim.reliability.FabricInventory.EndPart;
import dev.nearlight.sim.reliability.FabricInventory.LinkEnd;
import dev.nearlight.sim.reliability.FabricInventory.LinkTier;
import dev.nearlight.sim.reliability.FabricInventory.Medium;
import dev.nearlight.sim.reliability.FabricInventory.Node;
import dev.nearlight.sim.reliability.FabricInventory.Packaging;
import dev.nearlight.sim.reliability.FabricInventory.SwitchTier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a {@link ClusterReliabilityModel} from a {@link FabricInventory} (the parts, as counted by a bill of
 * materials) and {@code reliability/defaults.yaml} (what no catalogue holds: GPU, NIC, host and switch rates, software
 * faults, flaps, job policies, service team). The failure facts of every optical or copper part (laser FIT at its
 * operating temperature, lasers per port, non-laser FIT, external laser sharing, FRU, MTTR, price) come from the core
 * catalogue entry of the part's technology at its tier's rate, evaluated by the {@link PhysicalLinkModel}
 * ({@link OpticsFacts}); a rate the catalogue lacks is an {@link InputException}. Populations and their effects are
 * tabled in docs/reliability.md:
 *
 * <ul>
 *   <li>a pluggable module or a copper cable takes its link down until hot-swapped: a host-facing link costs its node
 *       one rail, a fabric link a share of a switch's uplinks;
 *   <li>an optical engine darkens its ports (on a leaf: one rail of those nodes; above: those paths) until its
 *       board-level (NPO) or switch (CPO) replacement, a separate service outage of the whole switch scheduled by the
 *       job's policy;
 *   <li>an external laser source darkens the ports it feeds until hot-swapped;
 *   <li>a whole switch goes down only when the switch fails (non-optical faults);
 *   <li>the fibre path of every optical link (patch cord, connectors) fails at {@code fibreCordAfr} and is cleaned
 *       or replaced hot, with the effect of a dark port;
 *   <li>every link flaps at its technology's rate; GPUs, NICs, host parts and software faults as measured.
 * </ul>
 */
public final class DefaultClusterFactory {
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

    /**
     * A factory over {@code defaults} with an explicit link model and link operating conditions (the conditions' rate
     * is used only by {@link #opticsFacts(String, Sensitivity)}; inventories carry their own rates).
     */
    public DefaultClusterFactory(ReliabilityDefaults defaults, PhysicalLinkModel link, OpticsConditions conditions) {
        this.d = Objects.requireNonNull(defaults, "defaults");
        this.link = Objects.requireNonNull(link, "link");
        this.conditions = Objects.requireNonNull(conditions, "conditions");
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

    /** The defaults this factory reads. */
    public ReliabilityDefaults defaults() {
        return d;
    }

    /** The catalogue the link model reads. */
    public Catalogue catalogue() {
        return link.catalogue();
    }

    /**
     * The link-model facts of optics preset {@code opticsId} at the conditions' rate, evaluated at the coolant
     * temperature plus {@code s.laserTempDeltaC()}, laser FIT times {@code s.laserFitFactor()}.
     */
    public OpticsFacts opticsFacts(String opticsId, Sensitivity s) {
        return facts(catalogueFor(opticsId), conditions.rateGbps(), s);
    }

    /** The core catalogue technology (id prefix) of optics preset {@code opticsId}. */
    public String catalogueFor(String opticsId) {
        ReliabilityDefaults.Technology t = d.technology(opticsId);
        if (t.catalogue() == null) {
            throw new InputException(
                    ReliabilityDefaults.RESOURCE + ": technology '" + opticsId + "' needs 'catalogue: <core id>'");
        }
        return t.catalogue();
    }

    /**
     * The link-model facts of catalogue technology {@code technology} (id or id prefix) at {@code rateGbps}.
     *
     * @throws InputException when the catalogue does not offer it at that rate
     */
    public OpticsFacts facts(String technology, double rateGbps, Sensitivity s) {
        String id = technology.toLowerCase(Locale.ROOT);
        LinkDesign design = LinkDesign.defaultFor(id, rateGbps, link.catalogue());
        if (Math.abs(design.dataRateGbps() - rateGbps) > 0.5) {
            throw new InputException("technology '" + technology + "' is a " + design.dataRateGbps()
                    + " Gb/s part, not " + rateGbps + " Gb/s: give the catalogue id prefix (e.g. "
                    + id.replaceAll("-[0-9.]+[gt]$", "") + ") or a part at the link's rate");
        }
        double base = conditions.coolantC() != null
                ? conditions.coolantC()
                : design.environment().coolantC();
        double coolant = base + s.laserTempDeltaC();
        dev.nearlight.core.catalogue.Technology tech = LinkDesign.resolve(id, rateGbps, link.catalogue());
        double endCost = tech.endCostUsd().value();
        LinkReport r = link.evaluate(design.withCoolantC(coolant));
        double ageing = 1;
        if (tech.lasersPerEnd() > 0 && !Double.isNaN(r.laserTempC())) {
            dev.nearlight.core.catalogue.Laser laser = link.catalogue().laser(tech.laser());
            ageing = Arrhenius.factor(
                    laser.activationEnergyEv().value(), laser.referenceTempC().value(), r.laserTempC());
        }
        return OpticsFacts.of(r, coolant, s.laserFitFactor(), endCost, ageing);
    }

    /**
     * The default job: all GPUs but {@code spareNodesPercent} of the nodes (rounded down), default checkpointing,
     * restart, failure-free time to train and failure policies.
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
                d.job("failureFreeTimeToTrainDays"),
                defaultPolicy());
    }

    /**
     * The default job with the defaults' fabric rerouting ({@code policies.rerouteFabricFailures}) and Young/Daly
     * checkpoints.
     */
    public JobSpec defaultJob(FabricInventory inv) {
        return defaultJob(inv, null, d.policyFlag("rerouteFabricFailures"));
    }

    /** The default failure policies ({@code job} section of the defaults). */
    public JobPolicy defaultPolicy() {
        return new JobPolicy(
                d.policy("railLoss", JobPolicy.RailLoss.class),
                d.policy("repairSchedule", JobPolicy.RepairSchedule.class),
                d.job("maintenanceWindowHours"),
                d.policyFlag("asyncCheckpoint"),
                d.policyFlag("drainBeforeFailure"),
                d.job("transportTimeoutS"),
                d.job("rerouteSeconds"));
    }

    /** The default service team. */
    public ServiceTeam defaultServiceTeam() {
        return new ServiceTeam((int) Math.round(d.common("technicians")), d.common("labourUsdPerHour"));
    }

    /**
     * The model of optics preset {@code opticsId} on the counts of {@code inv}: the inventory re-dressed with the
     * preset's parts ({@link #withOptics}), then {@link #fromInventory}.
     */
    public ClusterReliabilityModel build(String opticsId, FabricInventory inv, JobSpec job, Sensitivity s) {
        return fromInventory(opticsId.toLowerCase(Locale.ROOT), withOptics(inv, opticsId), job, s);
    }

    /**
     * The inventory {@code inv} with the parts of optics preset {@code opticsId} (defaults file, {@code technologies}):
     * the same switches, ports, rates and links, with the preset's switch packaging (engines sized by bandwidth:
     * {@code ceil(ports / floor(engineGbps / portRate))}; laser sources: ports / the catalogue's ports per source), link
     * ends and NIC-side optics ({@code npo} and {@code cpo} put engines on the NICs too; {@code -switch} variants and
     * every other preset leave the NICs with cages and pluggable modules).
     */
    public FabricInventory withOptics(FabricInventory inv, String opticsId) {
        ReliabilityDefaults.Technology t = d.technology(opticsId);
        String kind = t.kind();
        String own = t.catalogue();
        String pluggable = d.technology("pluggable").catalogue();
        boolean engines = kind.startsWith("npo") || kind.startsWith("cpo");
        boolean hostEngines = kind.equals("npo") || kind.equals("cpo");
        Packaging pk =
                kind.startsWith("npo") ? Packaging.NPO : kind.startsWith("cpo") ? Packaging.CPO : Packaging.CAGES;
        List<SwitchTier> sw = new ArrayList<>();
        for (SwitchTier st : inv.switchTiers()) {
            if (!engines) {
                sw.add(SwitchTier.withCages(
                        st.name(), st.switches(), st.portsPerSwitch(), st.portRateGbps(), st.hostPorts()));
                continue;
            }
            int ppe = portsPerEngine(t, st.portRateGbps());
            int ppl = facts(own, st.portRateGbps(), Sensitivity.NONE).portsPerLaserSource();
            int ports = st.portsPerSwitch();
            sw.add(new SwitchTier(
                    st.name(),
                    st.switches(),
                    ports,
                    st.portRateGbps(),
                    st.hostPorts(),
                    pk,
                    (ports + ppe - 1) / ppe,
                    ppe,
                    ppl > 0 ? (ports + ppl - 1) / ppl : 0,
                    ppl));
        }
        Node node = Node.withCages(inv.gpusPerNode());
        node = new Node(node.gpusPerNode(), inv.node().nics(), inv.node().rails(), 0, 0, 0, 0);
        if (hostEngines) {
            double rate = hostRate(inv);
            int ppe = portsPerEngine(t, rate);
            int ppl = facts(own, rate, Sensitivity.NONE).portsPerLaserSource();
            int rails = node.rails();
            node = new Node(
                    node.gpusPerNode(),
                    node.nics(),
                    rails,
                    (rails + ppe - 1) / ppe,
                    ppe,
                    ppl > 0 ? (rails + ppl - 1) / ppl : 0,
                    ppl);
        }
        List<LinkTier> lt = new ArrayList<>();
        for (LinkTier l : inv.linkTiers()) {
            if (kind.equals("copper") && l.hostFacing()) {
                LinkEnd cable = new LinkEnd(own, EndPart.NONE);
                lt.add(new LinkTier(
                        l.name(),
                        l.links(),
                        true,
                        l.upperSwitchTier(),
                        Medium.COPPER,
                        l.rateGbps(),
                        l.meanLengthM(),
                        cable,
                        cable));
                continue;
            }
            String tech = engines || kind.equals("pluggable") ? own : pluggable;
            LinkEnd upper = new LinkEnd(tech, engines ? EndPart.ENGINE_PORT : EndPart.MODULE);
            LinkEnd lower = l.hostFacing() && engines && !hostEngines ? new LinkEnd(pluggable, EndPart.MODULE) : upper;
            lt.add(new LinkTier(
                    l.name(),
                    l.links(),
                    l.hostFacing(),
                    l.upperSwitchTier(),
                    Medium.OPTICAL,
                    l.rateGbps(),
                    l.meanLengthM(),
                    lower,
                    upper));
        }
        return new FabricInventory(inv.gpus(), inv.railOptimized(), node, sw, lt);
    }

    private int portsPerEngine(ReliabilityDefaults.Technology t, double rateGbps) {
        double engineGbps = t.params().containsKey("engineGbps") ? t.value("engineGbps") : d.common("engineGbps");
        return Math.max(1, (int) Math.floor(engineGbps / rateGbps + 1e-9));
    }

    private static double hostRate(FabricInventory inv) {
        return inv.linkTiers().stream()
                .filter(LinkTier::hostFacing)
                .mapToDouble(LinkTier::rateGbps)
                .findFirst()
                .orElse(inv.switchTiers().get(0).portRateGbps());
    }

    /**
     * The model of the parts in {@code inv} as they are (the cluster model's adapter fills it from the BOM), named
     * {@code name}.
     */
    public ClusterReliabilityModel fromInventory(String name, FabricInventory inv, JobSpec job, Sensitivity s) {
        Builder b = new Builder(inv, s);
        b.common();
        b.switches();
        b.links();
        b.engines();
        b.nodeOptics();
        b.flaps();
        return new ClusterReliabilityModel(
                name,
                inv.gpus(),
                inv.gpusPerNode(),
                inv.totalLinks(),
                b.pops,
                defaultServiceTeam(),
                job,
                inv.node().rails());
    }

    /** Mutable helper that accumulates populations for one build. */
    private final class Builder {
        final FabricInventory inv;
        final Sensitivity s;
        final List<ComponentPopulation> pops = new ArrayList<>();
        final int gpn;
        final double sigma;
        final Map<String, OpticsFacts> facts = new HashMap<>();

        Builder(FabricInventory inv, Sensitivity s) {
            this.inv = inv;
            this.s = s;
            this.gpn = inv.gpusPerNode();
            this.sigma = d.common("repairSigmaLog");
        }

        OpticsFacts facts(String technology, double rateGbps) {
            return facts.computeIfAbsent(
                    technology + "@" + rateGbps, k -> DefaultClusterFactory.this.facts(technology, rateGbps, s));
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

        void add(
                String name,
                long count,
                double ratePerHour,
                RepairPolicy p,
                BlastRadius br,
                int linksDown,
                Category c,
                Effect fault,
                Effect service,
                double drainable) {
            if (count == 0) {
                return;
            }
            pops.add(new ComponentPopulation(
                    name,
                    count,
                    new FailureProcess(ratePerHour, null),
                    p,
                    br,
                    linksDown,
                    c,
                    fault,
                    service,
                    drainable,
                    0));
        }

        /** Uplinks of one switch of tier {@code j} (links of the tier above it / its switches). */
        int uplinks(int j) {
            long links = 0;
            for (LinkTier l : inv.linkTiers()) {
                if (!l.hostFacing() && l.upperSwitchTier() == j + 1) {
                    links += l.links();
                }
            }
            int sw = inv.switchTiers().get(j).switches();
            return sw == 0 || links == 0 ? 1 : (int) Math.max(1, links / sw);
        }

        /** What a dark port costs: on a host-facing port one rail of one node; above, a path of the lower switch. */
        Effect portEffect(boolean hostFacing, int lowerTier) {
            return hostFacing ? Effect.rails(1) : Effect.path(1, uplinks(lowerTier));
        }

        /** What {@code ports} dark host-facing ports of a leaf cost. */
        Effect hostPorts(int ports) {
            int rails = inv.node().rails();
            if (inv.railOptimized()) {
                return Effect.rails(ports);
            }
            return Effect.nodes(Math.min(inv.gpus(), (ports + rails - 1) / rails * gpn));
        }

        /** What a whole switch of tier {@code j} out of service costs. */
        Effect switchEffect(int j) {
            SwitchTier st = inv.switchTiers().get(j);
            if (j == 0 || st.hostPorts() > 0) {
                return hostPorts(st.hostPorts());
            }
            return Effect.path(1, uplinks(j - 1));
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
                    Category.SOFTWARE,
                    Effect.NONE,
                    Effect.NONE,
                    0,
                    0));
            add(
                    "GPUs",
                    inv.gpus(),
                    Rates.perHourFromAfrPercent(d.common("gpuAfr")),
                    policy(Fru.GPU_TRAY, false, d.common("gpuTrayRepairHours"), inv.gpus(), d.common("gpuTrayCostUsd")),
                    BlastRadius.NODE,
                    0,
                    Category.GPU,
                    Effect.nodes(gpn),
                    Effect.NONE,
                    0);
            long nics = (long) nodes * inv.node().nics();
            // a NIC serves one rail: its loss is a rail loss (degrade or swap by policy); its swap takes the node out
            add(
                    "NICs",
                    nics,
                    Rates.perHourFromAfrPercent(d.common("nicAfr")),
                    policy(Fru.NIC, false, d.common("nicRepairHours"), nics, d.common("nicCostUsd")),
                    BlastRadius.LINK,
                    1,
                    Category.NETWORK,
                    Effect.rails(1),
                    Effect.nodes(gpn),
                    0);
            add(
                    "other node parts",
                    nodes,
                    Rates.perHourFromAfrPercent(d.common("nodeOtherAfr")),
                    policy(Fru.NODE_PART, false, d.common("nodeOtherRepairHours"), nodes, d.common("nodeOtherCostUsd")),
                    BlastRadius.NODE,
                    0,
                    Category.HOST,
                    Effect.nodes(gpn),
                    Effect.NONE,
                    0);
        }

        /** Optics cost of one switch: its ports' share of engines (or 0 for cages: modules are separate FRUs). */
        double switchOpticsUsd(int j) {
            SwitchTier st = inv.switchTiers().get(j);
            String tech = engineTechnology(j);
            return tech == null
                    ? 0
                    : st.portsPerSwitch() * facts(tech, st.portRateGbps()).endCostUsd();
        }

        void switches() {
            for (int j = 0; j < inv.switchTiers().size(); j++) {
                SwitchTier st = inv.switchTiers().get(j);
                boolean cpo = st.packaging() == Packaging.CPO;
                String tech = engineTechnology(j);
                double hours = cpo && tech != null
                        ? engineRepairHours(tech, st.portRateGbps())
                        : d.common("switchRepairHours");
                // a CPO switch fault replaces the switch with its optics; others move their modules or keep engines
                double cost = d.common("switchCostUsd") + (cpo ? switchOpticsUsd(j) : 0);
                add(
                        st.name() + " switches (non-optical faults)",
                        st.switches(),
                        Rates.perHourFromAfrPercent(d.common("switchAfr")),
                        policy(Fru.SWITCH, false, hours, st.switches(), cost),
                        BlastRadius.SWITCH,
                        st.portsPerSwitch(),
                        Category.NETWORK,
                        switchEffect(j),
                        Effect.NONE,
                        0);
            }
        }

        /** Technology of the engine ports of switch tier {@code j} (from the link ends attached to it), or null. */
        String engineTechnology(int j) {
            for (LinkTier l : inv.linkTiers()) {
                if (l.upperSwitchTier() == j && l.upper().part() == EndPart.ENGINE_PORT) {
                    return l.upper().technology();
                }
                if (!l.hostFacing() && l.upperSwitchTier() == j + 1 && l.lower().part() == EndPart.ENGINE_PORT) {
                    return l.lower().technology();
                }
            }
            return null;
        }

        /** Technology of the node-side engine ports, or null. */
        String nodeEngineTechnology() {
            for (LinkTier l : inv.linkTiers()) {
                if (l.hostFacing() && l.lower().part() == EndPart.ENGINE_PORT) {
                    return l.lower().technology();
                }
            }
            return null;
        }

        double engineRepairHours(String tech, double rate) {
            ReliabilityDefaults.Technology t = presetOf(tech);
            double mttr = facts(tech, rate).mttrH();
            double h = t != null && t.params().containsKey("engineRepairHours") ? t.value("engineRepairHours") : mttr;
            return h * s.repairTimeFactor();
        }

        double moduleRepairHours(String tech, double rate) {
            ReliabilityDefaults.Technology t = presetOf(tech);
            double mttr = facts(tech, rate).mttrH();
            double h = t != null && t.params().containsKey("repairHours") ? t.value("repairHours") : mttr;
            return h * s.repairTimeFactor();
        }

        /** The defaults' preset whose catalogue technology is {@code tech} (for repair-time overrides), or null. */
        ReliabilityDefaults.Technology presetOf(String tech) {
            String family = family(tech);
            for (String id : d.technologyIds()) {
                ReliabilityDefaults.Technology t = d.technology(id);
                if (family.equals(t.catalogue())) {
                    return t;
                }
            }
            return null;
        }

        void links() {
            for (LinkTier l : inv.linkTiers()) {
                int lowerTier = l.hostFacing() ? -1 : l.upperSwitchTier() - 1;
                Effect e = portEffect(l.hostFacing(), Math.max(0, lowerTier));
                String where = l.name() + " ";
                if (l.medium() == Medium.COPPER) {
                    OpticsFacts f = facts(l.lower().technology(), l.rateGbps());
                    add(
                            where + family(l.lower().technology()) + " cables",
                            l.links(),
                            Rates.perHourFromFit(2 * f.portFit()),
                            policy(
                                    Fru.CABLE,
                                    f.hotSwap(),
                                    moduleRepairHours(l.lower().technology(), l.rateGbps()),
                                    l.links(),
                                    2 * f.endCostUsd()),
                            BlastRadius.LINK,
                            1,
                            Category.NETWORK,
                            e,
                            Effect.NONE,
                            0);
                    continue;
                }
                String lowerName = l.hostFacing()
                        ? "NIC-side "
                        : inv.switchTiers().get(lowerTier).name() + "-side ";
                String upperName = inv.switchTiers().get(l.upperSwitchTier()).name() + "-side ";
                boolean same = l.lower().equals(l.upper());
                if (same && l.lower().part() == EndPart.MODULE) {
                    module(where + family(l.lower().technology()) + " modules", 2 * l.links(), l, l.lower(), e);
                } else {
                    if (l.lower().part() == EndPart.MODULE) {
                        module(
                                where + lowerName + family(l.lower().technology()) + " modules",
                                l.links(),
                                l,
                                l.lower(),
                                e);
                    }
                    if (l.upper().part() == EndPart.MODULE) {
                        module(
                                where + upperName + family(l.upper().technology()) + " modules",
                                l.links(),
                                l,
                                l.upper(),
                                e);
                    }
                }
                fibreCords(where, l, e);
            }
        }

        /**
         * The fibre path of each optical link (patch cord and its connectors: contamination, damaged or bent fibre,
         * an unseated connector), whatever optics end it: a link fault of its own, cleaned or replaced hot.
         */
        void fibreCords(String where, LinkTier l, Effect e) {
            add(
                    where + "fibre cords",
                    l.links(),
                    Rates.perHourFromAfrPercent(d.common("fibreCordAfr")),
                    policy(
                            Fru.FIBRE_CORD,
                            true,
                            d.common("fibreCordRepairHours") * s.repairTimeFactor(),
                            l.links(),
                            d.common("fibreCordCostUsd")),
                    BlastRadius.LINK,
                    1,
                    Category.NETWORK,
                    e,
                    Effect.NONE,
                    0);
        }

        void module(String name, long n, LinkTier l, LinkEnd end, Effect e) {
            OpticsFacts f = facts(end.technology(), l.rateGbps());
            add(
                    name,
                    n,
                    Rates.perHourFromFit(f.portFit()),
                    policy(
                            Fru.MODULE,
                            f.hotSwap(),
                            moduleRepairHours(end.technology(), l.rateGbps()),
                            n,
                            f.endCostUsd()),
                    BlastRadius.LINK,
                    1,
                    Category.NETWORK,
                    e,
                    Effect.NONE,
                    drainable(f));
        }

        /** Share of a part's failures drained before they fail: margin erosion from the link model (OpticsFacts). */
        double drainable(OpticsFacts f) {
            return f.drainableShare(
                    d.common("wearoutDetectedFraction"),
                    d.common("marginWarningDb"),
                    d.common("wearoutDeclineDbPerKh") / 1000.0,
                    d.common("drainReactionHours"));
        }

        void engines() {
            for (int j = 0; j < inv.switchTiers().size(); j++) {
                SwitchTier st = inv.switchTiers().get(j);
                if (st.packaging() == Packaging.CAGES || st.switches() == 0) {
                    continue;
                }
                String tech = engineTechnology(j);
                if (tech == null) {
                    throw new InputException("switch tier '" + st.name() + "' has " + st.packaging()
                            + " engines but no link end on it is an engine port: give its links engine_port ends");
                }
                double rate = st.portRateGbps();
                OpticsFacts f = facts(tech, rate);
                boolean cpo = st.packaging() == Packaging.CPO;
                int ppe = st.portsPerEngine();
                long total = (long) st.switches() * st.enginesPerSwitch();
                double hours = engineRepairHours(tech, rate);
                double drain = drainable(f);
                RepairPolicy p = cpo
                        ? policy(
                                Fru.SWITCH, false, hours, st.switches(), d.common("switchCostUsd") + switchOpticsUsd(j))
                        : policy(Fru.ENGINE, false, hours, total, ppe * f.endCostUsd());
                double rate1 = ppe * Rates.perHourFromFit(f.portFit());
                Effect service = switchEffect(j);
                String kind = cpo ? "CPO" : "NPO";
                // engines facing down (hosts on a leaf, lower switches above) and up, in proportion to the ports
                int down = j == 0 ? st.hostPorts() : st.portsPerSwitch() - uplinksOrZero(j);
                long downEngines = Math.round(total * (double) down / st.portsPerSwitch());
                Effect downEffect = j == 0 || st.hostPorts() > 0
                        ? hostPorts(Math.min(ppe, Math.max(1, st.hostPorts())))
                        : Effect.path(1, uplinks(j - 1));
                add(
                        st.name() + " " + kind + " engines (down)",
                        downEngines,
                        rate1,
                        p,
                        BlastRadius.LINK_GROUP,
                        ppe,
                        Category.NETWORK,
                        downEffect,
                        service,
                        drain);
                add(
                        st.name() + " " + kind + " engines (up)",
                        total - downEngines,
                        rate1,
                        p,
                        BlastRadius.LINK_GROUP,
                        ppe,
                        Category.NETWORK,
                        Effect.path(Math.min(ppe, uplinks(j)), uplinks(j)),
                        service,
                        drain);
                laserSources(
                        st.name(),
                        j,
                        st.switches() * (long) st.laserSourcesPerSwitch(),
                        st.portsPerLaserSource(),
                        tech,
                        rate,
                        down / (double) st.portsPerSwitch(),
                        downEffectFor(j, st.portsPerLaserSource()));
            }
        }

        int uplinksOrZero(int j) {
            for (LinkTier l : inv.linkTiers()) {
                if (!l.hostFacing() && l.upperSwitchTier() == j + 1) {
                    return uplinks(j);
                }
            }
            return 0;
        }

        Effect downEffectFor(int j, int ports) {
            SwitchTier st = inv.switchTiers().get(j);
            return j == 0 || st.hostPorts() > 0
                    ? hostPorts(Math.min(Math.max(1, ports), Math.max(1, st.hostPorts())))
                    : Effect.path(1, uplinks(j - 1));
        }

        void laserSources(
                String where, int j, long n, int ppl, String tech, double rate, double downShare, Effect downEffect) {
            if (n == 0) {
                return;
            }
            OpticsFacts f = facts(tech, rate);
            ReliabilityDefaults.Technology t = presetOf(tech);
            double lasers = (double) f.lasersPerPort() * ppl;
            double r = Rates.perHourFromAfrPercent(d.common("laserSourceAfr"))
                    + lasers * Rates.perHourFromFit(f.laserFit());
            double hours = (t != null && t.params().containsKey("repairHours")
                            ? t.value("repairHours")
                            : d.common("laserSourceRepairHours"))
                    * s.repairTimeFactor();
            RepairPolicy p = policy(Fru.LASER_SOURCE, true, hours, n, d.common("laserSourceCostUsd"));
            double laserPerHour = lasers * Rates.perHourFromFit(f.laserFit());
            double drain = r > 0
                    ? d.common("wearoutDetectedFraction")
                            * f.warnedInTime(
                                    d.common("marginWarningDb"),
                                    d.common("wearoutDeclineDbPerKh") / 1000.0,
                                    d.common("drainReactionHours"))
                            * laserPerHour
                            / r
                    : 0;
            long down = Math.round(n * downShare);
            add(
                    where + " laser sources (down)",
                    down,
                    r,
                    p,
                    BlastRadius.LINK_GROUP,
                    ppl,
                    Category.NETWORK,
                    downEffect,
                    Effect.NONE,
                    drain);
            Effect up = j < 0 ? downEffect : Effect.path(Math.max(1, Math.min(ppl, uplinks(j))), uplinks(j));
            add(
                    where + " laser sources (up)",
                    n - down,
                    r,
                    p,
                    BlastRadius.LINK_GROUP,
                    ppl,
                    Category.NETWORK,
                    up,
                    Effect.NONE,
                    drain);
        }

        void nodeOptics() {
            Node node = inv.node();
            if (node.opticalEngines() == 0) {
                return;
            }
            String tech = nodeEngineTechnology();
            if (tech == null) {
                throw new InputException("node has optical engines but no host-facing link's NIC end is an engine"
                        + " port: give the host-facing tier engine_port lower ends");
            }
            double rate = hostRate(inv);
            OpticsFacts f = facts(tech, rate);
            long n = (long) inv.nodes() * node.opticalEngines();
            boolean cpo = family(tech).startsWith("cpo");
            double hours = engineRepairHours(tech, rate);
            RepairPolicy p = cpo
                    ? policy(Fru.GPU_TRAY, false, hours, inv.nodes(), d.common("gpuTrayCostUsd"))
                    : policy(Fru.ENGINE, false, hours, n, node.portsPerEngine() * f.endCostUsd());
            // an engine serving several rails of one node takes the node's scale-out away: swap the node
            Effect e = node.portsPerEngine() > 1 ? Effect.nodes(gpn) : Effect.rails(1);
            add(
                    "NIC-side " + (cpo ? "CPO" : "NPO") + " engines",
                    n,
                    node.portsPerEngine() * Rates.perHourFromFit(f.portFit()),
                    p,
                    BlastRadius.NODE,
                    node.portsPerEngine(),
                    Category.NETWORK,
                    e,
                    Effect.nodes(gpn),
                    drainable(f));
            if (node.laserSources() > 0) {
                Effect le = node.portsPerLaserSource() > 1 ? Effect.nodes(gpn) : Effect.rails(1);
                laserSources(
                        "NIC-side",
                        -1,
                        (long) inv.nodes() * node.laserSources(),
                        node.portsPerLaserSource(),
                        tech,
                        rate,
                        1.0,
                        le);
            }
        }

        void flaps() {
            for (LinkTier l : inv.linkTiers()) {
                if (l.links() == 0) {
                    continue;
                }
                ReliabilityDefaults.Flap a = d.flap(l.lower().technology());
                ReliabilityDefaults.Flap b = d.flap(l.upper().technology());
                ReliabilityDefaults.Flap f = a.ratePerLinkYear() >= b.ratePerLinkYear() ? a : b;
                if (f.ratePerLinkYear() == 0) {
                    continue;
                }
                Effect e = portEffect(l.hostFacing(), l.hostFacing() ? 0 : l.upperSwitchTier() - 1);
                pops.add(new ComponentPopulation(
                        l.name() + " link flaps",
                        l.links(),
                        new FailureProcess(f.ratePerLinkYear() / Rates.HOURS_PER_YEAR, null),
                        RepairPolicy.restartOnly(),
                        BlastRadius.LINK,
                        0,
                        Category.NETWORK,
                        e,
                        Effect.NONE,
                        0,
                        f.meanDurationS() / 3600.0));
            }
        }
    }

    /** The catalogue family of a technology id: the id without a rate suffix ({@code npo-1.6t} is {@code npo}). */
    static String family(String technology) {
        return technology.toLowerCase(Locale.ROOT).replaceAll("-[0-9.]+[gt]$", "");
    }
}
