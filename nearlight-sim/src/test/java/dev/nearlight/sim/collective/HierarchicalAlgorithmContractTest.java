package dev.nearlight.sim.collective;

/**
 * Hierarchical all-reduce, scale-up groups of g = 4 with a ring across groups: supported when g divides n. With
 * m = n/g groups each rank sends (g-1)S/g in the intra-group ring reduce-scatter, 2(m-1)/m x S/g in the ring
 * all-reduce of S/g across groups and (g-1)S/g in the all-gather: 2S [m(g-1) + (m-1)] / (mg) = 2(n-1)S/n = f(n) S,
 * balanced as the default expects.
 */
class HierarchicalAlgorithmContractTest extends CollectiveAlgorithmContractTest {
    static final int G = 4;

    @Override
    CollectiveAlgorithm algorithm() {
        return new HierarchicalAlgorithm(G, new RingAlgorithm());
    }

    @Override
    boolean supports(CollectiveOp op, int n) {
        return op == CollectiveOp.ALL_REDUCE && n % G == 0;
    }
}
