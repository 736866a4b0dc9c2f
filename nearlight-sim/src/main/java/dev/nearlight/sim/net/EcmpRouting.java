package dev.nearlight.sim.net;

import dev.nearlight.core.InputException;
import java.util.Arrays;

/**
 * Minimum-hop routing with equal-cost multipath: at every hop the next link is picked among all links that stay on a
 * shortest path, by a hash of (salt, src, dst, flow label, hop). The salt comes from the run's random stream, so ECMP
 * collisions are reproducible per seed, as with real per-flow (5-tuple) hashing. Holds search scratch arrays, so one
 * instance must not be used by two threads at once (create one per simulation).
 */
public final class EcmpRouting implements Routing {
    private final NetworkTopology topology;
    private final long salt;
    private final int[] dist;
    private final int[] stamp;
    private int currentStamp;

    /** Routes on {@code topology} with the given ECMP hash salt. */
    public EcmpRouting(NetworkTopology topology, long salt) {
        this.topology = topology;
        this.salt = salt;
        this.dist = new int[topology.nodeCount()];
        this.stamp = new int[topology.nodeCount()];
    }

    @Override
    public int[][] paths(int[] srcNodes, int[] dstNodes, int[] flowLabels) {
        int r = srcNodes.length;
        Integer[] order = new Integer[r];
        for (int i = 0; i < r; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Integer.compare(dstNodes[a], dstNodes[b]));
        int[][] out = new int[r][];
        int[] queue = new int[topology.nodeCount()];
        int i = 0;
        while (i < r) {
            int dst = dstNodes[order[i]];
            int j = i;
            while (j < r && dstNodes[order[j]] == dst) {
                j++;
            }
            bfsFrom(dst, srcNodes, order, i, j, queue);
            for (int k = i; k < j; k++) {
                int q = order[k];
                out[q] = walk(srcNodes[q], dst, flowLabels[q]);
            }
            i = j;
        }
        return out;
    }

    /** Reverse BFS from dst over incoming links, stopping as soon as every source of the group has a distance. */
    private void bfsFrom(int dst, int[] srcNodes, Integer[] order, int from, int to, int[] queue) {
        int s = ++currentStamp;
        int pending = 0;
        // mark sources with a negative distance placeholder: count distinct unreached sources
        for (int k = from; k < to; k++) {
            int src = srcNodes[order[k]];
            if (stamp[src] != -s) {
                stamp[src] = -s;
                pending++;
            }
        }
        int head = 0;
        int tail = 0;
        if (stamp[dst] == -s) {
            pending--;
        }
        stamp[dst] = s;
        dist[dst] = 0;
        queue[tail++] = dst;
        while (head < tail && pending > 0) {
            int v = queue[head++];
            int dv = dist[v] + 1;
            for (int x = topology.inStart(v), e = topology.inStart(v + 1); x < e; x++) {
                int u = topology.linkSrc(topology.inLink(x));
                if (stamp[u] != s) {
                    if (stamp[u] == -s) {
                        pending--;
                    }
                    stamp[u] = s;
                    dist[u] = dv;
                    queue[tail++] = u;
                }
            }
        }
    }

    private int[] walk(int src, int dst, int label) {
        int s = currentStamp;
        if (stamp[src] != s) {
            throw new InputException("network: no path from node '" + topology.nodeName(src) + "' to node '"
                    + topology.nodeName(dst) + "'; connect them or choose other endpoints");
        }
        int hops = dist[src];
        int[] path = new int[hops];
        int u = src;
        long h0 = mix(salt ^ (src * 0x9E3779B97F4A7C15L) ^ (dst * 0xC2B2AE3D27D4EB4FL) ^ (label * 0x165667B19E3779F9L));
        for (int hop = 0; hop < hops; hop++) {
            int want = dist[u] - 1;
            int count = 0;
            for (int x = topology.outStart(u), e = topology.outStart(u + 1); x < e; x++) {
                int v = topology.linkDst(topology.outLink(x));
                if (stamp[v] == s && dist[v] == want) {
                    count++;
                }
            }
            int pick = count == 1 ? 0 : (int) Long.remainderUnsigned(mix(h0 + hop), count);
            for (int x = topology.outStart(u), e = topology.outStart(u + 1); x < e; x++) {
                int l = topology.outLink(x);
                int v = topology.linkDst(l);
                if (stamp[v] == s && dist[v] == want && pick-- == 0) {
                    path[hop] = l;
                    u = v;
                    break;
                }
            }
        }
        return path;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }
}
