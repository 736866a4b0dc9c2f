package dev.nearlight.sim.collective;

import dev.nearlight.sim.net.NetworkTopology;
import dev.nearlight.sim.net.RankTranslations;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The flow model ({@link FlowNetworkModel}) run on a {@link QuotientSchedule}: every orbit of transfers under the
 * topology's translations is one flow class, every orbit of links one link class, and {@link ClassFlowSolver} advances
 * them, so time and memory grow with the number of orbits (the step count) instead of steps x ranks. Exact, not an
 * approximation: max-min fair rates are unique, so a problem the translations map onto itself has translation-invariant
 * rates, and every member of an orbit starts, drains and is delivered with its representative. Applies only when that
 * holds, which is checked, not assumed: the model changes nothing mid-run or per rank, and routing maps the translate of
 * every representative onto the translate of its path (each member is routed and compared; per-flow ECMP hashing that
 * breaks the symmetry falls back). Otherwise {@link #run} returns empty and the caller runs the materialised schedule.
 */
public final class QuotientFlowRun {
    private QuotientFlowRun() {}

    /**
     * Runs {@code q} on {@code model} if it is a flow model on {@code translations}' topology and the symmetry holds.
     * The result's per-flow arrays have one entry per orbit (all orbits have {@code q.ranks()} members, so percentiles
     * are those of the transfers) and its per-link arrays one entry per link orbit (the bytes on each of its links and
     * their capacity), so utilisation is that of every link.
     */
    public static Optional<NetworkRun> run(NetworkModel model, QuotientSchedule q, RankTranslations translations) {
        FlowNetworkModel flow;
        if (model instanceof FlowNetworkModel f) {
            flow = f;
        } else if (model instanceof SymmetricFlowNetworkModel s) {
            flow = s.perFlow();
        } else {
            return Optional.empty();
        }
        NetworkTopology t = flow.topology();
        if (flow.hasRunChanges() || translations.topology() != t || translations.ranks() != q.ranks()) {
            return Optional.empty();
        }
        int k = q.size();
        int n = q.ranks();
        // route one representative per (destination, label) and check every member's path is its translate
        Map<Long, int[]> pathOf = new HashMap<>();
        int[][] repPath = new int[k][];
        for (int c = 0; c < k; c++) {
            long key = ((long) q.dstRank()[c] << 32) | (q.label()[c] & 0xffffffffL);
            int[] p = pathOf.get(key);
            if (p == null) {
                p = equivariantPath(flow, translations, q.dstRank()[c], q.label()[c]);
                if (p == null) {
                    return Optional.empty();
                }
                pathOf.put(key, p);
            }
            repPath[c] = p;
        }
        // link orbits of the links on representative paths
        int[] linkClass = new int[t.linkCount()];
        Arrays.fill(linkClass, -1);
        int[] orbitSize = new int[16];
        int[] orbitRep = new int[16];
        int classes = 0;
        for (int[] p : pathOf.values()) {
            for (int l : p) {
                if (linkClass[l] >= 0) {
                    continue;
                }
                int size = 0;
                double cap = flow.effectiveCapacityBytesPerNs(l);
                for (int r = 0; r < n; r++) {
                    int m = translations.link(l, r);
                    if (m < 0 || flow.effectiveCapacityBytesPerNs(m) != cap) {
                        return Optional.empty();
                    }
                    if (linkClass[m] < 0) {
                        linkClass[m] = classes;
                        size++;
                    } else if (linkClass[m] != classes) {
                        throw new IllegalStateException("link orbits overlap: translations are not a group action");
                    }
                }
                if (classes == orbitSize.length) {
                    orbitSize = Arrays.copyOf(orbitSize, classes * 2);
                    orbitRep = Arrays.copyOf(orbitRep, classes * 2);
                }
                orbitSize[classes] = size;
                orbitRep[classes] = l;
                classes++;
            }
        }
        double[] capL = new double[classes];
        double[] rawCap = new double[classes];
        for (int L = 0; L < classes; L++) {
            capL[L] = flow.effectiveCapacityBytesPerNs(orbitRep[L]);
            rawCap[L] = t.linkCapacityBytesPerS(orbitRep[L]);
        }
        double[] latency = new double[k];
        int[][] linkClassesOf = new int[k][];
        int[][] multiplicity = new int[k][];
        double[] linkBytes = new double[classes];
        for (int c = 0; c < k; c++) {
            int[] p = repPath[c];
            latency[c] = t.pathLatencyNs(p) + q.processingNs()[c];
            int[] sorted = new int[p.length];
            for (int x = 0; x < p.length; x++) {
                sorted[x] = linkClass[p[x]];
            }
            Arrays.sort(sorted);
            int distinct = 0;
            for (int x = 0; x < sorted.length; x++) {
                if (x == 0 || sorted[x] != sorted[x - 1]) {
                    sorted[distinct++] = sorted[x];
                }
            }
            linkClassesOf[c] = Arrays.copyOf(sorted, distinct);
            multiplicity[c] = new int[distinct];
            for (int x = 0; x < distinct; x++) {
                int L = linkClassesOf[c][x];
                long hops = 0;
                for (int l : p) {
                    if (linkClass[l] == L) {
                        hops++;
                    }
                }
                // n members, each with `hops` links of L, spread evenly over the orbit's links (transitivity)
                long total = hops * n;
                if (total % orbitSize[L] != 0) {
                    throw new IllegalStateException("flow orbit not equitable on link orbit " + L);
                }
                multiplicity[c][x] = (int) (total / orbitSize[L]);
                linkBytes[L] += multiplicity[c][x] * q.bytes()[c];
            }
        }
        ClassFlowSolver solver = new ClassFlowSolver(q.bytes(), latency, linkClassesOf, multiplicity, capL, q.deps());
        solver.run();
        double[] fct = new double[k];
        double makespan = 0;
        for (int c = 0; c < k; c++) {
            fct[c] = solver.deliverAt[c] - solver.startAt[c];
            makespan = Math.max(makespan, solver.deliverAt[c]);
        }
        return Optional.of(
                new NetworkRun(makespan, fct, solver.deliverAt.clone(), linkBytes, rawCap, solver.events, 0));
    }

    /**
     * The path of rank 0's transfer to {@code dst} with {@code label}, if every rank r's transfer to t_r(dst) takes
     * the translate by t_r of that path; null otherwise.
     */
    private static int[] equivariantPath(FlowNetworkModel flow, RankTranslations tr, int dst, int label) {
        int n = tr.ranks();
        NetworkTopology t = flow.topology();
        int[] src = new int[n];
        int[] dstNodes = new int[n];
        int[] labels = new int[n];
        for (int r = 0; r < n; r++) {
            src[r] = t.endpoint(r);
            dstNodes[r] = t.endpoint(tr.rank(dst, r));
            labels[r] = label;
        }
        int[][] paths = flow.routing().paths(src, dstNodes, labels);
        int[] p = paths[0];
        for (int r = 1; r < n; r++) {
            if (paths[r].length != p.length) {
                return null;
            }
            for (int h = 0; h < p.length; h++) {
                if (paths[r][h] != tr.link(p[h], r)) {
                    return null;
                }
            }
        }
        return p;
    }
}
