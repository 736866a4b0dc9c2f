package dev.nearlight.sim.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nearlight.core.InputException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Routing} must satisfy (JGraphT-style contract test, after its {@code ShortestPathTestCase}: each
 * implementation's test extends this class and supplies the routing over a topology). Checked on a switch star, a
 * two-level rail-optimised leaf-spine, an odd and an even ring, and a 128-GPU two-tier rail fat tree built by
 * {@link FabricTopologies} from a fabric spec.
 */
abstract class RoutingContractTest {
    /** The routing under test over {@code t}. */
    abstract Routing routing(NetworkTopology t);

    /** Whether the implementation documents a one-line {@link InputException} for a pair with no path. */
    boolean rejectsUnreachablePairs() {
        return true;
    }

    static final NetworkTopology STAR = Topologies.switchStar(6, 1e9, 10);
    static final NetworkTopology LEAF_SPINE = Topologies.railOptimizedTwoLevel(4, 2, 4e9, 5, 2, 2, 1e9, 20);
    static final NetworkTopology RING_ODD = Topologies.ring(7, 1e9, 10);
    static final NetworkTopology RING_EVEN = Topologies.ring(8, 1e9, 10);
    static final NetworkTopology FAT_TREE = FabricTopologies.from(
            FabricTopologiesTest.compile("gpus: 128\nswitchRadix: 16\ntiers: 2\nscaleUpDomain: 8\n"));

    static List<NetworkTopology> topologies() {
        return List.of(STAR, LEAF_SPINE, RING_ODD, RING_EVEN, FAT_TREE);
    }

    /** Every ordered (src, dst) pair of nodes on the small topologies; on the fat tree every pair of endpoints. */
    private static int[][] pairs(NetworkTopology t) {
        int[] nodes = t == FAT_TREE
                ? t.endpoints()
                : java.util.stream.IntStream.range(0, t.nodeCount()).toArray();
        int[][] p = new int[3][nodes.length * nodes.length];
        int k = 0;
        for (int a : nodes) {
            for (int b : nodes) {
                p[0][k] = a;
                p[1][k] = b;
                p[2][k] = (a * 31 + b * 7) % 5;
                k++;
            }
        }
        return p;
    }

    /** Hop distances to {@code dst} from every node (reverse breadth-first search; -1 when unreachable). */
    private static int[] hopsTo(NetworkTopology t, int dst) {
        int[] d = new int[t.nodeCount()];
        Arrays.fill(d, -1);
        d[dst] = 0;
        ArrayDeque<Integer> q = new ArrayDeque<>(List.of(dst));
        while (!q.isEmpty()) {
            int v = q.poll();
            for (int x = t.inStart(v); x < t.inStart(v + 1); x++) {
                int u = t.linkSrc(t.inLink(x));
                if (d[u] < 0) {
                    d[u] = d[v] + 1;
                    q.add(u);
                }
            }
        }
        return d;
    }

    private static void assertConnected(NetworkTopology t, int src, int dst, int[] path) {
        String where = t + " " + src + "->" + dst + " " + Arrays.toString(path);
        int at = src;
        for (int l : path) {
            assertThat(l).as(where).isBetween(0, t.linkCount() - 1);
            assertThat(t.linkSrc(l)).as(where).isEqualTo(at);
            at = t.linkDst(l);
        }
        assertThat(at).as(where).isEqualTo(dst);
    }

    @Test
    void everyPathIsAConnectedSequenceOfExistingLinksFromSrcToDst() {
        for (NetworkTopology t : topologies()) {
            int[][] p = pairs(t);
            int[][] paths = routing(t).paths(p[0], p[1], p[2]);
            assertThat(paths.length).as(t.toString()).isEqualTo(p[0].length);
            for (int i = 0; i < paths.length; i++) {
                assertConnected(t, p[0][i], p[1][i], paths[i]);
                if (p[0][i] == p[1][i]) {
                    assertThat(paths[i]).isEmpty();
                } else {
                    assertThat(paths[i]).isNotEmpty();
                }
            }
        }
    }

    @Test
    void equalSourceDestinationAndLabelGiveEqualPathsWhateverTheBatch() {
        for (NetworkTopology t : topologies()) {
            int[][] p = pairs(t);
            Routing r = routing(t);
            int[][] batch = r.paths(p[0], p[1], p[2]);
            // the same requests again, shuffled (seeded) and each duplicated, in one batch and one by one
            int n = p[0].length;
            Integer[] order = new Integer[2 * n];
            for (int i = 0; i < order.length; i++) {
                order[i] = i % n;
            }
            java.util.Collections.shuffle(Arrays.asList(order), new Random(42));
            int[] s = new int[order.length];
            int[] d = new int[order.length];
            int[] l = new int[order.length];
            for (int i = 0; i < order.length; i++) {
                s[i] = p[0][order[i]];
                d[i] = p[1][order[i]];
                l[i] = p[2][order[i]];
            }
            int[][] again = routing(t).paths(s, d, l);
            for (int i = 0; i < order.length; i++) {
                assertThat(again[i]).as("%s request %d", t, order[i]).containsExactly(batch[order[i]]);
            }
            for (int i = 0; i < n; i += 7) {
                assertThat(r.path(p[0][i], p[1][i], p[2][i])).containsExactly(batch[i]);
            }
        }
    }

    @Test
    void anEmptyBatchGivesNoPathsAndSrcEqualToDstGivesAnEmptyPath() {
        for (NetworkTopology t : topologies()) {
            Routing r = routing(t);
            assertThat(r.paths(new int[0], new int[0], new int[0]).length).isZero();
            for (int v = 0; v < t.nodeCount(); v += 3) {
                assertThat(r.path(v, v, v)).isEmpty();
            }
        }
    }

    @Test
    void aMinimumHopRoutingTakesShortestPathsAndTheOnlyOneWhenItIsUnique() {
        for (NetworkTopology t : topologies()) {
            Routing r = routing(t);
            if (!r.minimumHop()) {
                continue;
            }
            int[][] p = pairs(t);
            int[][] paths = r.paths(p[0], p[1], p[2]);
            int lastDst = -1;
            int[] dist = null;
            for (int i = 0; i < paths.length; i++) {
                if (p[1][i] != lastDst) {
                    lastDst = p[1][i];
                    dist = hopsTo(t, lastDst);
                }
                assertThat(paths[i]).as("%s %d->%d", t, p[0][i], p[1][i]).hasSize(dist[p[0][i]]);
            }
        }
        // on the odd ring every pair has exactly one shortest path: i -> i+k (k <= 3) clockwise, else counter-clockwise
        Routing r = routing(RING_ODD);
        if (r.minimumHop()) {
            for (int a = 0; a < 7; a++) {
                for (int b = 0; b < 7; b++) {
                    int k = Math.floorMod(b - a, 7);
                    int step = k <= 3 ? 1 : -1;
                    int[] path = r.path(a, b, 3);
                    int at = a;
                    for (int l : path) {
                        assertThat(RING_ODD.linkDst(l)).isEqualTo(Math.floorMod(at + step, 7));
                        at = RING_ODD.linkDst(l);
                    }
                    assertThat(path).hasSize(Math.min(k, 7 - k));
                }
            }
        }
    }

    @Test
    void anUnreachablePairIsAOneLineInputError() {
        if (!rejectsUnreachablePairs()) {
            return;
        }
        // two switch stars with no link between them, plus a one-way link a -> z (z cannot reach a)
        NetworkTopology.Builder b = NetworkTopology.builder();
        int a = b.endpoint("a");
        int z = b.endpoint("z");
        int c = b.endpoint("c");
        int s1 = b.switchNode("s1");
        int s2 = b.switchNode("s2");
        b.duplex(a, s1, 1e9, 0, "");
        b.duplex(z, s2, 1e9, 0, "");
        b.duplex(c, s2, 1e9, 0, "");
        b.link(a, z, 1e9, 0, "");
        NetworkTopology t = b.build();
        Routing r = routing(t);
        assertThat(r.path(a, c, 0)).hasSize(3);
        for (int[] pair : new int[][] {{z, a}, {c, s1}, {s2, a}}) {
            assertThatThrownBy(() -> r.paths(new int[] {z, pair[0]}, new int[] {c, pair[1]}, new int[] {0, 0}))
                    .isInstanceOf(InputException.class)
                    .hasMessageContaining(t.nodeName(pair[0]))
                    .hasMessageContaining(t.nodeName(pair[1]))
                    .message()
                    .doesNotContain("\n");
        }
    }

    /**
     * A simple path from src to dst found by depth-first search, trying out-links in order (or reversed): usually not a
     * minimum-hop path, as an explicit path a caller lists may not be. Null when dst cannot be reached.
     */
    static int[] someSimplePath(NetworkTopology t, int src, int dst, boolean reversed) {
        ArrayDeque<Integer> path = new ArrayDeque<>();
        if (!dfs(t, src, dst, reversed, new boolean[t.nodeCount()], path)) {
            return null;
        }
        return path.stream().mapToInt(Integer::intValue).toArray();
    }

    private static boolean dfs(
            NetworkTopology t, int u, int dst, boolean rev, boolean[] seen, ArrayDeque<Integer> path) {
        if (u == dst) {
            return true;
        }
        seen[u] = true;
        int from = t.outStart(u);
        int to = t.outStart(u + 1);
        for (int i = 0; i < to - from; i++) {
            int l = t.outLink(rev ? to - 1 - i : from + i);
            int v = t.linkDst(l);
            if (!seen[v]) {
                path.addLast(l);
                if (dfs(t, v, dst, rev, seen, path)) {
                    return true;
                }
                path.removeLast();
            }
        }
        return false;
    }
}
