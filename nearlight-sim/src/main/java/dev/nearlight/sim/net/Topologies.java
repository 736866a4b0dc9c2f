package dev.nearlight.sim.net;

/**
 * Builders for the simple topologies the simulator and its tests need: endpoints behind one switch, a bidirectional
 * ring, a full mesh, and a two-level rail-optimised cluster (scale-up switch per node plus leaf/spine rails).
 */
public final class Topologies {
    private Topologies() {}

    /** {@code n} endpoints, each with one duplex link of the given capacity and latency to a single switch. */
    public static NetworkTopology switchStar(int n, double capacityBytesPerS, double latencyNs) {
        requireEndpoints(n, 1);
        NetworkTopology.Builder b = NetworkTopology.builder();
        for (int i = 0; i < n; i++) {
            b.endpoint("ep" + i);
        }
        int sw = b.switchNode("sw");
        for (int i = 0; i < n; i++) {
            b.duplex(i, sw, capacityBytesPerS, latencyNs, "scale-up");
        }
        return b.build();
    }

    /** {@code n} endpoints in a bidirectional ring: one link each way between i and i+1 (mod n). */
    public static NetworkTopology ring(int n, double capacityBytesPerS, double latencyNs) {
        requireEndpoints(n, 2);
        NetworkTopology.Builder b = NetworkTopology.builder();
        for (int i = 0; i < n; i++) {
            b.endpoint("ep" + i);
        }
        if (n == 2) {
            b.duplex(0, 1, capacityBytesPerS, latencyNs, "ring");
        } else {
            for (int i = 0; i < n; i++) {
                b.duplex(i, (i + 1) % n, capacityBytesPerS, latencyNs, "ring");
            }
        }
        return b.build();
    }

    /** {@code n} endpoints with a duplex link between every pair. */
    public static NetworkTopology fullyConnected(int n, double capacityBytesPerS, double latencyNs) {
        requireEndpoints(n, 2);
        NetworkTopology.Builder b = NetworkTopology.builder();
        for (int i = 0; i < n; i++) {
            b.endpoint("ep" + i);
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                b.duplex(i, j, capacityBytesPerS, latencyNs, "mesh");
            }
        }
        return b.build();
    }

    /**
     * A two-level rail-optimised cluster: {@code nodes} servers of {@code gpusPerNode} endpoints behind one scale-up
     * switch each ("scale-up" links), and per rail (GPU index within a node) a leaf-spine fabric ("scale-out" links):
     * GPU r of node i connects to leaf i / nodesPerLeaf of rail r; every leaf of a rail connects to each of the rail's
     * {@code spinesPerRail} spines with capacity nic * nodesPerLeaf / spinesPerRail (non-blocking). Endpoint (rank)
     * order is node-major: rank = node * gpusPerNode + gpu.
     */
    public static NetworkTopology railOptimizedTwoLevel(
            int nodes,
            int gpusPerNode,
            double scaleUpBytesPerS,
            double scaleUpLatencyNs,
            int nodesPerLeaf,
            int spinesPerRail,
            double nicBytesPerS,
            double scaleOutLatencyNs) {
        if (nodes < 1 || gpusPerNode < 1 || nodesPerLeaf < 1 || spinesPerRail < 1 || nodes % nodesPerLeaf != 0) {
            throw new IllegalArgumentException(
                    "need nodes >= 1 divisible by nodesPerLeaf, gpusPerNode >= 1, spines >= 1");
        }
        NetworkTopology.Builder b = NetworkTopology.builder();
        for (int i = 0; i < nodes; i++) {
            for (int g = 0; g < gpusPerNode; g++) {
                b.endpoint("n" + i + ".gpu" + g);
            }
        }
        for (int i = 0; i < nodes; i++) {
            int sw = b.switchNode("n" + i + ".nvswitch");
            for (int g = 0; g < gpusPerNode; g++) {
                b.duplex(i * gpusPerNode + g, sw, scaleUpBytesPerS, scaleUpLatencyNs, "scale-up");
            }
        }
        int leavesPerRail = nodes / nodesPerLeaf;
        double upBytesPerS = nicBytesPerS * nodesPerLeaf / spinesPerRail;
        for (int r = 0; r < gpusPerNode; r++) {
            int[] spines = new int[spinesPerRail];
            for (int s = 0; s < spinesPerRail; s++) {
                spines[s] = b.switchNode("rail" + r + ".spine" + s);
            }
            for (int leaf = 0; leaf < leavesPerRail; leaf++) {
                int lf = b.switchNode("rail" + r + ".leaf" + leaf);
                for (int k = 0; k < nodesPerLeaf; k++) {
                    int node = leaf * nodesPerLeaf + k;
                    b.duplex(node * gpusPerNode + r, lf, nicBytesPerS, scaleOutLatencyNs, "scale-out");
                }
                for (int s = 0; s < spinesPerRail; s++) {
                    b.duplex(lf, spines[s], upBytesPerS, scaleOutLatencyNs, "scale-out");
                }
            }
        }
        return b.build();
    }

    private static void requireEndpoints(int n, int min) {
        if (n < min) {
            throw new IllegalArgumentException("need at least " + min + " endpoints, got " + n);
        }
    }
}
