package dev.nearlight.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nearlight.core.InputException;
import dev.nearlight.explore.cluster.ClusterModel;
import dev.nearlight.fabric.spec.FabricFactory;
import dev.nearlight.fabric.spec.FabricSpec;
import dev.nearlight.sim.reliability.AnalyticalReliability;
import dev.nearlight.sim.reliability.ClusterReliabilityModel;
import dev.nearlight.sim.reliability.DefaultClusterFactory;
import dev.nearlight.sim.reliability.Estimate;
import dev.nearlight.sim.reliability.FabricInventory;
import dev.nearlight.sim.reliability.JobSpec;
import dev.nearlight.sim.reliability.MonteCarloReliability;
import dev.nearlight.sim.reliability.OpticsConditions;
import dev.nearlight.sim.reliability.OpticsFacts;
import dev.nearlight.sim.reliability.ReliabilityEstimator;
import dev.nearlight.sim.reliability.ReliabilityResult;
import dev.nearlight.sim.reliability.Sensitivity;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
            description = "Hot-spare nodes the job can restart on (default: spareNodesPercent of the defaults).")
    Integer spareNodes;

    @Option(
            names = "--ttt-days",
            description = "Failure-free time to train in days (default: failureFreeTimeToTrainDays of the defaults).")
    Double tttDays;

    @Option(
            names = "--reroute",
            description = "Route around failed switch-to-switch links and spine/core switches (degraded running)"
                    + " instead of interrupting the job.")
    boolean reroute;

    @Option(names = "--json", description = "Print the JSON documented in docs/cli/reliability.md.")
    boolean json;

    /** The reliability technology (from the shared --optics) and the built topology, set by {@link #call}. */
    private String optics;

    private String topology;

    @Override
    public Integer call() throws Exception {
        validate();
        optics = opticsId();
        if (!compareOptics) {
            DefaultClusterFactory.standard().defaults().technology(optics); // fail fast on an unknown id
        }
        FabricInventory inv;
        double rateGbps;
        if (inventory != null) {
            inv = readInventory();
            rateGbps = fabric.rate != null
                    ? FabricFactory.parseRateGbps(fabric.rate, "--rate")
                    : DefaultClusterFactory.standard().defaults().common("portRateGbps");
        } else {
            ClusterModel cluster = ClusterModel.build(fabricSpec(), fabric.catalogue.load());
            inv = cluster.reliabilityInventory();
            rateGbps = cluster.portRateGbps();
            topology = cluster.bom().topology();
        }
        DefaultClusterFactory factory = DefaultClusterFactory.standard(new OpticsConditions(rateGbps, coolantC));
        JobSpec job = job(factory, inv);
        List<String> ids = compareOptics ? factory.defaults().technologyIds() : List.of(optics);
        for (String id : ids) {
            factory.defaults().technology(id); // fail fast on an unknown id
        }
        ReliabilityEstimator estimator = "analytical".equals(mode)
                ? new AnalyticalReliability()
                : new MonteCarloReliability(
                        replications,
                        seed,
                        threads == null ? Runtime.getRuntime().availableProcessors() : threads);
        AnalyticalReliability analytical = new AnalyticalReliability();
        List<ReliabilityResult> results = new ArrayList<>();
        List<List<ReliabilityResult>> sensitivity = new ArrayList<>();
        for (String id : ids) {
            ClusterReliabilityModel model = factory.build(id, inv, job, Sensitivity.NONE);
            results.add(estimator.estimate(model, years));
            List<ReliabilityResult> rows = new ArrayList<>();
            for (Case c : CASES) {
                rows.add(analytical.estimate(factory.build(id, inv, job, c.sensitivity()), years));
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
        if (spareNodes != null && spareNodes < 0) {
            throw new InputException("--spare-nodes " + spareNodes + " out of range: use 0 or more");
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
        if (o.contains(",") || o.contains("=")) {
            throw new InputException("--optics '" + o + "': reliability takes one technology, one of "
                    + String.join(
                            ", ", DefaultClusterFactory.standard().defaults().technologyIds()));
        }
        return o;
    }

    /**
     * The fabric: {@code --fabric}/{@code --spec} file overridden by the fabric options, on top of the reliability
     * defaults (16,384 GPUs at 1.6T). The fabric is built with its own default optics: the switch and link counts do
     * not depend on them, and every reliability technology is evaluated on the same fabric.
     */
    private FabricSpec fabricSpec() {
        if (fabricFile != null) {
            fabric.spec = fabricFile;
        }
        fabric.optics = null;
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
        JobSpec j = factory.defaultJob(inv, checkpointMin == null ? null : checkpointMin / 60.0, reroute);
        if (spareNodes != null) {
            if (spareNodes >= inv.nodes()) {
                throw new InputException(
                        "--spare-nodes " + spareNodes + " out of range: use 0 to " + (inv.nodes() - 1));
            }
            j = j.withGpus((inv.nodes() - spareNodes) * inv.gpusPerNode());
        }
        if (tttDays != null) {
            j = new JobSpec(
                    j.gpus(),
                    j.checkpointIntervalHours(),
                    j.checkpointWriteHours(),
                    j.restartHours(),
                    j.rerouteFabricFailures(),
                    j.commBoundFraction(),
                    tttDays);
        }
        return j;
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
        j.put("failureFreeTimeToTrainDays", job.failureFreeTimeToTrainDays());
        ArrayNode alts = root.putArray("alternatives");
        for (int i = 0; i < ids.size(); i++) {
            ReliabilityResult r = results.get(i);
            ObjectNode a = alts.addObject();
            a.put("optics", ids.get(i));
            a.put("label", factory.defaults().technology(ids.get(i)).label());
            OpticsFacts f = factory.opticsFacts(ids.get(i), Sensitivity.NONE);
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
            a.put("fabricAvailability", r.fabricAvailability().mean());
            a.put("jobAvailability", r.jobAvailability().mean());
            a.put("interruptionsPerDay", r.interruptionsPerDay().mean());
            a.put("gpuHoursLostPerYear", r.gpuHoursLostPerYear().mean());
            a.put("repairCostUsdPerYear", r.repairCostUsdPerYear().mean());
            a.put("repairLabourUsdPerYear", r.repairLabourUsdPerYear().mean());
            a.put("effectiveTimeToTrainDays", r.effectiveTimeToTrainDays().mean());
            ObjectNode ci = a.putObject("ci95");
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
                "Job: %d GPUs, %d spare nodes, checkpoint write %.1f min, restart %.1f min, %s, failure-free TTT %s"
                        + " days%n",
                job.gpus(),
                inv.nodes() - job.gpus() / inv.gpusPerNode(),
                job.checkpointWriteHours() * 60,
                job.restartHours() * 60,
                job.rerouteFabricFailures() ? "reroutes fabric failures" : "fabric failures interrupt",
                fmt(job.failureFreeTimeToTrainDays()));
        out.println(
                "analytical".equals(mode)
                        ? "Mode: analytical (expected values)"
                        : "Mode: Monte Carlo, " + replications + " replications, seed " + seed
                                + ", 95 % CI in brackets");
        out.println();
        out.printf(
                Locale.ROOT,
                "%-10s %-30s %-26s %-20s %-32s %-32s %-22s %-11s %s%n",
                "optics",
                "fabric availability",
                "job availability",
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
                    "%-10s %-30s %-26s %-20s %-32s %-32s %-22s %-11.1f %.2f%n",
                    ids.get(i),
                    est(r.fabricAvailability(), "%.6f"),
                    est(r.jobAvailability(), "%.4f"),
                    est(r.interruptionsPerDay(), "%.2f"),
                    est(r.gpuHoursLostPerYear(), "%.3g"),
                    est(r.repairCostUsdPerYear(), "%.3g"),
                    est(r.effectiveTimeToTrainDays(), "%.2f"),
                    r.checkpointIntervalHours() * 60,
                    r.technicianUtilisation().mean());
        }
        out.println();
        out.println("GPU-hours lost per year by cause (rework / restart / waiting for repair / degraded):");
        for (int i = 0; i < ids.size(); i++) {
            ReliabilityResult r = results.get(i);
            out.printf(
                    Locale.ROOT,
                    "  %-10s %.3g / %.3g / %.3g / %.3g%n",
                    ids.get(i),
                    r.reworkGpuHoursPerYear().mean(),
                    r.restartGpuHoursPerYear().mean(),
                    r.waitingGpuHoursPerYear().mean(),
                    r.degradedGpuHoursPerYear().mean());
        }
        out.println();
        out.println("Sensitivity (analytical): effective TTT days / job availability / interruptions per day");
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
                r.jobAvailability().mean(),
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
