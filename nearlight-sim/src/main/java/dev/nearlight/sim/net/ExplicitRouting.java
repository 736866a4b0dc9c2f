package dev.nearlight.sim.net;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Explicit multipath: the caller lists one or more paths per (src, dst) pair and flows are spread over them by label
 * (label modulo path count), so the chunks of a transfer use all paths. Pairs not listed fall back to another routing.
 */
public final class ExplicitRouting implements Routing {
    private final NetworkTopology topology;
    private final Map<Long, List<int[]>> paths = new HashMap<>();
    private final Routing fallback;

    /** Creates an explicit routing on {@code topology} that delegates unlisted pairs to {@code fallback}. */
    public ExplicitRouting(NetworkTopology topology, Routing fallback) {
        this.topology = topology;
        this.fallback = fallback;
    }

    /** Adds a path (link ids, contiguous from src to dst) for its (src, dst) pair. */
    public ExplicitRouting addPath(int... links) {
        if (links.length == 0) {
            throw new IllegalArgumentException("empty path");
        }
        for (int i = 1; i < links.length; i++) {
            if (topology.linkSrc(links[i]) != topology.linkDst(links[i - 1])) {
                throw new IllegalArgumentException(
                        "links " + links[i - 1] + " and " + links[i] + " are not contiguous");
            }
        }
        long key = key(topology.linkSrc(links[0]), topology.linkDst(links[links.length - 1]));
        paths.computeIfAbsent(key, k -> new ArrayList<>()).add(links.clone());
        return this;
    }

    @Override
    public int[][] paths(int[] srcNodes, int[] dstNodes, int[] flowLabels) {
        int[][] out = new int[srcNodes.length][];
        List<Integer> rest = new ArrayList<>();
        for (int i = 0; i < srcNodes.length; i++) {
            List<int[]> p = paths.get(key(srcNodes[i], dstNodes[i]));
            if (p != null) {
                out[i] = p.get(Math.floorMod(flowLabels[i], p.size()));
            } else {
                rest.add(i);
            }
        }
        if (!rest.isEmpty()) {
            int[] s = new int[rest.size()];
            int[] d = new int[rest.size()];
            int[] l = new int[rest.size()];
            for (int k = 0; k < s.length; k++) {
                s[k] = srcNodes[rest.get(k)];
                d[k] = dstNodes[rest.get(k)];
                l[k] = flowLabels[rest.get(k)];
            }
            int[][] f = fallback.paths(s, d, l);
            for (int k = 0; k < s.length; k++) {
                out[rest.get(k)] = f[k];
            }
        }
        return out;
    }

    private static long key(int src, int dst) {
        return ((long) src << 32) | (dst & 0xFFFFFFFFL);
    }
}
