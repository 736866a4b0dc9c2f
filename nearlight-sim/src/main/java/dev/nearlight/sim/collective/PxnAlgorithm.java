package dev.nearlight.sim.collective;

import dev.nearlight.core.InputException;

/**
 * NCCL's PXN ("PCI x NVLink") all-to-all on rail-optimised clusters: ranks form nodes of {@code scaleUpSize}
 * consecutive ranks, local index = rail. Instead of sending to a GPU on another rail over the network, a GPU first
 * moves, over NVLink, everything destined to rail k of every other node to its local peer on rail k; that peer then
 * sends one aggregated message per remote node on its own rail, so inter-node traffic never leaves its rail and the
 * message count per NIC drops by the node size (NVIDIA, "Doubling all2all Performance with NVIDIA Collective
 * Communication Library 2.12", developer blog, 2022; NCCL_PXN_DISABLE in the NCCL environment-variable docs).
 *
 * <p>All-to-all of S bytes on n = m nodes x g GPUs, slice S/n per rank pair: step 1, GPU (A, j) sends its local peer
 * (A, k), k != j, m S/n bytes (the slice for (A, k) itself plus those for (B, k) of the m - 1 other nodes); step 2,
 * GPU (A, k) sends (B, k), B != A, g S/n bytes (the slices of all g GPUs of A for (B, k)).
 */
public final class PxnAlgorithm implements CollectiveAlgorithm {
    private final int scaleUpSize;

    /** Nodes of {@code scaleUpSize} consecutive ranks. */
    public PxnAlgorithm(int scaleUpSize) {
        if (scaleUpSize < 1) {
            throw new InputException("--scale-up must be >= 1, got " + scaleUpSize);
        }
        this.scaleUpSize = scaleUpSize;
    }

    @Override
    public void emit(CollectiveOp op, int n, double bytes, StepSink sink) {
        if (op != CollectiveOp.ALL_TO_ALL) {
            throw Unsupported.of("pxn", op, "alltoall");
        }
        int g = scaleUpSize;
        if (n % g != 0) {
            throw new InputException("--scale-up " + g + " does not divide the " + n + " ranks; use a divisor of " + n);
        }
        int m = n / g;
        double slice = bytes / n;
        if (g > 1) {
            for (int a = 0; a < m; a++) {
                for (int j = 0; j < g; j++) {
                    for (int k = 0; k < g; k++) {
                        if (k != j) {
                            sink.transfer(a * g + j, a * g + k, m * slice);
                        }
                    }
                }
            }
            sink.endStep();
        }
        if (m > 1) {
            for (int a = 0; a < m; a++) {
                for (int k = 0; k < g; k++) {
                    for (int b = 0; b < m; b++) {
                        if (b != a) {
                            sink.transfer(a * g + k, b * g + k, g * slice);
                        }
                    }
                }
            }
            sink.endStep();
        }
    }
}
