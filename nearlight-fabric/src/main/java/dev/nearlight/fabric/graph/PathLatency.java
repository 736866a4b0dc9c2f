package dev.nearlight.fabric.graph;

import dev.nearlight.fabric.Fabric;
import dev.nearlight.fabric.NodeKind;
import dev.nearlight.fabric.device.SwitchModel;
import dev.nearlight.fabric.link.LinkPlanner.PlannedLinks;
import java.util.ArrayList;
import java.util.List;
import org.jgrapht.Graph;
import org.jgrapht.alg.shortestpath.DijkstraShortestPath;
import org.jgrapht.graph.AsWeightedGraph;

/**
 * Lowest-latency paths between endpoints, found with JGraphT's Dijkstra. A link weighs its own latency (flight, FEC or
 * PHY, retimers) plus half the forwarding latency of each switch at its ends, so a path's weight is its links plus
 * each transit switch once. Device access latency (e.g. CXL memory) is not included.
 */
public final class PathLatency {
    private PathLatency() {}

    /**
     * One endpoint-to-endpoint path.
     *
     * @param from source vertex
     * @param to target vertex
     * @param toKind kind of the target
     * @param links links on the path
     * @param switches switches on the path
     * @param latencyNs one-way fabric latency, ns
     */
    public record Path(int from, int to, NodeKind toKind, int links, int switches, double latencyNs) {}

    /** Paths from every vertex of kind {@code fromKind} to every vertex of the kinds in {@code toKinds}. */
    public static List<Path> between(Fabric f, PlannedLinks plan, NodeKind fromKind, List<NodeKind> toKinds) {
        Graph<Integer, Integer> g = FabricGraphs.toGraph(f);
        AsWeightedGraph<Integer, Integer> w = new AsWeightedGraph<>(
                g, e -> plan.quote(e).latencyNs() + half(f, f.linkA(e)) + half(f, f.linkB(e)), true, false);
        DijkstraShortestPath<Integer, Integer> dsp = new DijkstraShortestPath<>(w);
        List<Path> out = new ArrayList<>();
        for (int s = 0; s < f.nodeCount(); s++) {
            if (f.kind(s) != fromKind) {
                continue;
            }
            var paths = dsp.getPaths(s);
            for (int t = 0; t < f.nodeCount(); t++) {
                if (t == s || !toKinds.contains(f.kind(t))) {
                    continue;
                }
                var p = paths.getPath(t);
                if (p == null) {
                    continue;
                }
                int sw = 0;
                for (int v : p.getVertexList()) {
                    if (f.kind(v).isSwitch()) {
                        sw++;
                    }
                }
                out.add(new Path(s, t, f.kind(t), p.getLength(), sw, p.getWeight()));
            }
        }
        return out;
    }

    private static double half(Fabric f, int v) {
        SwitchModel m = f.switchModels().get(f.kind(v));
        return m == null || !f.kind(v).isSwitch() ? 0 : m.latencyNs() / 2;
    }
}
