package dev.nearlight.app;

import dev.nearlight.compose.disagg.DisaggParameters;
import dev.nearlight.compose.pool.CapacityPlanner;
import dev.nearlight.compose.pool.ClusterSpec;
import dev.nearlight.compose.pool.CsvTraceReader;
import dev.nearlight.compose.pool.JobTrace;
import dev.nearlight.compose.pool.Placement;
import dev.nearlight.compose.pool.PoolHardware;
import dev.nearlight.compose.pool.PoolResult;
import dev.nearlight.compose.pool.PoolSimulator;
import dev.nearlight.compose.pool.SyntheticTrace;
import dev.nearlight.core.InputException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nearlight pool}: composable-versus-static pool planning on job traces. */
@Command(
        name = "pool",
        mixinStandardHelpOptions = true,
        description = "Pool planning: simulate a job trace on static servers or composable PCIe/CXL pools.",
        subcommands = {PoolCommand.Simulate.class})
public final class PoolCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code nearlight pool simulate}. */
    @Command(
            name = "simulate",
            mixinStandardHelpOptions = true,
            description = "Simulate a trace; with --compare run static and composable on the same trace.")
    static final class Simulate implements Runnable {
        @Spec
        CommandSpec spec;

        @Option(names = "--racks", defaultValue = "8", description = "Racks (default 8), 8 servers each.")
        int racks;

        @Option(names = "--trace", description = "CSV trace (columns in docs/cli/pool.md).")
        Path trace;

        @Option(
                names = "--synthetic",
                description = "Synthetic trace spec, e.g. jobs=100000,load=0.7,duration=lognormal,meanDurationS=3600.")
        String synthetic;

        @Option(names = "--policy", defaultValue = "composable", description = "static or composable (default).")
        String policy;

        @Option(
                names = "--placement",
                defaultValue = "latency-aware",
                description = "Composable placement: first-fit, best-fit or latency-aware (default).")
        String placement;

        @Option(names = "--compare", description = "Run static and the composable placement on the same trace.")
        boolean compare;

        @Option(names = "--seed", defaultValue = "1", description = "Root seed of the synthetic trace (default 1).")
        long seed;

        @Option(names = "--queue", defaultValue = "10000", description = "Queue bound (default 10000).")
        int queue;

        @Option(
                names = "--tech",
                defaultValue = "cxl3-optical",
                description = "Fabric technology (default cxl3-optical).")
        String tech;

        @Option(
                names = "--latency-budget-ns",
                defaultValue = "1000",
                description = "Added-latency budget for latency-aware placement (default 1000).")
        double budgetNs;

        @Option(
                names = "--memory-bound-fraction",
                defaultValue = "0.3",
                description = "Memory-bound share of run time (default 0.3; 0 disables the pooled-memory stretch).")
        double memoryBound;

        @Option(
                names = "--pool-access-fraction",
                defaultValue = "0.5",
                description = "Share of memory bytes from the pool under composable placement (default 0.5).")
        double poolAccess;

        @Option(
                names = "--target-p99-wait-s",
                defaultValue = "3600",
                description = "Target p99 wait for the hardware-needed search (default 3600).")
        double targetWait;

        @Option(names = "--no-plan", description = "Skip the hardware-needed search (hardwareNeeded = null).")
        boolean noPlan;

        @Option(
                names = "--plan-max-racks",
                defaultValue = "0",
                description = "Upper bound of the rack search (default 4 x --racks).")
        int planMaxRacks;

        @Option(names = "--json", description = "Print the documented JSON (docs/cli/pool.md).")
        boolean json;

        @Override
        public void run() {
            if (trace != null && synthetic != null) {
                throw new InputException("use either --trace or --synthetic, not both");
            }
            if (!(targetWait >= 0)) {
                throw new InputException("--target-p99-wait-s " + targetWait + " must be >= 0");
            }
            DisaggParameters params = DisaggParameters.defaults();
            PoolHardware hw = PoolHardware.defaults();
            ClusterSpec base = ClusterSpec.defaults(racks);
            ClusterSpec cluster = new ClusterSpec(
                    racks,
                    base.nodesPerRack(),
                    base.nodeCpus(),
                    base.nodeGpus(),
                    base.nodeMemoryGiB(),
                    base.nodeStorageGb(),
                    null,
                    tech,
                    base.intraRackM(),
                    base.rackPitchM(),
                    budgetNs,
                    queue,
                    memoryBound,
                    poolAccess,
                    base.outstandingPerCore());
            List<Placement> policies = new ArrayList<>();
            Placement composable = Placement.parse(placement);
            if (!composable.composable()) {
                throw new InputException("--placement static is not a composable placement; use --policy static");
            }
            if (compare) {
                policies.add(Placement.STATIC);
                policies.add(composable);
            } else if ("static".equals(policy)) {
                policies.add(Placement.STATIC);
            } else if ("composable".equals(policy)) {
                policies.add(composable);
            } else {
                throw new InputException("--policy '" + policy + "' is unknown; use static or composable");
            }
            JobTrace jobs;
            if (trace != null) {
                jobs = CsvTraceReader.read(trace);
                jobs.validateAgainst(cluster, Placement.STATIC);
            } else {
                jobs = SyntheticTrace.parse(synthetic).generate(seed, cluster);
            }
            CapacityPlanner planner = new CapacityPlanner(params, hw);
            int maxRacks = planMaxRacks > 0 ? planMaxRacks : 4 * racks;
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Placement p : policies) {
                PoolResult r = new PoolSimulator(cluster, p, null, params, hw).run(jobs);
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("policy", p.composable() ? "composable" : "static");
                o.put("placement", p.key());
                o.put("utilization", r.utilizationMap());
                o.put("strandedFraction", r.strandedMap());
                o.put("meanWaitS", r.meanWaitS());
                o.put("p99WaitS", r.p99WaitS());
                o.put("meanSlowdown", r.meanSlowdown());
                o.put("meanStretch", r.meanStretch());
                o.put("acceptedJobs", r.acceptedJobs());
                o.put("rejectedJobs", r.rejectedJobs());
                o.put("rejectedQueueFull", r.rejectedQueueFull());
                o.put("rejectedInfeasible", r.rejectedInfeasible());
                o.put("horizonS", r.horizonS());
                o.put("simulatedCapexUsd", planner.capexUsd(cluster, p));
                if (noPlan) {
                    o.put("hardwareNeeded", null);
                    o.put("capexUsd", null);
                } else {
                    CapacityPlanner.Plan plan = planner.plan(jobs, cluster, p, targetWait, maxRacks);
                    Map<String, Object> h = new LinkedHashMap<>(plan.hardwareNeeded());
                    h.put("targetMet", plan.met());
                    h.put("targetP99WaitS", targetWait);
                    h.put("p99WaitS", plan.result().p99WaitS());
                    o.put("hardwareNeeded", h);
                    o.put("capexUsd", plan.capexUsd());
                }
                rows.add(o);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("trace", Map.of("source", jobs.source(), "jobs", jobs.size()));
                o.put("racks", racks);
                o.put("seed", seed);
                o.put("policies", rows);
                out.println(DisaggCommand.json(o));
                return;
            }
            out.printf(Locale.ROOT, "trace %s: %d jobs on %d racks%n", jobs.source(), jobs.size(), racks);
            for (Map<String, Object> o : rows) {
                out.printf(
                        Locale.ROOT,
                        "%-10s %-14s wait mean %.1f s p99 %.1f s, slowdown %.3f, rejected %s%n",
                        o.get("policy"),
                        o.get("placement"),
                        (Double) o.get("meanWaitS"),
                        (Double) o.get("p99WaitS"),
                        (Double) o.get("meanSlowdown"),
                        o.get("rejectedJobs"));
                out.printf(Locale.ROOT, "           utilization %s%n", fmt(o.get("utilization")));
                out.printf(Locale.ROOT, "           stranded    %s%n", fmt(o.get("strandedFraction")));
                if (o.get("hardwareNeeded") != null) {
                    out.printf(
                            Locale.ROOT,
                            "           needed for p99 wait <= %.0f s: %s, capex %.0f USD%n",
                            targetWait,
                            o.get("hardwareNeeded"),
                            (Double) o.get("capexUsd"));
                }
            }
        }

        @SuppressWarnings("unchecked")
        private static String fmt(Object m) {
            StringBuilder sb = new StringBuilder();
            ((Map<String, Double>) m).forEach((k, v) -> sb.append(String.format(Locale.ROOT, "%s %.3f  ", k, v)));
            return sb.toString().strip();
        }
    }
}
