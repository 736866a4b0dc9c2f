package dev.nearlight.sim.collective;

/**
 * Hierarchical all-reduce, groups of g = 4 with double binary trees across them (m = n/g groups). Not balanced once
 * there are trees (m > 1), but the total is still 2(n-1)S: inside the groups the ring reduce-scatter and all-gather
 * move g(g-1) x S/g per group each, 2m(g-1)S = 2(n-m)S, and the g trees over m ranks move 2(m-1) x S/g each,
 * 2(m-1)S.
 */
class HierarchicalOverTreesContractTest extends CollectiveAlgorithmContractTest {
    static final int G = 4;

    @Override
    CollectiveAlgorithm algorithm() {
        return new HierarchicalAlgorithm(G, new DoubleBinaryTreeAlgorithm());
    }

    @Override
    boolean supports(CollectiveOp op, int n) {
        return op == CollectiveOp.ALL_REDUCE && n % G == 0;
    }

    @Override
    double balancedPerRankBytes(CollectiveOp op, int n, double bytes) {
        return n == G ? super.balancedPerRankBytes(op, n, bytes) : Double.NaN;
    }
}
