package dev.nearlight.sim.collective;

import java.util.EnumSet;
import java.util.Set;

/** Ring: every operation but all-to-all, any rank count; balanced by the default (n-1 or 2(n-1) shifts of S/n). */
class RingAlgorithmContractTest extends CollectiveAlgorithmContractTest {
    @Override
    CollectiveAlgorithm algorithm() {
        return new RingAlgorithm();
    }

    @Override
    boolean supports(CollectiveOp op, int n) {
        return op != CollectiveOp.ALL_TO_ALL;
    }

    @Override
    Set<CollectiveOp> translationInvariantOps() {
        return EnumSet.of(
                CollectiveOp.ALL_REDUCE, CollectiveOp.REDUCE_SCATTER, CollectiveOp.ALL_GATHER, CollectiveOp.SEND_RECV);
    }
}
