package dev.nearlight.sim.collective;

import java.util.EnumSet;
import java.util.Set;

/**
 * Direct: every operation at any rank count; each rank sends S/n to each of the n-1 others per phase (balanced by the
 * default), broadcast sends S from the root to each of the n-1 others ((n-1) S in total, the default).
 */
class DirectAlgorithmContractTest extends CollectiveAlgorithmContractTest {
    @Override
    CollectiveAlgorithm algorithm() {
        return new DirectAlgorithm();
    }

    @Override
    boolean supports(CollectiveOp op, int n) {
        return true;
    }

    @Override
    Set<CollectiveOp> translationInvariantOps() {
        return EnumSet.complementOf(EnumSet.of(CollectiveOp.BROADCAST));
    }
}
