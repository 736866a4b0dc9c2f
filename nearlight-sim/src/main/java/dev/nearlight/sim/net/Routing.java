package dev.nearlight.sim.net;

/**
 * Chooses the path (a sequence of link ids) of each flow. Batched, because the shortest-path implementation shares
 * one search per destination among all flows heading there.
 */
public interface Routing {
    /**
     * Returns, for every request i, the links from node {@code srcNodes[i]} to node {@code dstNodes[i]} for a flow with
     * label {@code flowLabels[i]} (flows with equal (src, dst, label) take the same path). Empty when src equals dst.
     */
    int[][] paths(int[] srcNodes, int[] dstNodes, int[] flowLabels);

    /**
     * Whether every path is a minimum-hop path (then a pair with a single shortest path always gets that one, whatever
     * the choice among equal-cost paths). False unless an implementation guarantees it.
     */
    default boolean minimumHop() {
        return false;
    }

    /** Convenience for a single flow. */
    default int[] path(int srcNode, int dstNode, int flowLabel) {
        return paths(new int[] {srcNode}, new int[] {dstNode}, new int[] {flowLabel})[0];
    }
}
