package dev.nearlight.sim.collective;

import dev.nearlight.sim.net.NetworkTopology;
import dev.nearlight.sim.net.Routing;

/**
 * Alpha-beta model with contention factors, for fast sweeps. A transfer of b bytes on path P in algorithm step
 * (phase) k takes alpha + beta: alpha = sum of P's link latencies, beta = max over links l in P of
 * load_k(l) / (capacity(l) * efficiency), where load_k(l) is the bytes of all step-k transfers routed over l (so b
 * times the contention factor load/b). Transfers start when their dependencies finish (critical path). This equals
 * the flow-level result whenever the transfers of a step share their bottlenecks symmetrically (rings, halving-
 * doubling on a switch, equal-share and incast patterns) and is an approximation otherwise.
 */
public final class AnalyticalNetworkModel implements NetworkModel {
    private final NetworkTopology topology;
    private final Routing routing;
    private final double protocolEfficiency;

    /** Creates the model; {@code protocolEfficiency} as in {@link FlowNetworkModel}. */
    public AnalyticalNetworkModel(NetworkTopology topology, Routing routing, double protocolEfficiency) {
        if (!(protocolEfficiency > 0 && protocolEfficiency <= 1)) {
            throw new IllegalArgumentException("protocolEfficiency must be in (0, 1]: " + protocolEfficiency);
        }
        this.topology = topology;
        this.routing = routing;
        this.protocolEfficiency = protocolEfficiency;
    }

    @Override
    public String name() {
        return "analytical";
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
            cap[l] = raw[l] * protocolEfficiency * 1e-9;
        }
        double[] load = new double[m];
        double[] linkBytes = new double[m];
        double[] duration = new double[n];
        int i = 0;
        while (i < n) {
            int j = i;
            int ph = s.phase(i);
            while (j < n && s.phase(j) == ph) {
                for (int l : paths[j]) {
                    load[l] += s.bytes(j);
                }
                j++;
            }
            for (int t = i; t < j; t++) {
                double beta = 0;
                for (int l : paths[t]) {
                    beta = Math.max(beta, load[l] / cap[l]);
                }
                duration[t] = topology.pathLatencyNs(paths[t]) + beta;
            }
            for (int t = i; t < j; t++) {
                for (int l : paths[t]) {
                    linkBytes[l] += load[l];
                    load[l] = 0;
                }
            }
            i = j;
        }
        double[] finish = new double[n];
        double makespan = 0;
        for (int t = 0; t < n; t++) {
            double start = 0;
            for (int k = s.depStart(t); k < s.depStart(t + 1); k++) {
                start = Math.max(start, finish[s.dep(k)]);
            }
            finish[t] = start + duration[t];
            makespan = Math.max(makespan, finish[t]);
        }
        return new NetworkRun(makespan, duration, linkBytes, raw, 0, 0);
    }
}
