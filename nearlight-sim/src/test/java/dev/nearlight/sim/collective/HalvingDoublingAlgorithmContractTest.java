package dev.nearlight.sim.collective;

/**
 * Halving-doubling: all-reduce, reduce-scatter and all-gather on a power-of-two rank count. Balanced by the default:
 * halving sends S/2 + S/4 + ... + S/n = (n-1)S/n per rank, doubling the same in reverse.
 */
class HalvingDoublingAlgorithmContractTest extends CollectiveAlgorithmContractTest {
    @Override
    CollectiveAlgorithm algorithm() {
        return new HalvingDoublingAlgorithm();
    }

    @Override
    boolean supports(CollectiveOp op, int n) {
        return Integer.bitCount(n) == 1
                && (op == CollectiveOp.ALL_REDUCE
                        || op == CollectiveOp.REDUCE_SCATTER
                        || op == CollectiveOp.ALL_GATHER);
    }
}
