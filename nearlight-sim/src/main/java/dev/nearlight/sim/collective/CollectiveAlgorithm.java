package dev.nearlight.sim.collective;

/**
 * Contract of a collective algorithm: it emits, step by step, the transfers that implement {@code op} on
 * {@code ranks} ranks for a buffer of {@code bytes}. It knows nothing about the network; a
 * {@link NetworkModel} times the result.
 */
public interface CollectiveAlgorithm {
    /** Emits the steps; throws {@link dev.nearlight.core.InputException} if {@code op} or {@code ranks} is unsupported. */
    void emit(CollectiveOp op, int ranks, double bytes, StepSink sink);
}
