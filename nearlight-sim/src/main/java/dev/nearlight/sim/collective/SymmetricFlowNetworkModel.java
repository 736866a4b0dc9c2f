package dev.nearlight.sim.collective;

import dev.nearlight.sim.net.NetworkTopology;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The flow-level model ({@link FlowNetworkModel}: fluid flows, max-min fair rates, delivery after the path latency)
 * run on symmetry classes: when the routed schedule has an equitable partition into far fewer flow classes than
 * transfers ({@link FlowClasses}), every class is advanced as one flow with a count, and the per-transfer results
 * are expanded from the class results. Otherwise (for example per-flow ECMP, whose hash collisions break the symmetry)
 * it runs the per-flow model. The results equal the per-flow model's up to rounding (a relative 1e-9; tested).
 * Opt-in ({@code nearlight collective --flow-classes}): finding the classes costs about what it saves on the measured
 * fabrics (docs/benchmarks/sim.md).
 */
public final class SymmetricFlowNetworkModel implements NetworkModel {
    private final FlowNetworkModel perFlow;
    private final double maxClassFraction;

    /**
     * Wraps {@code perFlow}; classes are used when there are at most {@code maxClassFraction} times as many flow
     * classes as transfers (in (0, 1]; 1 uses them whenever the partition is equitable, as the tests do).
     */
    public SymmetricFlowNetworkModel(FlowNetworkModel perFlow, double maxClassFraction) {
        if (!(maxClassFraction > 0 && maxClassFraction <= 1)) {
            throw new IllegalArgumentException("maxClassFraction must be in (0, 1]: " + maxClassFraction);
        }
        this.perFlow = perFlow;
        this.maxClassFraction = maxClassFraction;
    }

    /** Uses classes when they are at most an eighth of the transfers. */
    public SymmetricFlowNetworkModel(FlowNetworkModel perFlow) {
        this(perFlow, 0.125);
    }

    @Override
    public String name() {
        return "flow";
    }

    /** The per-flow model's figure (the fallback's and the classes' refinement arrays are of that order). */
    @Override
    public long heapBytesPerTransfer() {
        return perFlow.heapBytesPerTransfer();
    }

    @Override
    public NetworkTopology topology() {
        return perFlow.topology();
    }

    @Override
    public NetworkRun run(TransferSchedule schedule) {
        NetworkTopology t = perFlow.topology();
        int[][] paths = PathTable.route(schedule, t, perFlow.routing());
        FlowClasses classes = classes(schedule, paths);
        if (classes == null) {
            return perFlow.run(schedule, paths, List.of(), false);
        }
        return new ClassRun(schedule, paths, classes).run();
    }

    /** The symmetry classes the model would use for {@code schedule}, or null if it runs per flow. */
    FlowClasses classes(TransferSchedule schedule, int[][] paths) {
        NetworkTopology t = perFlow.topology();
        double[] effCap = new double[t.linkCount()];
        for (int l = 0; l < effCap.length; l++) {
            effCap[l] = perFlow.effectiveCapacityBytesPerNs(l);
        }
        double[] lat = new double[schedule.size()];
        for (int i = 0; i < lat.length; i++) {
            lat[i] = t.pathLatencyNs(paths[i]) + schedule.processingNs(i); // classes share their delivery delay
        }
        int max = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (long) (maxClassFraction * schedule.size())));
        return FlowClasses.of(schedule, paths, effCap, lat, max);
    }

    /**
     * One run on classes. Progressive filling over link classes: a link class L of effective capacity C_L carries
     * n(L,F) flows of every active class F on each of its links, so its fair share is (C_L - sum of frozen n r) /
     * sum of unfrozen n, the same on all its links. Events: a class starts when its last dependency class is
     * delivered, drains at the time its rate gives (kept when the rate does not change, as the per-flow model keeps
     * the drain event), and is delivered its path latency later; the rates are re-filled once per instant, after all
     * of its events.
     */
    private final class ClassRun {
        final TransferSchedule s;
        final int[][] paths;
        final FlowClasses fc;
        final int k;
        final int[] rep;
        final double[] bytes;
        final double[] latency;
        final int[][] linkClassesOf; // distinct link classes of each flow class
        final int[][] multiplicity; // n(L, F) for those link classes
        final double[] capL;
        final int[][] dependents;
        final int[] pending;
        final double[] remaining;
        final double[] rate;
        final double[] lastUpdate;
        final double[] startAt;
        final double[] deliverAt;
        final PriorityQueue<Integer> deliveries;
        long events;

        ClassRun(TransferSchedule s, int[][] paths, FlowClasses fc) {
            this.s = s;
            this.paths = paths;
            this.fc = fc;
            k = fc.classCount;
            rep = new int[k];
            Arrays.fill(rep, -1);
            for (int i = 0; i < s.size(); i++) {
                if (rep[fc.flowClass[i]] < 0) {
                    rep[fc.flowClass[i]] = i;
                }
            }
            NetworkTopology t = perFlow.topology();
            capL = new double[fc.linkClassCount];
            for (int l = 0; l < t.linkCount(); l++) {
                if (fc.linkClass[l] >= 0) {
                    capL[fc.linkClass[l]] = perFlow.effectiveCapacityBytesPerNs(l);
                }
            }
            // n(L, F): flows of F on one link of L = (members of F) x (links of L on F's path) / (links in L)
            long[] linksInClass = new long[fc.linkClassCount];
            for (int c : fc.linkClass) {
                if (c >= 0) {
                    linksInClass[c]++;
                }
            }
            long[] members = new long[k];
            for (int c : fc.flowClass) {
                members[c]++;
            }
            bytes = new double[k];
            latency = new double[k];
            linkClassesOf = new int[k][];
            multiplicity = new int[k][];
            int[] depCount = new int[k];
            int[][] deps = new int[k][];
            for (int c = 0; c < k; c++) {
                int r = rep[c];
                bytes[c] = s.bytes(r);
                latency[c] = t.pathLatencyNs(paths[r]) + s.processingNs(r);
                int[] sorted = fc.sortedLinkClasses(paths[r]);
                int distinct = 0;
                for (int x = 0; x < sorted.length; x++) {
                    if (x == 0 || sorted[x] != sorted[x - 1]) {
                        distinct++;
                    }
                }
                linkClassesOf[c] = new int[distinct];
                multiplicity[c] = new int[distinct];
                int j = -1;
                for (int x = 0; x < sorted.length; x++) {
                    if (x == 0 || sorted[x] != sorted[x - 1]) {
                        j++;
                        linkClassesOf[c][j] = sorted[x];
                    }
                    multiplicity[c][j]++;
                }
                for (int x = 0; x < distinct; x++) {
                    long total = members[c] * multiplicity[c][x];
                    long per = linksInClass[linkClassesOf[c][x]];
                    if (total % per != 0) {
                        throw new IllegalStateException("flow classes are not equitable");
                    }
                    multiplicity[c][x] = (int) (total / per);
                }
                deps[c] = fc.depClasses(s, r);
                for (int d : deps[c]) {
                    depCount[d]++;
                }
            }
            dependents = new int[k][];
            for (int c = 0; c < k; c++) {
                dependents[c] = new int[depCount[c]];
                depCount[c] = 0;
            }
            pending = new int[k];
            for (int c = 0; c < k; c++) {
                pending[c] = deps[c].length;
                for (int d : deps[c]) {
                    dependents[d][depCount[d]++] = c;
                }
            }
            remaining = new double[k];
            rate = new double[k];
            lastUpdate = new double[k];
            startAt = new double[k];
            deliverAt = new double[k];
            deliveries = new PriorityQueue<>((a, b) -> a.intValue() == b.intValue()
                    ? 0
                    : Double.compare(deliverAt[a], deliverAt[b]) != 0
                            ? Double.compare(deliverAt[a], deliverAt[b])
                            : Integer.compare(a, b));
        }

        // active classes per link class (with their multiplicity n(L, F)), as the per-flow model keeps flows per link
        int[][] linkAct;
        int[][] linkActMult;
        int[] linkActCount;
        boolean[] isActive;
        int[] version;
        // drain heap (time, class, version), stale entries skipped
        double[] dKey = new double[64];
        int[] dId = new int[64];
        int[] dVer = new int[64];
        int dSize;
        // component refill scratch
        boolean[] dirty;
        int[] dirtyList = new int[64];
        int dirtyCount;
        int[] compStamp;
        int[] linkStamp;
        int stamp;
        int[] comp = new int[64];
        int[] compLinks = new int[64];
        double[] linkRem;
        long[] linkCnt;
        double[] hKey = new double[64];
        int[] hId = new int[64];
        int hSize;

        NetworkRun run() {
            int nl = capL.length;
            linkAct = new int[nl][];
            linkActMult = new int[nl][];
            linkActCount = new int[nl];
            isActive = new boolean[k];
            version = new int[k];
            dirty = new boolean[nl];
            compStamp = new int[k];
            linkStamp = new int[nl];
            linkRem = new double[nl];
            linkCnt = new long[nl];
            double now = 0;
            int delivered = 0;
            for (int c = 0; c < k; c++) {
                if (pending[c] == 0) {
                    start(c, 0);
                }
            }
            while (true) {
                delivered += settle(now);
                refill(now);
                while (dSize > 0 && (!isActive[dId[0]] || dVer[0] != version[dId[0]])) {
                    dPop();
                }
                double next = deliveries.isEmpty() ? Double.POSITIVE_INFINITY : deliverAt[deliveries.peek()];
                if (dSize > 0) {
                    next = Math.min(next, dKey[0]);
                }
                if (next == Double.POSITIVE_INFINITY) {
                    break;
                }
                now = next;
                while (dSize > 0 && dKey[0] == now) {
                    int c = dId[0];
                    boolean valid = isActive[c] && dVer[0] == version[c];
                    dPop();
                    if (valid) {
                        drain(c, now);
                    }
                }
            }
            if (delivered != k) {
                throw new IllegalStateException("deadlock: " + delivered + " of " + k + " flow classes delivered");
            }
            int n = s.size();
            double[] fct = new double[n];
            double[] finish = new double[n];
            double makespan = 0;
            NetworkTopology t = perFlow.topology();
            double[] linkBytes = new double[t.linkCount()];
            for (int i = 0; i < n; i++) {
                int c = fc.flowClass[i];
                fct[i] = deliverAt[c] - startAt[c];
                finish[i] = deliverAt[c];
                makespan = Math.max(makespan, finish[i]);
                double b = s.bytes(i);
                for (int l : paths[i]) {
                    linkBytes[l] += b;
                }
            }
            double[] caps = new double[t.linkCount()];
            for (int l = 0; l < caps.length; l++) {
                caps[l] = t.linkCapacityBytesPerS(l);
            }
            return new NetworkRun(makespan, fct, finish, linkBytes, caps, events, 0);
        }

        /** Delivers every class due at {@code now} (and what that starts and delivers at once); returns the count. */
        private int settle(double now) {
            int count = 0;
            while (!deliveries.isEmpty() && deliverAt[deliveries.peek()] <= now) {
                int c = deliveries.poll();
                events++;
                count++;
                for (int d : dependents[c]) {
                    if (--pending[d] == 0) {
                        start(d, now);
                    }
                }
            }
            return count;
        }

        private void start(int c, double now) {
            events++;
            startAt[c] = now;
            if (linkClassesOf[c].length == 0 || !(bytes[c] > 0)) {
                deliverAt[c] = now + latency[c];
                deliveries.add(c);
                return;
            }
            remaining[c] = bytes[c];
            lastUpdate[c] = now;
            rate[c] = 0;
            isActive[c] = true;
            int[] ls = linkClassesOf[c];
            for (int x = 0; x < ls.length; x++) {
                int L = ls[x];
                int cnt = linkActCount[L];
                if (linkAct[L] == null) {
                    linkAct[L] = new int[4];
                    linkActMult[L] = new int[4];
                } else if (cnt == linkAct[L].length) {
                    linkAct[L] = Arrays.copyOf(linkAct[L], cnt * 2);
                    linkActMult[L] = Arrays.copyOf(linkActMult[L], cnt * 2);
                }
                linkAct[L][cnt] = c;
                linkActMult[L][cnt] = multiplicity[c][x];
                linkActCount[L] = cnt + 1;
                markDirty(L);
            }
        }

        private void drain(int c, double now) {
            events++;
            isActive[c] = false;
            rate[c] = 0;
            for (int L : linkClassesOf[c]) {
                int cnt = linkActCount[L];
                int[] a = linkAct[L];
                for (int x = 0; x < cnt; x++) {
                    if (a[x] == c) {
                        a[x] = a[cnt - 1];
                        linkActMult[L][x] = linkActMult[L][cnt - 1];
                        break;
                    }
                }
                linkActCount[L] = cnt - 1;
                markDirty(L);
            }
            deliverAt[c] = now + latency[c];
            deliveries.add(c);
        }

        private void markDirty(int L) {
            if (!dirty[L]) {
                dirty[L] = true;
                if (dirtyCount == dirtyList.length) {
                    dirtyList = Arrays.copyOf(dirtyList, dirtyCount * 2);
                }
                dirtyList[dirtyCount++] = L;
            }
        }

        /**
         * Progressive filling of the component of active classes connected to a changed link class through link
         * classes that two or more active classes share (max-min decomposes over such components; a link class with a
         * single active class only caps it), by a heap of fair shares and caps with stale entries skipped.
         */
        private void refill(double now) {
            if (dirtyCount == 0) {
                return;
            }
            int st = ++stamp;
            int nf = 0;
            int nlc = 0;
            for (int d = 0; d < dirtyCount; d++) {
                int L0 = dirtyList[d];
                dirty[L0] = false;
                int scanF = nf;
                for (int x = 0; x < linkActCount[L0]; x++) {
                    int c = linkAct[L0][x];
                    if (compStamp[c] != st) {
                        compStamp[c] = st;
                        comp = grow(comp, nf);
                        comp[nf++] = c;
                    }
                }
                while (scanF < nf) {
                    int c = comp[scanF++];
                    for (int L : linkClassesOf[c]) {
                        if (linkActCount[L] >= 2 && linkStamp[L] != st) {
                            linkStamp[L] = st;
                            compLinks = grow(compLinks, nlc);
                            compLinks[nlc++] = L;
                            for (int x = 0; x < linkActCount[L]; x++) {
                                int g = linkAct[L][x];
                                if (compStamp[g] != st) {
                                    compStamp[g] = st;
                                    comp = grow(comp, nf);
                                    comp[nf++] = g;
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
            hSize = 0;
            for (int q = 0; q < nf; q++) {
                int c = comp[q];
                double cap = Double.POSITIVE_INFINITY;
                int[] ls = linkClassesOf[c];
                for (int x = 0; x < ls.length; x++) {
                    if (linkActCount[ls[x]] == 1) {
                        cap = Math.min(cap, capL[ls[x]] / multiplicity[c][x]);
                    }
                }
                if (cap < Double.POSITIVE_INFINITY) {
                    hPush(cap, ~c);
                }
            }
            for (int q = 0; q < nlc; q++) {
                int L = compLinks[q];
                long cnt = 0;
                for (int x = 0; x < linkActCount[L]; x++) {
                    cnt += linkActMult[L][x];
                }
                linkRem[L] = capL[L];
                linkCnt[L] = cnt;
                hPush(capL[L] / cnt, L);
            }
            int unfrozen = nf;
            while (unfrozen > 0 && hSize > 0) {
                double level = hKey[0];
                int id = hId[0];
                hPop();
                if (id < 0) {
                    int c = ~id;
                    if (compStamp[c] == st) {
                        freeze(c, level, st, now);
                        unfrozen--;
                    }
                    continue;
                }
                int L = id;
                if (linkCnt[L] == 0 || linkRem[L] / linkCnt[L] != level) {
                    continue; // stale
                }
                for (int x = 0; x < linkActCount[L]; x++) {
                    int c = linkAct[L][x];
                    if (compStamp[c] == st) {
                        freeze(c, level, st, now);
                        unfrozen--;
                    }
                }
            }
            if (unfrozen != 0) {
                throw new IllegalStateException("max-min filling left " + unfrozen + " flow classes without a rate");
            }
        }

        private void freeze(int c, double level, int st, double now) {
            compStamp[c] = -st;
            remaining[c] = Math.max(0, remaining[c] - rate[c] * (now - lastUpdate[c]));
            lastUpdate[c] = now;
            if (level != rate[c]) {
                rate[c] = level;
                version[c]++;
                dPush(now + remaining[c] / level, c, version[c]);
            }
            int[] ls = linkClassesOf[c];
            for (int x = 0; x < ls.length; x++) {
                int L = ls[x];
                if (linkStamp[L] == st && linkActCount[L] >= 2) {
                    linkRem[L] -= multiplicity[c][x] * level;
                    if (linkRem[L] < -NetworkRun.TOLERANCE * capL[L]) {
                        throw new IllegalStateException("max-min filling put " + (capL[L] - linkRem[L])
                                + " B/ns on link class " + L + " of capacity " + capL[L] + " B/ns");
                    }
                    linkRem[L] = Math.max(0, linkRem[L]);
                    linkCnt[L] -= multiplicity[c][x];
                    if (linkCnt[L] > 0) {
                        hPush(linkRem[L] / linkCnt[L], L);
                    }
                }
            }
        }

        private static int[] grow(int[] a, int n) {
            return n == a.length ? Arrays.copyOf(a, n * 2) : a;
        }

        private void hPush(double key, int id) {
            if (hSize == hKey.length) {
                hKey = Arrays.copyOf(hKey, hSize * 2);
                hId = Arrays.copyOf(hId, hSize * 2);
            }
            int i = hSize++;
            while (i > 0) {
                int p = (i - 1) >>> 1;
                if (hKey[p] <= key) {
                    break;
                }
                hKey[i] = hKey[p];
                hId[i] = hId[p];
                i = p;
            }
            hKey[i] = key;
            hId[i] = id;
        }

        private void hPop() {
            double key = hKey[--hSize];
            int id = hId[hSize];
            int i = 0;
            while (true) {
                int a = 2 * i + 1;
                if (a >= hSize) {
                    break;
                }
                if (a + 1 < hSize && hKey[a + 1] < hKey[a]) {
                    a++;
                }
                if (hKey[a] >= key) {
                    break;
                }
                hKey[i] = hKey[a];
                hId[i] = hId[a];
                i = a;
            }
            hKey[i] = key;
            hId[i] = id;
        }

        private void dPush(double key, int id, int ver) {
            if (dSize == dKey.length) {
                dKey = Arrays.copyOf(dKey, dSize * 2);
                dId = Arrays.copyOf(dId, dSize * 2);
                dVer = Arrays.copyOf(dVer, dSize * 2);
            }
            int i = dSize++;
            while (i > 0) {
                int p = (i - 1) >>> 1;
                if (dKey[p] <= key) {
                    break;
                }
                dKey[i] = dKey[p];
                dId[i] = dId[p];
                dVer[i] = dVer[p];
                i = p;
            }
            dKey[i] = key;
            dId[i] = id;
            dVer[i] = ver;
        }

        private void dPop() {
            double key = dKey[--dSize];
            int id = dId[dSize];
            int ver = dVer[dSize];
            int i = 0;
            while (true) {
                int a = 2 * i + 1;
                if (a >= dSize) {
                    break;
                }
                if (a + 1 < dSize && dKey[a + 1] < dKey[a]) {
                    a++;
                }
                if (dKey[a] >= key) {
                    break;
                }
                dKey[i] = dKey[a];
                dId[i] = dId[a];
                dVer[i] = dVer[a];
                i = a;
            }
            dKey[i] = key;
            dId[i] = id;
            dVer[i] = ver;
        }
    }
}
