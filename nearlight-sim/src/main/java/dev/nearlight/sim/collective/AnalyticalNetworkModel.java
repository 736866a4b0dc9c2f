package dev.nearlight.sim.collective;

import dev.nearlight.sim.net.NetworkTopology;
import dev.nearlight.sim.net.Routing;
import java.util.Arrays;
import java.util.function.IntToDoubleFunction;
import java.util.function.IntUnaryOperator;

/**
 * A certified lower bound on the flow model's completion time, for fast sweeps: O(transfers x path length), no
 * events. It is the largest of two kinds of bound, each of which holds for any rate allocation that keeps every link
 * at or below its (efficiency-scaled) capacity, so for the max-min fair flow model in particular:
 *
 * <ul>
 *   <li><b>critical path</b>: every transfer takes at least alpha + b / (eta min_{l in P} C_l) (its path latency plus
 *       its bytes at its slowest link, uncontended), and starts when its dependencies are delivered;
 *   <li><b>link load</b>: for a link l and a set G of transfers crossing it (the transfers of one algorithm step, and
 *       all transfers of the run), the one of G that drains last cannot do so before min_{G} ES + bytes(G) / (eta
 *       C_l), and the run ends at least alpha + tail of that transfer later, where ES is the critical-path start and
 *       tail the uncontended critical path after it.
 * </ul>
 *
 * It equals the flow result when every step's transfers meet no contention or meet it symmetrically on one link per
 * rank (rings, halving-doubling, direct patterns on a switch, hierarchical on a non-blocking rail cluster; checked in
 * CollectiveClosedFormTest) and is optimistic where contention delays propagate from step to step (ECMP collisions,
 * trees). Because the whole-run load bound is part of the makespan, no link's utilisation can exceed the efficiency.
 */
public final class AnalyticalNetworkModel implements NetworkModel {
    private final NetworkTopology topology;
    private final Routing routing;
    private final double protocolEfficiency;
    private final double scaleOutEfficiency;

    /** Creates the model; {@code protocolEfficiency} as in {@link FlowNetworkModel}. */
    public AnalyticalNetworkModel(NetworkTopology topology, Routing routing, double protocolEfficiency) {
        this(topology, routing, protocolEfficiency, protocolEfficiency);
    }

    /** As above, with a separate efficiency for {@code scale-out} links, as in {@link FlowNetworkModel}. */
    public AnalyticalNetworkModel(
            NetworkTopology topology, Routing routing, double protocolEfficiency, double scaleOutEfficiency) {
        LinkEfficiency.require(protocolEfficiency, scaleOutEfficiency);
        this.topology = topology;
        this.routing = routing;
        this.protocolEfficiency = protocolEfficiency;
        this.scaleOutEfficiency = scaleOutEfficiency;
    }

    @Override
    public String name() {
        return "analytical";
    }

    /**
     * About 108 B: schedule 40 B, path reference and slot 8 B, dependents 12 B,
     * duration, latency, start, tail and finish 40 B; counted from the arrays, not fitted to a heap profile.
     */
    @Override
    public long heapBytesPerTransfer() {
        return 108;
    }

    @Override
    public NetworkTopology topology() {
        return topology;
    }

    /** The routing of this model (for {@link QuotientRun}). */
    Routing routing() {
        return routing;
    }

    /** Link l's capacity times its protocol efficiency, bytes per ns. */
    double effectiveCapacityBytesPerNs(int l) {
        return topology.linkCapacityBytesPerS(l)
                * LinkEfficiency.of(topology, l, protocolEfficiency, scaleOutEfficiency)
                * 1e-9;
    }

    @Override
    public NetworkRun run(TransferSchedule s) {
        int[][] paths = PathTable.route(s, topology, routing);
        int n = s.size();
        int m = topology.linkCount();
        double[] cap = new double[m];
        double[] raw = new double[m];
        for (int l = 0; l < m; l++) {
            raw[l] = topology.linkCapacityBytesPerS(l);
            cap[l] = raw[l] * LinkEfficiency.of(topology, l, protocolEfficiency, scaleOutEfficiency) * 1e-9;
        }
        // uncontended duration and path latency of every transfer
        double[] duration = new double[n];
        double[] alpha = new double[n];
        for (int t = 0; t < n; t++) {
            int[] p = paths[t];
            double minCap = Double.POSITIVE_INFINITY;
            for (int l : p) {
                minCap = Math.min(minCap, cap[l]);
            }
            alpha[t] = topology.pathLatencyNs(p) + s.processingNs(t); // delivery includes receiver processing
            double b = s.bytes(t);
            duration[t] = alpha[t] + (p.length > 0 && b > 0 ? b / minCap : 0);
        }
        // forward pass: earliest start; backward pass: uncontended critical path after delivery
        double[] start = new double[n];
        double makespan = 0;
        for (int t = 0; t < n; t++) {
            double st = 0;
            for (int k = s.depStart(t); k < s.depStart(t + 1); k++) {
                int d = s.dep(k);
                st = Math.max(st, start[d] + duration[d]);
            }
            start[t] = st;
            makespan = Math.max(makespan, st + duration[t]);
        }
        int[][] dep = s.dependents();
        double[] tail = new double[n];
        for (int t = n - 1; t >= 0; t--) {
            double tl = 0;
            for (int k = dep[0][t]; k < dep[0][t + 1]; k++) {
                int u = dep[1][k];
                tl = Math.max(tl, duration[u] + tail[u]);
            }
            tail[t] = tl;
        }
        // link-load bounds per (link, run of equal phase) and per link over the whole run
        double[] after = new double[n];
        for (int t = 0; t < n; t++) {
            after[t] = alpha[t] + tail[t];
        }
        double[] runBytes = new double[m];
        makespan = Math.max(makespan, linkLoadBound(n, s::phase, s::bytes, paths, null, start, after, cap, runBytes));
        double[] finish = new double[n];
        for (int t = 0; t < n; t++) {
            finish[t] = start[t] + duration[t];
        }
        return new NetworkRun(makespan, duration, finish, runBytes, raw, 0, 0);
    }

    /**
     * The link-load bounds of the class comment over items 0..n-1 in step order (a step's items are consecutive): item
     * t moves {@code bytes(t)} over each of {@code links[t]} ({@code mult[t][x]} flows of it on link x, or one when
     * {@code mult} is null), starts no earlier than {@code start[t]} and needs {@code after[t]} (path latency and the
     * uncontended rest of the run) once its last byte is through. Items are transfers, or orbits of transfers whose
     * links are link orbits (then every link of the orbit carries what one carries). Adds every link's bytes to {@code
     * runBytes} and returns the largest bound.
     */
    static double linkLoadBound(
            int n,
            IntUnaryOperator step,
            IntToDoubleFunction bytes,
            int[][] links,
            int[][] mult,
            double[] start,
            double[] after,
            double[] cap,
            double[] runBytes) {
        int m = cap.length;
        double bound = 0;
        double[] stepBytes = new double[m];
        double[] stepMinStart = new double[m];
        double[] stepMinAfter = new double[m];
        double[] runMinStart = new double[m];
        double[] runMinAfter = new double[m];
        Arrays.fill(stepMinStart, Double.POSITIVE_INFINITY);
        Arrays.fill(stepMinAfter, Double.POSITIVE_INFINITY);
        Arrays.fill(runMinStart, Double.POSITIVE_INFINITY);
        Arrays.fill(runMinAfter, Double.POSITIVE_INFINITY);
        int i = 0;
        while (i < n) {
            int j = i;
            int ph = step.applyAsInt(i);
            while (j < n && step.applyAsInt(j) == ph) {
                double b = bytes.applyAsDouble(j);
                if (b > 0) {
                    int[] ls = links[j];
                    for (int x = 0; x < ls.length; x++) {
                        int l = ls[x];
                        stepBytes[l] += (mult == null ? 1 : mult[j][x]) * b;
                        stepMinStart[l] = Math.min(stepMinStart[l], start[j]);
                        stepMinAfter[l] = Math.min(stepMinAfter[l], after[j]);
                    }
                }
                j++;
            }
            for (int t = i; t < j; t++) {
                for (int l : links[t]) {
                    if (stepBytes[l] > 0) {
                        bound = Math.max(bound, stepMinStart[l] + stepBytes[l] / cap[l] + stepMinAfter[l]);
                        runBytes[l] += stepBytes[l];
                        runMinStart[l] = Math.min(runMinStart[l], stepMinStart[l]);
                        runMinAfter[l] = Math.min(runMinAfter[l], stepMinAfter[l]);
                        stepBytes[l] = 0;
                        stepMinStart[l] = Double.POSITIVE_INFINITY;
                        stepMinAfter[l] = Double.POSITIVE_INFINITY;
                    }
                }
            }
            i = j;
        }
        for (int l = 0; l < m; l++) {
            if (runBytes[l] > 0) {
                bound = Math.max(bound, runMinStart[l] + runBytes[l] / cap[l] + runMinAfter[l]);
            }
        }
        return bound;
    }
}
