package dev.nearlight.sim.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nearlight.fabric.graph.CompiledFabric;
import org.junit.jupiter.api.Test;

class DestinationModKRoutingTest {
    // 1,024 GPUs in 128 nodes of 8, radix-16 switches, 3 tiers: per rail 16 leaves of 8 nodes, 16 pods, 8 core groups
    static final CompiledFabric FABRIC =
            FabricTopologiesTest.compile("gpus: 1024\nswitchRadix: 16\ntiers: 3\nscaleUpDomain: 8\n");
    static final NetworkTopology NET = FabricTopologies.from(FABRIC);
    static final int NODES = 128;
    static final int RAILS = 8;

    /** The most flows any one link carries when every GPU sends to the same rail of node (its node XOR d). */
    static int maxFlowsPerLink(Routing routing, int d) {
        int n = NODES * RAILS;
        int[] src = new int[n];
        int[] dst = new int[n];
        int[] label = new int[n];
        for (int r = 0; r < n; r++) {
            int node = r / RAILS;
            int rail = r % RAILS;
            src[r] = NET.endpoint(r);
            dst[r] = NET.endpoint((node ^ d) * RAILS + rail);
        }
        int[] load = new int[NET.linkCount()];
        int max = 0;
        for (int[] p : routing.paths(src, dst, label)) {
            for (int l : p) {
                max = Math.max(max, ++load[l]);
            }
        }
        return max;
    }

    @Test
    void halvingDoublingExchangesBetweenLeavesGetDisjointPathsUnlikeEcmp() {
        // d = 8 .. 64 nodes crosses leaves (8 nodes per leaf), pods and the core tier; d < 8 stays under one leaf
        for (int d = 1; d < NODES; d *= 2) {
            assertThat(maxFlowsPerLink(new DestinationModKRouting(NET), d))
                    .as("D-mod-K, node distance %d", d)
                    .isEqualTo(1);
        }
        // per-flow hashing collides somewhere once traffic leaves the leaf (fixed seed, so this is reproducible)
        assertThat(maxFlowsPerLink(new EcmpRouting(NET, 7), 64)).isGreaterThanOrEqualTo(2);
    }

    @Test
    void pathsAreMinimumHopAndIndependentOfTheFlowLabel() {
        DestinationModKRouting dmodk = new DestinationModKRouting(NET);
        EcmpRouting ecmp = new EcmpRouting(NET, 3);
        for (int r : new int[] {0, 9, 100, 511, 1023}) {
            for (int s : new int[] {1, 8, 64, 700}) {
                int a = NET.endpoint(r);
                int b = NET.endpoint((r + s) % 1024);
                int[] p = dmodk.path(a, b, 0);
                assertThat(p).hasSameSizeAs(ecmp.path(a, b, 5));
                assertThat(dmodk.path(a, b, 17)).containsExactly(p);
                // the path is connected and ends at the destination
                int at = a;
                for (int l : p) {
                    assertThat(NET.linkSrc(l)).isEqualTo(at);
                    at = NET.linkDst(l);
                }
                assertThat(at).isEqualTo(b);
            }
        }
    }

    @Test
    void theLeafUplinkIsTheDestinationsPortPositionModuloTheUplinks() {
        // node 0 rail 0 to rail 0 of nodes 8..15 (ports 0..7 of another leaf): uplinks 0..7 of node 0's leaf, in order
        DestinationModKRouting r = new DestinationModKRouting(NET);
        int leaf = NET.linkDst(r.path(NET.endpoint(0), NET.endpoint(8 * RAILS), 0)[0]);
        java.util.List<Integer> uplinks = new java.util.ArrayList<>();
        for (int x = NET.outStart(leaf); x < NET.outStart(leaf + 1); x++) {
            int l = NET.outLink(x);
            if (NET.nodeKind(NET.linkDst(l)) == NodeKind.SWITCH) {
                uplinks.add(l);
            }
        }
        assertThat(uplinks).hasSize(8);
        java.util.List<Integer> taken = new java.util.ArrayList<>();
        for (int node = 8; node < 16; node++) {
            taken.add(r.path(NET.endpoint(0), NET.endpoint(node * RAILS), 0)[1]);
        }
        assertThat(taken).containsExactlyElementsOf(uplinks);
    }
}
