package dev.nearlight.sim.collective;

/**
 * Direct (one-shot) algorithms: every rank sends its share straight to every other rank. All-reduce is a direct
 * reduce-scatter (bytes/n to each peer) then a direct all-gather; all-to-all sends bytes/n to each peer; broadcast
 * sends the whole buffer from rank 0 to every rank.
 */
public final class DirectAlgorithm implements CollectiveAlgorithm {
    @Override
    public void emit(CollectiveOp op, int n, double bytes, StepSink sink) {
        switch (op) {
            case ALL_REDUCE:
                allPairs(n, bytes / n, sink);
                allPairs(n, bytes / n, sink);
                break;
            case REDUCE_SCATTER:
            case ALL_GATHER:
            case ALL_TO_ALL:
                allPairs(n, bytes / n, sink);
                break;
            case BROADCAST:
                for (int r = 1; r < n; r++) {
                    sink.transfer(0, r, bytes);
                }
                sink.endStep();
                break;
            case SEND_RECV:
                for (int r = 0; r < n; r++) {
                    sink.transfer(r, (r + 1) % n, bytes);
                }
                sink.endStep();
                break;
            default:
                throw new IllegalStateException(op.toString());
        }
    }

    /** All-reduce, reduce-scatter, all-gather, all-to-all and send/recv: rank 0's sends, shifted, are every rank's. */
    @Override
    public boolean emitRankZero(CollectiveOp op, int n, double bytes, StepSink sink) {
        switch (op) {
            case ALL_REDUCE:
                rankZeroPairs(n, bytes / n, sink);
                rankZeroPairs(n, bytes / n, sink);
                return true;
            case REDUCE_SCATTER:
            case ALL_GATHER:
            case ALL_TO_ALL:
                rankZeroPairs(n, bytes / n, sink);
                return true;
            case SEND_RECV:
                sink.transfer(0, 1 % n, bytes);
                sink.endStep();
                return true;
            default:
                return false;
        }
    }

    private static void rankZeroPairs(int n, double slice, StepSink sink) {
        for (int k = 1; k < n; k++) {
            sink.transfer(0, k, slice);
        }
        sink.endStep();
    }

    private static void allPairs(int n, double slice, StepSink sink) {
        for (int r = 0; r < n; r++) {
            for (int k = 1; k < n; k++) {
                sink.transfer(r, (r + k) % n, slice);
            }
        }
        sink.endStep();
    }
}
