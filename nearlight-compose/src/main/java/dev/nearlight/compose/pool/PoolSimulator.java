package dev.nearlight.compose.pool;

import dev.nearlight.compose.disagg.AccessLatency;
import dev.nearlight.compose.disagg.DisaggModel;
import dev.nearlight.compose.disagg.DisaggParameters;
import dev.nearlight.compose.disagg.FabricPath;
import dev.nearlight.compose.disagg.Technology;
import dev.nearlight.compose.disagg.WorkloadModel;
import dev.nearlight.core.InputException;
import java.util.Arrays;
import java.util.Objects;

/**
 * Deterministic discrete-event simulation of a job trace on a cluster under one {@link Placement}.
 *
 * <p>Events are arrivals (in trace order) and departures (a binary heap ordered by time, then insertion serial); at
 * equal times departures run first, so released capacity is available to a job arriving at that instant. The queue
 * is strict FIFO (no backfilling) with a bound: a job starts on arrival only if the queue is empty and it fits; the
 * head of the queue starts as soon as it fits. Under composable placement a job's run time is stretched by the
 * {@link WorkloadModel} slowdown of its farthest memory pool (rack-local pools are CXL through one switch, other racks
 * through two); static jobs run on node-local DRAM and are not stretched. All per-run state lives in the run, so one
 * instance may simulate several traces, also concurrently when the listener (if any) is thread-safe.
 */
public final class PoolSimulator {
    private static final int T = ResourceType.COUNT;

    private final ClusterSpec cluster;
    private final Placement placement;
    private final AllocationListener listener;
    private final double[] stretchByOffset;
    private final int window;

    /** A simulator without a listener, with the bundled disaggregation and hardware parameters. */
    public PoolSimulator(ClusterSpec cluster, Placement placement) {
        this(cluster, placement, null, DisaggParameters.defaults(), PoolHardware.defaults());
    }

    /**
     * A simulator with explicit parameters and an optional listener.
     *
     * @param cluster hardware and workload knobs
     * @param placement allocation policy
     * @param listener allocation observer or null
     * @param params disaggregation parameters (fabric latency)
     * @param hardware local DRAM bandwidth for the workload model
     */
    public PoolSimulator(
            ClusterSpec cluster,
            Placement placement,
            AllocationListener listener,
            DisaggParameters params,
            PoolHardware hardware) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.placement = Objects.requireNonNull(placement, "placement");
        this.listener = listener;
        DisaggModel model = new DisaggModel(params);
        Technology tech = Technology.parse(cluster.technology(), params);
        int r = cluster.racks();
        stretchByOffset = new double[r];
        WorkloadModel.Profile profile = new WorkloadModel.Profile(
                cluster.memoryBoundFraction(),
                cluster.poolAccessFraction(),
                cluster.nodeCpus(),
                cluster.outstandingPerCore(),
                64);
        WorkloadModel.Tier local = new WorkloadModel.Tier(
                params.reference().localDramNs().value(),
                hardware.localDramGBps().value());
        int w = -1;
        for (int k = 0; k < r; k++) {
            double d = cluster.distanceM(k);
            if (d > model.mediumReachM(tech)) {
                if (placement.composable() && placement != Placement.LATENCY_AWARE) {
                    throw new InputException("a row of " + r + " racks needs " + d + " m of fibre, beyond the "
                            + model.mediumReachM(tech) + " m reach of " + tech + "; use fewer racks or another --tech");
                }
                stretchByOffset[k] = Double.NaN;
                continue;
            }
            AccessLatency a = model.latency(new FabricPath(tech, d, k == 0 ? 1 : 2, 0), model.defaultKind(tech));
            stretchByOffset[k] = WorkloadModel.memorySlowdown(profile, local, WorkloadModel.Tier.of(a));
            if (a.addedNsVsDirect() <= cluster.latencyBudgetNs() && w == k - 1) {
                w = k;
            }
        }
        if (placement == Placement.LATENCY_AWARE && w < 0) {
            throw new InputException("--latency-budget-ns " + cluster.latencyBudgetNs()
                    + " is below the added latency of a rack-local pool over " + tech + "; raise it");
        }
        window = Math.max(w, 0);
    }

    /** Largest rack offset a latency-aware placement may use (0 = own rack only). */
    public int latencyWindowRacks() {
        return window;
    }

    /** Run-time multiplier of a job whose farthest memory pool is {@code offset} racks away (composable only). */
    public double stretch(int offset) {
        return placement.composable() ? stretchByOffset[offset] : 1.0;
    }

    /** Simulates the trace and returns its metrics. */
    public PoolResult run(JobTrace trace) {
        return new Run(trace).execute();
    }

    /** Mutable state of one run. */
    private final class Run {
        private final JobTrace trace;
        private final int n;
        private final int racks = cluster.racks();
        private final long[][] free = new long[T][];
        private final long[] totalFree = new long[T];
        private final long[] capPerRack = new long[T];
        private final long[] capacity = new long[T];
        private final int[] freeNodes;
        private final int[][] nodeStack;
        private int totalFreeNodes;
        private final int[][] alloc;
        private final double[] stretchOf;
        private final long[] usedLevel = new long[T];
        private final long[] allocLevel = new long[T];
        private final double[] usedArea = new double[T];
        private final double[] allocArea = new double[T];
        private double lastT;
        private final int[] queue;
        private int qHead;
        private int qSize;
        private final double[] waits;
        private int accepted;
        private int rejectedFull;
        private int rejectedInfeasible;
        private double slowdownSum;
        private int slowdownCount;
        private double stretchSum;
        // departure heap
        private double[] hTime = new double[1024];
        private long[] hSerial = new long[1024];
        private int[] hJob = new int[1024];
        private int hSize;
        private long serial;
        // scratch
        private int[] scratch = new int[64];
        private final long[][] prefix = new long[T][];

        Run(JobTrace trace) {
            this.trace = trace;
            this.n = trace.size();
            for (ResourceType t : ResourceType.values()) {
                int k = t.ordinal();
                capPerRack[k] = cluster.capacityPerRack(t);
                capacity[k] = cluster.totalCapacity(t, placement);
                free[k] = new long[racks];
                Arrays.fill(free[k], capPerRack[k]);
                totalFree[k] = capPerRack[k] * racks;
                prefix[k] = new long[racks + 1];
            }
            freeNodes = new int[racks];
            nodeStack = new int[racks][cluster.nodesPerRack()];
            for (int r = 0; r < racks; r++) {
                freeNodes[r] = cluster.nodesPerRack();
                for (int s = 0; s < cluster.nodesPerRack(); s++) {
                    nodeStack[r][s] = r * cluster.nodesPerRack() + cluster.nodesPerRack() - 1 - s;
                }
            }
            totalFreeNodes = racks * cluster.nodesPerRack();
            alloc = new int[n][];
            stretchOf = new double[n];
            // never more queued than jobs: a capacity of 2^31 - 1 tried to allocate that array and ran out of memory
            queue = new int[Math.max(1, Math.min(cluster.queueCapacity(), n))];
            waits = new double[n];
        }

        PoolResult execute() {
            int next = 0;
            lastT = n > 0 ? trace.arrivalS(0) : 0;
            double t0 = lastT;
            while (next < n || hSize > 0) {
                boolean departure = hSize > 0 && (next >= n || hTime[0] <= trace.arrivalS(next));
                if (departure) {
                    double t = hTime[0];
                    int j = popDeparture();
                    advance(t);
                    release(j, t);
                    drain(t);
                } else {
                    int j = next++;
                    double t = trace.arrivalS(j);
                    advance(t);
                    arrive(j, t);
                }
            }
            double horizon = lastT - t0;
            double[] util = new double[T];
            double[] stranded = new double[T];
            for (int k = 0; k < T; k++) {
                double denom = capacity[k] * horizon;
                util[k] = denom > 0 ? usedArea[k] / denom : 0;
                stranded[k] = denom > 0 ? (allocArea[k] - usedArea[k]) / denom : 0;
            }
            double[] acceptedWaits = Arrays.copyOf(waits, accepted);
            double mean = 0;
            for (double w : acceptedWaits) {
                mean += w;
            }
            mean = accepted > 0 ? mean / accepted : 0;
            Arrays.sort(acceptedWaits);
            double p99 = accepted > 0 ? acceptedWaits[(int) Math.ceil(0.99 * accepted) - 1] : 0;
            return new PoolResult(
                    placement,
                    racks,
                    n,
                    accepted,
                    rejectedFull,
                    rejectedInfeasible,
                    mean,
                    p99,
                    slowdownCount > 0 ? slowdownSum / slowdownCount : 1.0,
                    accepted > 0 ? stretchSum / accepted : 1.0,
                    util,
                    stranded,
                    capacity,
                    horizon);
        }

        private void advance(double t) {
            double dt = t - lastT;
            if (dt > 0) {
                for (int k = 0; k < T; k++) {
                    usedArea[k] += usedLevel[k] * dt;
                    allocArea[k] += allocLevel[k] * dt;
                }
                lastT = t;
            }
        }

        private void arrive(int j, double t) {
            if (!feasibleEver(j)) {
                rejectedInfeasible++;
                return;
            }
            if (qSize == 0) {
                int[] a = tryAllocate(j);
                if (a != null) {
                    start(j, t, a);
                    return;
                }
            }
            if (qSize < cluster.queueCapacity()) {
                queue[(qHead + qSize) % queue.length] = j;
                qSize++;
            } else {
                rejectedFull++;
            }
        }

        private void drain(double t) {
            while (qSize > 0) {
                int j = queue[qHead];
                int[] a = tryAllocate(j);
                if (a == null) {
                    return;
                }
                qHead = (qHead + 1) % queue.length;
                qSize--;
                start(j, t, a);
            }
        }

        private void start(int j, double t, int[] a) {
            alloc[j] = a;
            double wait = t - trace.arrivalS(j);
            waits[accepted++] = wait;
            double dur = trace.durationS(j);
            double eff = dur * stretchOf[j];
            stretchSum += stretchOf[j];
            if (dur > 0) {
                slowdownSum += (wait + eff) / dur;
                slowdownCount++;
            }
            for (int k = 0; k < T; k++) {
                usedLevel[k] += trace.demand(j, k);
            }
            if (placement.composable()) {
                for (int i = 0; i < a.length; i += 3) {
                    allocLevel[a[i + 1]] += a[i + 2];
                }
            } else {
                for (int k = 0; k < T; k++) {
                    allocLevel[k] += (long) a.length * cluster.nodeShape(ResourceType.values()[k]);
                }
            }
            if (listener != null) {
                listener.onAllocation(j, t, true, a);
            }
            pushDeparture(t + eff, j);
        }

        private void release(int j, double t) {
            int[] a = alloc[j];
            alloc[j] = null;
            for (int k = 0; k < T; k++) {
                usedLevel[k] -= trace.demand(j, k);
            }
            if (placement.composable()) {
                for (int i = 0; i < a.length; i += 3) {
                    free[a[i + 1]][a[i]] += a[i + 2];
                    totalFree[a[i + 1]] += a[i + 2];
                    allocLevel[a[i + 1]] -= a[i + 2];
                }
            } else {
                int per = cluster.nodesPerRack();
                for (int node : a) {
                    int r = node / per;
                    nodeStack[r][freeNodes[r]++] = node;
                }
                totalFreeNodes += a.length;
                for (int k = 0; k < T; k++) {
                    allocLevel[k] -= (long) a.length * cluster.nodeShape(ResourceType.values()[k]);
                }
            }
            if (listener != null) {
                listener.onAllocation(j, t, false, a);
            }
        }

        private int nodesNeeded(int j) {
            int k = 0;
            for (ResourceType t : ResourceType.values()) {
                int d = trace.demand(j, t);
                if (d > 0) {
                    int shape = cluster.nodeShape(t);
                    if (shape == 0) {
                        return Integer.MAX_VALUE;
                    }
                    k = Math.max(k, (d + shape - 1) / shape);
                }
            }
            return k;
        }

        private boolean feasibleEver(int j) {
            if (!placement.composable()) {
                return nodesNeeded(j) <= racks * cluster.nodesPerRack();
            }
            long span = placement == Placement.LATENCY_AWARE ? Math.min(racks, 2L * window + 1) : racks;
            for (int k = 0; k < T; k++) {
                if (trace.demand(j, k) > capPerRack[k] * span) {
                    return false;
                }
            }
            return true;
        }

        private int[] tryAllocate(int j) {
            if (!placement.composable()) {
                return allocateStatic(j);
            }
            int home;
            if (placement == Placement.LATENCY_AWARE) {
                home = findHome(j);
                if (home < 0) {
                    return null;
                }
            } else {
                for (int k = 0; k < T; k++) {
                    if (trace.demand(j, k) > totalFree[k]) {
                        return null;
                    }
                }
                home = -1;
            }
            int len = 0;
            for (int k = 0; k < T; k++) {
                long need = trace.demand(j, k);
                long[] f = free[k];
                if (placement == Placement.LATENCY_AWARE) {
                    for (int step = 0; need > 0; step++) {
                        int r = home + ((step & 1) == 0 ? step / 2 : -(step / 2 + 1));
                        if (r < 0 || r >= racks || Math.abs(r - home) > window) {
                            continue;
                        }
                        long take = Math.min(need, f[r]);
                        if (take > 0) {
                            len = put(len, r, k, take);
                            need -= take;
                        }
                    }
                } else if (placement == Placement.FIRST_FIT) {
                    for (int r = 0; need > 0; r++) {
                        long take = Math.min(need, f[r]);
                        if (take > 0) {
                            len = put(len, r, k, take);
                            need -= take;
                        }
                    }
                } else {
                    while (need > 0) {
                        int best = -1;
                        int largest = -1;
                        for (int r = 0; r < racks; r++) {
                            if (f[r] >= need && (best < 0 || f[r] < f[best])) {
                                best = r;
                            }
                            if (f[r] > 0 && (largest < 0 || f[r] > f[largest])) {
                                largest = r;
                            }
                        }
                        int r = best >= 0 ? best : largest;
                        long take = Math.min(need, f[r]);
                        len = put(len, r, k, take);
                        need -= take;
                    }
                }
            }
            int[] a = Arrays.copyOf(scratch, len);
            if (home < 0) {
                // home rack = the rack that gives the most cores (first on ties)
                long bestCpu = -1;
                home = 0;
                for (int i = 0; i < len; i += 3) {
                    if (a[i + 1] == ResourceType.CPU.ordinal() && a[i + 2] > bestCpu) {
                        bestCpu = a[i + 2];
                        home = a[i];
                    }
                }
            }
            int farthest = 0;
            boolean anyMemory = false;
            for (int i = 0; i < len; i += 3) {
                if (a[i + 1] == ResourceType.MEMORY.ordinal()) {
                    anyMemory = true;
                    farthest = Math.max(farthest, Math.abs(a[i] - home));
                }
            }
            stretchOf[j] = anyMemory ? stretchByOffset[farthest] : 1.0;
            return a;
        }

        private int put(int len, int rack, int type, long amount) {
            if (len + 3 > scratch.length) {
                scratch = Arrays.copyOf(scratch, scratch.length * 2);
            }
            scratch[len] = rack;
            scratch[len + 1] = type;
            scratch[len + 2] = (int) amount;
            free[type][rack] -= amount;
            totalFree[type] -= amount;
            return len + 3;
        }

        /** The first rack that holds the whole job, else the first whose latency window does; -1 if none. */
        private int findHome(int j) {
            for (int k = 0; k < T; k++) {
                if (trace.demand(j, k) > totalFree[k]) {
                    return -1;
                }
                long[] p = prefix[k];
                long[] f = free[k];
                for (int r = 0; r < racks; r++) {
                    p[r + 1] = p[r] + f[r];
                }
            }
            // prefer a rack that holds the whole job (rack-local pools, one switch level)
            for (int h = 0; h < racks; h++) {
                boolean ok = true;
                for (int k = 0; k < T && ok; k++) {
                    ok = free[k][h] >= trace.demand(j, k);
                }
                if (ok) {
                    return h;
                }
            }
            for (int h = 0; h < racks; h++) {
                int lo = Math.max(0, h - window);
                int hi = Math.min(racks - 1, h + window);
                boolean ok = true;
                for (int k = 0; k < T && ok; k++) {
                    ok = prefix[k][hi + 1] - prefix[k][lo] >= trace.demand(j, k);
                }
                if (ok) {
                    return h;
                }
            }
            return -1;
        }

        private int[] allocateStatic(int j) {
            int need = nodesNeeded(j);
            if (need > totalFreeNodes) {
                return null;
            }
            int[] a = new int[need];
            int i = 0;
            for (int r = 0; i < need; r++) {
                while (freeNodes[r] > 0 && i < need) {
                    a[i++] = nodeStack[r][--freeNodes[r]];
                }
            }
            totalFreeNodes -= need;
            stretchOf[j] = 1.0;
            return a;
        }

        private void pushDeparture(double t, int j) {
            if (hSize == hTime.length) {
                hTime = Arrays.copyOf(hTime, hSize * 2);
                hSerial = Arrays.copyOf(hSerial, hSize * 2);
                hJob = Arrays.copyOf(hJob, hSize * 2);
            }
            int i = hSize++;
            long s = serial++;
            while (i > 0) {
                int p = (i - 1) >>> 1;
                if (hTime[p] < t || (hTime[p] == t && hSerial[p] < s)) {
                    break;
                }
                hTime[i] = hTime[p];
                hSerial[i] = hSerial[p];
                hJob[i] = hJob[p];
                i = p;
            }
            hTime[i] = t;
            hSerial[i] = s;
            hJob[i] = j;
        }

        private int popDeparture() {
            int top = hJob[0];
            hSize--;
            if (hSize > 0) {
                double t = hTime[hSize];
                long s = hSerial[hSize];
                int jb = hJob[hSize];
                int i = 0;
                while (true) {
                    int c = 2 * i + 1;
                    if (c >= hSize) {
                        break;
                    }
                    if (c + 1 < hSize
                            && (hTime[c + 1] < hTime[c] || (hTime[c + 1] == hTime[c] && hSerial[c + 1] < hSerial[c]))) {
                        c++;
                    }
                    if (t < hTime[c] || (t == hTime[c] && s < hSerial[c])) {
                        break;
                    }
                    hTime[i] = hTime[c];
                    hSerial[i] = hSerial[c];
                    hJob[i] = hJob[c];
                    i = c;
                }
                hTime[i] = t;
                hSerial[i] = s;
                hJob[i] = jb;
            }
            return top;
        }
    }
}
