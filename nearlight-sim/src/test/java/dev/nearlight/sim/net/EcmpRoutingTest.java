package dev.nearlight.sim.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EcmpRoutingTest {

    @Test
    void ringTakesTheShorterDirection() {
        NetworkTopology ring = Topologies.ring(8, 1e9, 10);
        EcmpRouting r = new EcmpRouting(ring, 7);
        assertThat(r.path(0, 2, 0)).hasSize(2);
        assertThat(r.path(0, 6, 0)).hasSize(2);
        assertThat(r.path(0, 4, 0)).hasSize(4);
        assertThat(ring.pathLatencyNs(r.path(0, 3, 0))).isEqualTo(30.0);
        assertThat(r.path(3, 3, 0)).isEmpty();
    }

    @Test
    void equalCostPathsAreSpreadByFlowLabelAndStableForEqualLabels() {
        // 2 nodes x 1 GPU per leaf, 4 spines: GPU rail 0 of node 0 to node 1 crosses leaf-spine-leaf, 4 choices
        NetworkTopology t = Topologies.railOptimizedTwoLevel(2, 1, 1e9, 0, 1, 4, 1e9, 0);
        EcmpRouting r = new EcmpRouting(t, 12345);
        Set<Integer> spines = new HashSet<>();
        for (int label = 0; label < 64; label++) {
            int[] p = r.path(0, 1, label);
            assertThat(p).hasSize(4);
            spines.add(t.linkDst(p[1]));
            assertThat(r.path(0, 1, label)).containsExactly(p);
        }
        assertThat(spines).hasSize(4);
    }

    @Test
    void explicitMultipathRoundRobinsOverListedPaths() {
        NetworkTopology.Builder b = NetworkTopology.builder();
        int a = b.endpoint("a");
        int z = b.endpoint("z");
        int s1 = b.switchNode("s1");
        int s2 = b.switchNode("s2");
        int l1 = b.link(a, s1, 1e9, 0, "");
        int l2 = b.link(s1, z, 1e9, 0, "");
        int l3 = b.link(a, s2, 1e9, 0, "");
        int l4 = b.link(s2, z, 1e9, 0, "");
        NetworkTopology t = b.build();
        ExplicitRouting r =
                new ExplicitRouting(t, new EcmpRouting(t, 0)).addPath(l1, l2).addPath(l3, l4);
        assertThat(r.path(a, z, 0)).containsExactly(l1, l2);
        assertThat(r.path(a, z, 1)).containsExactly(l3, l4);
        assertThat(r.path(a, z, 2)).containsExactly(l1, l2);
    }
}
