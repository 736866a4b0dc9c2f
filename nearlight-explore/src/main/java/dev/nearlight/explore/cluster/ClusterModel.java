package dev.nearlight.explore.cluster;

import dev.nearlight.core.InputException;
import dev.nearlight.core.catalogue.Catalogue;
import dev.nearlight.core.catalogue.Confidence;
import dev.nearlight.core.catalogue.Param;
import dev.nearlight.fabric.Fabric;
import dev.nearlight.fabric.bom.FabricReport;
import dev.nearlight.fabric.bom.FabricRollup;
import dev.nearlight.fabric.bom.LinkClassRollup;
import dev.nearlight.fabric.bom.OpticsComparison;
import dev.nearlight.fabric.bom.TierRollup;
import dev.nearlight.fabric.graph.CompiledFabric;
import dev.nearlight.fabric.graph.FabricGraphs;
import dev.nearlight.fabric.link.CatalogueLinkEvaluator;
import dev.nearlight.fabric.link.LinkEvaluator;
import dev.nearlight.fabric.link.LinkPlanner;
import dev.nearlight.fabric.spec.FabricFactory;
import dev.nearlight.fabric.spec.FabricSpec;
import dev.nearlight.fabric.spec.FabricSpecReader;
import dev.nearlight.sim.net.EcmpRouting;
import dev.nearlight.sim.net.FabricTopologies;
import dev.nearlight.sim.net.NetworkTopology;
import dev.nearlight.sim.reliability.FabricInventory;
import dev.nearlight.sim.reliability.ReliabilityDefaults;
import dev.nearlight.sim.train.AcceleratorSpec;
import dev.nearlight.sim.train.ClusterNetwork;
import dev.nearlight.sim.train.FabricFaultSlowdown;
import dev.nearlight.sim.train.TrainingJob;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The cluster a scenario or a command line describes, built once: the fabric with its link plan, compiled arrays and
 * bill of materials (the one inventory), and the catalogue it was built from. Every estimator that needs the cluster
 * (training network, fabric power for energy, reliability populations, the simulator topology) reads it through one
 * method here, so {@code fabric}, {@code train}, {@code collective}, {@code reliability} and {@code compare} cannot
 * re-derive the same cluster differently.
 */
public final class ClusterModel {
    private final FabricSpec spec;
    private final Catalogue catalogue;
    private final Fabric fabric;
    private final LinkPlanner planner;
    private final LinkPlanner.PlannedLinks plan;
    private final CompiledFabric compiled;
    private final FabricReport bom;
    private volatile NetworkTopology topology;
    private final java.util.concurrent.ConcurrentHashMap<List<Object>, java.util.Optional<FabricFaultSlowdown>>
            fabricFaults = new java.util.concurrent.ConcurrentHashMap<>();

    private ClusterModel(
            FabricSpec spec,
            Catalogue catalogue,
            Fabric fabric,
            LinkPlanner planner,
            LinkPlanner.PlannedLinks plan,
            CompiledFabric compiled,
            FabricReport bom) {
        this.spec = spec;
        this.catalogue = catalogue;
        this.fabric = fabric;
        this.planner = planner;
        this.plan = plan;
        this.compiled = compiled;
        this.bom = bom;
    }

    /** Builds the cluster of a fabric spec with the catalogue's physical link model; bad specs throw InputException. */
    public static ClusterModel build(FabricSpec spec, Catalogue catalogue) {
        return build(spec, catalogue, new CatalogueLinkEvaluator(catalogue));
    }

    /**
     * Builds the cluster with another link evaluator (e.g. {@code nearlight fabric --link-table}). The evaluator and
     * planner caches are not thread-safe, so each build owns its evaluator.
     */
    public static ClusterModel build(FabricSpec spec, Catalogue catalogue, LinkEvaluator evaluator) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(catalogue, "catalogue");
        Fabric f = new FabricFactory(evaluator, catalogue).build(spec);
        List<String> problems = FabricGraphs.check(f);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("built fabric is inconsistent: " + problems.get(0));
        }
        LinkPlanner planner = new LinkPlanner(evaluator);
        LinkPlanner.PlannedLinks plan = planner.plan(f);
        CompiledFabric compiled = CompiledFabric.compile(f, plan);
        FabricReport r =
                new FabricRollup(planner).rollup(f, plan, compiled.gpuDiameterHops(FabricRollup.DIAMETER_SAMPLES));
        return new ClusterModel(spec, catalogue, f, planner, plan, compiled, r);
    }

    /**
     * The default cluster fabric for an accelerator (the one default of {@code train}, {@code compare} and the
     * sweep): {@code gpus} GPUs, one NIC rail per GPU at the accelerator's NIC rate (NICs x rate when it has
     * several), nodes of 8 GPUs (or the scale-up domain when smaller). The scale-up domain is not built into the
     * fabric by default: the step model takes it from the accelerator, and its switches are part of the node
     * (NVSwitch trays), not of the scale-out fabric whose power and cost this model rolls up.
     */
    public static FabricSpec defaultSpec(AcceleratorSpec acc, long gpus) {
        int domain = acc.scaleUpDomainGpus();
        int perNode = (int) Math.min(gpus, domain % 8 == 0 ? 8 : domain);
        String y = "gpus: " + gpus + "\n"
                + "gpusPerNode: " + perNode + "\n"
                + String.format(Locale.ROOT, "rate: %.0fG%n", acc.nicsPerGpu() * acc.nicRateGbps());
        return FabricSpec.empty().overriddenBy(FabricSpecReader.parse(y, "default fabric for " + acc.id()));
    }

    /** The spec the cluster was built from. */
    public FabricSpec spec() {
        return spec;
    }

    /** The catalogue (defaults plus overrides) every figure of this cluster comes from. */
    public Catalogue catalogue() {
        return catalogue;
    }

    /** The fabric graph with its physical layout. */
    public Fabric fabric() {
        return fabric;
    }

    /** The planner that chose each link's technology (and its evaluator). */
    public LinkPlanner planner() {
        return planner;
    }

    /** The link evaluator the cluster was quoted with (which parts the catalogue offers at which rates). */
    public LinkEvaluator linkEvaluator() {
        return planner.evaluator();
    }

    /** Each link's chosen technology and quote. */
    public LinkPlanner.PlannedLinks plan() {
        return plan;
    }

    /** CSR arrays of the fabric for the simulator. */
    public CompiledFabric compiled() {
        return compiled;
    }

    /** The bill of materials: the one inventory of switches, links, modules, engines, fibres, power and capex. */
    public FabricReport bom() {
        return bom;
    }

    /** The simulator topology of the fabric, built on first use (flow fidelity, {@code collective}). */
    public NetworkTopology topology() {
        NetworkTopology t = topology;
        if (t == null) {
            synchronized (this) {
                t = topology;
                if (t == null) {
                    t = FabricTopologies.from(compiled);
                    topology = t;
                }
            }
        }
        return t;
    }

    /** GPUs per compute node. */
    public int gpusPerNode() {
        return bom.nodes() > 0 ? Math.max(1, bom.gpus() / bom.nodes()) : 1;
    }

    /** The host-facing (NIC) link class: the first scale-out class of the roll-up. */
    public LinkClassRollup hostLinkClass() {
        for (LinkClassRollup c : bom.linkClasses()) {
            if (!SCALE_UP_CLASS.equals(c.name())) {
                return c;
            }
        }
        throw new InputException(
                "fabric '" + bom.topology() + "' has no scale-out links; use a fat tree, torus or" + " dragonfly");
    }

    /** Port (and NIC) rate of the scale-out fabric, Gb/s. */
    public double portRateGbps() {
        return hostLinkClass().rateGbps();
    }

    /** Ports per scale-out switch (the largest radix among the switch tiers). */
    public int switchRadix() {
        int radix = 0;
        for (TierRollup t : bom.tiers()) {
            if (t.switches() > 0 && !SCALE_UP_TIER.equals(t.name())) {
                radix = Math.max(radix, (int) ((t.portsUsed() + t.portsFree()) / t.switches()));
            }
        }
        return radix;
    }

    /** Fabric power by component for the energy roll-up, W: switch boxes, optics, host SerDes. */
    public Map<String, Double> fabricPowerW() {
        Map<String, Double> w = new LinkedHashMap<>();
        w.put("switches", bom.switchPowerW());
        w.put("optics", bom.opticsPowerW());
        w.put("hostSerdes", bom.hostSerdesPowerW());
        return w;
    }

    /**
     * The network the training-step model sees on this fabric, derived from the built links (the one formula for
     * {@code train --fabric} and {@code compare}): NICs per GPU and their line rate from GPU 0's scale-out links
     * (derated by the fabric's oversubscription, the share of a NIC's rate that crosses the leaves' uplinks), the
     * per-hop latency from the built path to the farthest node (switch forwarding plus each link's flight, FEC and
     * optics latency, divided over its 2 tiers - 1 hops), the fabric's tiers and radix, and the scale-up domain of the
     * fabric when it models one, else the accelerator's.
     */
    public ClusterNetwork trainingNetwork(AcceleratorSpec acc) {
        ClusterNetwork base = ClusterNetwork.defaultFor(acc);
        NetworkTopology t = topology();
        int e0 = t.endpoint(0);
        double outBytes = 0;
        int outLinks = 0;
        double upBytes = 0;
        for (int i = t.outStart(e0); i < t.outStart(e0 + 1); i++) {
            int l = t.outLink(i);
            if (FabricTopologies.SCALE_UP.equals(t.linkTag(l))) {
                upBytes += t.linkCapacityBytesPerS(l);
            } else {
                outBytes += t.linkCapacityBytesPerS(l);
                outLinks++;
            }
        }
        if (outLinks == 0) {
            throw new InputException("fabric: GPUs have no scale-out links; use a topology with a scale-out fabric");
        }
        int perNode = gpusPerNode();
        int[] gpuIds = compiled.gpuIds;
        int[] hops = compiled.hopsFrom(gpuIds[0]);
        int far = 0;
        for (int r = 0; r < gpuIds.length; r += perNode) {
            if (hops[gpuIds[r]] > hops[gpuIds[far]]) {
                far = r;
            }
        }
        double pathS = 0;
        int links = 0;
        if (far != 0) {
            int[] path = new EcmpRouting(t, 1).paths(new int[] {e0}, new int[] {t.endpoint(far)}, new int[] {0})[0];
            pathS = t.pathLatencyNs(path) * 1e-9;
            links = path.length;
        }
        int tiers = Math.max(1, Math.min(4, links / 2));
        double hopS = links == 0 ? base.hopLatencyS() : pathS / (2 * tiers - 1);
        int domain = base.scaleUpDomainGpus();
        double upBw = base.scaleUpBytesPerS();
        Number domains = bom.shape().get("scaleUpDomains");
        if (upBytes > 0 && domains != null && domains.intValue() > 0) {
            domain = bom.gpus() / domains.intValue();
            upBw = upBytes;
        }
        double nicGbps = outBytes * 8 / 1e9 / outLinks;
        int radix = switchRadix();
        return new ClusterNetwork(
                domain,
                upBw,
                base.scaleUpLatencyS(),
                base.scaleUpEfficiency(),
                outLinks,
                nicGbps / Math.max(1.0, bom.oversubscription()),
                base.scaleOutEfficiency(),
                base.endpointLatencyS(),
                hopS,
                tiers,
                radix >= 4 ? radix : base.switchRadix());
    }

    /**
     * What one dark switch-to-switch cable that the job routes around costs the step of {@code job} on this fabric
     * ({@link FabricFaultSlowdown}: its data-parallel collective run by the flow model healthy and with the busiest
     * fabric cable down, the ratio turned into a fraction of step time by the step model). The one place this figure is
     * computed, memoised per job layout and routing, so that every estimator that charges fabric-path faults (the
     * reliability model of {@code compare}, the value printed beside it) reads the same number. Empty when the job's
     * data-parallel traffic does not cross the fabric.
     *
     * @param routing the routing of a network (the fabric's, and the fabric without the failed cable)
     * @param routingKey names {@code routing} for the memo (e.g. {@code ecmp/42})
     */
    public java.util.Optional<FabricFaultSlowdown> fabricFaultSlowdown(
            TrainingJob job,
            java.util.function.Function<NetworkTopology, dev.nearlight.sim.net.Routing> routing,
            String routingKey) {
        List<Object> key = List.of(job.model(), job.parallelism(), job.accelerator(), job.network(), routingKey);
        return fabricFaults.computeIfAbsent(
                key,
                k -> FabricFaultSlowdown.of(job, topology(), routing, 0, FabricFaultSlowdown.DEFAULT_SIMULATED_STEPS));
    }

    /**
     * The reliability inventory of this cluster, read from the bill of materials as given (issue 14: reliability
     * populations equal BOM counts): per switch tier its switches, radix, rate, packaging, engines and laser sources per
     * switch; per scale-out link class one link tier per technology with each end's part (a module, an engine port, or
     * a copper cable's end); the node's NIC-side engines when the BOM puts any there. Fat trees only (the reliability
     * model's tiers); scale-up switches and links are not part of it.
     */
    public FabricInventory reliabilityInventory() {
        if (!bom.topology().contains("fat-tree")) {
            throw new InputException("topology '" + bom.topology()
                    + "' is not supported by the reliability model yet: use rail-fat-tree or fat-tree");
        }
        List<FabricInventory.SwitchTier> sw = new ArrayList<>();
        for (String name : List.of("leaf", "spine", "core")) {
            TierRollup t = tier(name);
            if (t == null || t.switches() == 0) {
                continue;
            }
            int hostPorts = "leaf".equals(name) ? (int) Math.ceil((double) t.linksDown() / t.switches()) : 0;
            FabricInventory.Packaging pk = t.enginesPerSwitch() == 0
                    ? FabricInventory.Packaging.CAGES
                    : t.packaging().contains("cpo") ? FabricInventory.Packaging.CPO : FabricInventory.Packaging.NPO;
            int engines = pk == FabricInventory.Packaging.CAGES ? 0 : t.enginesPerSwitch();
            int ppe = engines == 0 ? 0 : ceilDiv(t.enginePortsPerSwitch(), engines);
            int els = pk == FabricInventory.Packaging.CAGES ? 0 : t.laserSourcesPerSwitch();
            int ppl = els == 0 ? 0 : ceilDiv(t.enginePortsPerSwitch(), els);
            sw.add(new FabricInventory.SwitchTier(
                    name,
                    Math.toIntExact(t.switches()),
                    t.portsPerSwitch(),
                    t.portRateGbps(),
                    hostPorts,
                    pk,
                    engines,
                    ppe,
                    els,
                    ppl));
        }
        List<FabricInventory.LinkTier> links = new ArrayList<>();
        for (LinkClassRollup c : bom.linkClasses()) {
            String[] m = RELIABILITY_CLASSES.get(c.name());
            if (m == null) {
                continue; // scale-up links
            }
            int upper = -1;
            for (int i = 0; i < sw.size(); i++) {
                if (sw.get(i).name().equals(m[1])) {
                    upper = i;
                }
            }
            if (upper < 0) {
                throw new IllegalStateException("link class " + c.name() + " without a " + m[1] + " tier");
            }
            boolean host = "nodeLeaf".equals(c.name());
            for (Map.Entry<String, Long> e : c.linksByTechnology().entrySet()) {
                String[] ends = e.getKey().split("\\+");
                String upperTech = ends[0];
                String lowerTech = ends.length > 1 ? ends[1] : ends[0];
                boolean copper = COPPER.contains(upperTech);
                FabricInventory.LinkEnd up = end(upperTech, c.rateGbps());
                FabricInventory.LinkEnd low = end(lowerTech, c.rateGbps());
                links.add(new FabricInventory.LinkTier(
                        m[0] + (c.linksByTechnology().size() > 1 ? ":" + e.getKey() : ""),
                        e.getValue(),
                        host,
                        upper,
                        copper ? FabricInventory.Medium.COPPER : FabricInventory.Medium.OPTICAL,
                        c.rateGbps(),
                        c.meanLengthM(),
                        low,
                        up));
            }
        }
        var nic = bom.nicEnds();
        int gpn = gpusPerNode();
        FabricInventory.Node node = FabricInventory.Node.withCages(gpn);
        if (nic != null && nic.enginesPerNode() > 0) {
            int engines = (int) Math.ceil(nic.enginesPerNode() - 1e-9);
            int els = (int) Math.ceil(nic.laserSourcesPerNode() - 1e-9);
            node = new FabricInventory.Node(
                    gpn, gpn, gpn, engines, ceilDiv(gpn, engines), els, els == 0 ? 0 : ceilDiv(gpn, els));
        }
        return new FabricInventory(bom.gpus(), bom.topology().startsWith("rail"), node, sw, links);
    }

    /**
     * A link end of fabric technology {@code fabricTech} at {@code rateGbps}: the catalogue technology prefix of the part
     * the fabric was quoted with (e.g. {@code cpo} at 400G, {@code cpo-els} at 1.6T) and its part kind.
     */
    private FabricInventory.LinkEnd end(String fabricTech, double rateGbps) {
        String catalogueId = fabricTech;
        if (planner.evaluator() instanceof CatalogueLinkEvaluator c) {
            var t = c.technologyFor(fabricTech, rateGbps);
            catalogueId = t.id().replaceFirst("-[0-9.]+[gt]$", "");
        }
        FabricInventory.EndPart part = COPPER.contains(fabricTech)
                ? FabricInventory.EndPart.NONE
                : ENGINES.contains(fabricTech) ? FabricInventory.EndPart.ENGINE_PORT : FabricInventory.EndPart.MODULE;
        return new FabricInventory.LinkEnd(catalogueId, part);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private static final java.util.Set<String> COPPER = java.util.Set.of("dac", "acc", "aec");
    private static final java.util.Set<String> ENGINES = java.util.Set.of("npo", "npo-els", "cpo");

    /**
     * This cluster's fabric rolled up once per optics choice (same graph and layout, every link class re-quoted with
     * that optics, or only {@code classes} when given), for {@code nearlight fabric --compare-optics}.
     */
    public List<OpticsComparison.Column> opticsComparison(List<String> optics, List<String> classes) {
        return OpticsComparison.compare(fabric, planner, optics, classes);
    }

    /**
     * The fabric's {@code --optics} form of reliability technology {@code id} (defaults file, {@code technologies}):
     * the id itself for every link class (the fabric knows the same short names: pluggable, lpo, lro, npo, npo-els,
     * cpo and their {@code -switch} variants), and for the {@code copper} kind its copper part on the host-facing
     * class with pluggables above. The one mapping from a reliability preset to a fabric, so that {@code reliability
     * --optics ID} evaluates the built fabric's bill of materials as {@code compare} and {@code fabric} count it.
     */
    public static String fabricOptics(ReliabilityDefaults d, String id) {
        ReliabilityDefaults.Technology t = d.technology(id);
        String key = id.toLowerCase(Locale.ROOT);
        return "copper".equals(t.kind()) ? "pluggable," + RELIABILITY_HOST_CLASS + "=" + t.catalogue() : key;
    }

    /** The host-facing link class of the fat trees the reliability model reads. */
    private static final String RELIABILITY_HOST_CLASS = "nodeLeaf";

    /**
     * The reliability defaults with this cluster's prices from the one price book, the bill of materials: a switch
     * replaced after a non-optical fault costs the BOM's switch box ({@code TierRollup.switchUsd}, the catalogue
     * switch or the generic per-Gb/s price), not a second figure kept by the reliability defaults.
     */
    public ReliabilityDefaults priced(ReliabilityDefaults d) {
        double box = 0;
        for (TierRollup t : bom.tiers()) {
            if (t.switches() > 0 && !SCALE_UP_TIER.equals(t.name())) {
                box = Math.max(box, t.switchUsd());
            }
        }
        if (!(box > 0)) {
            return d;
        }
        Map<String, Param> common = new LinkedHashMap<>(d.common());
        common.put(
                "switchCostUsd",
                new Param(
                        box,
                        box,
                        box,
                        "USD",
                        "fabric bill of materials: switch box without optics",
                        Confidence.MEDIUM));
        return new ReliabilityDefaults(common, d.job(), d.technologies(), d.flaps(), d.policies());
    }

    /** One-line description for report headers. */
    public String describe() {
        return String.format(
                Locale.ROOT,
                "%s fabric (%d GPUs, %d nodes, shape %s)",
                bom.topology(),
                bom.gpus(),
                bom.nodes(),
                bom.shape());
    }

    private TierRollup tier(String name) {
        for (TierRollup t : bom.tiers()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** Link class of scale-up (NVLink-like) links in the roll-up. */
    static final String SCALE_UP_CLASS = "scaleUp";

    /** Switch tier of scale-up switches in the roll-up. */
    static final String SCALE_UP_TIER = "scaleUp";

    /** Scale-out link class to (reliability link-tier name, upper switch tier name). */
    private static final Map<String, String[]> RELIABILITY_CLASSES = Map.of(
            "nodeLeaf", new String[] {"nic-leaf", "leaf"},
            "leafSpine", new String[] {"leaf-spine", "spine"},
            "spineCore", new String[] {"spine-core", "core"});
}
