package dev.nearlight.sim.net;

import dev.nearlight.core.InputException;
import java.util.Arrays;

/**
 * Minimum-hop routing with a pluggable choice among equal-cost next links. One reverse breadth-first search per
 * destination is shared by all flows heading there; at every hop the subclass picks one of the links that stay on a
 * shortest path. Holds search scratch arrays, so one instance must not be used by two threads at once.
 */
abstract class MinHopRouting implements Routing {
    final NetworkTopology topology;
    private final int[] dist;
    private final int[] stamp;
    private int currentStamp;

    MinHopRouting(NetworkTopology topology) {
        this.topology = topology;
        this.dist = new int[topology.nodeCount()];
        this.stamp = new int[topology.nodeCount()];
    }

    /**
     * Index in [0, count) of the next link at this hop, the candidates being in out-link order. {@code divisor} is the
     * product of the candidate counts of the earlier hops that had more than one candidate.
     */
    abstract int pick(int src, int dst, int label, int hop, int count, long divisor);

    @Override
    public final boolean minimumHop() {
        return true;
    }

    @Override
    public final int[][] paths(int[] srcNodes, int[] dstNodes, int[] flowLabels) {
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
        // sources are marked -s until reached: count the distinct unreached ones
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
        long divisor = 1;
        for (int hop = 0; hop < hops; hop++) {
            int want = dist[u] - 1;
            int count = 0;
            for (int x = topology.outStart(u), e = topology.outStart(u + 1); x < e; x++) {
                int v = topology.linkDst(topology.outLink(x));
                if (stamp[v] == s && dist[v] == want) {
                    count++;
                }
            }
            int pick = count == 1 ? 0 : pick(src, dst, label, hop, count, divisor);
            if (count > 1) {
                divisor = divisor * count > 0 ? divisor * count : 1;
            }
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
}
