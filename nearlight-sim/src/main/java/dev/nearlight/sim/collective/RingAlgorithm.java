package dev.nearlight.sim.collective;

/**
 * Ring algorithms: every step each rank sends one slice to its successor. All-reduce is a reduce-scatter of n-1 steps
 * followed by an all-gather of n-1 steps, each step moving bytes/n; broadcast is a chain from rank 0 (pipelined by
 * chunking); send/recv shifts the whole buffer to the next rank.
 */
public final class RingAlgorithm implements CollectiveAlgorithm {
    @Override
    public void emit(CollectiveOp op, int n, double bytes, StepSink sink) {
        switch (op) {
            case ALL_REDUCE:
                steps(n, bytes / n, 2 * (n - 1), sink);
                break;
            case REDUCE_SCATTER:
            case ALL_GATHER:
                steps(n, bytes / n, n - 1, sink);
                break;
            case BROADCAST:
                for (int k = 0; k < n - 1; k++) {
                    sink.transfer(k, k + 1, bytes);
                    sink.endStep();
                }
                break;
            case SEND_RECV:
                steps(n, bytes, 1, sink);
                break;
            default:
                throw Unsupported.of("ring", op, "allreduce, reducescatter, allgather, broadcast, sendrecv");
        }
    }

    /** Ring all-reduce, reduce-scatter, all-gather and send/recv are shifts: rank 0 sends to rank 1 at every step. */
    @Override
    public boolean emitRankZero(CollectiveOp op, int n, double bytes, StepSink sink) {
        int steps;
        double slice = bytes / n;
        switch (op) {
            case ALL_REDUCE:
                steps = 2 * (n - 1);
                break;
            case REDUCE_SCATTER:
            case ALL_GATHER:
                steps = n - 1;
                break;
            case SEND_RECV:
                steps = 1;
                slice = bytes;
                break;
            default:
                return false;
        }
        for (int k = 0; k < steps; k++) {
            sink.transfer(0, 1 % n, slice);
            sink.endStep();
        }
        return true;
    }

    private static void steps(int n, double slice, int steps, StepSink sink) {
        for (int k = 0; k < steps; k++) {
            for (int r = 0; r < n; r++) {
                sink.transfer(r, (r + 1) % n, slice);
            }
            sink.endStep();
        }
    }
}
