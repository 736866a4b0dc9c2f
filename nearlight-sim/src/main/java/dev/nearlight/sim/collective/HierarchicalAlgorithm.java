package dev.nearlight.sim.collective;

import dev.nearlight.core.InputException;

/**
 * Hierarchical all-reduce as NCCL runs it on rail-optimised clusters: ranks form scale-up groups of
 * {@code scaleUpSize} consecutive ranks; (1) ring reduce-scatter inside every group, (2) an all-reduce of bytes /
 * scaleUpSize across groups among ranks with the same local index (one per rail, all rails at once) using the inner
 * algorithm, (3) ring all-gather inside every group.
 */
public final class HierarchicalAlgorithm implements CollectiveAlgorithm {
    private final int scaleUpSize;
    private final CollectiveAlgorithm inter;
    private final CollectiveAlgorithm intra = new RingAlgorithm();

    /** Groups of {@code scaleUpSize} consecutive ranks; {@code inter} runs the cross-group phase. */
    public HierarchicalAlgorithm(int scaleUpSize, CollectiveAlgorithm inter) {
        if (scaleUpSize < 1) {
            throw new InputException("--scale-up must be >= 1, got " + scaleUpSize);
        }
        this.scaleUpSize = scaleUpSize;
        this.inter = inter;
    }

    @Override
    public void emit(CollectiveOp op, int n, double bytes, StepSink sink) {
        if (op != CollectiveOp.ALL_REDUCE) {
            throw Unsupported.of("hierarchical", op, "allreduce");
        }
        int g = scaleUpSize;
        if (n % g != 0) {
            throw new InputException("--scale-up " + g + " does not divide the " + n + " ranks; use a divisor of " + n);
        }
        int m = n / g;
        int[][] groups = new int[m][g];
        int[][] rails = new int[g][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < g; j++) {
                groups[i][j] = i * g + j;
                rails[j][i] = i * g + j;
            }
        }
        if (g > 1) {
            intra.emit(CollectiveOp.REDUCE_SCATTER, g, bytes, new FanOutSink(sink, groups));
        }
        if (m > 1) {
            inter.emit(CollectiveOp.ALL_REDUCE, m, bytes / g, new FanOutSink(sink, rails));
        }
        if (g > 1) {
            intra.emit(CollectiveOp.ALL_GATHER, g, bytes, new FanOutSink(sink, groups));
        }
    }

    /** Replays each transfer of a sub-collective in every group, mapping local to global ranks. */
    private static final class FanOutSink implements StepSink {
        private final StepSink parent;
        private final int[][] groups;

        FanOutSink(StepSink parent, int[][] groups) {
            this.parent = parent;
            this.groups = groups;
        }

        @Override
        public void transfer(int src, int dst, double bytes) {
            for (int[] grp : groups) {
                parent.transfer(grp[src], grp[dst], bytes);
            }
        }

        @Override
        public void endStep() {
            parent.endStep();
        }
    }
}
