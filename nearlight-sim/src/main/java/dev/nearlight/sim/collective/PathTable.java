package dev.nearlight.sim.collective;

import dev.nearlight.sim.net.NetworkTopology;
import dev.nearlight.sim.net.Routing;
import java.util.Arrays;

/**
 * Routes every transfer of a schedule once: distinct (src, dst, label) triples are routed in one batch and transfers
 * share the resulting path arrays.
 */
final class PathTable {
    private PathTable() {}

    static int[][] route(TransferSchedule s, NetworkTopology topology, Routing routing) {
        int n = s.size();
        if (s.ranks() > topology.endpointCount()) {
            throw new dev.nearlight.core.InputException("the collective needs " + s.ranks()
                    + " endpoints but the network has " + topology.endpointCount()
                    + "; use at most that many ranks or a bigger network");
        }
        // sized by the distinct triples (grown on demand), not by the transfers: collectives repeat few pairs
        int cap = 1024;
        long[] keys = new long[cap];
        int[] vals = new int[cap];
        Arrays.fill(vals, -1);
        int mask = cap - 1;
        int[] slot = new int[n];
        int uniques = 0;
        int[] us = new int[64];
        int[] ud = new int[64];
        int[] ul = new int[64];
        for (int i = 0; i < n; i++) {
            int a = topology.endpoint(s.src(i));
            int b = topology.endpoint(s.dst(i));
            int lab = s.label(i);
            long key = ((long) a << 40) ^ ((long) b << 16) ^ (lab & 0xFFFFL);
            int h = (int) (mix(key) & mask);
            while (vals[h] >= 0 && keys[h] != key) {
                h = (h + 1) & mask;
            }
            if (vals[h] < 0) {
                keys[h] = key;
                vals[h] = uniques;
                if (uniques == us.length) {
                    us = Arrays.copyOf(us, uniques * 2);
                    ud = Arrays.copyOf(ud, uniques * 2);
                    ul = Arrays.copyOf(ul, uniques * 2);
                }
                us[uniques] = a;
                ud[uniques] = b;
                ul[uniques] = lab & 0xFFFF;
                uniques++;
                if (uniques * 2 > cap) {
                    long[] ok = keys;
                    int[] ov = vals;
                    cap *= 2;
                    keys = new long[cap];
                    vals = new int[cap];
                    Arrays.fill(vals, -1);
                    mask = cap - 1;
                    for (int k = 0; k < ok.length; k++) {
                        if (ov[k] >= 0) {
                            int g = (int) (mix(ok[k]) & mask);
                            while (vals[g] >= 0) {
                                g = (g + 1) & mask;
                            }
                            keys[g] = ok[k];
                            vals[g] = ov[k];
                        }
                    }
                }
                slot[i] = uniques - 1;
                continue;
            }
            slot[i] = vals[h];
        }
        int[][] paths =
                routing.paths(Arrays.copyOf(us, uniques), Arrays.copyOf(ud, uniques), Arrays.copyOf(ul, uniques));
        int[][] out = new int[n][];
        for (int i = 0; i < n; i++) {
            out[i] = paths[slot[i]];
        }
        return out;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        return z ^ (z >>> 29);
    }
}
