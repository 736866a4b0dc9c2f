package dev.nearlight.explore.cluster;

import dev.nearlight.core.InputException;
import dev.nearlight.core.catalogue.Catalogue;
import dev.nearlight.core.catalogue.Confidence;
import dev.nearlight.core.catalogue.CoolingType;
import dev.nearlight.core.catalogue.Endpoint;
import dev.nearlight.core.catalogue.EndpointType;
import dev.nearlight.core.catalogue.Param;
import dev.nearlight.core.catalogue.Technology;
import dev.nearlight.core.link.LinkDesign;
import dev.nearlight.core.link.LinkReport;
import dev.nearlight.core.link.PhysicalLinkModel;
import dev.nearlight.core.link.density.Density;
import dev.nearlight.explore.compare.AlternativeEvaluator;
import dev.nearlight.explore.compare.AlternativeResult;
import dev.nearlight.explore.compare.Charts;
import dev.nearlight.explore.compare.NamedValue;
import dev.nearlight.explore.compare.Point;
import dev.nearlight.explore.compare.ScenarioVariant;
import dev.nearlight.explore.compare.SensitivityParameter;
import dev.nearlight.explore.compare.Series;
import dev.nearlight.explore.scenario.Alternative;
import dev.nearlight.explore.scenario.Cluster;
import dev.nearlight.explore.scenario.Environment;
import dev.nearlight.explore.scenario.Fidelity;
import dev.nearlight.explore.scenario.ReliabilityMode;
import dev.nearlight.explore.scenario.ReliabilityPolicy;
import dev.nearlight.explore.scenario.RoutingKind;
import dev.nearlight.explore.scenario.Scenario;
import dev.nearlight.explore.scenario.ScenarioFile;
import dev.nearlight.explore.scenario.Workload;
import dev.nearlight.explore.scenario.WorkloadSoftware;
import dev.nearlight.explore.tco.Capex;
import dev.nearlight.explore.tco.EconomicsDefaults;
import dev.nearlight.explore.tco.RepairCategory;
import dev.nearlight.explore.tco.RepairCost;
import dev.nearlight.explore.tco.RepairLine;
import dev.nearlight.explore.tco.RepairModel;
import dev.nearlight.explore.tco.RunCost;
import dev.nearlight.explore.tco.RunCostInputs;
import dev.nearlight.explore.tco.RunCostModel;
import dev.nearlight.explore.tco.TcoInputs;
import dev.nearlight.explore.tco.TcoModel;
import dev.nearlight.explore.tco.TcoResult;
import dev.nearlight.fabric.bom.FabricReport;
import dev.nearlight.fabric.bom.LinkClassRollup;
import dev.nearlight.fabric.link.CatalogueLinkEvaluator;
import dev.nearlight.fabric.link.Technologies;
import dev.nearlight.fabric.spec.FabricSpec;
import dev.nearlight.sim.net.DestinationModKRouting;
import dev.nearlight.sim.reliability.AnalyticalReliability;
import dev.nearlight.sim.reliability.Category;
import dev.nearlight.sim.reliability.ClusterReliabilityModel;
import dev.nearlight.sim.reliability.ComponentPopulation;
import dev.nearlight.sim.reliability.DefaultClusterFactory;
import dev.nearlight.sim.reliability.FabricInventory;
import dev.nearlight.sim.reliability.JobSpec;
import dev.nearlight.sim.reliability.MonteCarloReliability;
import dev.nearlight.sim.reliability.OpticsConditions;
import dev.nearlight.sim.reliability.ReliabilityDefaults;
import dev.nearlight.sim.reliability.ReliabilityEstimator;
import dev.nearlight.sim.reliability.ReliabilityResult;
import dev.nearlight.sim.reliability.Sensitivity;
import dev.nearlight.sim.train.AcceleratorCatalog;
import dev.nearlight.sim.train.AcceleratorSpec;
import dev.nearlight.sim.train.ClusterNetwork;
import dev.nearlight.sim.train.EnergyInputs;
import dev.nearlight.sim.train.FabricFaultSlowdown;
import dev.nearlight.sim.train.FlowCostModel;
import dev.nearlight.sim.train.MemoryFit;
import dev.nearlight.sim.train.ModelSpec;
import dev.nearlight.sim.train.Parallelism;
import dev.nearlight.sim.train.ParallelismSearch;
import dev.nearlight.sim.train.Recompute;
import dev.nearlight.sim.train.RunSettings;
import dev.nearlight.sim.train.StepResult;
import dev.nearlight.sim.train.TrainingJob;
import dev.nearlight.sim.train.TrainingStepModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real {@link AlternativeEvaluator} of {@code nearlight compare}: builds and rolls up the fabric of each alternative
 * (fabric module over the core catalogue and physical link model), evaluates its main optical link, estimates the
 * training step (sim.train, analytical), the reliability (sim.reliability) and the TCO (explore.tco). Fabrics, link
 * reports and steps are cached per alternative (and workload) because the sensitivity analysis re-evaluates the same
 * alternatives many times; the caches are concurrent maps, so the evaluator is thread-safe.
 */
public final class ScenarioEvaluator implements AlternativeEvaluator {
    /** Reaches of the energy-per-bit-versus-reach chart, in m. */
    public static final double[] REACH_GRID_M = {0.5, 1, 2, 3, 5, 7, 10, 20, 30, 50, 100, 200, 500, 1000, 2000};

    /** Scenario optics ids that are not fabric short names, mapped to fabric technology ids. */
    private static final Map<String, String> SCENARIO_ALIASES = Map.of("pluggable-fr", "pluggable-dsp-fr");

    private final ScenarioFile file;
    private final Catalogue catalogue;
    private final CatalogueLinkEvaluator links;
    private final PhysicalLinkModel linkModel;
    private final AcceleratorCatalog accelerators;
    /** The reliability defaults after the scenario's reliability block, by block (sensitivity variants change it). */
    private final Map<ReliabilityPolicy, ReliabilityDefaults> reliabilityDefaults = new ConcurrentHashMap<>();
    /** Passes each block's reliability defaults through a sample or a break-even setting. */
    private final java.util.function.UnaryOperator<ReliabilityDefaults> reliabilityOp;
    /** Step-time slowdown per unit of scale-out bandwidth lost, by alternative and workload. */
    private final Map<String, Double> commBound = new ConcurrentHashMap<>();
    /** Reliability factories by operating conditions (port rate, coolant): the parts at the fabric's own rate. */
    private final Map<String, DefaultClusterFactory> reliabilityFactories = new ConcurrentHashMap<>();

    private final Map<String, ClusterModel> fabrics = new ConcurrentHashMap<>();
    /** Where the fabric-fault slowdown comes from (the nominal evaluator), or null for this one. */
    private final ScenarioEvaluator faultSource;

    private final Map<String, LinkReport> linkReports = new ConcurrentHashMap<>();
    private final Map<String, StepResult> steps = new ConcurrentHashMap<>();
    /** Searched layouts per (workload, model, accelerator, training network, GPUs). */
    private final Map<String, Parallelism> layouts = new ConcurrentHashMap<>();

    private final Map<String, ReliabilityFigures> reliabilities = new ConcurrentHashMap<>();
    private final Map<String, List<Point>> energyCurves = new ConcurrentHashMap<>();
    private final EconomicsDefaults economics;

    /** A reliability estimate with the model it was estimated on (its populations price the repairs). */
    private record ReliabilityFigures(ClusterReliabilityModel model, ReliabilityResult result) {}

    /** An evaluator over a loaded scenario and the catalogue (defaults plus {@code catalogues} overrides). */
    public ScenarioEvaluator(ScenarioFile file, Catalogue catalogue) {
        this(file, catalogue, EconomicsDefaults.load());
    }

    /**
     * An evaluator with other economics defaults (part-swap shares, node platform power and price), e.g. a sample of
     * their ranges.
     */
    public ScenarioEvaluator(ScenarioFile file, Catalogue catalogue, EconomicsDefaults economics) {
        this(file, catalogue, economics, java.util.function.UnaryOperator.identity());
    }

    /**
     * An evaluator with other economics defaults and the reliability defaults (after the scenario's overrides) passed
     * through {@code reliability}, e.g. a sample of all their ranges. Reliability evaluates the optics on this
     * evaluator's catalogue.
     */
    public ScenarioEvaluator(
            ScenarioFile file,
            Catalogue catalogue,
            EconomicsDefaults economics,
            java.util.function.UnaryOperator<ReliabilityDefaults> reliability) {
        this(file, catalogue, economics, reliability, null);
    }

    /**
     * As above, with the fabric-fault slowdown ({@link ClusterModel#fabricFaultSlowdown}) taken from {@code
     * faultSource}, the evaluator of the nominal numbers: a sample of the catalogue's ranges changes link latencies and
     * prices, not the fabric's shape or the job's layout that the slowdown depends on, so the samples reuse the one
     * nominal figure (computed once, whatever order the samples run in) instead of re-running the flow model each.
     * {@code null}: this evaluator computes its own.
     */
    public ScenarioEvaluator(
            ScenarioFile file,
            Catalogue catalogue,
            EconomicsDefaults economics,
            java.util.function.UnaryOperator<ReliabilityDefaults> reliability,
            ScenarioEvaluator faultSource) {
        this.faultSource = faultSource;
        this.file = file;
        this.economics = economics;
        this.catalogue = catalogue;
        this.accelerators = AcceleratorCatalog.load(catalogue);
        this.links = new CatalogueLinkEvaluator(catalogue);
        this.linkModel = new PhysicalLinkModel(catalogue);
        this.reliabilityOp = reliability;
        // fails early, located, on the scenario's reliability overrides
        reliabilityDefaults(file.scenario().reliability());
        checkIds(file.scenario());
        if (economics.nodePlatform(file.scenario().cluster().gpu()).isEmpty()) {
            throw file.problem(
                    "cluster.gpu",
                    "no node platform power and price for '"
                            + file.scenario().cluster().gpu() + "' in " + EconomicsDefaults.RESOURCE,
                    "use one of " + String.join(", ", economics.nodePlatformIds()));
        }
        if (file.scenario().economics().prices().laserModuleUsd() != null) {
            throw file.problem(
                    "economics.prices.laserModuleUsd",
                    "not applied yet: the fabric roll-up prices laser modules inside the link cost",
                    "remove it (or override the technology's price with opticsUsdPerGbps)");
        }
    }

    /** Fails early, with the field's location, on ids the models do not know. */
    private void checkIds(Scenario s) {
        accelerator(s.cluster());
        for (int i = 0; i < s.workloads().size(); i++) {
            Workload w = s.workloads().get(i);
            if (w.model() != null) {
                model(w, i);
            }
        }
        for (int i = 0; i < s.alternatives().size(); i++) {
            opticsPerClass(s.alternatives().get(i), i);
        }
        if (!s.cluster().fabric().isFatTree()) {
            // the reliability model's inventory is a tree of switch tiers; tori and dragonflies link switches of one
            // tier to each other, which it cannot represent yet
            throw file.problem(
                    "cluster.fabric.topology",
                    "'" + s.cluster().fabric().topology()
                            + "' is not supported by compare yet (its reliability model covers fat trees)",
                    "use rail-fat-tree or fat-tree");
        }
    }

    /** The error of the step model over this evaluator's GPU catalogue (the shipped spread unless it changes a GPU). */
    @Override
    public dev.nearlight.sim.train.StepModelError stepModelError() {
        return dev.nearlight.sim.train.StepModelError.of(accelerators);
    }

    @Override
    public AlternativeResult evaluate(ScenarioVariant variant, Alternative alt, Workload w) {
        Scenario s = variant.scenario();
        int altIndex = s.alternatives().indexOf(alt);
        int wIndex = s.workloads().indexOf(w);
        Cluster cluster = s.cluster();
        double rateGbps = alt.rateGbps(cluster.fabric());
        int radix = alt.switchRadix(cluster.fabric());

        ClusterModel ff = fabrics.computeIfAbsent(alt.name(), k -> buildFabric(s, alt, altIndex));
        FabricReport fr = ff.bom();
        LinkClassRollup mainClass = mainOpticalClass(fr);
        Environment env = s.environment();
        // the main link at the layout's length of its class, not the catalogue's default length
        double layoutLengthM = mainClass.meanLengthM();
        LinkReport link = linkReports.computeIfAbsent(
                mainClass.opticsTechnology() + "@" + rateGbps + "@" + env.cooling() + "@" + env.coolantC() + "@"
                        + layoutLengthM,
                k -> evaluateLink(
                        design(mainClass.opticsTechnology(), rateGbps, env).withReachM(layoutLengthM)));
        boolean escape = escapeFeasible(mainClass.opticsTechnology(), rateGbps, radix);

        AcceleratorSpec acc = accelerator(cluster);
        // the step model's own error, common to every column (SensitivityParameter.STEP_MODEL): 1 unless a
        // sensitivity or a Monte Carlo draw sets it
        StepResult step = steps.computeIfAbsent(
                        alt.name() + "|" + w.name() + "|" + link.latencyNs(),
                        k -> step(s, w, wIndex, acc, ff, link, radix, rateGbps))
                .scaled(variant.factor(SensitivityParameter.STEP_MODEL));

        ReliabilityPolicy policy = s.reliability();
        // the variant's coolant reaches the lasers through the operating conditions of the factory below
        Sensitivity sens = new Sensitivity(variant.factor("laserFit"), 0, variant.factor("repairTime"));
        String relTech = reliabilityTechnology(alt);
        double commBoundFraction = commBound.computeIfAbsent(
                alt.name() + "|" + w.name() + "|" + link.latencyNs(),
                k -> commBoundFraction(
                        job(s, w, wIndex, acc, ff, link, radix, rateGbps),
                        ff.reliabilityInventory().node().rails()));
        // one dark fabric cable on the job's own fabric, by the flow model (computed once by the cluster model)
        Optional<FabricFaultSlowdown> fault =
                (faultSource != null ? faultSource : this).fabricFault(s, alt, altIndex, w, wIndex);
        JobKnobs knobs = new JobKnobs(
                commBoundFraction,
                fault.map(FabricFaultSlowdown::stepLossFraction).orElse(null),
                variant.factor("spareNodes"),
                variant.factor("checkpointInterval"));
        ReliabilityFigures relFigures = reliabilities.computeIfAbsent(
                alt.name() + "|" + w.name() + "|" + step.timeToTrainDays() + "|" + sens + "|" + env.coolantC() + "|"
                        + s.economics().lifetimeYears() + "|" + policy + "|" + knobs,
                k -> reliability(
                        s,
                        policy,
                        ff.reliabilityInventory(),
                        relTech,
                        step.timeToTrainDays(),
                        sens,
                        new OpticsConditions(ff.portRateGbps(), env.coolantC()),
                        ff,
                        knobs));
        ReliabilityResult rel = relFigures.result();
        if (rel.saturated()) {
            // no time to train, energy or cost per run exists at these inputs: say so instead of printing a number
            // (the uncertainty analysis counts such draws by the reason before the first colon)
            throw new InputException(
                    (rel.technicianUtilisation().mean() >= 1 ? "repair queue saturated" : "stops fill the wall time")
                            + ": " + file.source() + ": alternative '" + alt.name()
                            + "' (" + policy.technicians() + " technicians): " + rel.saturationReason()
                            + " (raise reliability.technicians or shorten the repair times)");
        }

        double gpus = cluster.gpus();
        double fabricW = fr.totalPowerW();
        double tttDays = rel.effectiveTimeToTrainDays().mean();
        double lostPerYear = rel.gpuHoursLostPerYear().mean();

        double catalogueLinkUsd =
                fr.linkClasses().stream().mapToDouble(LinkClassRollup::costUsd).sum();
        var prices = s.economics().prices();
        double switchesUsd = prices.switchUsd() != null
                ? fr.switches().values().stream().mapToLong(Long::longValue).sum() * prices.switchUsd()
                : Math.max(0, fr.capexUsd() - catalogueLinkUsd);
        double linkCostUsd = linkCostUsd(s, alt, fr, rateGbps, env);
        double gpuUsd = s.economics().includeGpus() ? gpus * gpuPriceUsd(cluster, prices.gpuUsd()) : 0;
        Capex capex = new Capex(switchesUsd, linkCostUsd * variant.factor("opticsPrice"), 0, 0, gpuUsd);
        RepairCost repairs = RepairModel.evaluate(
                repairLines(relFigures.model(), rel), economics, s.economics().repairParts());
        TcoResult tco = TcoModel.evaluate(new TcoInputs(
                capex, fabricW, repairs.fabricPartsUsdPerYear(), repairs.fabricLabourUsdPerYear(), s.economics()));
        RunCost run = RunCostModel.evaluate(runCostInputs(s, acc, fr, step, rel, capex, repairs));
        double energyRunMWh = run.energyMWh();
        List<Point> relPoints = new ArrayList<>();
        for (int y = 0; y <= s.economics().lifetimeYears(); y++) {
            relPoints.add(new Point(y, lostPerYear * y));
        }
        List<NamedValue> stepParts = new ArrayList<>();
        step.breakdownS().forEach((k, v) -> stepParts.add(new NamedValue(label(k), v)));
        Charts charts = new Charts(
                List.of(
                        new NamedValue("Switch ASICs", fr.switchPowerW() / 1000),
                        new NamedValue("Optics", fr.opticsPowerW() / 1000),
                        new NamedValue("Host SerDes", fr.hostSerdesPowerW() / 1000)),
                new Series(
                        alt.name(),
                        "m",
                        "pJ/bit",
                        // the curve depends only on these inputs; sweeps re-evaluate the same ones many times
                        energyCurves.computeIfAbsent(
                                mainClass.opticsTechnology() + "@" + rateGbps + "@" + env.cooling() + "@"
                                        + env.coolantC() + "@" + alt.copperWhereReachAllows(),
                                k -> energyVsReach(alt, mainClass.opticsTechnology(), rateGbps, env))),
                stepParts,
                Charts.tcoWaterfall(tco),
                run.components().stream()
                        .map(c -> new NamedValue(c.label(), c.usd()))
                        .toList(),
                new Series(alt.name(), "years", "GPU-hours lost (cumulative)", relPoints));
        return new AlternativeResult(
                alt.name(),
                w.name(),
                new AlternativeResult.Link(
                        link.energyPjPerBit(),
                        link.latencyNs(),
                        escape,
                        link.modulePowerW(),
                        link.powerW(),
                        link.reachM()),
                new AlternativeResult.Fabric(fr.opticsPowerW() / 1000, fabricW / 1000),
                new AlternativeResult.Training(
                        step.stepTimeS(),
                        step.mfu(),
                        step.starvationFraction(),
                        tttDays,
                        energyRunMWh,
                        w.search()
                                ? layoutLabel(
                                        w,
                                        job(s, w, wIndex, acc, ff, link, radix, rateGbps)
                                                .parallelism())
                                : ""),
                new AlternativeResult.Reliability(
                        rel.jobAvailability().mean(),
                        lostPerYear,
                        rel.ettr().mean(),
                        rel.goodput().mean(),
                        rel.interruptionsPerDay().mean(),
                        byCategory(rel, Category.GPU),
                        byCategory(rel, Category.NETWORK),
                        byCategory(rel, Category.HOST),
                        byCategory(rel, Category.SOFTWARE),
                        knobs.fabricPathLossPerLink() == null ? Double.NaN : knobs.fabricPathLossPerLink()),
                AlternativeResult.Cost.of(capex.interconnectUsd() + capex.gpusUsd(), tco, run),
                charts);
    }

    private static String label(String key) {
        return switch (key) {
            case "compute" -> "Compute";
            case "tpComm" -> "Exposed TP";
            case "cpComm" -> "Exposed CP";
            case "epComm" -> "Exposed EP";
            case "ppComm" -> "Exposed PP";
            case "dpComm" -> "Exposed DP";
            case "bubble" -> "Pipeline bubble";
            case "optimizer" -> "Optimizer";
            case "offload" -> "Exposed offload";
            default -> key;
        };
    }

    // ---- fabric ----------------------------------------------------------------------------------------------

    /** The fabric technology id per link class of an alternative; unknown ids fail at the alternative's field. */
    Map<String, String> opticsPerClass(Alternative alt, int index) {
        Map<String, String> out = new LinkedHashMap<>();
        alt.optics().byTier().forEach((tier, id) -> {
            String key = id.toLowerCase(Locale.ROOT);
            String name = SCENARIO_ALIASES.getOrDefault(key, key);
            try {
                out.put(tier, Technologies.resolve(name, links, "optics"));
            } catch (InputException e) {
                throw file.problem(
                        "alternatives[" + index + "].optics." + tier,
                        "unknown optics '" + id + "'",
                        "use one of " + String.join(", ", Evaluators.opticsNames(links)));
            }
        });
        return out;
    }

    /** The fabric spec {@code nearlight fabric} would build for this alternative. */
    FabricSpec fabricSpec(Scenario s, Alternative alt, int index) {
        Cluster c = s.cluster();
        Map<String, String> perClass = opticsPerClass(alt, index);
        String topology = c.fabric().topology();
        return new FabricSpec(
                topology,
                c.gpus(),
                c.gpusPerNode(),
                null,
                alt.switchRadix(c.fabric()),
                null,
                rateText(alt.rateGbps(c.fabric())),
                c.fabric().isFatTree() ? c.fabric().tiers() : null,
                c.fabric().oversubscription(),
                null,
                perClass.get("nodeLeaf"),
                perClass,
                alt.copperWhereReachAllows(),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    public static String rateText(double gbps) {
        return gbps == Math.rint(gbps) ? Long.toString((long) gbps) : Double.toString(gbps);
    }

    private ClusterModel buildFabric(Scenario s, Alternative alt, int index) {
        FabricSpec spec = fabricSpec(s, alt, index);
        try {
            return ClusterModel.build(spec, catalogue);
        } catch (InputException e) {
            if (e.field() != null) {
                // a fabric builder's own field, at its scenario key (the alternative may override radix and rate)
                throw fabricProblem(e);
            }
            throw file.problem(
                    "alternatives[" + index + "]", e.getMessage(), "adjust cluster.fabric or the alternative");
        }
    }

    /** The rolled-up fabric of the scenario's alternative {@code altName} (cached). */
    public ClusterModel fabric(String altName) {
        Scenario s = file.scenario();
        Alternative alt = s.alternative(altName);
        return fabrics.computeIfAbsent(
                altName, k -> buildFabric(s, alt, s.alternatives().indexOf(alt)));
    }

    /** The link class with the most optical links (the alternative's main optical link), else the first. */
    public static LinkClassRollup mainOpticalClass(FabricReport r) {
        LinkClassRollup best = r.linkClasses().get(0);
        long bestOptical = -1;
        for (LinkClassRollup lc : r.linkClasses()) {
            long optical = lc.linksByMedium().getOrDefault("optical", 0L);
            if (optical > bestOptical) {
                best = lc;
                bestOptical = optical;
            }
        }
        return best;
    }

    // ---- link ------------------------------------------------------------------------------------------------

    /** The catalogue technology the fabric uses for a fabric technology id at a rate. */
    Technology technology(String fabricTech, double rateGbps) {
        if (fabricTech.endsWith(Technologies.SWITCH_ONLY_SUFFIX)) {
            // engines on the switch end: the link's optics is the engine technology (the NIC end is a module)
            fabricTech = fabricTech.substring(0, fabricTech.length() - Technologies.SWITCH_ONLY_SUFFIX.length());
        }
        Technology t;
        synchronized (links) {
            t = links.technologyFor(fabricTech, rateGbps);
        }
        if (t == null) {
            throw new InputException("optics '" + fabricTech + "' is not offered at " + rateText(rateGbps) + "G");
        }
        return t;
    }

    /** The catalogue default design of the technology at the rate, in the scenario's cooling and coolant. */
    LinkDesign design(String fabricTech, double rateGbps, Environment env) {
        Technology t = technology(fabricTech, rateGbps);
        CoolingType type = env.cooling();
        return LinkDesign.defaultFor(t.id(), t.rateGbps(), catalogue)
                .withCooling(type)
                .withCoolantC(env.coolantC());
    }

    private LinkReport mainLink(String fabricTech, double rateGbps, Environment env) {
        return evaluateLink(design(fabricTech, rateGbps, env));
    }

    /** The physical link model keeps unsynchronised caches, so evaluations are serialised. */
    private LinkReport evaluateLink(LinkDesign d) {
        synchronized (linkModel) {
            return linkModel.evaluate(d);
        }
    }

    /**
     * Whether the smallest catalogue switch ASIC carrying radix x rate can escape that bandwidth across its package
     * edge (or faceplate, for pluggables) with this optics ({@link Density#maxEscapeGbps}).
     */
    boolean escapeFeasible(String fabricTech, double rateGbps, int radix) {
        Technology t = technology(fabricTech, rateGbps);
        double need = radix * rateGbps;
        Endpoint sw = switchAsic(need);
        return sw != null && Density.maxEscapeGbps(sw, t) + 1e-6 >= need;
    }

    /** The smallest catalogue switch whose SerDes carry {@code gbps}, or null when none does. */
    Endpoint switchAsic(double gbps) {
        Endpoint best = null;
        for (Endpoint e : catalogue.endpoints(EndpointType.SWITCH)) {
            if (e.serdesBandwidthGbps() + 1e-6 >= gbps
                    && (best == null || e.serdesBandwidthGbps() < best.serdesBandwidthGbps())) {
                best = e;
            }
        }
        return best;
    }

    private List<Point> energyVsReach(Alternative alt, String fabricTech, double rateGbps, Environment env) {
        List<Point> out = new ArrayList<>();
        Technology optics = technology(fabricTech, rateGbps);
        for (double m : REACH_GRID_M) {
            double best = Double.NaN;
            if (alt.copperWhereReachAllows()) {
                for (String cu : links.copperTechnologies(false, rateGbps)) {
                    Technology t = technology(cu, rateGbps);
                    if (t.reachM().value() >= m) {
                        LinkReport r = evaluateLink(design(cu, rateGbps, env).withReachM(m));
                        if (r.feasible() && !(r.energyPjPerBit() >= best)) {
                            best = r.energyPjPerBit();
                        }
                    }
                }
            }
            if (Double.isNaN(best) && optics.reachM().value() >= m) {
                best = evaluateLink(design(fabricTech, rateGbps, env).withReachM(m))
                        .energyPjPerBit();
            }
            if (!Double.isNaN(best)) {
                out.add(new Point(m, best));
            }
        }
        return out;
    }

    // ---- training --------------------------------------------------------------------------------------------

    AcceleratorSpec accelerator(Cluster c) {
        try {
            return accelerators.get(c.gpu());
        } catch (InputException e) {
            throw file.problem(
                    "cluster.gpu",
                    "unknown accelerator '" + c.gpu() + "'",
                    "use one of " + String.join(", ", accelerators.ids()));
        }
    }

    ModelSpec model(Workload w, int index) {
        ModelSpec m;
        if (w.model() != null) {
            try {
                m = ModelSpec.preset(w.model());
            } catch (InputException e) {
                throw file.problem(
                        "workloads[" + index + "].model",
                        "unknown training preset '" + w.model() + "'",
                        "use one of " + String.join(", ", ModelSpec.presetIds()));
            }
        } else {
            m = w.custom();
        }
        return m.withSeqLen(w.seq()).withPrecision(w.precision());
    }

    /** The training job of a workload on an alternative's fabric (what {@code nearlight train} would run). */
    TrainingJob job(
            Scenario s,
            Workload w,
            int index,
            AcceleratorSpec acc,
            ClusterModel ff,
            LinkReport link,
            int radix,
            double rateGbps) {
        ModelSpec m = model(w, index);
        String at = "workloads[" + index + "]";
        RunSettings settings = runSettings(w);
        TrainingJob job;
        try {
            ClusterNetwork net = ff.trainingNetwork(acc);
            Parallelism par = w.search()
                    ? searched(w, index, m, acc, net, s.cluster().gpus())
                    : settings.applyTo(Parallelism.builder())
                            .tp(w.tp())
                            .pp(w.pp())
                            .dp(w.dp())
                            .cp(w.cp())
                            .ep(w.ep())
                            .vpp(w.vpp())
                            .microBatch(w.mbs())
                            .globalBatch(w.gbs())
                            .sequenceParallel(w.sequenceParallel())
                            .dpSharding(w.dpSharding())
                            .recompute(w.recompute())
                            .firstStageLayers(w.firstStageLayers() == null ? 0 : w.firstStageLayers())
                            .lastStageLayers(w.lastStageLayers() == null ? 0 : w.lastStageLayers())
                            .accountEmbedding(w.accountEmbedding())
                            .accountLoss(w.accountLoss())
                            .cpuOffloadLayers(w.cpuOffloadLayers())
                            .build();
            EnergyInputs e = EnergyInputs.defaults();
            e = new EnergyInputs(
                    e.gpuBusyPowerFraction(),
                    e.gpuIdlePowerFraction(),
                    e.opticsEnergyPjPerBit(),
                    e.hostSerdesEnergyPjPerBit(),
                    e.switchPowerW(),
                    e.scaleUpPowerWPerGpu(),
                    Math.min(3.0, s.economics().pue()));
            job = new TrainingJob(m, par, acc, net, e, w.tokenCount(), settings.calibration(), ff.fabricPowerW());
        } catch (InputException e) {
            throw workloadProblem(index, e, "change the workload's parallelism");
        }
        if (!w.search()) {
            checkMemory(w, index, job);
        }
        return job;
    }

    /**
     * The per-run settings of a workload: what its given layout is built with and what the parallelism search prices
     * every layout with (one place, so a searched layout written into the scenario gives the same step): dropout,
     * sequence parallelism, the gradient reduction's precision and the run's software facts from the workload. The
     * scenario has no keys for the overlaps or fused attention: on, as {@code nearlight train}'s defaults.
     */
    static RunSettings runSettings(Workload w) {
        return new RunSettings(
                w.dropout(),
                w.sequenceParallel(),
                w.gradReduce() == Workload.GradReduce.BF16,
                true,
                true,
                true,
                true,
                null,
                w.software().toRunSoftware());
    }

    /**
     * A given layout must fit in HBM: the memory verdict the search applies ({@link MemoryFit}), reported at the
     * workload with the scenario keys that would make it fit.
     */
    private void checkMemory(Workload w, int index, TrainingJob job) {
        MemoryFit fit = MemoryFit.of(job);
        if (fit.fits()) {
            return;
        }
        List<String> fixes = new java.util.ArrayList<>();
        if (w.recompute() != Recompute.FULL) {
            fixes.add("set recompute: full");
        }
        fixes.add("raise pp, tp or cp");
        if (w.mbs() != null && w.mbs() > 1) {
            fixes.add("lower mbs");
        }
        if (!w.dpSharding().shardsParameters()) {
            fixes.add("set dpSharding: zero3");
        }
        fixes.add("or let search: true choose a layout that fits");
        throw file.problem(
                "workloads[" + index + "]",
                String.format(
                        java.util.Locale.ROOT,
                        "memory: the given layout needs %.1f GiB per GPU on pipeline stage %d but %s has %.1f GiB"
                                + " (over by %.1f GiB)",
                        fit.neededGiB(),
                        fit.memory().stage(),
                        job.accelerator().id(),
                        fit.capacityGiB(),
                        fit.overGiB()),
                String.join(", ", fixes));
    }

    /**
     * The fastest layout of a {@code search: true} workload that fits in memory on this fabric's training network:
     * {@link ParallelismSearch} (the search {@code nearlight train --search} runs), restricted to the workload's mbs,
     * recompute and sharding when given, memoised per network (alternatives with the same network share it).
     */
    private Parallelism searched(
            Workload w, int index, ModelSpec m, AcceleratorSpec acc, ClusterNetwork net, int gpus) {
        RunSettings settings = runSettings(w);
        String key = index + "|" + m + "|" + acc.id() + "|" + net + "|" + gpus + "|" + settings;
        return layouts.computeIfAbsent(key, k -> {
            ParallelismSearch.Options d = ParallelismSearch.Options.defaults(w.gbs());
            ParallelismSearch.Options o = new ParallelismSearch.Options(
                    w.gbs(),
                    w.mbs() == null ? d.microBatches() : List.of(w.mbs()),
                    w.recompute() == null ? d.recompute() : List.of(w.recompute()),
                    w.dpSharding() == null ? d.shardings() : List.of(w.dpSharding()),
                    d.maxVpp(),
                    d.maxCp(),
                    d.tpAcrossDomains(),
                    1,
                    settings);
            ParallelismSearch.Result r = ParallelismSearch.search(m, acc, net, gpus, o);
            if (r.best().isEmpty()) {
                throw file.problem(
                        "workloads[" + index + "].search",
                        "none of the " + r.enumerated() + " layouts of " + m.name() + " on " + gpus + " " + acc.id()
                                + " fits in memory",
                        "raise gbs, allow recompute: full or dpSharding: zero3, or give more GPUs");
            }
            return r.best().get(0).parallelism();
        });
    }

    /**
     * How a searched layout reads in reports, with the run settings the search assumed; empty for a layout the
     * scenario gives.
     */
    static String layoutLabel(Workload w, Parallelism p) {
        if (!w.search()) {
            return "";
        }
        return String.format(
                java.util.Locale.ROOT,
                "tp %d pp %d dp %d cp %d ep %d vpp %d mbs %d %s %s%s%s (%s)",
                p.tp(),
                p.pp(),
                p.dp(),
                p.cp(),
                p.ep(),
                p.vpp(),
                p.microBatch(),
                p.recompute().name().toLowerCase(java.util.Locale.ROOT),
                p.dpSharding().name().toLowerCase(java.util.Locale.ROOT),
                // the search may account embedding and loss in the split; the scenario gives them as two flags
                p.accountEmbedding() && p.accountLoss() ? " accountEmbedding accountLoss" : "",
                // and offload activations on pp 1 (the scenario key cpuOffloadLayers)
                p.cpuOffloadLayers() > 0 ? " cpuOffloadLayers " + p.cpuOffloadLayers() : "",
                runSettings(w).describe());
    }

    private StepResult step(
            Scenario s,
            Workload w,
            int index,
            AcceleratorSpec acc,
            ClusterModel ff,
            LinkReport link,
            int radix,
            double rateGbps) {
        TrainingJob job = job(s, w, index, acc, ff, link, radix, rateGbps);
        try {
            if (s.fidelity() == Fidelity.FLOW) {
                // collectives and pipeline sends simulated on this alternative's fabric (docs/training.md)
                FlowCostModel flow = s.routing() == RoutingKind.DMODK
                        ? new FlowCostModel(
                                ff.topology(),
                                job.network(),
                                job.parallelism(),
                                new DestinationModKRouting(ff.topology()))
                        : new FlowCostModel(ff.topology(), job.network(), job.parallelism(), s.seed());
                return new TrainingStepModel(flow).simulate(job);
            }
            return TrainingStepModel.estimate(job);
        } catch (InputException e) {
            throw workloadProblem(index, e, "in the scenario: recompute, tp/pp/cp, mbs or dpSharding");
        }
    }

    /** The scenario's names for the fabric builders' fields: the cluster's GPU counts, else cluster.fabric's. */
    static final InputException.Vocabulary FABRIC_KEYS = new InputException.Vocabulary() {
        @Override
        public String name(String field) {
            return field.equals("gpus") || field.equals("gpusPerNode") ? "cluster." + field : "cluster.fabric." + field;
        }

        @Override
        public String setting(String field, String value) {
            return name(field) + ": " + value;
        }
    };

    /** A fabric builder's error, located at the scenario key of the field it names, its fix in scenario keys. */
    private InputException fabricProblem(InputException e) {
        return file.problem(FABRIC_KEYS.name(e.field()), e.problem(), e.fix(FABRIC_KEYS));
    }

    /** The keys of a workload's {@code software} block. */
    private static final java.util.Set<String> SOFTWARE_KEYS = java.util.Arrays.stream(
                    WorkloadSoftware.class.getRecordComponents())
            .map(java.lang.reflect.RecordComponent::getName)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    /** The workload keys a model field of {@code sim.train} is written as in a scenario file. */
    private static final java.util.Set<String> WORKLOAD_KEYS = java.util.Arrays.stream(
                    Workload.class.getRecordComponents())
            .map(java.lang.reflect.RecordComponent::getName)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    /**
     * The scenario's names for the training model's fields: a workload key where the workload has one, {@code
     * cluster.gpus} for the GPU count; a setting is written {@code key: value}.
     */
    static final InputException.Vocabulary SCENARIO_KEYS = new InputException.Vocabulary() {
        @Override
        public String name(String field) {
            return field.equals("gpus") ? "cluster.gpus" : SOFTWARE_KEYS.contains(field) ? "software." + field : field;
        }

        @Override
        public String setting(String field, String value) {
            return name(field) + ": " + value;
        }
    };

    /**
     * A training-model error about workload {@code index}, located at the scenario key of the field it names and with
     * its fix in scenario keys; an unstructured one at the workload, with {@code fallbackFix}.
     */
    private InputException workloadProblem(int index, InputException e, String fallbackFix) {
        String at = "workloads[" + index + "]";
        String field = e.field();
        if (field == null) {
            return file.problem(at, e.getMessage(), fallbackFix);
        }
        if (field.equals("gpus")) {
            return file.problem("cluster.gpus", e.problem(), e.fix(SCENARIO_KEYS));
        }
        if (WORKLOAD_KEYS.contains(field) || SOFTWARE_KEYS.contains(field)) {
            return file.problem(at + "." + SCENARIO_KEYS.name(field), e.problem(), e.fix(SCENARIO_KEYS));
        }
        return file.problem(at, field + ": " + e.problem(), e.fix(SCENARIO_KEYS));
    }

    // ---- reliability -----------------------------------------------------------------------------------------

    /**
     * What the job brings to the reliability model besides the policy: the step-time slowdown per unit of scale-out
     * bandwidth lost (from the training step model), and the sensitivity factors on spare nodes and the checkpoint
     * interval.
     */
    private record JobKnobs(
            double commBoundFraction,
            Double fabricPathLossPerLink,
            double spareNodesFactor,
            double checkpointIntervalFactor) {}

    /**
     * What one dark switch-to-switch cable costs the job's step on this alternative's fabric, with the scenario's
     * routing ({@link ClusterModel#fabricFaultSlowdown}); empty when the job's data-parallel traffic stays off the
     * fabric (then the reliability model keeps its rule without a simulation).
     */
    private static Optional<FabricFaultSlowdown> fabricFault(Scenario s, ClusterModel ff, TrainingJob job) {
        boolean dmodk = s.routing() == RoutingKind.DMODK;
        long seed = s.seed();
        java.util.function.Function<dev.nearlight.sim.net.NetworkTopology, dev.nearlight.sim.net.Routing> routing =
                dmodk ? DestinationModKRouting::new : t -> new dev.nearlight.sim.net.EcmpRouting(t, seed);
        return ff.fabricFaultSlowdown(job, routing, dmodk ? "dmodk" : "ecmp/" + seed);
    }

    /**
     * The fabric-fault slowdown that {@link #evaluate} charges for this alternative and workload of the scenario, e.g.
     * to give {@code nearlight reliability --fabric-link-loss} the same value; empty when none is simulated.
     */
    public Optional<FabricFaultSlowdown> fabricFaultSlowdown(String altName, String workloadName) {
        Scenario s = file.scenario();
        Alternative alt = s.alternative(altName);
        Workload w = s.workloads().stream()
                .filter(x -> x.name().equals(workloadName))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no workload " + workloadName));
        return (faultSource != null ? faultSource : this)
                .fabricFault(
                        s, alt, s.alternatives().indexOf(alt), w, s.workloads().indexOf(w));
    }

    /** The slowdown of workload {@code w} on alternative {@code alt}'s fabric of scenario {@code s} (built once). */
    private Optional<FabricFaultSlowdown> fabricFault(
            Scenario s, Alternative alt, int altIndex, Workload w, int wIndex) {
        ClusterModel ff = fabrics.computeIfAbsent(alt.name(), k -> buildFabric(s, alt, altIndex));
        Cluster c = s.cluster();
        TrainingJob job =
                job(s, w, wIndex, accelerator(c), ff, null, alt.switchRadix(c.fabric()), alt.rateGbps(c.fabric()));
        return fabricFault(s, ff, job);
    }

    /**
     * The step-time slowdown per unit of scale-out bandwidth lost, from the training network: the analytical step
     * estimate with every NIC slowed by one rail's share {@code d = 1 / rails} (what a node that lost one of its rails
     * carries; a synchronous job runs at its slowest node), {@code (t(bw (1 - d)) / t(bw) - 1) / d}, in [0, 1]. The
     * reliability model multiplies it by the bandwidth a failure takes (one rail of {@code rails}; a fabric path's
     * share of a switch's uplinks).
     */
    static double commBoundFraction(TrainingJob job, int rails) {
        double d = 1.0 / Math.max(2, rails);
        ClusterNetwork n = job.network();
        TrainingJob slower = new TrainingJob(
                job.model(),
                job.parallelism(),
                job.accelerator(),
                n.withNics(n.nicsPerGpu(), n.nicRateGbps() * (1 - d)),
                job.energy(),
                job.tokenBudget(),
                job.calibration(),
                job.fabricPowerW());
        double t0 = TrainingStepModel.estimate(job).stepTimeS();
        double t1 = TrainingStepModel.estimate(slower).stepTimeS();
        double f = (t1 / t0 - 1) / d;
        if (!(f >= -1e-9)) {
            throw new IllegalStateException("less bandwidth made the step faster: " + t0 + " s -> " + t1 + " s");
        }
        // slowing every byte by 1/(1-d) can cost at most d/(1-d) of the step per d of bandwidth
        return Math.min(1.0, Math.max(0.0, f));
    }

    /**
     * The step-time slowdown per unit of scale-out bandwidth lost that {@link #evaluate} used for this alternative and
     * workload (evaluate it first), e.g. to give {@code nearlight reliability --comm-bound-fraction} the same value.
     */
    public double commBoundFraction(String altName, String workloadName) {
        String prefix = altName + "|" + workloadName + "|";
        return commBound.entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefix))
                .mapToDouble(Map.Entry::getValue)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("evaluate " + altName + " / " + workloadName + " first"));
    }

    /** The reliability defaults with a scenario reliability block's overrides, passed through the sample operator. */
    private ReliabilityDefaults reliabilityDefaults(ReliabilityPolicy p) {
        return reliabilityDefaults.computeIfAbsent(p, k -> reliabilityOp.apply(reliabilityDefaults(file, k)));
    }

    /** Unexpected interruptions per day of one category (0 when the model has none of it). */
    private static double byCategory(ReliabilityResult rel, Category c) {
        var e = rel.interruptionsPerDayByCategory().get(c.id());
        return e == null ? 0 : e.mean();
    }

    /** The reliability technology of an alternative: its switch-side optics; CPO on switches only is cpo-switch. */
    public static String reliabilityTechnology(Alternative alt) {
        Map<String, String> tiers = alt.optics().byTier();
        String host = family(tiers.get("nodeLeaf"));
        String sw = family(tiers.getOrDefault("leafSpine", tiers.get("nodeLeaf")));
        if (sw.equals("cpo") && !host.equals("cpo")) {
            return "cpo-switch";
        }
        return sw;
    }

    private static String family(String scenarioId) {
        String k = scenarioId.toLowerCase(Locale.ROOT);
        return switch (k) {
            case "pluggable", "pluggable-fr", "dsp", "pluggable-dsp", "pluggable-dsp-fr" -> "pluggable";
            case "dac", "acc", "aec" -> "copper";
            default -> k;
        };
    }

    /**
     * The reliability defaults with the scenario's overrides: {@code technicians}, and {@code repairHours} by
     * technology id (its engine repair time for NPO/CPO, else its module repair time) or by FRU kind ({@code switch},
     * {@code nic}, {@code gpuTray}, {@code nodeOther}).
     */
    public static ReliabilityDefaults reliabilityDefaults(ScenarioFile file, ReliabilityPolicy p) {
        ReliabilityDefaults d = ReliabilityDefaults.load();
        Map<String, Param> common = new LinkedHashMap<>(d.common());
        Map<String, ReliabilityDefaults.Technology> techs = new LinkedHashMap<>(d.technologies());
        if (p.technicians() != null) {
            common.put("technicians", with(common.get("technicians"), p.technicians()));
        }
        Map<String, Param> job = new LinkedHashMap<>(d.job());
        if (p.spareNodesPercent() != null) {
            job.put("spareNodesPercent", with(job.get("spareNodesPercent"), p.spareNodesPercent()));
        }
        // the job's reactions to failures: one home (the model's job and policies sections), overridden here
        if (p.maintenanceWindowHours() != null) {
            job.put("maintenanceWindowHours", with(job.get("maintenanceWindowHours"), p.maintenanceWindowHours()));
        }
        if (p.transportTimeoutS() != null) {
            job.put("transportTimeoutS", with(job.get("transportTimeoutS"), p.transportTimeoutS()));
        }
        if (p.rerouteSeconds() != null) {
            job.put("rerouteSeconds", with(job.get("rerouteSeconds"), p.rerouteSeconds()));
        }
        Map<String, String> policies = new LinkedHashMap<>(d.policies());
        if (p.railLoss() != null) {
            policies.put("railLoss", p.railLoss());
        }
        if (p.repairSchedule() != null) {
            policies.put("repairSchedule", p.repairSchedule());
        }
        if (p.asyncCheckpoint() != null) {
            policies.put("asyncCheckpoint", p.asyncCheckpoint().toString());
        }
        if (p.drainBeforeFailure() != null) {
            policies.put("drainBeforeFailure", p.drainBeforeFailure().toString());
        }
        if (p.rerouteFabricFailures() != null) {
            policies.put("rerouteFabricFailures", p.rerouteFabricFailures().toString());
        }
        if (p.sparePartsPercent() != null) {
            common.put("sparesPercent", with(common.get("sparesPercent"), p.sparePartsPercent()));
        }
        Double labour = file.scenario().economics().prices().technicianUsdPerHour();
        if (labour != null) {
            common.put("labourUsdPerHour", with(common.get("labourUsdPerHour"), labour));
        }
        for (Map.Entry<String, Double> e : p.repairHours().entrySet()) {
            String key = e.getKey();
            String id = key.toLowerCase(Locale.ROOT);
            if (techs.containsKey(id)) {
                // cpo also covers the CPO-switch alternative (CPO on the switches, pluggables at the NICs)
                for (String tid : id.equals("cpo") ? List.of("cpo", "cpo-switch") : List.of(id)) {
                    ReliabilityDefaults.Technology t = techs.get(tid);
                    if (t == null) {
                        continue;
                    }
                    Map<String, Param> params = new LinkedHashMap<>(t.params());
                    // NPO and CPO engines are repaired on the board or switch; the scenario's hours replace that
                    // repair time (the catalogue MTTR otherwise), a pluggable's module swap time elsewhere.
                    String k = List.of("npo", "cpo", "cpo-switch").contains(t.kind())
                            ? "engineRepairHours"
                            : "repairHours";
                    params.put(k, with(params.get(k), e.getValue()));
                    techs.put(tid, new ReliabilityDefaults.Technology(t.label(), t.kind(), t.catalogue(), params));
                }
            } else if (common.containsKey(key + "RepairHours")) {
                common.put(key + "RepairHours", with(common.get(key + "RepairHours"), e.getValue()));
            } else {
                throw file.problem(
                        "reliability.repairHours." + key,
                        "unknown technology or FRU kind '" + key + "'",
                        "use one of " + String.join(", ", techs.keySet()) + ", switch, nic, gpuTray, nodeOther");
            }
        }
        return new ReliabilityDefaults(common, job, techs, d.flaps(), policies);
    }

    private static Param with(Param p, double value) {
        if (p == null) {
            return new Param(value, value, value, "h", "scenario file", Confidence.HIGH);
        }
        return new Param(
                value,
                Math.min(p.min(), value),
                Math.max(p.max(), value),
                p.unit(),
                "scenario file (default " + p.value() + ")",
                p.confidence());
    }

    private ReliabilityFigures reliability(
            Scenario s,
            ReliabilityPolicy p,
            FabricInventory inv,
            String tech,
            double failureFreeDays,
            Sensitivity sens,
            OpticsConditions conditions,
            ClusterModel cluster,
            JobKnobs knobs) {
        ReliabilityDefaults relDefaults = reliabilityDefaults(p);
        DefaultClusterFactory reliabilityFactory = reliabilityFactories.computeIfAbsent(
                conditions + "|" + cluster.bom().switchCapexUsd() + "|" + p,
                k -> new DefaultClusterFactory(
                        cluster.priced(relDefaults), new PhysicalLinkModel(catalogue), conditions));
        JobSpec d = reliabilityFactory.defaultJob(
                inv,
                p.checkpointIntervalMin() == null ? null : p.checkpointIntervalMin() / 60.0,
                reliabilityFactory.defaults().policyFlag("rerouteFabricFailures"));
        // spare nodes: a count, or the model's share of the nodes (the scenario's share is in relDefaults), x factor
        double spare = p.spareNodes() != null
                ? p.spareNodes() * knobs.spareNodesFactor()
                : inv.nodes() * relDefaults.job("spareNodesPercent") * knobs.spareNodesFactor() / 100.0;
        int spareNodes = (int) Math.floor(spare + 1e-9);
        if (spareNodes >= inv.nodes()) {
            throw file.problem(
                    "reliability.spareNodes",
                    spareNodes + " spare nodes leave no node for the job (" + inv.nodes() + " nodes)",
                    "use 0 to " + (inv.nodes() - 1));
        }
        JobSpec job = new JobSpec(
                (inv.nodes() - spareNodes) * inv.gpusPerNode(),
                d.checkpointIntervalHours(),
                p.checkpointWriteS() == null ? d.checkpointWriteHours() : p.checkpointWriteS() / 3600.0,
                p.restartS() == null ? d.restartHours() : p.restartS() / 3600.0,
                d.rerouteFabricFailures(),
                knobs.commBoundFraction(),
                Math.min(1e4, failureFreeDays),
                d.policy(),
                knobs.fabricPathLossPerLink());
        ReliabilityEstimator est = p.mode() == ReliabilityMode.MONTECARLO
                ? new MonteCarloReliability(p.replications(), s.seed(), 1)
                : new AnalyticalReliability();
        ClusterReliabilityModel model;
        synchronized (reliabilityFactory) { // its link model keeps unsynchronised caches
            model = reliabilityFactory.fromInventory(tech, inv, job, sens); // the BOM's parts as they are
        }
        if (knobs.checkpointIntervalFactor() != 1) {
            // the interval in use (given, or Young/Daly from the expected interruption rate) times the factor
            double used = new AnalyticalReliability()
                    .estimate(model, s.economics().lifetimeYears())
                    .checkpointIntervalHours();
            JobSpec scaled = job.withCheckpointIntervalHours(Math.min(1e4, used * knobs.checkpointIntervalFactor()));
            synchronized (reliabilityFactory) {
                model = reliabilityFactory.fromInventory(tech, inv, scaled, sens);
            }
        }
        return new ReliabilityFigures(model, est.estimate(model, s.economics().lifetimeYears()));
    }

    // ---- economics (explore.tco): assembles the models' explicit inputs from what the evaluation computed -------

    /**
     * The repair lines of a reliability model: each population's failures per year (from the estimate), the price of
     * the unit it swaps and the labour of one repair (its mean hands-on hours at the team's rate), with its category
     * (GPUs, NICs, other node parts, non-optical switch faults; every other repaired population is fabric optics or
     * cabling). Restart-only populations swap nothing and are left out.
     */
    static List<RepairLine> repairLines(ClusterReliabilityModel model, ReliabilityResult rel) {
        List<RepairLine> out = new ArrayList<>();
        double rate = model.serviceTeam().labourUsdPerHour();
        for (ComponentPopulation p : model.populations()) {
            if (!p.repair().needsRepair()) {
                continue;
            }
            var f = rel.failuresPerYearByPopulation().get(p.name());
            double perYear = f == null ? 0 : f.mean();
            RepairCategory category = switch (p.name()) {
                case "GPUs" -> RepairCategory.GPU;
                case "NICs" -> RepairCategory.NIC;
                case "other node parts" -> RepairCategory.NODE_OTHER;
                default ->
                    p.name().endsWith("switches (non-optical faults)") ? RepairCategory.SWITCH : RepairCategory.OPTICS;
            };
            out.add(new RepairLine(
                    p.name(),
                    category,
                    perYear,
                    p.repair().partCostUsd(),
                    p.repair().repairTime().meanHours() * rate));
        }
        return out;
    }

    /**
     * The inputs of the whole-cluster run cost: the run's failure-free time (checkpoint writes included) and wall
     * time from reliability, the share of lost time the GPUs recompute (rework and degraded running, against
     * restarts and waits), node power busy (the step model's average GPU draw plus the platform) and idle, both less
     * the NIC host SerDes that the fabric roll-up already counts, and node capex (GPU price plus the platform).
     */
    private RunCostInputs runCostInputs(
            Scenario s,
            AcceleratorSpec acc,
            FabricReport fr,
            StepResult step,
            ReliabilityResult rel,
            Capex capex,
            RepairCost repairs) {
        Cluster c = s.cluster();
        EconomicsDefaults.NodePlatform node = economics.nodePlatform(c.gpu()).orElseThrow();
        int gpn = c.gpusPerNode();
        long nodes = c.gpus() / gpn;
        double ffHours = step.timeToTrainDays() * 24 / rel.checkpointEfficiency();
        double wallHours = Math.max(ffHours, rel.effectiveTimeToTrainDays().mean() * 24);
        double rework = rel.reworkGpuHoursPerYear().mean()
                + rel.degradedGpuHoursPerYear().mean();
        double lost = rework
                + rel.restartGpuHoursPerYear().mean()
                + rel.waitingGpuHoursPerYear().mean();
        double busyLost = lost > 0 ? (wallHours - ffHours) * rework / lost : 0;
        double gpuAvgW = step.powerBreakdownW().getOrDefault("gpus", c.gpus() * acc.tdpW()) / c.gpus();
        double serdesPerNodeW = fr.hostSerdesPowerW() / nodes;
        double busyW = Math.max(0, gpn * (gpuAvgW + node.nonGpuBusyWPerGpu()) - serdesPerNodeW);
        double idleW = Math.max(0, gpn * (node.gpuIdleW() + node.nonGpuIdleWPerGpu()) - serdesPerNodeW);
        double gpuPrice = gpuPriceUsd(c, s.economics().prices().gpuUsd());
        return new RunCostInputs(
                s.economics().gpuTime(),
                c.gpus(),
                gpn,
                ffHours,
                wallHours,
                busyLost,
                s.economics().gpuHourUsd(),
                c.gpus() * (gpuPrice + node.nodeBaseUsdPerGpu()),
                capex.interconnectUsd(),
                s.economics().lifetimeYears(),
                s.economics().discountRate(),
                busyW,
                idleW,
                fr.totalPowerW(),
                s.economics().pue(),
                s.economics().electricityUsdPerKwh(),
                repairs);
    }

    /**
     * Optics and cable cost of the fabric: the roll-up's catalogue cost, with the optical links of a class whose optics
     * has an {@code economics.prices.opticsUsdPerGbps} override re-priced from the catalogue's USD per Gb/s of that
     * link to the override.
     */
    private double linkCostUsd(Scenario s, Alternative alt, FabricReport fr, double rateGbps, Environment env) {
        Map<String, Double> override = s.economics().prices().opticsUsdPerGbps();
        double total = 0;
        for (LinkClassRollup lc : fr.linkClasses()) {
            total += lc.costUsd();
            String scenarioId = alt.optics().byTier().get(lc.name());
            Double price = scenarioId == null ? null : override.get(scenarioId.toLowerCase(Locale.ROOT));
            long optical = lc.linksByMedium().getOrDefault("optical", 0L);
            if (price != null && optical > 0) {
                double catalogue = linkReports
                        .computeIfAbsent(
                                lc.opticsTechnology() + "@" + rateGbps + "@" + env.cooling() + "@" + env.coolantC(),
                                k -> mainLink(lc.opticsTechnology(), rateGbps, env))
                        .costUsdPerGbps();
                total += optical * lc.rateGbps() * (price - catalogue);
            }
        }
        return Math.max(0, total);
    }

    private double gpuPriceUsd(Cluster c, Double override) {
        if (override != null) {
            return override;
        }
        try {
            return catalogue.endpoint(c.gpu()).costUsd().value();
        } catch (InputException e) {
            throw file.problem(
                    "economics.includeGpus",
                    "the catalogue has no price for accelerator '" + c.gpu() + "'",
                    "set includeGpus: false or add the endpoint with --catalogue");
        }
    }
}
