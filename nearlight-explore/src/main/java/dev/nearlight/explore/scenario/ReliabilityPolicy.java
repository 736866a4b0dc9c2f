package dev.nearlight.explore.scenario;

import java.util.Map;
import java.util.TreeMap;

/**
 * How failures turn into lost training time and repair cost: checkpointing, restart, spares, repair times and the
 * Monte Carlo effort.
 *
 * @param checkpointIntervalMin minutes between checkpoints; absent means the Young/Daly optimum
 * @param checkpointWriteS seconds to write one checkpoint (absent: the reliability defaults' checkpointWriteMinutes)
 * @param restartS seconds to restart the job after an interruption (absent: the reliability defaults' restartMinutes)
 * @param spareNodesPercent hot-spare nodes the job can restart on, % of the cluster's nodes (absent: the reliability
 *     model's {@code spareNodesPercent})
 * @param sparePartsPercent on-site spare parts, % of each installed population, at least one (absent: the model's
 *     {@code sparesPercent})
 * @param repairHours time-to-repair overrides in hours, by FRU kind or technology id (e.g. {@code npo: 6})
 * @param technicians repair technicians on site (default 4)
 * @param replications Monte Carlo replications (default 1000)
 * @param mode {@code montecarlo} or {@code analytical} (default analytical)
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
        ReliabilityMode mode) {
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
        technicians = Checks.intRange(Checks.orDefault(technicians, 4), "technicians", 1, 10_000);
        replications = Checks.intRange(Checks.orDefault(replications, 1000), "replications", 1, 10_000_000);
        mode = Checks.orDefault(mode, ReliabilityMode.ANALYTICAL);
    }

    /** The default policy. */
    public static ReliabilityPolicy defaults() {
        return new ReliabilityPolicy(null, null, null, null, null, null, null, null, null);
    }
}
