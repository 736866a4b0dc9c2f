package dev.nearlight.sim.collective;

/**
 * PXN all-to-all, nodes of g = 4: supported when g divides n. With m = n/g nodes and slices of S/n, each rank sends
 * its g-1 local peers m slices each ((g-1)S/g) and then its rail peers on the m-1 other nodes g slices each
 * ((m-1)S/m); by symmetry it receives the same. So each rank moves (g-1)S/g + (m-1)S/m, more than f(n) S = (n-1)S/n
 * by (m-1)(g-1)S/n: the slices from (A, j) to (B, k) with B != A and k != j cross two hops (NVLink, then the rail).
 * In total n times that, (2n - m - g) S.
 */
class PxnAlgorithmContractTest extends CollectiveAlgorithmContractTest {
    static final int G = 4;

    @Override
    CollectiveAlgorithm algorithm() {
        return new PxnAlgorithm(G);
    }

    @Override
    boolean supports(CollectiveOp op, int n) {
        return op == CollectiveOp.ALL_TO_ALL && n % G == 0;
    }

    @Override
    double balancedPerRankBytes(CollectiveOp op, int n, double bytes) {
        int m = n / G;
        return ((G - 1.0) / G + (m - 1.0) / m) * bytes;
    }

    @Override
    double aggregateBytes(CollectiveOp op, int n, double bytes) {
        return (2.0 * n - n / G - G) * bytes;
    }
}
