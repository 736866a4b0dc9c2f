package dev.nearlight.sim.collective;

/**
 * Contract of a collective algorithm: it emits, step by step, the transfers that implement {@code op} on
 * {@code ranks} ranks for a buffer of {@code bytes}. It knows nothing about the network; a
 * {@link NetworkModel} times the result.
 */
public interface CollectiveAlgorithm {
    /** Emits the steps; throws {@link dev.nearlight.core.InputException} if {@code op} or {@code ranks} is unsupported. */
    void emit(CollectiveOp op, int ranks, double bytes, StepSink sink);

    /**
     * For a translation-invariant pattern (at every step each rank r sends what rank 0 sends, every destination shifted
     * by r modulo {@code ranks}), emits only rank 0's transfers, step by step as {@link #emit} would, and returns true;
     * otherwise emits nothing and returns false (the default). Lets a quotient schedule skip the other ranks;
     * {@code CollectiveAlgorithmContractTest} checks every implementation against {@link #emit}.
     */
    default boolean emitRankZero(CollectiveOp op, int ranks, double bytes, StepSink sink) {
        return false;
    }
}
