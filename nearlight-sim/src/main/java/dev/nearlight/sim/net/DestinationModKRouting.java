package dev.nearlight.sim.net;

import java.util.Arrays;

/**
 * Deterministic destination-based ("D-mod-K") routing, the scheme InfiniBand subnet managers use on fat trees: among
 * the equal-cost next links of a hop, take index {@code (key(dst) / D) mod count}, where D is the product of the
 * candidate counts of the earlier multi-candidate hops. The key numbers endpoints leaf by leaf (sorted by their
 * scale-out attachment switch, then id), so on a fat tree the uplink at the leaf is the destination's port position,
 * the uplink at the spine is the destination leaf, and shift or XOR permutations between leaves (ring, halving-doubling)
 * get disjoint paths instead of ECMP's hash collisions. Flow labels do not change the path.
 */
public final class DestinationModKRouting extends MinHopRouting {
    private final long[] key;

    /** Routes on {@code topology}; keys are derived from its endpoints' attachment switches. */
    public DestinationModKRouting(NetworkTopology topology) {
        super(topology);
        int n = topology.nodeCount();
        int[] endpoints = topology.endpoints();
        int[] attach = new int[n];
        for (int e : endpoints) {
            attach[e] = attachment(topology, e);
        }
        Integer[] order = new Integer[endpoints.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = endpoints[i];
        }
        Arrays.sort(order, (a, b) -> attach[a] != attach[b] ? Integer.compare(attach[a], attach[b]) : a - b);
        key = new long[n];
        for (int i = 0; i < order.length; i++) {
            key[order[i]] = i;
        }
        // switches as destinations keep key = their id
        for (int v = 0; v < n; v++) {
            if (topology.nodeKind(v) == NodeKind.SWITCH) {
                key[v] = v;
            }
        }
    }

    /** The switch an endpoint's scale-out traffic enters: its first non-scale-up switch neighbour, else itself. */
    private static int attachment(NetworkTopology t, int e) {
        int fallback = -1;
        for (int x = t.outStart(e), end = t.outStart(e + 1); x < end; x++) {
            int l = t.outLink(x);
            int v = t.linkDst(l);
            if (t.nodeKind(v) != NodeKind.SWITCH) {
                continue;
            }
            if (!FabricTopologies.SCALE_UP.equals(t.linkTag(l))) {
                return v;
            }
            if (fallback < 0) {
                fallback = v;
            }
        }
        return fallback >= 0 ? fallback : e;
    }

    @Override
    int pick(int src, int dst, int label, int hop, int count, long divisor) {
        return (int) ((key[dst] / divisor) % count);
    }
}
