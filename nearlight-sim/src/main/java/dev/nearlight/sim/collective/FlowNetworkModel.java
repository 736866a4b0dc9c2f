package dev.nearlight.sim.collective;

import dev.nearlight.core.InputException;
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
import java.util.function.Function;

/**
 * Flow-level network model on the discrete-event kernel. Every transfer is a fluid flow on its routed path; link
 * bandwidth (capacity times the protocol efficiency) is shared max-min fairly by progressive filling. When flows start
 * or end, only the connected component of flows and links they touch is recomputed, once per simulated instant. A
 * flow is delivered when its last byte has drained plus the sum of its links' latencies.
 */
public final class FlowNetworkModel implements NetworkModel {
    private static final int PRIORITY_RECOMPUTE = 1;

    /** Relative slack on the level threshold, so that rounding never fixes a flow whose rate can change. */
    private static final double THRESHOLD_SLACK = 1e-9;

    /** Relative slack of the bottleneck check (saturated link, no faster flow), far above summation rounding. */
    private static final double BOTTLENECK_SLACK = 1e-9;

    /** Rounds of the verified local re-fill before falling back to re-filling the whole component. */
    private static final int MAX_LOCAL_ROUNDS = 8;

    private final NetworkTopology topology;
    private final Routing routing;
    private final double protocolEfficiency;
    private final double scaleOutEfficiency;
    private final boolean thresholded;
    private final List<LinkEvent> linkEvents;
    private final Function<NetworkTopology, Routing> rerouting;
    private final double[] rankDelayNs;

    /**
     * Creates the model. {@code protocolEfficiency} in (0, 1] scales every link's capacity to the goodput a
     * collective library achieves (see docs/sim.md for its calibration).
     */
    public FlowNetworkModel(NetworkTopology topology, Routing routing, double protocolEfficiency) {
        this(topology, routing, protocolEfficiency, protocolEfficiency, true);
    }

    /**
     * As above, with a separate efficiency for links tagged {@code scale-out} (NICs and the switch fabric behind them,
     * where a collective library reaches a higher fraction of line rate than on NVLink; docs/sim.md).
     */
    public FlowNetworkModel(
            NetworkTopology topology, Routing routing, double protocolEfficiency, double scaleOutEfficiency) {
        this(topology, routing, protocolEfficiency, scaleOutEfficiency, true);
    }

    /**
     * As above; {@code thresholded = false} re-fills the whole affected component at every change instead of only the
     * flows at or above the level threshold (same rates up to rounding; kept to cross-check the restriction).
     */
    FlowNetworkModel(NetworkTopology topology, Routing routing, double protocolEfficiency, boolean thresholded) {
        this(topology, routing, protocolEfficiency, protocolEfficiency, thresholded);
    }

    private FlowNetworkModel(
            NetworkTopology topology,
            Routing routing,
            double protocolEfficiency,
            double scaleOutEfficiency,
            boolean thresholded) {
        this(topology, routing, protocolEfficiency, scaleOutEfficiency, thresholded, List.of(), null, new double[0]);
    }

    private FlowNetworkModel(
            NetworkTopology topology,
            Routing routing,
            double protocolEfficiency,
            double scaleOutEfficiency,
            boolean thresholded,
            List<LinkEvent> linkEvents,
            Function<NetworkTopology, Routing> rerouting,
            double[] rankDelayNs) {
        LinkEfficiency.require(protocolEfficiency, scaleOutEfficiency);
        for (int r = 0; r < rankDelayNs.length; r++) {
            if (!(rankDelayNs[r] >= 0) || Double.isInfinite(rankDelayNs[r])) {
                throw new InputException("rank " + r + " delay " + rankDelayNs[r] + " ns must be a finite time >= 0");
            }
        }
        this.rankDelayNs = rankDelayNs.clone();
        for (LinkEvent e : linkEvents) {
            if (linksBetween(topology, e.nodeA(), e.nodeB()).length == 0) {
                throw new InputException("no link between " + name(topology, e.nodeA()) + " and "
                        + name(topology, e.nodeB()) + "; a link event names two adjacent nodes"
                        + neighbours(topology, e.nodeA()));
            }
        }
        this.linkEvents = List.copyOf(linkEvents);
        this.rerouting = rerouting;
        this.scaleOutEfficiency = scaleOutEfficiency;
        this.topology = topology;
        this.routing = routing;
        this.protocolEfficiency = protocolEfficiency;
        this.thresholded = thresholded;
    }

    /**
     * The same model with cable changes during every run ({@link LinkEvent}: down, degraded, repaired at a time).
     * Flows on a link that goes down, and flows that start later on a path through a down link, are re-routed by
     * {@code rerouting} (built on the network without the down links) from their source with their remaining bytes;
     * the other flows keep their paths, as resilient ECMP hashing does.
     */
    public FlowNetworkModel withLinkEvents(List<LinkEvent> events, Function<NetworkTopology, Routing> rerouting) {
        return new FlowNetworkModel(
                topology, routing, protocolEfficiency, scaleOutEfficiency, thresholded, events, rerouting, rankDelayNs);
    }

    /**
     * The same model with stragglers: rank r joins every collective {@code rankDelayNs[r]} late (a GPU whose compute
     * before the collective ran slower), so its transfers without dependencies start at that time instead of 0;
     * everything that depends on them follows. Ranks beyond the array are on time. Sends to a late rank are not held
     * back (NCCL's sender would wait for the receiver's buffer; here only the late rank's own sends wait).
     */
    public FlowNetworkModel withRankDelays(double[] rankDelayNs) {
        return new FlowNetworkModel(
                topology,
                routing,
                protocolEfficiency,
                scaleOutEfficiency,
                thresholded,
                linkEvents,
                rerouting,
                rankDelayNs);
    }

    /** Ids of the links between nodes a and b, both directions. */
    static int[] linksBetween(NetworkTopology t, int a, int b) {
        if (a < 0 || b < 0 || a >= t.nodeCount() || b >= t.nodeCount()) {
            return new int[0];
        }
        int[] out = new int[0];
        for (int v : new int[] {a, b}) {
            int w = v == a ? b : a;
            for (int k = t.outStart(v); k < t.outStart(v + 1); k++) {
                int l = t.outLink(k);
                if (t.linkDst(l) == w) {
                    out = Arrays.copyOf(out, out.length + 1);
                    out[out.length - 1] = l;
                }
            }
        }
        return out;
    }

    /** "(X is linked to a, b, ...)" with up to 8 neighbours of node v, to help name an adjacent pair. */
    private static String neighbours(NetworkTopology t, int v) {
        if (v < 0 || v >= t.nodeCount()) {
            return "";
        }
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        java.util.Set<String> kinds = new java.util.HashSet<>();
        for (int k = t.outStart(v); k < t.outStart(v + 1); k++) { // first one neighbour of each kind (name prefix)
            String n = t.nodeName(t.linkDst(t.outLink(k)));
            if (kinds.add(n.replaceAll("[0-9]+$", ""))) {
                names.add(n);
            }
        }
        for (int k = t.outStart(v); k < t.outStart(v + 1) && names.size() < 8; k++) {
            names.add(t.nodeName(t.linkDst(t.outLink(k))));
        }
        return " (" + t.nodeName(v) + " is linked to " + String.join(", ", names)
                + (t.outStart(v + 1) - t.outStart(v) > names.size() ? ", ..." : "") + ")";
    }

    private static String name(NetworkTopology t, int v) {
        return v >= 0 && v < t.nodeCount() ? t.nodeName(v) : "node " + v;
    }

    @Override
    public String name() {
        return "flow";
    }

    /**
     * About 140 B: schedule 40 B (src, dst, label, phase, depStart, ~2 deps, bytes), path reference and slot 8 B,
     * run state 90 B (dependents, pending count, remaining, rate, new rate, last update, version, completion and finish
     * time, two stamps, flag); counted from the arrays, not fitted to a heap profile.
     */
    @Override
    public long heapBytesPerTransfer() {
        return 140;
    }

    @Override
    public NetworkTopology topology() {
        return topology;
    }

    @Override
    public NetworkRun run(TransferSchedule schedule) {
        return run(schedule, List.of(), false);
    }

    /** Runs with extra event listeners and, if {@code traceHash}, an event-trace hash in the result. */
    public NetworkRun run(TransferSchedule schedule, List<EventListener> listeners, boolean traceHash) {
        return run(schedule, PathTable.route(schedule, topology, routing), listeners, traceHash);
    }

    /** Whether runs change anything mid-run or per rank (link events, stragglers), which breaks rank symmetry. */
    boolean hasRunChanges() {
        if (!linkEvents.isEmpty()) {
            return true;
        }
        for (double d : rankDelayNs) {
            if (d != 0) {
                return true;
            }
        }
        return false;
    }

    /** The routing of this model (shared with {@link SymmetricFlowNetworkModel}). */
    Routing routing() {
        return routing;
    }

    /** Link l's capacity times its protocol efficiency, bytes per ns (the capacity max-min fair sharing divides). */
    double effectiveCapacityBytesPerNs(int l) {
        return topology.linkCapacityBytesPerS(l)
                * LinkEfficiency.of(topology, l, protocolEfficiency, scaleOutEfficiency)
                * 1e-9;
    }

    /** Runs a schedule whose transfers are already routed ({@code paths[i]} = link ids of transfer i). */
    NetworkRun run(TransferSchedule schedule, int[][] paths, List<EventListener> listeners, boolean traceHash) {
        // Without observers, same-instant drain and delivery events are batched (identical order, fewer objects).
        boolean batching = listeners.isEmpty() && !traceHash;
        Run r = new Run(schedule, paths, batching);
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
                int src = schedule.src(i);
                sim.schedule(src < rankDelayNs.length ? rankDelayNs[src] : 0, 0, new SimEvent.FlowStart(i));
            }
        }
        for (int k = 0; k < linkEvents.size(); k++) {
            sim.schedule(linkEvents.get(k).atNs(), 0, new SimEvent.Timer(-(k + 1)));
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
                r.makespan,
                r.fct,
                r.finish,
                r.linkBytes,
                caps,
                sim.processedEvents() - r.batchEvents + r.batchEntries,
                hash == null ? 0 : hash.value());
    }

    /** Mutable state of one run (the engine's handler). */
    private final class Run implements EventHandler {
        final TransferSchedule s;
        final int[][] paths;
        final int[] depStartOut;
        final int[] dependents;
        final int[] pendingDeps;
        final double[] remaining;
        final double[] rate;
        final double[] lastUpdate;
        final int[] version;
        final double[] fct;
        final double[] finish;
        final int[] flowStamp;
        final boolean[] added;
        double removedMinRate = Double.POSITIVE_INFINITY;
        double[] rateScratch = new double[16];
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
        int[] frozenOrder = new int[64];
        int frozenCount;
        boolean fillClosed;
        int[] dirtySeen = new int[64];
        final double[] newRate;
        final int[] checkStamp;
        final int[] flowCheck;
        final boolean[] down;
        int downCount;
        boolean capacityChanged;
        Routing reroutingTable;
        int[] reroutingLinks;
        int stamp;
        boolean recomputeScheduled;
        int delivered;
        double makespan;
        Simulation sim;

        /*
         * Event batching. Consecutive FlowDrained (or FlowDelivered) events for the same instant would sit next to each
         * other in the kernel's FIFO for that (time, priority 0); they are kept here instead, in insertion order, behind
         * one Timer(batch) event at the position of the first one, and handled in that order when it fires. A batch
         * stays open for appends until another priority-0 event is scheduled (another kind or time) or it starts
         * firing, so the dispatch order, and so every result, is exactly that of one event per flow. Entries are
         * (flowId, version) pairs; events are counted per entry.
         */
        private static final int DRAINED = 0;
        private static final int DELIVERED = 1;
        final boolean batching;
        int[][] bItems = new int[16][];
        int[] bLen = new int[16];
        int[] bKind = new int[16];
        long[] bTimeBits = new long[16];
        int[] bFree = new int[16];
        int bFreeCount;
        int bCount;
        int open = -1;
        long batchEvents;
        long batchEntries;

        Run(TransferSchedule s, int[][] paths, boolean batching) {
            this.s = s;
            this.batching = batching;
            this.paths = paths;
            int n = s.size();
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
            version = new int[n];
            fct = new double[n];
            finish = new double[n];
            flowStamp = new int[n];
            added = new boolean[n];
            newRate = new double[n];
            int m = topology.linkCount();
            checkStamp = new int[m];
            flowCheck = new int[n];
            down = new boolean[m];
            cap = new double[m];
            for (int l = 0; l < m; l++) {
                cap[l] = effectiveCapacityBytesPerNs(l); // bytes per ns
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
            } else if (e instanceof SimEvent.Timer) {
                int tag = ((SimEvent.Timer) e).tag();
                if (tag < 0) {
                    linkEvent(linkEvents.get(-tag - 1));
                } else {
                    fire(tag);
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
            fct[f] = now; // start time until delivered
            if (downCount > 0 && crossesDown(paths[f])) {
                paths[f] = reroute(f);
            }
            int[] path = paths[f];
            double b = s.bytes(f);
            if (path.length == 0 || !(b > 0)) {
                double lat = topology.pathLatencyNs(path) + s.processingNs(f);
                if (lat > 0) {
                    post(now + lat, DELIVERED, f, 0);
                } else {
                    delivered(f);
                }
                return;
            }
            remaining[f] = b;
            lastUpdate[f] = now;
            rate[f] = 0;
            added[f] = true;
            for (int l : path) {
                linkBytes[l] += b;
                addToLink(l, f);
                markDirty(l);
            }
        }

        private void addToLink(int l, int f) {
            int[] lf = linkFlows[l];
            if (lf == null) {
                lf = linkFlows[l] = new int[4];
            } else if (linkFlowCount[l] == lf.length) {
                lf = linkFlows[l] = Arrays.copyOf(lf, lf.length * 2);
            }
            lf[linkFlowCount[l]++] = f;
        }

        private void removeFromLink(int l, int f) {
            int[] lf = linkFlows[l];
            int c = linkFlowCount[l];
            for (int k = 0; k < c; k++) {
                if (lf[k] == f) {
                    lf[k] = lf[c - 1];
                    linkFlowCount[l] = c - 1;
                    return;
                }
            }
        }

        private void drained(int f) {
            removedMinRate = Math.min(removedMinRate, rate[f]);
            for (int l : paths[f]) {
                removeFromLink(l, f);
                markDirty(l);
            }
            rate[f] = 0;
            double lat = topology.pathLatencyNs(paths[f]) + s.processingNs(f);
            if (lat > 0) {
                post(sim.nowNs() + lat, DELIVERED, f, 0);
            } else {
                delivered(f);
            }
        }

        private void delivered(int f) {
            double now = sim.nowNs();
            fct[f] = now - fct[f];
            finish[f] = now;
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

        /*
         * Max-min by progressive filling, restricted to a verified local set. Seed: the flows on changed links that are
         * new or whose old rate is at or above the level threshold T = min(lowest rate of a flow that ended, lowest
         * level at which a link with a new flow could fill up if the other flows kept their old rates); below T the
         * filling runs as before. The seed is filled with every other flow fixed at its old rate, then max-min's
         * optimality condition (Bertsekas and Gallager, Data Networks, 6.5: a feasible allocation is max-min fair iff
         * every flow has a bottleneck, a saturated link on which no flow is faster) is checked for every flow on the
         * seed's links and on the changed links (no other flow's links changed). Fixed flows that lost their bottleneck,
         * and fixed flows faster than a re-filled flow on its links, join the set, which is filled again; after
         * MAX_LOCAL_ROUNDS rounds the whole connected component is re-filled instead. A link that carries a single flow
         * only bounds that flow's rate, so it is folded into a per-flow cap. Filling pops the lowest level from a heap
         * holding each shared link's fair share (remaining capacity / unfrozen flows) and each flow's cap; freezing a
         * flow raises the shares of its other links (never lowers them), which are pushed again, and stale entries are
         * skipped.
         */
        private void recompute() {
            recomputeScheduled = false;
            double now = sim.nowNs();
            int st = ++stamp;
            double floor =
                    thresholded && !capacityChanged ? threshold() * (1 - THRESHOLD_SLACK) : Double.NEGATIVE_INFINITY;
            capacityChanged = false;
            removedMinRate = Double.POSITIVE_INFINITY;
            int nf = 0;
            int nd = dirtyCount;
            if (nd > dirtySeen.length) {
                dirtySeen = new int[Math.max(nd, dirtySeen.length * 2)];
            }
            System.arraycopy(dirtyList, 0, dirtySeen, 0, nd);
            for (int d = 0; d < nd; d++) {
                int l0 = dirtyList[d];
                dirty[l0] = false;
                int[] lf0 = linkFlows[l0];
                for (int k = 0, c = linkFlowCount[l0]; k < c; k++) {
                    int f = lf0[k];
                    if (flowStamp[f] != st && (added[f] || rate[f] >= floor)) {
                        nf = addFlow(f, st, nf);
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
            if (!thresholded) {
                nf = expandToComponent(nf, st);
                fill(nf, st);
                apply(nf, now);
                return;
            }
            // Verified local re-fill: fill the seed with every other flow fixed at its rate, then check that every flow
            // near a change still has a bottleneck (max-min's optimality condition); flows that lost theirs join the
            // re-filled set and the filling is redone. Bounded: after a few rounds the whole component is re-filled.
            for (int round = 0; ; round++) {
                if (round == MAX_LOCAL_ROUNDS) {
                    st = restamp(nf);
                    nf = expandToComponent(nf, st);
                    fill(nf, st);
                    break;
                }
                fill(nf, st);
                if (fillClosed && allRefilled(nd, st)) {
                    break; // no fixed flow shares a link with the set or sits on a changed link: nothing to check
                }
                int before = nf;
                nf = addUnbottlenecked(nf, nd, st);
                if (nf == before) {
                    break;
                }
                st = restamp(nf);
            }
            apply(nf, now);
        }

        /** Whether every flow on the changed links was re-filled (stamp -st after the filling). */
        private boolean allRefilled(int nd, int st) {
            for (int d = 0; d < nd; d++) {
                int l = dirtySeen[d];
                int[] lf = linkFlows[l];
                for (int k = 0, c = linkFlowCount[l]; k < c; k++) {
                    if (flowStamp[lf[k]] != -st) {
                        return false;
                    }
                }
            }
            return true;
        }

        /** Gives the re-filled set a fresh stamp (unfrozen), for another filling round. */
        private int restamp(int nf) {
            int st = ++stamp;
            for (int k = 0; k < nf; k++) {
                flowStamp[compFlows[k]] = st;
            }
            return st;
        }

        /** Extends the set compFlows[0..nf) (stamped st) to every flow connected to it through shared links. */
        private int expandToComponent(int nf, int st) {
            int vst = ++stamp;
            int nl = 0;
            for (int k = 0; k < nf; k++) {
                int[] path = paths[compFlows[k]];
                for (int pl : path) {
                    if (linkStamp[pl] != vst && linkFlowCount[pl] >= 2) {
                        linkStamp[pl] = vst;
                        nl = push(nl, pl);
                    }
                }
            }
            for (int scan = 0; scan < nl; scan++) {
                int l = compLinks[scan];
                int[] lf = linkFlows[l];
                for (int k = 0, c = linkFlowCount[l]; k < c; k++) {
                    int f = lf[k];
                    if (flowStamp[f] != st) {
                        nf = join(f, st, nf);
                        for (int pl : paths[f]) {
                            if (linkStamp[pl] != vst && linkFlowCount[pl] >= 2) {
                                linkStamp[pl] = vst;
                                nl = push(nl, pl);
                            }
                        }
                    }
                }
            }
            return nf;
        }

        /**
         * Progressive filling of the flows compFlows[0..nf) (stamped {@code st}); every other flow keeps its rate as
         * fixed load. New rates go to {@code newRate}, the freezing order to {@code frozenOrder}.
         */
        private void fill(int nf, int st) {
            int nl = 0;
            fillClosed = true;
            heapSize = 0;
            for (int k = 0; k < nf; k++) {
                int f = compFlows[k];
                double fc = Double.POSITIVE_INFINITY;
                for (int pl : paths[f]) {
                    if (linkFlowCount[pl] == 1) {
                        fc = Math.min(fc, cap[pl]);
                    } else if (linkStamp[pl] != st) {
                        linkStamp[pl] = st;
                        nl = push(nl, pl);
                    }
                }
                if (fc < Double.POSITIVE_INFINITY) {
                    heapAdd(fc, ~f);
                }
            }
            for (int k = 0; k < nl; k++) {
                int l = compLinks[k];
                double rem = cap[l];
                int cnt = 0;
                int[] lf = linkFlows[l];
                for (int x = 0, c = linkFlowCount[l]; x < c; x++) {
                    int f = lf[x];
                    if (flowStamp[f] == st) {
                        cnt++;
                    } else {
                        rem -= rate[f]; // fixed
                        fillClosed = false;
                    }
                }
                if (rem < -NetworkRun.TOLERANCE * cap[l]) {
                    throw overload(l, cap[l] - rem);
                }
                linkRem[l] = Math.max(0, rem);
                linkCnt[l] = cnt;
                heapAdd(linkRem[l] / cnt, l);
            }
            heapify();
            frozenCount = 0;
            int unfrozen = nf;
            while (unfrozen > 0 && heapSize > 0) {
                double level = heapKey[0];
                int id = heapId[0];
                heapPop();
                if (id < 0) {
                    int f = ~id;
                    if (flowStamp[f] == st) {
                        freeze(f, level, st);
                        unfrozen--;
                    }
                    continue;
                }
                int l = id;
                if (linkCnt[l] == 0 || linkRem[l] / linkCnt[l] != level) {
                    continue; // stale: the link's share has risen since this entry was pushed
                }
                int[] lf = linkFlows[l];
                for (int x = 0, c = linkFlowCount[l]; x < c; x++) {
                    int f = lf[x];
                    if (flowStamp[f] == st) {
                        freeze(f, level, st);
                        unfrozen--;
                    }
                }
            }
            if (unfrozen != 0) {
                throw new IllegalStateException("max-min filling left " + unfrozen + " flows without a rate");
            }
        }

        /**
         * Applies a cable change: a new capacity (the links' flows are all re-filled), or a link down: its flows are
         * re-routed from their source over the network without the down links with their remaining bytes (bytes not
         * carried are taken off the old links' counts).
         */
        private void linkEvent(LinkEvent e) {
            double now = sim.nowNs();
            int[] ls = linksBetween(topology, e.nodeA(), e.nodeB());
            if (e.capacityFactor() > 0) {
                for (int l : ls) {
                    if (down[l]) {
                        down[l] = false;
                        downCount--;
                        reroutingTable = null;
                    }
                    cap[l] = effectiveCapacityBytesPerNs(l) * e.capacityFactor();
                    capacityChanged = true;
                    markDirty(l);
                }
                return;
            }
            int moved = 0;
            int[] flows = new int[0];
            for (int l : ls) {
                if (!down[l]) {
                    down[l] = true;
                    downCount++;
                    reroutingTable = null;
                }
                int c = linkFlowCount[l];
                flows = Arrays.copyOf(flows, moved + c);
                System.arraycopy(linkFlows[l] == null ? new int[0] : linkFlows[l], 0, flows, moved, c);
                moved += c;
            }
            Arrays.sort(flows, 0, moved);
            for (int k = 0; k < moved; k++) {
                int f = flows[k];
                if (k > 0 && flows[k - 1] == f) {
                    continue; // on both directions of the cable
                }
                remaining[f] = Math.max(0, remaining[f] - rate[f] * (now - lastUpdate[f]));
                lastUpdate[f] = now;
                removedMinRate = Math.min(removedMinRate, rate[f]);
                for (int l : paths[f]) {
                    removeFromLink(l, f);
                    linkBytes[l] -= remaining[f];
                    markDirty(l);
                }
                int[] p = reroute(f);
                paths[f] = p;
                added[f] = true;
                for (int l : p) {
                    addToLink(l, f);
                    linkBytes[l] += remaining[f];
                    markDirty(l);
                }
            }
        }

        private boolean crossesDown(int[] path) {
            for (int l : path) {
                if (down[l]) {
                    return true;
                }
            }
            return false;
        }

        /** Flow f's path over the network without the down links (links numbered as in the full network). */
        private int[] reroute(int f) {
            if (reroutingTable == null) {
                if (rerouting == null) {
                    throw new IllegalStateException("link events without a re-routing");
                }
                NetworkTopology.Builder b = NetworkTopology.builder();
                for (int v = 0; v < topology.nodeCount(); v++) {
                    b.node(topology.nodeName(v), topology.nodeKind(v));
                }
                int[] toFull = new int[topology.linkCount() - downCount];
                int j = 0;
                for (int l = 0; l < topology.linkCount(); l++) {
                    if (!down[l]) {
                        b.link(
                                topology.linkSrc(l),
                                topology.linkDst(l),
                                topology.linkCapacityBytesPerS(l),
                                topology.linkLatencyNs(l),
                                topology.linkTag(l));
                        toFull[j++] = l;
                    }
                }
                reroutingTable = rerouting.apply(b.build());
                reroutingLinks = toFull;
            }
            int src = topology.endpoint(s.src(f));
            int dst = topology.endpoint(s.dst(f));
            int[] p;
            try {
                p = reroutingTable.path(src, dst, s.label(f) & 0xFFFF);
            } catch (RuntimeException unreachable) {
                p = new int[0];
            }
            if (p.length == 0) {
                throw new InputException("the failed links cut " + topology.nodeName(src) + " off "
                        + topology.nodeName(dst) + "; the collective cannot complete (a hard failure, not a slowdown)");
            }
            int[] full = new int[p.length];
            for (int k = 0; k < p.length; k++) {
                full[k] = reroutingLinks[p[k]];
            }
            return full;
        }

        /** Sets the rates found by the last filling, in freezing order (each change re-posts the flow's drain). */
        private void apply(int nf, double now) {
            for (int k = 0; k < frozenCount; k++) {
                int f = frozenOrder[k];
                added[f] = false;
                setRate(f, newRate[f], now);
            }
        }

        /**
         * Checks max-min's optimality condition (every flow has a bottleneck: a saturated link on its path on which no
         * flow is faster) for the flows on the links of the re-filled set and on the changed links, with the new rates;
         * appends those that fail to compFlows and returns the new size. Other flows' links did not change.
         */
        private int addUnbottlenecked(int nf, int nd, int st) {
            int cst = ++stamp;
            int n0 = nf;
            for (int k = 0; k < n0; k++) {
                for (int pl : paths[compFlows[k]]) {
                    nf = checkLink(pl, nf, st, cst);
                }
            }
            for (int d = 0; d < nd; d++) {
                nf = checkLink(dirtySeen[d], nf, st, cst);
            }
            return nf;
        }

        private int checkLink(int l, int nf, int st, int cst) {
            if (checkStamp[l] == cst) {
                return nf;
            }
            checkStamp[l] = cst;
            int[] lf = linkFlows[l];
            for (int x = 0, c = linkFlowCount[l]; x < c; x++) {
                int g = lf[x];
                if (flowCheck[g] == cst || flowStamp[g] == st) {
                    continue; // checked, or already joined the set in this pass
                }
                flowCheck[g] = cst;
                boolean refilled = flowStamp[g] == -st;
                double r = refilled ? newRate[g] : rate[g];
                if (hasBottleneck(g, r, st)) {
                    continue;
                }
                if (!refilled) {
                    nf = join(g, st, nf);
                    continue;
                }
                // a re-filled flow is only denied its bottleneck by faster fixed flows on its links: they join
                for (int pl : paths[g]) {
                    int[] pf = linkFlows[pl];
                    for (int y = 0, cc = linkFlowCount[pl]; y < cc; y++) {
                        int h = pf[y];
                        if (flowStamp[h] != -st && flowStamp[h] != st && rate[h] > r) {
                            nf = join(h, st, nf);
                        }
                    }
                }
            }
            return nf;
        }

        /** Adds a flow that kept its rate so far to the re-filled set (its remaining bytes brought up to now). */
        private int join(int g, int st, int nf) {
            double now = sim.nowNs();
            remaining[g] = Math.max(0, remaining[g] - rate[g] * (now - lastUpdate[g]));
            lastUpdate[g] = now;
            return addFlow(g, st, nf);
        }

        /** Whether a flow at rate r has a saturated link on its path on which no flow is faster, under the new rates. */
        private boolean hasBottleneck(int g, double r, int st) {
            for (int l : paths[g]) {
                int[] lf = linkFlows[l];
                double sum = 0;
                double max = 0;
                for (int x = 0, c = linkFlowCount[l]; x < c; x++) {
                    int h = lf[x];
                    double rh = flowStamp[h] == -st ? newRate[h] : rate[h];
                    sum += rh;
                    max = Math.max(max, rh);
                }
                if (sum >= cap[l] * (1 - BOTTLENECK_SLACK) && max <= r * (1 + BOTTLENECK_SLACK)) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Lowest level at which the filling can differ from the previous one: the lowest rate of a flow that ended, or
         * the lowest level at which a link carrying new flows fills up if its old flows keep their old rates.
         */
        private double threshold() {
            double t = removedMinRate;
            for (int d = 0; d < dirtyCount; d++) {
                int l = dirtyList[d];
                int c = linkFlowCount[l];
                int[] lf = linkFlows[l];
                int m = 0;
                for (int k = 0; k < c; k++) {
                    if (!added[lf[k]]) {
                        m++;
                    }
                }
                if (m == c) {
                    continue; // no new flow: the link's load fell or stayed
                }
                if (m == 0) {
                    t = Math.min(t, cap[l] / c);
                    continue;
                }
                if (m > rateScratch.length) {
                    rateScratch = new double[Math.max(m, rateScratch.length * 2)];
                }
                m = 0;
                for (int k = 0; k < c; k++) {
                    int f = lf[k];
                    if (!added[f]) {
                        rateScratch[m++] = rate[f];
                    }
                }
                t = Math.min(t, fillLevel(cap[l], rateScratch, m, c - m));
            }
            return t;
        }

        /** Level at which a link of capacity {@code c} fills when {@code k} flows grow and the m others stop at their rates. */
        private static double fillLevel(double c, double[] rates, int m, int k) {
            Arrays.sort(rates, 0, m);
            double sum = 0;
            for (int j = 0; j < m; j++) {
                double level = (c - sum) / (m - j + k);
                if (level <= rates[j]) {
                    return level;
                }
                sum += rates[j];
            }
            return (c - sum) / k;
        }

        /** Fixes flow f at {@code level}, takes it off its shared links and re-queues their raised shares. */
        private void freeze(int f, double level, int st) {
            flowStamp[f] = -st;
            newRate[f] = level;
            if (frozenCount == frozenOrder.length) {
                frozenOrder = Arrays.copyOf(frozenOrder, frozenCount * 2);
            }
            frozenOrder[frozenCount++] = f;
            for (int pl : paths[f]) {
                if (linkStamp[pl] == st && linkFlowCount[pl] >= 2) {
                    linkRem[pl] -= level;
                    if (linkRem[pl] < -NetworkRun.TOLERANCE * cap[pl]) {
                        throw overload(pl, cap[pl] - linkRem[pl]);
                    }
                    if (--linkCnt[pl] > 0) {
                        heapPush(linkRem[pl] / linkCnt[pl], pl);
                    }
                }
            }
        }

        /** The physics invariant "sum of rates on a link <= its capacity" failed: an internal error, not input. */
        private IllegalStateException overload(int l, double load) {
            return new IllegalStateException(
                    "max-min filling put " + load + " B/ns on link " + l + " of capacity " + cap[l] + " B/ns");
        }

        private int addFlow(int f, int st, int nf) {
            flowStamp[f] = st;
            if (nf == compFlows.length) {
                compFlows = Arrays.copyOf(compFlows, nf * 2);
            }
            compFlows[nf] = f;
            return nf + 1;
        }

        // binary min-heap of (level, id): id >= 0 is a shared link, id < 0 is ~flow (its cap)
        double[] heapKey = new double[64];
        int[] heapId = new int[64];
        int heapSize;

        private void heapAdd(double key, int id) {
            if (heapSize == heapKey.length) {
                heapKey = Arrays.copyOf(heapKey, heapSize * 2);
                heapId = Arrays.copyOf(heapId, heapSize * 2);
            }
            heapKey[heapSize] = key;
            heapId[heapSize++] = id;
        }

        private void heapify() {
            for (int i = (heapSize >>> 1) - 1; i >= 0; i--) {
                siftDown(i);
            }
        }

        private void heapPush(double key, int id) {
            heapAdd(key, id);
            int i = heapSize - 1;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (!less(i, parent)) {
                    break;
                }
                swap(i, parent);
                i = parent;
            }
        }

        private void heapPop() {
            heapSize--;
            heapKey[0] = heapKey[heapSize];
            heapId[0] = heapId[heapSize];
            siftDown(0);
        }

        private void siftDown(int i) {
            while (true) {
                int left = 2 * i + 1;
                if (left >= heapSize) {
                    return;
                }
                int m = left + 1 < heapSize && less(left + 1, left) ? left + 1 : left;
                if (!less(m, i)) {
                    return;
                }
                swap(i, m);
                i = m;
            }
        }

        /** Orders by level, then by id, so equal levels pop in the same order in every run. */
        private boolean less(int a, int b) {
            return heapKey[a] < heapKey[b] || (heapKey[a] == heapKey[b] && heapId[a] < heapId[b]);
        }

        private void swap(int a, int b) {
            double k = heapKey[a];
            heapKey[a] = heapKey[b];
            heapKey[b] = k;
            int t = heapId[a];
            heapId[a] = heapId[b];
            heapId[b] = t;
        }

        private void setRate(int f, double newRate, double now) {
            if (newRate != rate[f]) {
                rate[f] = newRate;
                int v = ++version[f];
                post(now + remaining[f] / newRate, DRAINED, f, v);
            }
        }

        /** Schedules a drain or delivery event of flow f at priority 0 (batched if possible). */
        private void post(double t, int kind, int f, int v) {
            if (!batching) {
                sim.schedule(t, 0, kind == DRAINED ? new SimEvent.FlowDrained(f, v) : new SimEvent.FlowDelivered(f));
                return;
            }
            long bits = Double.doubleToLongBits(t);
            int b = open;
            if (b < 0 || bKind[b] != kind || bTimeBits[b] != bits) {
                sim.schedule(t, 0, new SimEvent.Timer(b = newBatch(kind, bits)));
                open = b;
            }
            int[] it = bItems[b];
            int n = bLen[b];
            if (n + 2 > it.length) {
                it = bItems[b] = Arrays.copyOf(it, it.length * 2);
            }
            it[n] = f;
            it[n + 1] = v;
            bLen[b] = n + 2;
        }

        private int newBatch(int kind, long bits) {
            int b;
            if (bFreeCount > 0) {
                b = bFree[--bFreeCount];
            } else {
                b = bCount++;
                if (b == bLen.length) {
                    int c = b * 2;
                    bItems = Arrays.copyOf(bItems, c);
                    bLen = Arrays.copyOf(bLen, c);
                    bKind = Arrays.copyOf(bKind, c);
                    bTimeBits = Arrays.copyOf(bTimeBits, c);
                    bFree = Arrays.copyOf(bFree, c);
                }
                bItems[b] = new int[8];
            }
            bLen[b] = 0;
            bKind[b] = kind;
            bTimeBits[b] = bits;
            return b;
        }

        /** Handles the events of batch b in the order they were scheduled. */
        private void fire(int b) {
            if (open == b) {
                open = -1;
            }
            int[] it = bItems[b];
            int n = bLen[b];
            batchEvents++;
            batchEntries += n >> 1;
            if (bKind[b] == DRAINED) {
                for (int k = 0; k < n; k += 2) {
                    int f = it[k];
                    if (it[k + 1] == version[f]) {
                        drained(f);
                    }
                }
            } else {
                for (int k = 0; k < n; k += 2) {
                    delivered(it[k]);
                }
            }
            bFree[bFreeCount++] = b;
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
