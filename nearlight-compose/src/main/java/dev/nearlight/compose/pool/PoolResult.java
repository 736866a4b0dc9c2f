package dev.nearlight.compose.pool;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Metrics of one pool simulation run.
 *
 * @param placement allocation policy
 * @param racks racks simulated
 * @param jobs jobs in the trace
 * @param acceptedJobs jobs that ran
 * @param rejectedQueueFull jobs turned away because the queue was full
 * @param rejectedInfeasible jobs larger than anything the policy could ever allocate
 * @param meanWaitS mean queueing delay of accepted jobs
 * @param p99WaitS 99th percentile queueing delay of accepted jobs
 * @param meanSlowdown mean of (wait + stretched run time) / local run time, over accepted jobs with duration > 0
 * @param meanStretch mean run-time multiplier from pooled-memory latency (1 for static)
 * @param utilization per type: time-integral of demanded units over capacity times horizon
 * @param strandedFraction per type: time-integral of allocated-but-not-demanded units over capacity times horizon
 * @param capacity per type, whole cluster
 * @param horizonS simulated time from the first arrival to the last event
 */
public record PoolResult(
        Placement placement,
        int racks,
        int jobs,
        int acceptedJobs,
        int rejectedQueueFull,
        int rejectedInfeasible,
        double meanWaitS,
        double p99WaitS,
        double meanSlowdown,
        double meanStretch,
        double[] utilization,
        double[] strandedFraction,
        long[] capacity,
        double horizonS) {
    /** Copies the arrays. */
    public PoolResult {
        utilization = utilization.clone();
        strandedFraction = strandedFraction.clone();
        capacity = capacity.clone();
    }

    /** Rejected jobs of both kinds. */
    public int rejectedJobs() {
        return rejectedQueueFull + rejectedInfeasible;
    }

    /** Utilisation keyed by type name. */
    public Map<String, Double> utilizationMap() {
        return map(utilization);
    }

    /** Stranded fraction keyed by type name. */
    public Map<String, Double> strandedMap() {
        return map(strandedFraction);
    }

    private static Map<String, Double> map(double[] v) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (ResourceType t : ResourceType.values()) {
            m.put(t.key(), v[t.ordinal()]);
        }
        return m;
    }
}
