package dev.nearlight.sim.collective;

import dev.nearlight.sim.kernel.BucketFutureQueue;
import dev.nearlight.sim.kernel.EventHandler;
import dev.nearlight.sim.kernel.EventListener;
import dev.nearlight.sim.kernel.SimEvent;
import dev.nearlight.sim.kernel.Simulation;
import dev.nearlight.sim.kernel.TraceHash;
import dev.nearlight.sim.net.NetworkTopology;
import dev.nearlight.sim.net.Routing;
import java.util.Arrays;
import java.util.List;

/**
 * Flow-level network model on the discrete-event kernel. Every transfer is a fluid flow on its routed path; link
 * bandwidth (capacity times the protocol efficiency) is shared max-min fairly by progressive filling. When flows start
 * or end, only the connected component of flows and links they touch is recomputed, once per simulated instant. A
 * flow is delivered when its last byte has drained plus the sum of its links' latencies.
 */
public final class FlowNetworkModel implements NetworkModel {
    private static final int PRIORITY_RECOMPUTE = 1;

    private final NetworkTopology topology;
    private final Routing routing;
    private final double protocolEfficiency;

    /**
     * Creates the model. {@code protocolEfficiency} in (0, 1] scales every link's capacity to the goodput a
     * collective library achieves (see docs/sim.md for its calibration).
     */
    public FlowNetworkModel(NetworkTopology topology, Routing routing, double protocolEfficiency) {
        if (!(protocolEfficiency > 0 && protocolEfficiency <= 1)) {
            throw new IllegalArgumentException("protocolEfficiency must be in (0, 1]: " + protocolEfficiency);
        }
        this.topology = topology;
        this.routing = routing;
        this.protocolEfficiency = protocolEfficiency;
    }

    @Override
    public String name() {
        return "flow";
    }

    @Override
    public NetworkRun run(TransferSchedule schedule) {
        return run(schedule, List.of(), false);
    }

    /** Runs with extra event listeners and, if {@code traceHash}, an event-trace hash in the result. */
    public NetworkRun run(TransferSchedule schedule, List<EventListener> listeners, boolean traceHash) {
        Run r = new Run(schedule, PathTable.route(schedule, topology, routing));
        Simulation sim = new Simulation(new BucketFutureQueue(), r);
        TraceHash hash = null;
        if (traceHash) {
            hash = new TraceHash();
            sim.addListener(hash);
        }
        for (EventListener l : listeners) {
            sim.addListener(l);
        }
        for (int i = 0; i < schedule.size(); i++) {
            if (r.pendingDeps[i] == 0) {
                sim.schedule(0, 0, new SimEvent.FlowStart(i));
            }
        }
        sim.run();
        if (r.delivered != schedule.size()) {
            throw new IllegalStateException("deadlock: " + r.delivered + " of " + schedule.size() + " delivered");
        }
        double[] caps = new double[topology.linkCount()];
        for (int l = 0; l < caps.length; l++) {
            caps[l] = topology.linkCapacityBytesPerS(l);
        }
        return new NetworkRun(
                r.makespan, r.fct, r.linkBytes, caps, sim.processedEvents(), hash == null ? 0 : hash.value());
    }

    /** Mutable state of one run (the engine's handler). */
    private final class Run implements EventHandler {
        final TransferSchedule s;
        final int[][] paths;
        final double[] latency;
        final int[] depStartOut;
        final int[] dependents;
        final int[] pendingDeps;
        final double[] remaining;
        final double[] rate;
        final double[] lastUpdate;
        final double[] startNs;
        final int[] version;
        final double[] fct;
        final int[] flowStamp;
        final double[] cap;
        final double[] linkBytes;
        final int[][] linkFlows;
        final int[] linkFlowCount;
        final int[] linkStamp;
        final double[] linkRem;
        final int[] linkCnt;
        final boolean[] dirty;
        int[] dirtyList = new int[64];
        int dirtyCount;
        int[] compLinks = new int[64];
        int[] compFlows = new int[64];
        int stamp;
        boolean recomputeScheduled;
        int delivered;
        double makespan;
        Simulation sim;

        Run(TransferSchedule s, int[][] paths) {
            this.s = s;
            this.paths = paths;
            int n = s.size();
            latency = new double[n];
            int[] lastPath = null;
            double lastLat = 0;
            for (int i = 0; i < n; i++) {
                if (paths[i] != lastPath) {
                    lastPath = paths[i];
                    lastLat = topology.pathLatencyNs(lastPath);
                }
                latency[i] = lastLat;
            }
            int[][] dep = s.dependents();
            depStartOut = dep[0];
            dependents = dep[1];
            pendingDeps = new int[n];
            for (int i = 0; i < n; i++) {
                pendingDeps[i] = s.depStart(i + 1) - s.depStart(i);
            }
            remaining = new double[n];
            rate = new double[n];
            lastUpdate = new double[n];
            startNs = new double[n];
            version = new int[n];
            fct = new double[n];
            flowStamp = new int[n];
            int m = topology.linkCount();
            cap = new double[m];
            for (int l = 0; l < m; l++) {
                cap[l] = topology.linkCapacityBytesPerS(l) * protocolEfficiency * 1e-9; // bytes per ns
            }
            linkBytes = new double[m];
            linkFlows = new int[m][];
            linkFlowCount = new int[m];
            linkStamp = new int[m];
            linkRem = new double[m];
            linkCnt = new int[m];
            dirty = new boolean[m];
        }

        @Override
        public void handle(SimEvent e, Simulation simulation) {
            sim = simulation;
            if (e instanceof SimEvent.FlowDrained) {
                SimEvent.FlowDrained d = (SimEvent.FlowDrained) e;
                if (d.version() == version[d.flowId()]) {
                    drained(d.flowId());
                }
            } else if (e instanceof SimEvent.FlowDelivered) {
                delivered(((SimEvent.FlowDelivered) e).flowId());
            } else if (e instanceof SimEvent.Recompute) {
                recompute();
            } else if (e instanceof SimEvent.FlowStart) {
                start(((SimEvent.FlowStart) e).flowId());
            }
        }

        private void start(int f) {
            double now = sim.nowNs();
            startNs[f] = now;
            int[] path = paths[f];
            double b = s.bytes(f);
            if (path.length == 0 || !(b > 0)) {
                double lat = latency[f];
                if (lat > 0) {
                    sim.schedule(now + lat, 0, new SimEvent.FlowDelivered(f));
                } else {
                    delivered(f);
                }
                return;
            }
            remaining[f] = b;
            lastUpdate[f] = now;
            rate[f] = 0;
            for (int l : path) {
                linkBytes[l] += b;
                int[] lf = linkFlows[l];
                if (lf == null) {
                    lf = linkFlows[l] = new int[4];
                } else if (linkFlowCount[l] == lf.length) {
                    lf = linkFlows[l] = Arrays.copyOf(lf, lf.length * 2);
                }
                lf[linkFlowCount[l]++] = f;
                markDirty(l);
            }
        }

        private void drained(int f) {
            for (int l : paths[f]) {
                int[] lf = linkFlows[l];
                int c = linkFlowCount[l];
                for (int k = 0; k < c; k++) {
                    if (lf[k] == f) {
                        lf[k] = lf[c - 1];
                        break;
                    }
                }
                linkFlowCount[l] = c - 1;
                markDirty(l);
            }
            rate[f] = 0;
            double lat = latency[f];
            if (lat > 0) {
                sim.schedule(sim.nowNs() + lat, 0, new SimEvent.FlowDelivered(f));
            } else {
                delivered(f);
            }
        }

        private void delivered(int f) {
            double now = sim.nowNs();
            fct[f] = now - startNs[f];
            makespan = Math.max(makespan, now);
            delivered++;
            for (int k = depStartOut[f]; k < depStartOut[f + 1]; k++) {
                int d = dependents[k];
                if (--pendingDeps[d] == 0) {
                    start(d);
                }
            }
        }

        private void markDirty(int l) {
            if (!dirty[l]) {
                dirty[l] = true;
                if (dirtyCount == dirtyList.length) {
                    dirtyList = Arrays.copyOf(dirtyList, dirtyCount * 2);
                }
                dirtyList[dirtyCount++] = l;
            }
            if (!recomputeScheduled) {
                recomputeScheduled = true;
                sim.schedule(sim.nowNs(), PRIORITY_RECOMPUTE, new SimEvent.Recompute());
            }
        }

        private void recompute() {
            recomputeScheduled = false;
            double now = sim.nowNs();
            int st = ++stamp;
            int nl = 0;
            int nf = 0;
            // connected component(s) of flows and links reachable from the dirty links
            for (int d = 0; d < dirtyCount; d++) {
                int l0 = dirtyList[d];
                dirty[l0] = false;
                if (linkStamp[l0] == st) {
                    continue;
                }
                linkStamp[l0] = st;
                nl = push(nl, l0);
                int scan = nl - 1;
                while (scan < nl) {
                    int l = compLinks[scan++];
                    int[] lf = linkFlows[l];
                    for (int k = 0, c = linkFlowCount[l]; k < c; k++) {
                        int f = lf[k];
                        if (flowStamp[f] != st) {
                            flowStamp[f] = st;
                            if (nf == compFlows.length) {
                                compFlows = Arrays.copyOf(compFlows, nf * 2);
                            }
                            compFlows[nf++] = f;
                            for (int pl : paths[f]) {
                                if (linkStamp[pl] != st) {
                                    linkStamp[pl] = st;
                                    nl = push(nl, pl);
                                }
                            }
                        }
                    }
                }
            }
            dirtyCount = 0;
            if (nf == 0) {
                return;
            }
            for (int k = 0; k < nf; k++) {
                int f = compFlows[k];
                remaining[f] = Math.max(0, remaining[f] - rate[f] * (now - lastUpdate[f]));
                lastUpdate[f] = now;
            }
            for (int k = 0; k < nl; k++) {
                int l = compLinks[k];
                linkRem[l] = cap[l];
                linkCnt[l] = linkFlowCount[l];
            }
            // progressive filling; a flow is frozen when its stamp is -st
            int unfrozen = nf;
            while (unfrozen > 0) {
                double share = Double.POSITIVE_INFINITY;
                for (int k = 0; k < nl; k++) {
                    int l = compLinks[k];
                    if (linkCnt[l] > 0) {
                        share = Math.min(share, linkRem[l] / linkCnt[l]);
                    }
                }
                double limit = share * (1 + 1e-12);
                for (int k = 0; k < nl; k++) {
                    int l = compLinks[k];
                    if (linkCnt[l] > 0 && linkRem[l] / linkCnt[l] <= limit) {
                        int[] lf = linkFlows[l];
                        for (int x = 0, c = linkFlowCount[l]; x < c; x++) {
                            int f = lf[x];
                            if (flowStamp[f] == st) {
                                flowStamp[f] = -st;
                                unfrozen--;
                                setRate(f, share, now);
                                for (int pl : paths[f]) {
                                    linkRem[pl] -= share;
                                    linkCnt[pl]--;
                                }
                            }
                        }
                    }
                }
            }
        }

        private void setRate(int f, double newRate, double now) {
            if (newRate != rate[f]) {
                rate[f] = newRate;
                int v = ++version[f];
                sim.schedule(now + remaining[f] / newRate, 0, new SimEvent.FlowDrained(f, v));
            }
        }

        private int push(int nl, int l) {
            if (nl == compLinks.length) {
                compLinks = Arrays.copyOf(compLinks, nl * 2);
            }
            compLinks[nl] = l;
            return nl + 1;
        }
    }
}
