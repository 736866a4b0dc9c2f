package dev.nearlight.sim.collective;

import java.util.Arrays;

/**
 * Symmetry classes of a routed schedule: a partition of the transfers into flow classes and of the used links into link
 * classes such that every member of a flow class has the same bytes, path latency, number of links of every link class
 * and set of dependency classes, and every link of a link class has the same effective capacity and carries the same
 * number of flows of every flow class (an equitable partition). Progressive filling then gives all members of a flow
 * class the same max-min rate at every instant, and by induction over the dependencies they start, drain and are
 * delivered together, so a class can be simulated as one flow with a count (docs/sim.md, "Flow classes").
 *
 * <p>Found by colour refinement (1-dimensional Weisfeiler-Leman) from an initial colouring by (phase, bytes, path
 * latency) for flows and effective capacity for links, with 64-bit signature hashes; the result is then verified
 * exactly, so a hash collision can only cost the speed-up, never correctness.
 */
final class FlowClasses {
    /** Flow class of every transfer, 0 .. classCount-1, numbered by first member. */
    final int[] flowClass;

    final int classCount;
    /** Link class of every link, -1 for links no transfer uses. */
    final int[] linkClass;

    final int linkClassCount;

    private FlowClasses(int[] flowClass, int classCount, int[] linkClass, int linkClassCount) {
        this.flowClass = flowClass;
        this.classCount = classCount;
        this.linkClass = linkClass;
        this.linkClassCount = linkClassCount;
    }

    /**
     * The coarsest equitable partition refining the initial colouring, or null if it has more than {@code maxClasses}
     * flow classes (then per-flow simulation is as cheap) or fails the exact check.
     */
    static FlowClasses of(TransferSchedule s, int[][] paths, double[] effCap, double[] latencyNs, int maxClasses) {
        int n = s.size();
        int m = effCap.length;
        // link -> flows incidence (CSR)
        int[] lStart = new int[m + 1];
        for (int i = 0; i < n; i++) {
            for (int l : paths[i]) {
                lStart[l + 1]++;
            }
        }
        for (int l = 0; l < m; l++) {
            lStart[l + 1] += lStart[l];
        }
        int[] lFlows = new int[lStart[m]];
        int[] pos = Arrays.copyOf(lStart, m);
        for (int i = 0; i < n; i++) {
            for (int l : paths[i]) {
                lFlows[pos[l]++] = i;
            }
        }
        int[] fc = new int[n];
        int fCount;
        {
            Ids ids = new Ids(n);
            for (int i = 0; i < n; i++) {
                long h = mix(mix(mix(s.phase(i)) ^ Double.doubleToLongBits(s.bytes(i)))
                        ^ Double.doubleToLongBits(latencyNs[i]) * 31
                        ^ paths[i].length);
                fc[i] = ids.id(h);
            }
            fCount = ids.size();
        }
        int[] lc = new int[m];
        int lCount;
        {
            Ids ids = new Ids(m);
            for (int l = 0; l < m; l++) {
                lc[l] = lStart[l + 1] == lStart[l] ? -1 : ids.id(mix(Double.doubleToLongBits(effCap[l])));
            }
            lCount = ids.size();
        }
        if (fCount > maxClasses) {
            return null;
        }
        int[] scratch = new int[64];
        while (true) {
            // links from the current flow colours
            Ids lIds = new Ids(m);
            int[] nlc = new int[m];
            for (int l = 0; l < m; l++) {
                if (lc[l] < 0) {
                    nlc[l] = -1;
                    continue;
                }
                int k = lStart[l + 1] - lStart[l];
                if (scratch.length < k) {
                    scratch = new int[Math.max(k, scratch.length * 2)];
                }
                for (int x = 0; x < k; x++) {
                    scratch[x] = fc[lFlows[lStart[l] + x]];
                }
                Arrays.sort(scratch, 0, k);
                long h = mix(lc[l] + 0x9E3779B97F4A7C15L);
                for (int x = 0; x < k; x++) {
                    h = mix(h ^ scratch[x]);
                }
                nlc[l] = lIds.id(h);
            }
            // flows from the current link colours and dependency colours
            Ids fIds = new Ids(n);
            int[] nfc = new int[n];
            for (int i = 0; i < n; i++) {
                int[] p = paths[i];
                int k = p.length;
                int d0 = s.depStart(i);
                int d = s.depStart(i + 1) - d0;
                if (scratch.length < Math.max(k, d)) {
                    scratch = new int[Math.max(Math.max(k, d), scratch.length * 2)];
                }
                for (int x = 0; x < k; x++) {
                    scratch[x] = lc[p[x]];
                }
                Arrays.sort(scratch, 0, k);
                long h = mix(fc[i] + 0x632BE59BD9B4E019L);
                for (int x = 0; x < k; x++) {
                    h = mix(h ^ scratch[x]);
                }
                for (int x = 0; x < d; x++) {
                    scratch[x] = fc[s.dep(d0 + x)];
                }
                Arrays.sort(scratch, 0, d);
                h = mix(h ^ 0x85EBCA77C2B2AE63L);
                for (int x = 0; x < d; x++) {
                    if (x == 0 || scratch[x] != scratch[x - 1]) { // a set: repeated classes do not matter
                        h = mix(h ^ scratch[x]);
                    }
                }
                nfc[i] = fIds.id(h);
            }
            boolean stable = fIds.size() == fCount && lIds.size() == lCount;
            fc = nfc;
            lc = nlc;
            fCount = fIds.size();
            lCount = lIds.size();
            if (fCount > maxClasses) {
                return null;
            }
            if (stable) {
                break;
            }
        }
        FlowClasses c = new FlowClasses(fc, fCount, lc, lCount);
        return c.verify(s, paths, effCap, latencyNs, lStart, lFlows) ? c : null;
    }

    /** Exact check of the equitable-partition conditions (the refinement only compared hashes). */
    private boolean verify(
            TransferSchedule s, int[][] paths, double[] effCap, double[] latencyNs, int[] lStart, int[] lFlows) {
        int n = s.size();
        int[] rep = new int[classCount];
        Arrays.fill(rep, -1);
        int[][] repLinks = new int[classCount][];
        int[][] repDeps = new int[classCount][];
        int[] a = new int[64];
        for (int i = 0; i < n; i++) {
            int c = flowClass[i];
            if (rep[c] < 0) {
                rep[c] = i;
                repLinks[c] = sortedLinkClasses(paths[i]);
                repDeps[c] = depClasses(s, i);
                for (int d : repDeps[c]) {
                    if (d == c) {
                        return false; // a class may not wait for itself
                    }
                }
                continue;
            }
            int r = rep[c];
            int[] p = paths[i];
            int d0 = s.depStart(i);
            int nd = s.depStart(i + 1) - d0;
            if (s.bytes(i) != s.bytes(r) || latencyNs[i] != latencyNs[r] || p.length != repLinks[c].length) {
                return false;
            }
            if (a.length < Math.max(p.length, nd)) {
                a = new int[Math.max(Math.max(p.length, nd), a.length * 2)];
            }
            for (int x = 0; x < p.length; x++) {
                a[x] = linkClass[p[x]];
            }
            Arrays.sort(a, 0, p.length);
            if (!Arrays.equals(a, 0, p.length, repLinks[c], 0, p.length)) {
                return false;
            }
            for (int x = 0; x < nd; x++) {
                a[x] = flowClass[s.dep(d0 + x)];
            }
            Arrays.sort(a, 0, nd);
            int k = 0;
            for (int x = 0; x < nd; x++) {
                if (x == 0 || a[x] != a[x - 1]) {
                    a[k++] = a[x];
                }
            }
            if (!Arrays.equals(a, 0, k, repDeps[c], 0, repDeps[c].length)) {
                return false;
            }
        }
        int m = linkClass.length;
        int[] lrep = new int[linkClassCount];
        Arrays.fill(lrep, -1);
        for (int l = 0; l < m; l++) {
            int c = linkClass[l];
            if (c < 0) {
                continue;
            }
            if (lrep[c] < 0) {
                lrep[c] = l;
                continue;
            }
            int r = lrep[c];
            if (effCap[l] != effCap[r]
                    || !Arrays.equals(sortedFlowClasses(l, lStart, lFlows), sortedFlowClasses(r, lStart, lFlows))) {
                return false;
            }
        }
        return true;
    }

    int[] sortedLinkClasses(int[] path) {
        int[] a = new int[path.length];
        for (int x = 0; x < a.length; x++) {
            a[x] = linkClass[path[x]];
        }
        Arrays.sort(a);
        return a;
    }

    /** The distinct flow classes transfer i depends on, sorted. */
    int[] depClasses(TransferSchedule s, int i) {
        int d0 = s.depStart(i);
        int[] a = new int[s.depStart(i + 1) - d0];
        for (int x = 0; x < a.length; x++) {
            a[x] = flowClass[s.dep(d0 + x)];
        }
        Arrays.sort(a);
        int k = 0;
        for (int x = 0; x < a.length; x++) {
            if (x == 0 || a[x] != a[x - 1]) {
                a[k++] = a[x];
            }
        }
        return Arrays.copyOf(a, k);
    }

    private int[] sortedFlowClasses(int l, int[] lStart, int[] lFlows) {
        int[] a = new int[lStart[l + 1] - lStart[l]];
        for (int x = 0; x < a.length; x++) {
            a[x] = flowClass[lFlows[lStart[l] + x]];
        }
        Arrays.sort(a);
        return a;
    }

    /** Dense ids for 64-bit signatures: an open-addressing hash map without boxing. */
    private static final class Ids {
        private long[] keys;
        private int[] vals;
        private int size;

        Ids(int expected) {
            int cap = Integer.highestOneBit(Math.max(16, Math.min(expected, 1 << 20)) * 2);
            keys = new long[cap];
            vals = new int[cap];
            java.util.Arrays.fill(vals, -1);
        }

        int id(long key) {
            int mask = keys.length - 1;
            int h = (int) mix(key) & mask;
            while (vals[h] >= 0) {
                if (keys[h] == key) {
                    return vals[h];
                }
                h = (h + 1) & mask;
            }
            keys[h] = key;
            vals[h] = size++;
            if (size * 2 > keys.length) {
                long[] ok = keys;
                int[] ov = vals;
                keys = new long[ok.length * 2];
                vals = new int[ok.length * 2];
                java.util.Arrays.fill(vals, -1);
                int m2 = keys.length - 1;
                for (int x = 0; x < ok.length; x++) {
                    if (ov[x] >= 0) {
                        int g = (int) mix(ok[x]) & m2;
                        while (vals[g] >= 0) {
                            g = (g + 1) & m2;
                        }
                        keys[g] = ok[x];
                        vals[g] = ov[x];
                    }
                }
            }
            return size - 1;
        }

        int size() {
            return size;
        }
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }
}
