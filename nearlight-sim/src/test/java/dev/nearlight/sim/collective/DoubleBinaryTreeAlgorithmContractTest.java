package dev.nearlight.sim.collective;

/**
 * Double binary tree: all-reduce and broadcast at any rank count. Not balanced (an inner node of tree A sends S/2 up
 * and S/2 to each of its two children), but the total is the bandwidth-optimal one: each tree has n-1 edges, each
 * carrying S/2 up and S/2 down, so 2 trees x (n-1) x S = 2(n-1) S = n f(n) S. Broadcast sends S over each of tree A's
 * n-1 edges, (n-1) S.
 */
class DoubleBinaryTreeAlgorithmContractTest extends CollectiveAlgorithmContractTest {
    @Override
    CollectiveAlgorithm algorithm() {
        return new DoubleBinaryTreeAlgorithm();
    }

    @Override
    boolean supports(CollectiveOp op, int n) {
        return op == CollectiveOp.ALL_REDUCE || op == CollectiveOp.BROADCAST;
    }

    @Override
    double balancedPerRankBytes(CollectiveOp op, int n, double bytes) {
        return Double.NaN;
    }
}
