package dev.nearlight.sim.collective;

import dev.nearlight.core.InputException;

/**
 * Recursive halving-doubling (Rabenseifner): reduce-scatter in log2 n steps where step k exchanges bytes/2^(k+1)
 * with the partner at distance n/2^(k+1), then all-gather by recursive doubling in reverse. Needs a power-of-two rank
 * count.
 */
public final class HalvingDoublingAlgorithm implements CollectiveAlgorithm {
    @Override
    public void emit(CollectiveOp op, int n, double bytes, StepSink sink) {
        if (Integer.bitCount(n) != 1) {
            throw new InputException("--algo halving-doubling needs a power-of-two number of ranks, got " + n
                    + "; use " + Integer.highestOneBit(n) + " or " + Integer.highestOneBit(n) * 2
                    + " endpoints, or --algo ring");
        }
        switch (op) {
            case ALL_REDUCE:
                halving(n, bytes, sink);
                doubling(n, bytes, sink);
                break;
            case REDUCE_SCATTER:
                halving(n, bytes, sink);
                break;
            case ALL_GATHER:
                doubling(n, bytes, sink);
                break;
            default:
                throw Unsupported.of("halving-doubling", op, "allreduce, reducescatter, allgather");
        }
    }

    private static void halving(int n, double bytes, StepSink sink) {
        double b = bytes;
        for (int d = n / 2; d >= 1; d /= 2) {
            b /= 2;
            for (int r = 0; r < n; r++) {
                sink.transfer(r, r ^ d, b);
            }
            sink.endStep();
        }
    }

    private static void doubling(int n, double bytes, StepSink sink) {
        double b = bytes / n;
        for (int d = 1; d < n; d *= 2) {
            for (int r = 0; r < n; r++) {
                sink.transfer(r, r ^ d, b);
            }
            sink.endStep();
            b *= 2;
        }
    }
}
