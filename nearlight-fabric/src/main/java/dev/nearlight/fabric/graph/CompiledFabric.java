package dev.nearlight.fabric.graph;

import dev.nearlight.fabric.Fabric;
import dev.nearlight.fabric.NodeKind;
import dev.nearlight.fabric.device.SwitchModel;
import dev.nearlight.fabric.link.LinkPlanner.PlannedLinks;
import dev.nearlight.fabric.link.LinkQuote;
import java.util.Arrays;

/**
 * A fabric compiled into compact primitive arrays for a simulator's hot loop.
 *
 * <h2>Layout</h2>
 *
 * <ul>
 *   <li>Vertices are {@code 0 .. nodeCount()-1}, the same ids as in the {@link Fabric}. {@link #nodeKind} holds
 *       {@link NodeKind#ordinal()}; {@link #nodeLatencyNs} the forwarding latency of a switch (0 for endpoints).
 *   <li>Every full-duplex physical link {@code l} becomes two <em>directed links</em> {@code 2l} (a to b) and
 *       {@code 2l+1} (b to a). Per directed link: {@link #source}, {@link #target}, {@link #capacityBps} (bits per
 *       second, one direction), {@link #latencyNs} (link latency: flight, FEC and per-end added latency),
 *       {@link #linkClass} (index into {@link Fabric#linkClasses()}, e.g. tier) and {@link #medium} (0 copper,
 *       1 optical). The reverse of directed link {@code d} is {@code d ^ 1}.
 *   <li>Adjacency is CSR: the directed links leaving vertex {@code v} are {@code adjLinks[adjOffsets[v] ..
 *       adjOffsets[v+1]-1]} (directed link ids; their targets are {@code target[d]}).
 *   <li>{@link #gpuIds} lists the GPU vertices in build order (rail fat trees: node by node, rail by rail).
 * </ul>
 *
 * <p>Arrays are exposed as public final fields for speed; treat them as read-only.
 */
public final class CompiledFabric {
    /** Medium tag: copper. */
    public static final byte COPPER = 0;
    /** Medium tag: optical. */
    public static final byte OPTICAL = 1;

    /** Number of vertices. */
    public final int nodeCount;
    /** Kind ordinal per vertex. */
    public final byte[] nodeKind;
    /** Switch forwarding latency per vertex, ns (0 for endpoints). */
    public final double[] nodeLatencyNs;
    /** GPU vertex ids in build order. */
    public final int[] gpuIds;
    /** CSR offsets, length {@code nodeCount + 1}. */
    public final int[] adjOffsets;
    /** CSR entries: directed link ids. */
    public final int[] adjLinks;
    /** Source vertex per directed link. */
    public final int[] source;
    /** Target vertex per directed link. */
    public final int[] target;
    /** Capacity per directed link, bits per second. */
    public final double[] capacityBps;
    /** Latency per directed link, ns. */
    public final double[] latencyNs;
    /** Link class index per directed link. */
    public final byte[] linkClass;
    /** Medium per directed link ({@link #COPPER} or {@link #OPTICAL}). */
    public final byte[] medium;

    private CompiledFabric(
            int nodeCount,
            byte[] nodeKind,
            double[] nodeLatencyNs,
            int[] gpuIds,
            int[] adjOffsets,
            int[] adjLinks,
            int[] source,
            int[] target,
            double[] capacityBps,
            double[] latencyNs,
            byte[] linkClass,
            byte[] medium) {
        this.nodeCount = nodeCount;
        this.nodeKind = nodeKind;
        this.nodeLatencyNs = nodeLatencyNs;
        this.gpuIds = gpuIds;
        this.adjOffsets = adjOffsets;
        this.adjLinks = adjLinks;
        this.source = source;
        this.target = target;
        this.capacityBps = capacityBps;
        this.latencyNs = latencyNs;
        this.linkClass = linkClass;
        this.medium = medium;
    }

    /** Compiles a fabric with its planned links (which give latency and medium per link). */
    public static CompiledFabric compile(Fabric f, PlannedLinks plan) {
        int n = f.nodeCount();
        int links = f.linkCount();
        byte[] kind = new byte[n];
        double[] nodeLat = new double[n];
        int gpus = 0;
        for (int v = 0; v < n; v++) {
            NodeKind k = f.kind(v);
            kind[v] = (byte) k.ordinal();
            SwitchModel m = f.switchModels().get(k);
            nodeLat[v] = m == null ? 0 : m.latencyNs();
            if (k == NodeKind.GPU) {
                gpus++;
            }
        }
        int[] gpuIds = new int[gpus];
        for (int v = 0, g = 0; v < n; v++) {
            if (kind[v] == NodeKind.GPU.ordinal()) {
                gpuIds[g++] = v;
            }
        }
        int d = 2 * links;
        int[] src = new int[d];
        int[] dst = new int[d];
        double[] cap = new double[d];
        double[] lat = new double[d];
        byte[] cls = new byte[d];
        byte[] med = new byte[d];
        int[] offsets = new int[n + 1];
        for (int l = 0; l < links; l++) {
            int a = f.linkA(l);
            int b = f.linkB(l);
            LinkQuote q = plan.quote(l);
            double bps = f.linkClasses().get(f.linkClass(l)).rateGbps() * 1e9;
            byte m = "optical".equals(q.medium()) ? OPTICAL : COPPER;
            src[2 * l] = a;
            dst[2 * l] = b;
            src[2 * l + 1] = b;
            dst[2 * l + 1] = a;
            for (int e = 2 * l; e <= 2 * l + 1; e++) {
                cap[e] = bps;
                lat[e] = q.latencyNs();
                cls[e] = (byte) f.linkClass(l);
                med[e] = m;
            }
            offsets[a + 1]++;
            offsets[b + 1]++;
        }
        for (int v = 0; v < n; v++) {
            offsets[v + 1] += offsets[v];
        }
        int[] fill = Arrays.copyOf(offsets, n);
        int[] adj = new int[d];
        for (int e = 0; e < d; e++) {
            adj[fill[src[e]]++] = e;
        }
        return new CompiledFabric(n, kind, nodeLat, gpuIds, offsets, adj, src, dst, cap, lat, cls, med);
    }

    /** Number of directed links ({@code 2 x} physical links). */
    public int directedLinkCount() {
        return source.length;
    }

    /** Hop distances from one vertex (breadth-first; -1 = unreachable). */
    public int[] hopsFrom(int from) {
        int[] dist = new int[nodeCount];
        Arrays.fill(dist, -1);
        int[] queue = new int[nodeCount];
        int head = 0;
        int tail = 0;
        dist[from] = 0;
        queue[tail++] = from;
        while (head < tail) {
            int v = queue[head++];
            for (int i = adjOffsets[v]; i < adjOffsets[v + 1]; i++) {
                int w = target[adjLinks[i]];
                if (dist[w] < 0) {
                    dist[w] = dist[v] + 1;
                    queue[tail++] = w;
                }
            }
        }
        return dist;
    }

    /**
     * Diameter in links between GPUs: the largest eccentricity (over GPUs) of up to {@code samples} GPU sources
     * spread over {@link #gpuIds} (over all endpoints when the fabric has no GPU vertices, e.g. PCIe fabrics). Exact for the vertex-symmetric topologies built here when {@code samples >= 1};
     * use more samples for irregular fabrics. Returns -1 if some GPU is unreachable.
     */
    public int gpuDiameterHops(int samples) {
        int[] ends = gpuIds;
        if (ends.length < 2) {
            // no GPU vertices (PCIe fabrics): use every endpoint (hosts, enclosures)
            ends = java.util.stream.IntStream.range(0, nodeCount)
                    .filter(v -> !NodeKind.values()[nodeKind[v]].isSwitch())
                    .toArray();
            if (ends.length < 2) {
                return 0;
            }
        }
        int best = 0;
        int s = Math.min(samples, ends.length);
        for (int i = 0; i < s; i++) {
            int src = ends[(int) ((long) i * ends.length / s)];
            int[] dist = hopsFrom(src);
            for (int g : ends) {
                if (dist[g] < 0) {
                    return -1;
                }
                best = Math.max(best, dist[g]);
            }
        }
        return best;
    }
}
