package dev.nearlight.sim.collective;

/**
 * Hierarchical all-reduce, groups of 2 with halving-doubling across them: needs 2 | n and n/2 a power of two. Balanced
 * as the default expects: (2-1)S/2 twice inside the pair plus 2(m-1)/m x S/2 across, 2(n-1)S/n per rank (m = n/2).
 */
class HierarchicalOverHalvingDoublingContractTest extends CollectiveAlgorithmContractTest {
    @Override
    CollectiveAlgorithm algorithm() {
        return new HierarchicalAlgorithm(2, new HalvingDoublingAlgorithm());
    }

    @Override
    boolean supports(CollectiveOp op, int n) {
        return op == CollectiveOp.ALL_REDUCE && n % 2 == 0 && Integer.bitCount(n / 2) == 1;
    }
}
