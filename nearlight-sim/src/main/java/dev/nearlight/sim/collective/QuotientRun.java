package dev.nearlight.sim.collective;

import dev.nearlight.sim.net.NetworkTopology;
import dev.nearlight.sim.net.RankTranslations;
import dev.nearlight.sim.net.Routing;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntToDoubleFunction;

/**
 * A network model run on a {@link QuotientSchedule}: every orbit of transfers under the topology's translations is one
 * flow class and every orbit of links one link class, so time and memory grow with the number of orbits (the step
 * count) instead of steps x ranks. Exact, not an approximation. The flow model ({@link FlowNetworkModel}) advances the
 * classes with {@link ClassFlowSolver}: max-min fair rates are unique, so a problem the translations map onto itself has
 * translation-invariant rates, and every member of an orbit starts, drains and is delivered with its representative.
 * The analytical model ({@link AnalyticalNetworkModel}) takes its critical-path and link-load bounds over classes: the
 * members of an orbit have the same start, duration and tail, and every link of a link orbit carries the same bytes.
 * Applies only when the symmetry holds, which is checked, not assumed: the model changes nothing mid-run or per rank,
 * and routing maps the translate of every representative onto the translate of its path (each member is routed and
 * compared; per-flow ECMP hashing that breaks the symmetry declines). Otherwise {@link #run} returns empty and the
 * caller runs the materialised schedule.
 */
public final class QuotientRun {
    /** Node visits the symmetry checks may spend (distinct destinations and labels x nodes) before declining. */
    static final double ROUTING_BUDGET = 2e8;

    private QuotientRun() {}

    /**
     * Runs {@code q} on {@code model} if it is a flow or analytical model on {@code translations}' topology and the
     * symmetry holds. The result's per-flow arrays have one entry per orbit (all orbits have {@code q.ranks()}
     * members, so percentiles are those of the transfers) and its per-link arrays one entry per link orbit (the bytes
     * on each of its links and their capacity), so utilisation is that of every link.
     */
    public static Optional<NetworkRun> run(NetworkModel model, QuotientSchedule q, RankTranslations translations) {
        if (translations.topology() != model.topology() || translations.ranks() != q.ranks()) {
            return Optional.empty();
        }
        if (model instanceof SymmetricFlowNetworkModel s) {
            model = s.perFlow();
        }
        if (model instanceof FlowNetworkModel flow) {
            if (flow.hasRunChanges()) {
                return Optional.empty();
            }
            Classes c = Classes.of(flow.topology(), flow.routing(), flow::effectiveCapacityBytesPerNs, q, translations);
            return c == null ? Optional.empty() : Optional.of(flow(q, c));
        }
        if (model instanceof AnalyticalNetworkModel a) {
            Classes c = Classes.of(a.topology(), a.routing(), a::effectiveCapacityBytesPerNs, q, translations);
            return c == null ? Optional.empty() : Optional.of(analytical(q, c));
        }
        return Optional.empty();
    }

    private static NetworkRun flow(QuotientSchedule q, Classes c) {
        ClassFlowSolver solver =
                new ClassFlowSolver(q.bytes(), c.latency, c.linkClassesOf, c.multiplicity, c.capL, q.deps());
        solver.run();
        int k = q.size();
        double[] fct = new double[k];
        double makespan = 0;
        for (int f = 0; f < k; f++) {
            fct[f] = solver.deliverAt[f] - solver.startAt[f];
            makespan = Math.max(makespan, solver.deliverAt[f]);
        }
        return new NetworkRun(makespan, fct, solver.deliverAt.clone(), c.linkBytes, c.rawCap, solver.events, 0);
    }

    /** {@link AnalyticalNetworkModel#run}'s bounds on classes (see there); a link class stands for each of its links. */
    private static NetworkRun analytical(QuotientSchedule q, Classes c) {
        int k = q.size();
        double[] duration = new double[k];
        for (int f = 0; f < k; f++) {
            double minCap = Double.POSITIVE_INFINITY;
            for (int L : c.linkClassesOf[f]) {
                minCap = Math.min(minCap, c.capL[L]);
            }
            double b = q.bytes()[f];
            duration[f] = c.latency[f] + (c.linkClassesOf[f].length > 0 && b > 0 ? b / minCap : 0);
        }
        double[] start = new double[k];
        double makespan = 0;
        int[] dependentCount = new int[k + 1];
        for (int f = 0; f < k; f++) {
            double st = 0;
            for (int d : q.deps()[f]) {
                st = Math.max(st, start[d] + duration[d]);
                dependentCount[d + 1]++;
            }
            start[f] = st;
            makespan = Math.max(makespan, st + duration[f]);
        }
        for (int f = 0; f < k; f++) {
            dependentCount[f + 1] += dependentCount[f];
        }
        int[] dependents = new int[dependentCount[k]];
        int[] pos = Arrays.copyOf(dependentCount, k);
        for (int f = 0; f < k; f++) {
            for (int d : q.deps()[f]) {
                dependents[pos[d]++] = f;
            }
        }
        double[] tail = new double[k];
        for (int f = k - 1; f >= 0; f--) {
            double tl = 0;
            for (int x = dependentCount[f]; x < dependentCount[f + 1]; x++) {
                int u = dependents[x];
                tl = Math.max(tl, duration[u] + tail[u]);
            }
            tail[f] = tl;
        }
        double[] after = new double[k];
        for (int f = 0; f < k; f++) {
            after[f] = c.latency[f] + tail[f];
        }
        double[] runBytes = new double[c.capL.length];
        int[] step = q.step();
        double[] bytes = q.bytes();
        makespan = Math.max(
                makespan,
                AnalyticalNetworkModel.linkLoadBound(
                        k,
                        x -> step[x],
                        x -> bytes[x],
                        c.linkClassesOf,
                        c.multiplicity,
                        start,
                        after,
                        c.capL,
                        runBytes));
        double[] finish = new double[k];
        for (int f = 0; f < k; f++) {
            finish[f] = start[f] + duration[f];
        }
        return new NetworkRun(makespan, duration, finish, runBytes, c.rawCap, 0, 0);
    }

    /**
     * The classes of a quotient on one topology: every representative's path, the link orbits on those paths (their
     * effective and raw capacity), per flow class its delivery latency, distinct link classes and flows per link there
     * (n(L,F) = n x links of L on F's path / |L|), and the bytes each link of a class carries over the run.
     */
    private static final class Classes {
        double[] latency;
        int[][] linkClassesOf;
        int[][] multiplicity;
        double[] capL;
        double[] rawCap;
        double[] linkBytes;

        static Classes of(
                NetworkTopology t,
                Routing routing,
                IntToDoubleFunction effCap,
                QuotientSchedule q,
                RankTranslations translations) {
            int k = q.size();
            int n = q.ranks();
            // each distinct (destination, label) costs a search over the graph (or n routes): decline when that alone
            // would take longer than the materialised run it replaces could (direct over a very large dimension)
            HashSet<Long> orbitsToRoute = new HashSet<>();
            for (int c = 0; c < k; c++) {
                orbitsToRoute.add(((long) q.dstRank()[c] << 32) | (q.label()[c] & 0xffffffffL));
            }
            if ((double) orbitsToRoute.size() * t.nodeCount() > ROUTING_BUDGET) {
                return null;
            }
            Map<Long, int[]> pathOf = new HashMap<>();
            int[][] repPath = new int[k][];
            for (int c = 0; c < k; c++) {
                long key = ((long) q.dstRank()[c] << 32) | (q.label()[c] & 0xffffffffL);
                int[] p = pathOf.get(key);
                if (p == null) {
                    p = equivariantPath(t, routing, translations, q.dstRank()[c], q.label()[c]);
                    if (p == null) {
                        return null;
                    }
                    pathOf.put(key, p);
                }
                repPath[c] = p;
            }
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
                    double cap = effCap.applyAsDouble(l);
                    for (int r = 0; r < n; r++) {
                        int m = translations.link(l, r);
                        if (m < 0 || effCap.applyAsDouble(m) != cap) {
                            return null;
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
            Classes out = new Classes();
            out.capL = new double[classes];
            out.rawCap = new double[classes];
            for (int L = 0; L < classes; L++) {
                out.capL[L] = effCap.applyAsDouble(orbitRep[L]);
                out.rawCap[L] = t.linkCapacityBytesPerS(orbitRep[L]);
            }
            out.latency = new double[k];
            out.linkClassesOf = new int[k][];
            out.multiplicity = new int[k][];
            out.linkBytes = new double[classes];
            for (int c = 0; c < k; c++) {
                int[] p = repPath[c];
                out.latency[c] = t.pathLatencyNs(p) + q.processingNs()[c];
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
                out.linkClassesOf[c] = Arrays.copyOf(sorted, distinct);
                out.multiplicity[c] = new int[distinct];
                for (int x = 0; x < distinct; x++) {
                    int L = out.linkClassesOf[c][x];
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
                    out.multiplicity[c][x] = (int) (total / orbitSize[L]);
                    out.linkBytes[L] += out.multiplicity[c][x] * q.bytes()[c];
                }
            }
            return out;
        }
    }

    /**
     * The path of rank 0's transfer to {@code dst} with {@code label}, if every rank r's transfer to t_r(dst) takes
     * the translate by t_r of that path; null otherwise.
     */
    private static int[] equivariantPath(NetworkTopology t, Routing routing, RankTranslations tr, int dst, int label) {
        int n = tr.ranks();
        if (routing.minimumHop()) {
            int[] p = routing.path(t.endpoint(0), t.endpoint(dst), label);
            if (uniqueShortest(t, t.endpoint(0), t.endpoint(dst), p)) {
                // translations are automorphisms: every translate is the unique shortest path of its pair
                return p;
            }
        }
        int[] src = new int[n];
        int[] dstNodes = new int[n];
        int[] labels = new int[n];
        for (int r = 0; r < n; r++) {
            src[r] = t.endpoint(r);
            dstNodes[r] = t.endpoint(tr.rank(dst, r));
            labels[r] = label;
        }
        int[][] paths = routing.paths(src, dstNodes, labels);
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

    /** Whether {@code path} from {@code src} to {@code dst} is the only minimum-hop path between them. */
    private static boolean uniqueShortest(NetworkTopology t, int src, int dst, int[] path) {
        int[] dist = new int[t.nodeCount()];
        Arrays.fill(dist, -1);
        int[] queue = new int[t.nodeCount()];
        int head = 0;
        int tail = 0;
        dist[dst] = 0;
        queue[tail++] = dst;
        while (head < tail && dist[src] < 0) {
            int v = queue[head++];
            for (int x = t.inStart(v), e = t.inStart(v + 1); x < e; x++) {
                int u = t.linkSrc(t.inLink(x));
                if (dist[u] < 0) {
                    dist[u] = dist[v] + 1;
                    queue[tail++] = u;
                }
            }
        }
        if (dist[src] != path.length) {
            return false;
        }
        int u = src;
        for (int l : path) {
            int candidates = 0;
            for (int x = t.outStart(u), e = t.outStart(u + 1); x < e; x++) {
                int w = t.linkDst(t.outLink(x));
                if (dist[w] >= 0 && dist[w] == dist[u] - 1) {
                    candidates++;
                }
            }
            if (candidates != 1 || t.linkSrc(l) != u) {
                return false;
            }
            u = t.linkDst(l);
        }
        return u == dst;
    }
}
