package dev.nearlight.sim.collective;

import java.util.Arrays;
import java.util.PriorityQueue;

/**
 * The flow-level model's dynamics (fluid flows, max-min fair rates, delivery a latency after the last byte) on flow
 * classes: class c stands for flows that all carry {@code bytes[c]}, start together and get the same rate, and puts
 * {@code multiplicity[c][x]} of them on every link of link class {@code linkClassesOf[c][x]}, a link class being links
 * of equal effective capacity {@code capL} that carry the same load. Progressive filling over link classes: a link class
 * L carries n(L,F) flows of every active class F on each of its links, so its fair share is (C_L - sum of frozen n r) /
 * sum of unfrozen n, the same on all its links. Events: a class starts when its last dependency class is delivered,
 * drains at the time its rate gives (kept when the rate does not change, as the per-flow model keeps the drain event),
 * and is delivered its latency later; the rates are re-filled once per instant, after all of its events. Shared by
 * {@link SymmetricFlowNetworkModel} (classes found on a routed schedule) and {@link QuotientRun} (classes given by
 * a translation symmetry, never materialising the members).
 */
final class ClassFlowSolver {
    final int k;
    final double[] bytes;
    final double[] latency;
    final int[][] linkClassesOf;
    final int[][] multiplicity;
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

    /**
     * Classes 0..k-1 with their bytes, delivery latency (path latency plus receiver processing, ns), distinct link
     * classes and flows per link there, the link classes' effective capacities (bytes per ns) and each class's
     * dependency classes (all must be delivered before it starts).
     */
    ClassFlowSolver(
            double[] bytes,
            double[] latency,
            int[][] linkClassesOf,
            int[][] multiplicity,
            double[] capL,
            int[][] deps) {
        this.k = bytes.length;
        this.bytes = bytes;
        this.latency = latency;
        this.linkClassesOf = linkClassesOf;
        this.multiplicity = multiplicity;
        this.capL = capL;
        int[] depCount = new int[k];
        for (int c = 0; c < k; c++) {
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

    /** Runs every class to delivery; {@link #startAt} and {@link #deliverAt} hold the results. */
    void run() {
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
