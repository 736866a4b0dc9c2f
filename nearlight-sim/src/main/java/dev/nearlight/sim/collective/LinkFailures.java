package dev.nearlight.sim.collective;

import dev.nearlight.core.InputException;
import dev.nearlight.sim.net.NetworkTopology;
import java.util.ArrayDeque;
import java.util.function.Function;

/**
 * A failed or degraded link and what it costs a collective: the network is rebuilt without the cable (both directions)
 * or with its capacity scaled, re-routed by the model's routing over what remains, and the collective is run on both
 * networks. {@link #slowdown} returns the ratio of the times, the figure the reliability model needs for "degraded but
 * running" states. The failure is present for the whole collective (for one during a run see {@link LinkEvent}).
 */
public final class LinkFailures {
    private LinkFailures() {}

    /** Healthy and failed completion times of one collective and their ratio (>= 1 for a physical network). */
    public record Slowdown(double healthyNs, double failedNs) {
        /** failed / healthy. */
        public double ratio() {
            return failedNs / healthyNs;
        }
    }

    /**
     * The network with the links between nodes {@code a} and {@code b} (both directions) scaled by
     * {@code capacityFactor}: 0 removes them (link down), a value in (0, 1) degrades them (e.g. 0.5 for a 400G port
     * running at 200G after losing half its lanes).
     */
    public static NetworkTopology degrade(NetworkTopology t, int a, int b, double capacityFactor) {
        if (!(capacityFactor >= 0 && capacityFactor < 1)) {
            throw new InputException("link capacity factor " + capacityFactor + " must be in [0, 1): 0 for a failed"
                    + " link, a fraction for a degraded one");
        }
        NetworkTopology.Builder bld = NetworkTopology.builder();
        for (int v = 0; v < t.nodeCount(); v++) {
            bld.node(t.nodeName(v), t.nodeKind(v));
        }
        int matched = 0;
        for (int l = 0; l < t.linkCount(); l++) {
            int s = t.linkSrc(l);
            int d = t.linkDst(l);
            boolean hit = (s == a && d == b) || (s == b && d == a);
            if (hit) {
                matched++;
                if (capacityFactor == 0) {
                    continue;
                }
            }
            bld.link(s, d, t.linkCapacityBytesPerS(l) * (hit ? capacityFactor : 1), t.linkLatencyNs(l), t.linkTag(l));
        }
        if (matched == 0) {
            throw new InputException(
                    "no link between " + t.nodeName(a) + " and " + t.nodeName(b) + "; name two" + " adjacent nodes");
        }
        return bld.build();
    }

    /**
     * Runs {@code spec} on {@code ranks} ranks on the healthy network and with the link a-b scaled by
     * {@code capacityFactor} ({@link #degrade}); {@code model} builds the network model (and its routing) for a
     * topology. A failure that cuts a rank off is an {@link InputException}.
     */
    public static Slowdown slowdown(
            NetworkTopology t,
            Function<NetworkTopology, NetworkModel> model,
            CollectiveSpec spec,
            int ranks,
            int a,
            int b,
            double capacityFactor) {
        NetworkTopology failed = degrade(t, a, b, capacityFactor);
        checkConnected(failed, ranks, t.nodeName(a) + " - " + t.nodeName(b));
        double healthy = Collectives.run(spec, model.apply(t), ranks).timeNs();
        double broken = Collectives.run(spec, model.apply(failed), ranks).timeNs();
        return new Slowdown(healthy, broken);
    }

    private static void checkConnected(NetworkTopology t, int ranks, String what) {
        int src = t.endpoint(0);
        boolean[] seen = new boolean[t.nodeCount()];
        ArrayDeque<Integer> q = new ArrayDeque<>();
        q.add(src);
        seen[src] = true;
        while (!q.isEmpty()) {
            int v = q.poll();
            for (int k = t.outStart(v); k < t.outStart(v + 1); k++) {
                int w = t.linkDst(t.outLink(k));
                if (!seen[w]) {
                    seen[w] = true;
                    q.add(w);
                }
            }
        }
        for (int r = 0; r < ranks; r++) {
            if (!seen[t.endpoint(r)]) {
                throw new InputException("failing link " + what + " cuts rank " + r + " (" + t.nodeName(t.endpoint(r))
                        + ") off the network; the collective cannot complete (a hard failure, not a slowdown)");
            }
        }
    }
}
