package dev.nearlight.sim.collective;

/**
 * Outcome of one schedule on one network: the completion time of the last transfer, every transfer's completion time
 * (start to last byte delivered) and finish time (simulated time of its delivery), the bytes carried per link and the raw link capacities (for utilisation), and the
 * number of kernel events (0 for the analytical model). Arrays are owned by the result; do not modify them.
 */
public record NetworkRun(
        double makespanNs,
        double[] flowCompletionNs,
        double[] flowFinishNs,
        double[] linkBytes,
        double[] linkCapacityBytesPerS,
        long events,
        long traceHash) {

    /** Relative tolerance of the physics checks (rounding of sums of rates and times). */
    static final double TOLERANCE = 1e-9;

    /** Checks the invariant no model may break: no link carries more than its capacity over the run. */
    public NetworkRun {
        double u = utilization(makespanNs, linkBytes, linkCapacityBytesPerS);
        if (u > 1 + TOLERANCE) {
            throw new IllegalStateException("link utilisation " + u + " > 1: the network model exceeded a link's"
                    + " capacity (makespan " + makespanNs + " ns)");
        }
    }

    /** Largest link utilisation: bytes carried / (raw capacity * makespan), over all links. */
    public double maxLinkUtilization() {
        return utilization(makespanNs, linkBytes, linkCapacityBytesPerS);
    }

    private static double utilization(double makespanNs, double[] linkBytes, double[] linkCapacityBytesPerS) {
        if (!(makespanNs > 0)) {
            return 0;
        }
        double max = 0;
        for (int l = 0; l < linkBytes.length; l++) {
            max = Math.max(max, linkBytes[l] / (linkCapacityBytesPerS[l] * makespanNs * 1e-9));
        }
        return max;
    }

    /** The 99th percentile (nearest rank) of the flow completion times, 0 if there were no flows. */
    public double p99FlowNs() {
        return Percentiles.nearestRank(flowCompletionNs, 0.99);
    }

    /** Total bytes sent by the schedule's transfers that crossed at least one link, summed over links. */
    public double totalLinkBytes() {
        double s = 0;
        for (double b : linkBytes) {
            s += b;
        }
        return s;
    }
}
