package dev.nearlight.explore.scenario;

import java.util.Map;
import java.util.TreeMap;

/**
 * How failures turn into lost training time and repair cost: checkpointing, restart, spares, repair times, the job's
 * reactions to failures ({@code dev.nearlight.sim.reliability.JobPolicy}) and the Monte Carlo effort. Every absent field
 * takes the reliability model's default ({@code reliability/defaults.yaml}, sections {@code job} and {@code policies}):
 * this record holds no default of its own except the evaluation effort.
 *
 * @param checkpointIntervalMin minutes between checkpoints; absent means the Young/Daly optimum
 * @param checkpointWriteS seconds to write one checkpoint (absent: the reliability defaults' checkpointWriteMinutes)
 * @param restartS seconds to restart the job after an interruption (absent: the reliability defaults' restartMinutes)
 * @param spareNodesPercent hot-spare nodes the job can restart on, % of the cluster's nodes (absent: the reliability
 *     model's {@code spareNodesPercent})
 * @param sparePartsPercent on-site spare parts, % of each installed population, at least one (absent: the model's
 *     {@code sparesPercent})
 * @param repairHours time-to-repair overrides in hours, by FRU kind or technology id (e.g. {@code npo: 6})
 * @param technicians repair technicians on site (absent: the model's {@code technicians})
 * @param replications Monte Carlo replications (default 1000)
 * @param mode {@code montecarlo} or {@code analytical} (default analytical)
 * @param spareNodes hot-spare nodes as a count (instead of {@code spareNodesPercent}; give one of them)
 * @param rerouteFabricFailures route around failed fabric paths (slower running) instead of interrupting
 * @param railLoss {@code degrade} (run on one rail fewer), {@code swap-node} (restart on a spare) or {@code
 *     swap-or-degrade} (restart on spares while they cover the outage, otherwise on one rail fewer until the repair)
 * @param repairSchedule when board-level / switch-swap engine repairs are done: {@code immediate}, {@code
 *     next-checkpoint} or {@code maintenance-window}
 * @param maintenanceWindowHours hours between maintenance windows (for {@code maintenance-window})
 * @param asyncCheckpoint write checkpoints in the background instead of blocking the job
 * @param drainBeforeFailure drain links whose optical margin erodes before they fail
 * @param transportTimeoutS seconds a dead link is tolerated before the job fails (shorter flaps stall it)
 * @param rerouteSeconds seconds routing takes to move traffic off a failed fabric path
 */
public record ReliabilityPolicy(
        Double checkpointIntervalMin,
        Double checkpointWriteS,
        Double restartS,
        Double spareNodesPercent,
        Double sparePartsPercent,
        Map<String, Double> repairHours,
        Integer technicians,
        Integer replications,
        ReliabilityMode mode,
        Integer spareNodes,
        Boolean rerouteFabricFailures,
        String railLoss,
        String repairSchedule,
        Double maintenanceWindowHours,
        Boolean asyncCheckpoint,
        Boolean drainBeforeFailure,
        Double transportTimeoutS,
        Double rerouteSeconds) {
    /** The {@code railLoss} values. */
    public static final java.util.List<String> RAIL_LOSS = java.util.List.of("degrade", "swap-node", "swap-or-degrade");

    /** The {@code repairSchedule} values. */
    public static final java.util.List<String> REPAIR_SCHEDULE =
            java.util.List.of("immediate", "next-checkpoint", "maintenance-window");

    /** Applies defaults and checks ranges. */
    public ReliabilityPolicy {
        if (checkpointIntervalMin != null) {
            Checks.range(checkpointIntervalMin, "checkpointIntervalMin", 0.1, 100_000.0);
        }
        // absent: the reliability model's defaults (job.checkpointWriteMinutes, job.restartMinutes), one place
        if (checkpointWriteS != null) {
            Checks.range(checkpointWriteS, "checkpointWriteS", 0.0, 86_400.0);
        }
        if (restartS != null) {
            Checks.range(restartS, "restartS", 0.0, 86_400.0);
        }
        if (spareNodesPercent != null) {
            Checks.range(spareNodesPercent, "spareNodesPercent", 0.0, 50.0);
        }
        if (sparePartsPercent != null) {
            Checks.range(sparePartsPercent, "sparePartsPercent", 0.0, 100.0);
        }
        repairHours = repairHours == null ? Map.of() : new TreeMap<>(repairHours);
        for (Map.Entry<String, Double> e : repairHours.entrySet()) {
            Checks.range(e.getValue(), "repairHours." + e.getKey(), 0.0, 10_000.0);
        }
        repairHours = Map.copyOf(repairHours);
        if (technicians != null) {
            Checks.intRange(technicians, "technicians", 1, 10_000);
        }
        replications = Checks.intRange(Checks.orDefault(replications, 1000), "replications", 1, 10_000_000);
        mode = Checks.orDefault(mode, ReliabilityMode.ANALYTICAL);
        if (spareNodes != null) {
            Checks.intRange(spareNodes, "spareNodes", 0, 1_000_000);
            if (spareNodesPercent != null) {
                throw new FieldProblem(
                        "spareNodes", "given with spareNodesPercent", "give spareNodes (a count) or spareNodesPercent");
            }
        }
        if (railLoss != null && !RAIL_LOSS.contains(railLoss)) {
            throw new FieldProblem("railLoss", "unknown value '" + railLoss + "'", "use one of " + RAIL_LOSS);
        }
        if (repairSchedule != null && !REPAIR_SCHEDULE.contains(repairSchedule)) {
            throw new FieldProblem(
                    "repairSchedule", "unknown value '" + repairSchedule + "'", "use one of " + REPAIR_SCHEDULE);
        }
        if (maintenanceWindowHours != null) {
            Checks.range(maintenanceWindowHours, "maintenanceWindowHours", 1.0, 100_000.0);
        }
        if (transportTimeoutS != null) {
            Checks.range(transportTimeoutS, "transportTimeoutS", 0.0, 100_000.0);
        }
        if (rerouteSeconds != null) {
            Checks.range(rerouteSeconds, "rerouteSeconds", 0.0, 100_000.0);
        }
    }

    /** The same policy with another spare-node share (and no spare-node count). */
    public ReliabilityPolicy withSpareNodesPercent(double percent) {
        return new ReliabilityPolicy(
                checkpointIntervalMin,
                checkpointWriteS,
                restartS,
                percent,
                sparePartsPercent,
                repairHours,
                technicians,
                replications,
                mode,
                null,
                rerouteFabricFailures,
                railLoss,
                repairSchedule,
                maintenanceWindowHours,
                asyncCheckpoint,
                drainBeforeFailure,
                transportTimeoutS,
                rerouteSeconds);
    }

    /** The default policy. */
    public static ReliabilityPolicy defaults() {
        return new ReliabilityPolicy(
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null);
    }
}
