package dev.nearlight.sim.net;

import dev.nearlight.fabric.graph.CompiledFabric;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns a fabric built by {@code nearlight-fabric} into the simulator's {@link NetworkTopology}, so collectives and
 * training steps run on the same fabric the bill of materials was rolled up for.
 *
 * <h2>Mapping</h2>
 *
 * <ul>
 *   <li>GPU vertices become endpoints, first and in {@link CompiledFabric#gpuIds} order, so rank {@code r} runs on
 *       GPU {@code gpuIds[r]} (rail fat trees: node by node, rail by rail; a node's GPUs are consecutive ranks).
 *       Fabrics without GPU vertices (PCIe) make every non-switch vertex an endpoint instead.
 *   <li>Every directed fabric link becomes a directed link; capacity is the fabric's bits per second divided by 8;
 *       latency is the link report's latency (flight, FEC, per-end) plus the forwarding latency of the switch the
 *       link enters, so a path's latency is the sum of its links' latencies.
 *   <li>Links touching a scale-up switch are tagged {@code scale-up}, all others {@code scale-out}.
 *   <li>The scale-up domain is aggregated: the NVSwitch-like switches of one domain (those reached from the same
 *       GPUs) become one switch, and the parallel ports between a GPU and it become one link with their summed
 *       capacity (e.g. 18 x 400 Gb/s = 900 GB/s). NVLink sprays a transfer over all ports and switches, which
 *       per-flow ECMP over the individual ports would not model.
 * </ul>
 */
public final class FabricTopologies {
    /** Tag of links inside the scale-up domain. */
    public static final String SCALE_UP = "scale-up";
    /** Tag of links of the scale-out fabric. */
    public static final String SCALE_OUT = "scale-out";

    private static final int SCALE_UP_SWITCH = dev.nearlight.fabric.NodeKind.SCALE_UP_SWITCH.ordinal();

    private FabricTopologies() {}

    /** The simulator topology of a compiled fabric (see the class comment for the mapping). */
    public static NetworkTopology from(CompiledFabric f) {
        int n = f.nodeCount;
        dev.nearlight.fabric.NodeKind[] kinds = dev.nearlight.fabric.NodeKind.values();
        // representative of each vertex: scale-up switches sharing a GPU are merged (union-find)
        int[] parent = new int[n];
        for (int v = 0; v < n; v++) {
            parent[v] = v;
        }
        for (int g : f.gpuIds) {
            int first = -1;
            for (int i = f.adjOffsets[g]; i < f.adjOffsets[g + 1]; i++) {
                int w = f.target[f.adjLinks[i]];
                if (f.nodeKind[w] == SCALE_UP_SWITCH) {
                    if (first < 0) {
                        first = w;
                    } else {
                        union(parent, first, w);
                    }
                }
            }
        }
        NetworkTopology.Builder b = NetworkTopology.builder();
        int[] id = new int[n];
        Arrays.fill(id, -1);
        boolean hasGpus = f.gpuIds.length > 0;
        if (hasGpus) {
            for (int g : f.gpuIds) {
                id[g] = b.endpoint("gpu" + g);
            }
        }
        for (int v = 0; v < n; v++) {
            if (id[v] >= 0) {
                continue;
            }
            dev.nearlight.fabric.NodeKind k = kinds[f.nodeKind[v]];
            if (!k.isSwitch()) {
                id[v] = b.node(
                        k.name().toLowerCase(java.util.Locale.ROOT) + v, hasGpus ? NodeKind.SWITCH : NodeKind.ENDPOINT);
            } else if (find(parent, v) == v) {
                id[v] = b.switchNode(k.name().toLowerCase(java.util.Locale.ROOT) + v);
            }
        }
        for (int v = 0; v < n; v++) {
            if (id[v] < 0) {
                id[v] = id[find(parent, v)];
            }
        }
        // merge parallel directed links between the same (mapped) pair: capacities add up
        Map<Long, double[]> merged = new HashMap<>();
        java.util.List<Long> order = new java.util.ArrayList<>();
        for (int d = 0; d < f.directedLinkCount(); d++) {
            int s = id[f.source[d]];
            int t = id[f.target[d]];
            if (s == t) {
                continue;
            }
            boolean up = f.nodeKind[f.source[d]] == SCALE_UP_SWITCH || f.nodeKind[f.target[d]] == SCALE_UP_SWITCH;
            long key = ((long) s << 32) | (t & 0xffffffffL);
            double lat = f.latencyNs[d] + f.nodeLatencyNs[f.target[d]];
            double[] acc = merged.get(key);
            if (acc == null) {
                merged.put(key, new double[] {f.capacityBps[d] / 8, lat, up ? 1 : 0});
                order.add(key);
            } else {
                acc[0] += f.capacityBps[d] / 8;
                acc[1] = Math.max(acc[1], lat);
            }
        }
        for (long key : order) {
            double[] a = merged.get(key);
            b.link((int) (key >>> 32), (int) key, a[0], a[1], a[2] > 0 ? SCALE_UP : SCALE_OUT);
        }
        return b.build();
    }

    private static int find(int[] p, int v) {
        while (p[v] != v) {
            p[v] = p[p[v]];
            v = p[v];
        }
        return v;
    }

    private static void union(int[] p, int a, int b) {
        int ra = find(p, a);
        int rb = find(p, b);
        if (ra != rb) {
            p[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }
}
