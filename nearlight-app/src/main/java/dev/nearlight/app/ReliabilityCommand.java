package dev.nearlight.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nearlight.core.InputException;
import dev.nearlight.core.link.PhysicalLinkModel;
import dev.nearlight.explore.cluster.ClusterModel;
import dev.nearlight.fabric.spec.FabricFactory;
import dev.nearlight.fabric.spec.FabricSpec;
import dev.nearlight.sim.reliability.AnalyticalReliability;
import dev.nearlight.sim.reliability.DefaultClusterFactory;
import dev.nearlight.sim.reliability.Estimate;
import dev.nearlight.sim.reliability.FabricInventory;
import dev.nearlight.sim.reliability.JobPolicy;
import dev.nearlight.sim.reliability.JobSpec;
import dev.nearlight.sim.reliability.MonteCarloReliability;
import dev.nearlight.sim.reliability.OpticsConditions;
import dev.nearlight.sim.reliability.OpticsFacts;
import dev.nearlight.sim.reliability.ReliabilityDefaults;
import dev.nearlight.sim.reliability.ReliabilityEstimator;
import dev.nearlight.sim.reliability.ReliabilityResult;
import dev.nearlight.sim.reliability.Sensitivity;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nearlight reliability}: failures, repairs and their cost in training time and money for one optics
 * technology or all of them, on a fabric described with the same options as {@code nearlight fabric} (or an inventory
 * file), with the optics facts from the core link model, and a sensitivity table. The {@code --json} output is the
 * contract documented in docs/cli/reliability.md.
 */
@Command(
        name = "reliability",
        mixinStandardHelpOptions = true,
        description =
                "Reliability and serviceability by optics technology: fabric and job availability, interruptions,"
                        + " GPU-hours lost, repair cost and effective time-to-train (Monte Carlo with 95 %% CIs or analytical).")
public final class ReliabilityCommand implements Callable<Integer> {
    /** Sensitivity cases: parameter name, value, and the {@link Sensitivity} it stands for. */
    private record Case(String parameter, double value, Sensitivity sensitivity) {}

    private static final List<Case> CASES = List.of(
            new Case("laserFitFactor", 0.5, new Sensitivity(0.5, 0, 1)),
            new Case("laserFitFactor", 2, new Sensitivity(2, 0, 1)),
            new Case("laserFitFactor", 4, new Sensitivity(4, 0, 1)),
            new Case("laserTempDeltaC", -15, new Sensitivity(1, -15, 1)),
            new Case("laserTempDeltaC", 15, new Sensitivity(1, 15, 1)),
            new Case("repairTimeFactor", 0.5, new Sensitivity(1, 0, 0.5)),
            new Case("repairTimeFactor", 2, new Sensitivity(1, 0, 2)),
            new Case("repairTimeFactor", 4, new Sensitivity(1, 0, 4)));

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    FabricOptions fabric;

    @Option(
            names = "--fabric",
            paramLabel = "FILE.yaml",
            description = "Fabric description (the YAML of 'nearlight fabric --spec'); same as --spec.")
    java.nio.file.Path fabricFile;

    @Option(names = "--compare-optics", description = "Evaluate every optics technology in the defaults file.")
    boolean compareOptics;

    @Option(
            names = "--inventory",
            paramLabel = "FILE.yaml",
            description = "Fabric inventory (GPUs, switch and link tiers) instead of a fabric; format in"
                    + " docs/reliability.md.")
    java.nio.file.Path inventory;

    @Option(
            names = "--defaults",
            paramLabel = "FILE.yaml",
            description = "Reliability defaults to replace (a partial reliability/defaults.yaml: per-component rates,"
                    + " recovery times, flaps, policies), e.g. another fleet's measured rates.")
    java.nio.file.Path defaultsFile;

    @Option(
            names = "--coolant-c",
            description = "Inlet air or coolant temperature of every link in C (default: the catalogue's per cooling"
                    + " type); flows through the link model's thermal model into the laser FIT.")
    Double coolantC;

    @Option(names = "--years", defaultValue = "5", description = "Lifetime in years (default: ${DEFAULT-VALUE}).")
    double years;

    @Option(
            names = "--replications",
            defaultValue = "1000",
            description = "Monte Carlo replications (default: ${DEFAULT-VALUE}).")
    int replications;

    @Option(
            names = "--checkpoint-min",
            description = "Checkpoint interval in minutes (default: the Young/Daly optimum).")
    Double checkpointMin;

    @Option(
            names = "--mode",
            defaultValue = "montecarlo",
            description = "montecarlo or analytical (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--seed", defaultValue = "1", description = "Root random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", description = "Worker threads (default: all processors; results do not depend on it).")
    Integer threads;

    @Option(
            names = "--spare-nodes",
            paramLabel = "N|P%",
            description = "Hot-spare nodes the job can restart on, a count or a share of the nodes such as 2%%"
                    + " (default: spareNodesPercent of the defaults).")
    String spareNodes;

    @Option(
            names = "--checkpoint-write-s",
            description = "Seconds to write one checkpoint (default: checkpointWriteMinutes of the defaults).")
    Double checkpointWriteS;

    @Option(
            names = "--maintenance-window-h",
            description = "Hours between maintenance windows for --repair-schedule maintenance-window (default:"
                    + " maintenanceWindowHours of the defaults).")
    Double maintenanceWindowH;

    @Option(
            names = "--comm-bound-fraction",
            description = "Step-time slowdown per unit of scale-out bandwidth lost, 0 to 1 (default:"
                    + " job.commBoundFraction of the defaults; compare measures it on the training step model).")
    Double commBoundFraction;

    @Option(
            names = "--fabric-link-loss",
            description = "Fraction of step time lost per dark switch-to-switch uplink the job routes around, 0 to 1"
                    + " (default: no training job here, so commBoundFraction x the share of the switch's uplinks lost;"
                    + " compare simulates it with the flow model on the job's fabric and prints it).")
    Double fabricLinkLoss;

    @Option(
            names = "--reroute-s",
            description = "Seconds routing takes to move traffic off a failed fabric path (default: rerouteSeconds of"
                    + " the defaults).")
    Double rerouteS;

    @Option(
            names = "--ttt-days",
            description = "Failure-free time to train in days (default: failureFreeTimeToTrainDays of the defaults).")
    Double tttDays;

    @Option(
            names = "--reroute",
            negatable = true,
            description = "Route around failed switch-to-switch links, engines and spine/core switches (slower"
                    + " running) instead of interrupting the job (default: policies.rerouteFabricFailures, true).")
    Boolean reroute;

    @Option(
            names = "--rail-loss",
            paramLabel = "degrade|swap-node|swap-or-degrade",
            description = "A node that loses one rail runs degraded, is swapped for a spare, or is swapped while the"
                    + " spare nodes cover the outage and runs degraded otherwise (default: policies.railLoss,"
                    + " swap-or-degrade).")
    String railLoss;

    @Option(
            names = "--repair-schedule",
            paramLabel = "immediate|next-checkpoint|maintenance-window",
            description = "When board-level (NPO) and switch-swap (CPO) engine repairs take their switch down"
                    + " (default: policies.repairSchedule, next-checkpoint).")
    String repairSchedule;

    @Option(
            names = "--async-checkpoint",
            negatable = true,
            description = "Write checkpoints in the background (no stall) instead of blocking (default: blocking).")
    Boolean asyncCheckpoint;

    @Option(
            names = "--drain",
            negatable = true,
            description = "Drain links whose optical margin erodes (laser wear-out) before they fail (default: on).")
    Boolean drain;

    @Option(
            names = "--restart-min",
            description = "Minutes from an interruption to training again (default: restartMinutes of the defaults).")
    Double restartMin;

    @Option(
            names = "--transport-timeout-s",
            description = "Seconds a dead link is tolerated before the job fails; shorter flaps stall it (default:"
                    + " transportTimeoutS, 30).")
    Double transportTimeoutS;

    @Option(names = "--json", description = "Print the JSON documented in docs/cli/reliability.md.")
    boolean json;

    /** The reliability technology (from the shared --optics) and the built topology, set by {@link #call}. */
    private String optics;

    private String topology;

    @Override
    public Integer call() throws Exception {
        validate();
        optics = opticsId();
        if (!compareOptics && !asIs()) {
            DefaultClusterFactory.standard().defaults().technology(optics); // fail fast on an unknown id
        }
        List<String> candidates = compareOptics
                ? DefaultClusterFactory.standard().defaults().technologyIds()
                : List.of(asIs() ? INVENTORY : optics);
        List<String> ids = new ArrayList<>();
        // one evaluation per id: an inventory file's own parts (or a preset dressed on them), else the fabric built
        // with that optics and its bill of materials read as it is (the same path as the per-class form and compare)
        List<DefaultClusterFactory> factories = new ArrayList<>();
        List<FabricInventory> inventories = new ArrayList<>();
        List<JobSpec> jobs = new ArrayList<>();
        FabricInventory file = inventory != null ? readInventory() : null;
        for (String id : candidates) {
            FabricInventory inv;
            DefaultClusterFactory factory;
            if (file != null) {
                inv = file;
                double rateGbps = fabric.rate != null
                        ? FabricFactory.parseRateGbps(fabric.rate, "--rate")
                        : DefaultClusterFactory.standard().defaults().common("portRateGbps");
                factory = new DefaultClusterFactory(
                        defaults(),
                        new PhysicalLinkModel(fabric.catalogue.load()),
                        new OpticsConditions(rateGbps, coolantC));
                if (!id.equals(INVENTORY)) {
                    factory.defaults().technology(id); // fail fast on an unknown id
                    inv = factory.withOptics(file, id);
                }
            } else {
                ReliabilityDefaults d = defaults();
                String fabricOptics = id.equals(INVENTORY) ? fabric.optics : ClusterModel.fabricOptics(d, id);
                ClusterModel cluster;
                try {
                    cluster = ClusterModel.build(fabricSpec(fabricOptics), fabric.catalogue.load());
                } catch (dev.nearlight.core.link.PartNotOffered e) {
                    // comparing every preset: one the catalogue has no part for at this rate is left out and said,
                    // as `fabric --compare-optics` leaves it out; asked for alone, it is the user's error
                    if (!compareOptics) {
                        throw e;
                    }
                    skipped.put(id, e.getMessage());
                    continue;
                }
                inv = cluster.reliabilityInventory();
                topology = cluster.bom().topology();
                factory = new DefaultClusterFactory(
                        cluster.priced(d),
                        new PhysicalLinkModel(fabric.catalogue.load()),
                        new OpticsConditions(cluster.portRateGbps(), coolantC));
            }
            ids.add(id);
            factories.add(factory);
            inventories.add(inv);
            linkFacts.add(
                    file != null
                            ? factory.opticsFacts(id.equals(INVENTORY) ? "pluggable" : id, Sensitivity.NONE)
                            : mainOpticalFacts(factory, inv));
            jobs.add(job(factory, inv));
        }
        if (ids.isEmpty()) {
            throw new InputException("--compare-optics: the catalogue has no part of any preset at this rate: "
                    + String.join("; ", skipped.values()));
        }
        DefaultClusterFactory factory = factories.get(0);
        FabricInventory inv = inventories.get(0);
        JobSpec job = jobs.get(0);
        ReliabilityEstimator estimator = "analytical".equals(mode)
                ? new AnalyticalReliability()
                : new MonteCarloReliability(
                        replications,
                        seed,
                        threads == null ? Runtime.getRuntime().availableProcessors() : threads);
        AnalyticalReliability analytical = new AnalyticalReliability();
        List<ReliabilityResult> results = new ArrayList<>();
        List<List<ReliabilityResult>> sensitivity = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            DefaultClusterFactory f = factories.get(i);
            String name = ids.get(i);
            FabricInventory parts = inventories.get(i);
            JobSpec jb = jobs.get(i);
            results.add(estimator.estimate(f.fromInventory(name, parts, jb, Sensitivity.NONE), years));
            List<ReliabilityResult> rows = new ArrayList<>();
            for (Case c : CASES) {
                rows.add(analytical.estimate(f.fromInventory(name, parts, jb, c.sensitivity()), years));
            }
            sensitivity.add(rows);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(toJson(factory, inv, job, ids, results, sensitivity));
        } else {
            printText(out, factory, inv, job, ids, results, sensitivity);
        }
        out.flush();
        return 0;
    }

    /** The link-model facts printed per alternative, in the order of the ids (set by {@link #call}). */
    private final List<OpticsFacts> linkFacts = new ArrayList<>();

    /** Presets {@code --compare-optics} left out, with the catalogue's reason (no part at the fabric's rate). */
    private final java.util.Map<String, String> skipped = new java.util.LinkedHashMap<>();

    /**
     * The link-model facts of the part a built fabric carries most: the upper end of its optical link tier with the
     * most links (e.g. {@code cpo} at 400G, where the preset's {@code cpo-els} is not offered).
     */
    private static OpticsFacts mainOpticalFacts(DefaultClusterFactory factory, FabricInventory inv) {
        FabricInventory.LinkTier main = null;
        for (FabricInventory.LinkTier t : inv.linkTiers()) {
            if (t.medium() == FabricInventory.Medium.OPTICAL && (main == null || t.links() > main.links())) {
                main = t;
            }
        }
        if (main == null) {
            main = inv.linkTiers().get(0);
        }
        return factory.facts(main.upper().technology(), main.rateGbps(), Sensitivity.NONE);
    }

    /** The shipped defaults with the {@code --defaults} file's entries. */
    private ReliabilityDefaults defaults() {
        ReliabilityDefaults d = ReliabilityDefaults.load();
        if (defaultsFile == null) {
            return d;
        }
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(defaultsFile)) {
            return d.overriddenBy(in, defaultsFile.toString());
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InputException("--defaults " + defaultsFile + ": file not found");
        } catch (java.io.IOException e) {
            throw new InputException("--defaults " + defaultsFile + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /** The name of the alternative that uses an inventory file's parts as they are. */
    private static final String INVENTORY = "inventory";

    /** Whether the inventory file's own parts are evaluated (no --optics or --compare-optics given). */
    private boolean asIs() {
        if (compareOptics) {
            return false;
        }
        return inventory != null ? fabric.optics == null : asBuilt();
    }

    /**
     * Whether the fabric is built with the given {@code --optics} and its bill of materials evaluated as it is (the
     * parts compare counts for the same cluster): optics given per link class ({@code nodeLeaf=pluggable,leafSpine=npo}).
     * One id is the same path with that technology on every link class ({@link ClusterModel#fabricOptics}).
     */
    private boolean asBuilt() {
        if (fabric.optics == null) {
            return false;
        }
        String o = fabric.optics.trim();
        return o.contains("=") || o.contains(",");
    }

    private void validate() {
        if (!(years > 0 && years <= 100)) {
            throw new InputException("--years " + fmt(years) + " out of range: use (0, 100]");
        }
        if (replications < 2 || replications > 10_000_000) {
            throw new InputException("--replications " + replications + " out of range: use 2 to 10000000");
        }
        mode = mode.toLowerCase(Locale.ROOT);
        if (!mode.equals("montecarlo") && !mode.equals("analytical")) {
            throw new InputException("--mode '" + mode + "' unknown: use montecarlo or analytical");
        }
        if (checkpointMin != null && !(checkpointMin > 0 && checkpointMin <= 600_000)) {
            throw new InputException("--checkpoint-min " + fmt(checkpointMin) + " out of range: use (0, 600000]");
        }
        if (threads != null && (threads < 1 || threads > 4096)) {
            throw new InputException("--threads " + threads + " out of range: use 1 to 4096");
        }
        if (coolantC != null && !(coolantC >= -20 && coolantC <= 75)) {
            throw new InputException("--coolant-c " + fmt(coolantC) + " out of range: use -20 to 75 C");
        }
        if (fabricFile != null && fabric.spec != null) {
            throw new InputException("--fabric and --spec name the same file: give one of them");
        }
        if (tttDays != null && !(tttDays > 0 && tttDays <= 10_000)) {
            throw new InputException("--ttt-days " + fmt(tttDays) + " out of range: use (0, 10000]");
        }
    }

    /** The reliability technology: the single name given to the shared {@code --optics} option. */
    private String opticsId() {
        String o = fabric.optics == null ? "pluggable" : fabric.optics.trim();
        if ((o.contains(",") || o.contains("=")) && (compareOptics || inventory != null)) {
            throw new InputException("--optics '" + o + "': reliability takes one technology, one of "
                    + String.join(
                            ", ", DefaultClusterFactory.standard().defaults().technologyIds()));
        }
        return o;
    }

    /**
     * The fabric: {@code --fabric}/{@code --spec} file overridden by the fabric options, on top of the reliability
     * defaults (16,384 GPUs at 1.6T), built with {@code optics} (the fabric's {@code --optics} form: one id for every
     * link class, or per class), so the bill of materials holds the parts that are evaluated.
     */
    private FabricSpec fabricSpec(String optics) {
        if (fabricFile != null) {
            fabric.spec = fabricFile;
        }
        fabric.optics = optics;
        FabricSpec defaults = new FabricSpec(
                null, 16384, null, null, null, null, "1.6T", null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        return defaults.overriddenBy(fabric.toSpec());
    }

    private FabricInventory readInventory() {
        for (String o : new String[] {
            "--gpus", "--gpus-per-node", "--switch-radix", "--tiers", "--spec", "--fabric", "--topology"
        }) {
            if (spec.commandLine().getParseResult().hasMatchedOption(o)) {
                throw new InputException(o + " cannot be combined with --inventory: the file gives the fabric");
            }
        }
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(inventory)) {
            return FabricInventory.fromYaml(in, inventory.toString());
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InputException("--inventory " + inventory + ": file not found");
        } catch (java.io.IOException e) {
            throw new InputException("--inventory " + inventory + ": cannot read (" + e.getMessage() + ")");
        }
    }

    private JobSpec job(DefaultClusterFactory factory, FabricInventory inv) {
        boolean rr = reroute != null ? reroute : factory.defaults().policyFlag("rerouteFabricFailures");
        JobSpec j = factory.defaultJob(inv, checkpointMin == null ? null : checkpointMin / 60.0, rr);
        if (spareNodes != null) {
            int spare = spareNodeCount(spareNodes, inv.nodes());
            j = j.withGpus((inv.nodes() - spare) * inv.gpusPerNode());
        }
        if (tttDays != null) {
            j = j.withFailureFreeTimeToTrainDays(tttDays);
        }
        if (restartMin != null && !(restartMin >= 0 && restartMin <= 60_000)) {
            throw new InputException("--restart-min " + fmt(restartMin) + " out of range: use 0 to 60000");
        }
        if (checkpointWriteS != null && !(checkpointWriteS >= 0 && checkpointWriteS <= 360_000)) {
            throw new InputException(
                    "--checkpoint-write-s " + fmt(checkpointWriteS) + " out of range: use 0 to 360000");
        }
        if (commBoundFraction != null && !(commBoundFraction >= 0 && commBoundFraction <= 1)) {
            throw new InputException("--comm-bound-fraction " + fmt(commBoundFraction) + " out of range: use 0 to 1");
        }
        if (fabricLinkLoss != null && !(fabricLinkLoss >= 0 && fabricLinkLoss <= 1)) {
            throw new InputException("--fabric-link-loss " + fmt(fabricLinkLoss) + " out of range: use 0 to 1");
        }
        if (restartMin != null || checkpointWriteS != null || commBoundFraction != null) {
            j = new JobSpec(
                    j.gpus(),
                    j.checkpointIntervalHours(),
                    checkpointWriteS != null ? checkpointWriteS / 3600.0 : j.checkpointWriteHours(),
                    restartMin != null ? restartMin / 60.0 : j.restartHours(),
                    j.rerouteFabricFailures(),
                    commBoundFraction != null ? commBoundFraction : j.commBoundFraction(),
                    j.failureFreeTimeToTrainDays(),
                    j.policy());
        }
        JobPolicy p = j.policy();
        if (railLoss != null) {
            p = p.withRailLoss(word("--rail-loss", railLoss, JobPolicy.RailLoss.class));
        }
        if (repairSchedule != null) {
            p = p.withRepairSchedule(word("--repair-schedule", repairSchedule, JobPolicy.RepairSchedule.class));
        }
        if (asyncCheckpoint != null) {
            p = p.withAsyncCheckpoint(asyncCheckpoint);
        }
        if (drain != null) {
            p = p.withDrainBeforeFailure(drain);
        }
        if (transportTimeoutS != null && !(transportTimeoutS >= 0 && transportTimeoutS <= 1e5)) {
            throw new InputException(
                    "--transport-timeout-s " + fmt(transportTimeoutS) + " out of range: use 0 to 100000");
        }
        if (maintenanceWindowH != null && !(maintenanceWindowH > 0 && maintenanceWindowH <= 1e5)) {
            throw new InputException(
                    "--maintenance-window-h " + fmt(maintenanceWindowH) + " out of range: use (0, 100000]");
        }
        if (rerouteS != null && !(rerouteS >= 0 && rerouteS <= 1e5)) {
            throw new InputException("--reroute-s " + fmt(rerouteS) + " out of range: use 0 to 100000");
        }
        if (transportTimeoutS != null || maintenanceWindowH != null || rerouteS != null) {
            p = new JobPolicy(
                    p.railLoss(),
                    p.repairSchedule(),
                    maintenanceWindowH != null ? maintenanceWindowH : p.maintenanceWindowHours(),
                    p.asyncCheckpoint(),
                    p.drainBeforeFailure(),
                    transportTimeoutS != null ? transportTimeoutS : p.transportTimeoutS(),
                    rerouteS != null ? rerouteS : p.rerouteSeconds());
        }
        return j.withPolicy(p).withFabricPathLossPerLink(fabricLinkLoss);
    }

    /** Where the slowdown of a rerouted fabric path comes from, in words (printed beside the figure). */
    static String fabricPathLossSource(JobSpec job) {
        return job.fabricPathLossPerLink() != null
                ? "from --fabric-link-loss, e.g. compare's flow-model figure for the job on this fabric"
                : "no training job: commBoundFraction x the share of the switch's uplinks lost (default rule)";
    }

    /** Spare nodes from {@code --spare-nodes}: a count ({@code 40}) or a share of the nodes ({@code 2%}, floored). */
    static int spareNodeCount(String text, int nodes) {
        String t = text.trim();
        int spare;
        try {
            if (t.endsWith("%")) {
                double pct = Double.parseDouble(t.substring(0, t.length() - 1).trim());
                if (!(pct >= 0 && pct < 100)) {
                    throw new InputException("--spare-nodes " + t + " out of range: use 0% to below 100%");
                }
                spare = (int) Math.floor(nodes * pct / 100.0 + 1e-9);
            } else {
                spare = Integer.parseInt(t);
            }
        } catch (NumberFormatException e) {
            throw new InputException("--spare-nodes '" + t + "' is not a count or a percentage: use e.g. 40 or 2%", e);
        }
        if (spare < 0 || spare >= nodes) {
            throw new InputException("--spare-nodes " + t + " gives " + spare + " spare nodes: use 0 to " + (nodes - 1)
                    + " of " + nodes + " nodes");
        }
        return spare;
    }

    private static <E extends Enum<E>> E word(String option, String v, Class<E> type) {
        try {
            return Enum.valueOf(type, v.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            List<String> words = new ArrayList<>();
            for (E c : type.getEnumConstants()) {
                words.add(c.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
            throw new InputException(option + " '" + v + "' unknown: use one of " + String.join(", ", words), e);
        }
    }

    private String toJson(
            DefaultClusterFactory factory,
            FabricInventory inv,
            JobSpec job,
            List<String> ids,
            List<ReliabilityResult> results,
            List<List<ReliabilityResult>> sensitivity)
            throws Exception {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("command", "reliability");
        if (!skipped.isEmpty()) {
            ObjectNode sk = root.putObject("skipped");
            skipped.forEach(sk::put);
        }
        root.put("mode", mode);
        root.put("replications", "analytical".equals(mode) ? 0 : replications);
        root.put("seed", seed);
        root.put("years", years);
        ObjectNode fabric = root.putObject("fabric");
        if (coolantC != null) {
            root.put("coolantC", coolantC);
        } else {
            root.putNull("coolantC");
        }
        fabric.put("source", source());
        fabric.put("rateGbps", factory.conditions().rateGbps());
        fabric.put("gpus", inv.gpus());
        fabric.put("gpusPerNode", inv.gpusPerNode());
        fabric.put("nodes", inv.nodes());
        fabric.put("switchRadix", inv.switchRadix());
        fabric.put("tiers", inv.switchTiers().size());
        ObjectNode sw = fabric.putObject("switches");
        inv.switchTiers().forEach(t -> sw.put(t.name(), t.switches()));
        ObjectNode links = fabric.putObject("links");
        inv.linkTiers().forEach(t -> links.put(t.name(), t.links()));
        ObjectNode j = root.putObject("job");
        j.put("gpus", job.gpus());
        j.put("spareNodes", inv.nodes() - job.gpus() / inv.gpusPerNode());
        j.put("checkpointWriteMinutes", job.checkpointWriteHours() * 60);
        j.put("restartMinutes", job.restartHours() * 60);
        j.put("rerouteFabricFailures", job.rerouteFabricFailures());
        j.put("commBoundFraction", job.commBoundFraction());
        // fraction of step time lost per dark switch-to-switch uplink routed around (null: the default rule)
        if (job.fabricPathLossPerLink() != null) {
            j.put("fabricLinkDownStepLoss", job.fabricPathLossPerLink());
        } else {
            j.putNull("fabricLinkDownStepLoss");
        }
        j.put("fabricLinkDownStepLossSource", fabricPathLossSource(job));
        j.put("failureFreeTimeToTrainDays", job.failureFreeTimeToTrainDays());
        JobPolicy pol = job.policy();
        j.put("railLoss", pol.railLoss().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        j.put(
                "repairSchedule",
                pol.repairSchedule().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        j.put("maintenanceWindowHours", pol.maintenanceWindowHours());
        j.put("asyncCheckpoint", pol.asyncCheckpoint());
        j.put("drainBeforeFailure", pol.drainBeforeFailure());
        j.put("transportTimeoutS", pol.transportTimeoutS());
        j.put("rerouteSeconds", pol.rerouteSeconds());
        ArrayNode alts = root.putArray("alternatives");
        for (int i = 0; i < ids.size(); i++) {
            ReliabilityResult r = results.get(i);
            ObjectNode a = alts.addObject();
            a.put("optics", ids.get(i));
            boolean asIs = ids.get(i).equals(INVENTORY);
            a.put(
                    "label",
                    asIs
                            ? "parts of " + (inventory != null ? inventory : "the built fabric")
                            : factory.defaults().technology(ids.get(i)).label());
            OpticsFacts f = linkFacts.get(i);
            ObjectNode lm = a.putObject("linkModel");
            lm.put("technology", f.technologyId());
            lm.put("coolantC", f.coolantC());
            lm.put("engineTempC", f.engineTempC());
            if (Double.isNaN(f.laserTempC())) {
                lm.putNull("laserTempC");
            } else {
                lm.put("laserTempC", f.laserTempC());
            }
            lm.put("laserFit", f.laserFit());
            lm.put("lasersPerPort", f.lasersPerPort());
            lm.put("endElectronicsFit", f.endElectronicsFit());
            lm.put("portFit", f.portFit());
            lm.put("portsPerLaserSource", f.portsPerLaserSource());
            lm.put("fru", f.fru().name().toLowerCase(Locale.ROOT));
            lm.put("hotSwap", f.hotSwap());
            lm.put("mttrH", f.mttrH());
            if (Double.isNaN(f.opticalMarginDb())) {
                lm.putNull("opticalMarginDb");
            } else {
                lm.put("opticalMarginDb", f.opticalMarginDb());
            }
            lm.put("laserAgeingFactor", f.laserAgeingFactor());
            a.put("fabricAvailability", r.fabricAvailability().mean());
            a.put("jobAvailability", r.jobAvailability().mean());
            a.put("interruptionsPerDay", r.interruptionsPerDay().mean());
            a.put("gpuHoursLostPerYear", r.gpuHoursLostPerYear().mean());
            a.put("repairCostUsdPerYear", r.repairCostUsdPerYear().mean());
            a.put("repairLabourUsdPerYear", r.repairLabourUsdPerYear().mean());
            a.put("effectiveTimeToTrainDays", r.effectiveTimeToTrainDays().mean());
            a.put("ettr", r.ettr().mean());
            a.put("goodput", r.goodput().mean());
            a.put("hardwareAvailability", r.hardwareAvailability().mean());
            a.put("plannedInterruptionsPerDay", r.plannedInterruptionsPerDay().mean());
            ObjectNode cat = a.putObject("interruptionsPerDayByCategory");
            r.interruptionsPerDayByCategory().forEach((k, v) -> cat.put(k, v.mean()));
            ObjectNode ci = a.putObject("ci95");
            ci(ci, "ettr", r.ettr());
            ci(ci, "goodput", r.goodput());
            ci(ci, "fabricAvailability", r.fabricAvailability());
            ci(ci, "jobAvailability", r.jobAvailability());
            ci(ci, "interruptionsPerDay", r.interruptionsPerDay());
            ci(ci, "gpuHoursLostPerYear", r.gpuHoursLostPerYear());
            ci(ci, "repairCostUsdPerYear", r.repairCostUsdPerYear());
            ci(ci, "effectiveTimeToTrainDays", r.effectiveTimeToTrainDays());
            ObjectNode lost = a.putObject("gpuHoursLostPerYearBreakdown");
            lost.put("rework", r.reworkGpuHoursPerYear().mean());
            lost.put("restart", r.restartGpuHoursPerYear().mean());
            lost.put("waitingForRepair", r.waitingGpuHoursPerYear().mean());
            lost.put("degraded", r.degradedGpuHoursPerYear().mean());
            lost.put("stalledByFlaps", r.stalledGpuHoursPerYear().mean());
            a.put("technicianUtilisation", r.technicianUtilisation().mean());
            a.put("checkpointIntervalMinutes", r.checkpointIntervalHours() * 60);
            a.put("checkpointEfficiency", r.checkpointEfficiency());
            a.put("jobMtbfHours", r.jobMtbfHours());
            a.put("failuresPerYear", r.failuresPerYear().mean());
            ObjectNode byPop = a.putObject("failuresPerYearByPopulation");
            r.failuresPerYearByPopulation().forEach((k, v) -> byPop.put(k, v.mean()));
        }
        ArrayNode sens = root.putArray("sensitivity");
        for (int i = 0; i < ids.size(); i++) {
            for (int c = 0; c < CASES.size(); c++) {
                ReliabilityResult r = sensitivity.get(i).get(c);
                ObjectNode s = sens.addObject();
                s.put("optics", ids.get(i));
                s.put("parameter", CASES.get(c).parameter());
                s.put("value", CASES.get(c).value());
                s.put("mode", "analytical");
                s.put("fabricAvailability", r.fabricAvailability().mean());
                s.put("jobAvailability", r.jobAvailability().mean());
                s.put("interruptionsPerDay", r.interruptionsPerDay().mean());
                s.put("gpuHoursLostPerYear", r.gpuHoursLostPerYear().mean());
                s.put("repairCostUsdPerYear", r.repairCostUsdPerYear().mean());
                s.put("effectiveTimeToTrainDays", r.effectiveTimeToTrainDays().mean());
                s.put("ettr", r.ettr().mean());
                s.put("goodput", r.goodput().mean());
                s.put("technicianUtilisation", r.technicianUtilisation().mean());
            }
        }
        return mapper.writeValueAsString(root);
    }

    private static void ci(ObjectNode ci, String name, Estimate e) {
        ArrayNode arr = ci.putArray(name);
        arr.add(e.low());
        arr.add(e.high());
    }

    private void printText(
            PrintWriter out,
            DefaultClusterFactory factory,
            FabricInventory inv,
            JobSpec job,
            List<String> ids,
            List<ReliabilityResult> results,
            List<List<ReliabilityResult>> sensitivity) {
        for (Map.Entry<String, String> e : skipped.entrySet()) {
            out.printf(Locale.ROOT, "left out: %s (%s)%n", e.getKey(), e.getValue());
        }
        out.printf(
                Locale.ROOT,
                "Reliability over %s years: %d GPUs (%d nodes of %d), %d-tier fabric, radix %d (%s: %s)%n",
                fmt(years),
                inv.gpus(),
                inv.nodes(),
                inv.gpusPerNode(),
                inv.switchTiers().size(),
                inv.switchRadix(),
                source(),
                describeSwitches(inv));
        out.printf(
                Locale.ROOT,
                "Job: %d GPUs, %d spare nodes, checkpoint write %.1f min (%s), restart %.1f min, %s, rail loss: %s,"
                        + " engine repairs: %s, drains %s, failure-free TTT %s days%n",
                job.gpus(),
                inv.nodes() - job.gpus() / inv.gpusPerNode(),
                job.checkpointWriteHours() * 60,
                job.policy().asyncCheckpoint() ? "async" : "blocking",
                job.restartHours() * 60,
                job.rerouteFabricFailures() ? "reroutes fabric failures" : "fabric failures interrupt",
                job.policy().railLoss().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                job.policy().repairSchedule().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                job.policy().drainBeforeFailure() ? "on" : "off",
                fmt(job.failureFreeTimeToTrainDays()));
        out.println(
                job.fabricPathLossPerLink() != null
                        ? String.format(
                                Locale.ROOT,
                                "Fabric path routed around: %.4f %% of step time lost per dark switch-to-switch uplink"
                                        + " (%s)",
                                100 * job.fabricPathLossPerLink(),
                                fabricPathLossSource(job))
                        : String.format(
                                Locale.ROOT,
                                "Fabric path routed around: step time lost = %.2f (commBoundFraction) x the share of"
                                        + " the switch's uplinks that go dark (no training job to simulate; compare"
                                        + " simulates it, --fabric-link-loss takes its figure)",
                                job.commBoundFraction()));
        out.println(
                "analytical".equals(mode)
                        ? "Mode: analytical (expected values)"
                        : "Mode: Monte Carlo, " + replications + " replications, seed " + seed
                                + ", 95 % CI in brackets");
        out.println();
        out.printf(
                Locale.ROOT,
                "%-10s %-30s %-26s %-26s %-20s %-32s %-32s %-22s %-11s %s%n",
                "optics",
                "fabric availability",
                "ETTR",
                "goodput",
                "interruptions/day",
                "GPU-h lost/yr",
                "repair USD/yr",
                "effective TTT (days)",
                "ckpt (min)",
                "tech util");
        for (int i = 0; i < ids.size(); i++) {
            ReliabilityResult r = results.get(i);
            out.printf(
                    Locale.ROOT,
                    "%-10s %-30s %-26s %-26s %-20s %-32s %-32s %-22s %-11.1f %.2f%n",
                    ids.get(i),
                    est(r.fabricAvailability(), "%.6f"),
                    est(r.ettr(), "%.4f"),
                    est(r.goodput(), "%.4f"),
                    est(r.interruptionsPerDay(), "%.2f"),
                    est(r.gpuHoursLostPerYear(), "%.3g"),
                    est(r.repairCostUsdPerYear(), "%.3g"),
                    est(r.effectiveTimeToTrainDays(), "%.2f"),
                    r.checkpointIntervalHours() * 60,
                    r.technicianUtilisation().mean());
        }
        out.println();
        out.println("Unexpected interruptions per day by cause (gpu / network / host / software), planned stops per"
                + " day, GPU hardware availability:");
        for (int i = 0; i < ids.size(); i++) {
            ReliabilityResult r = results.get(i);
            Map<String, Estimate> c = r.interruptionsPerDayByCategory();
            out.printf(
                    Locale.ROOT,
                    "  %-10s %.2f / %.2f / %.2f / %.2f, planned %.2f, hardware %.5f%n",
                    ids.get(i),
                    c.get("gpu").mean(),
                    c.get("network").mean(),
                    c.get("host").mean(),
                    c.get("software").mean(),
                    r.plannedInterruptionsPerDay().mean(),
                    r.hardwareAvailability().mean());
        }
        out.println();
        out.println(
                "GPU-hours lost per year by cause (rework / restart / waiting for repair / degraded / flap stalls):");
        for (int i = 0; i < ids.size(); i++) {
            ReliabilityResult r = results.get(i);
            out.printf(
                    Locale.ROOT,
                    "  %-10s %.3g / %.3g / %.3g / %.3g / %.3g%n",
                    ids.get(i),
                    r.reworkGpuHoursPerYear().mean(),
                    r.restartGpuHoursPerYear().mean(),
                    r.waitingGpuHoursPerYear().mean(),
                    r.degradedGpuHoursPerYear().mean(),
                    r.stalledGpuHoursPerYear().mean());
        }
        out.println();
        out.println("Sensitivity (analytical): effective TTT days / goodput / interruptions per day");
        out.printf(Locale.ROOT, "  %-10s %-22s", "optics", "baseline");
        for (Case c : CASES) {
            out.printf(Locale.ROOT, " %-22s", shortName(c));
        }
        out.println();
        for (int i = 0; i < ids.size(); i++) {
            ReliabilityResult base = results.get(i);
            out.printf(Locale.ROOT, "  %-10s %-22s", ids.get(i), cell(base));
            for (ReliabilityResult r : sensitivity.get(i)) {
                out.printf(Locale.ROOT, " %-22s", cell(r));
            }
            out.println();
        }
    }

    private String source() {
        if (inventory != null) {
            return "inventory file " + inventory;
        }
        String file = fabricFile != null ? fabricFile.toString() : fabric.spec != null ? fabric.spec.toString() : null;
        return (file != null ? "fabric file " + file + ", " : "") + topology + " built by the fabric module";
    }

    private static String describeSwitches(FabricInventory inv) {
        StringBuilder sb = new StringBuilder();
        for (FabricInventory.SwitchTier t : inv.switchTiers()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(t.switches()).append(' ').append(t.name());
        }
        return sb.append(", ").append(inv.totalLinks()).append(" links").toString();
    }

    private static String shortName(Case c) {
        return switch (c.parameter()) {
            case "laserFitFactor" -> "laser FIT x" + fmt(c.value());
            case "laserTempDeltaC" -> "laser T " + (c.value() > 0 ? "+" : "") + fmt(c.value()) + " C";
            default -> "repair time x" + fmt(c.value());
        };
    }

    private static String cell(ReliabilityResult r) {
        return String.format(
                Locale.ROOT,
                "%.2f/%.4f/%.2f",
                r.effectiveTimeToTrainDays().mean(),
                r.goodput().mean(),
                r.interruptionsPerDay().mean());
    }

    private static String est(Estimate e, String f) {
        if (e.low() == e.high()) {
            return String.format(Locale.ROOT, f, e.mean());
        }
        return String.format(Locale.ROOT, f + " [" + f + "," + f + "]", e.mean(), e.low(), e.high());
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
