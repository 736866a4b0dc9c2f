package dev.nearlight.explore.compare;

/**
 * Progress of a comparison run. The runner calls it from one thread at a time (calls are serialised), so
 * implementations need no locking. All methods default to doing nothing.
 */
public interface ComparisonListener {
    /** A listener that ignores everything. */
    ComparisonListener NONE = new ComparisonListener() {};

    /** The run starts with {@code totalSteps} evaluations (alternatives x workloads, then sensitivity settings). */
    default void started(int totalSteps) {}

    /** Evaluation number {@code done} of {@code total} finished; {@code label} says what it was. */
    default void stepFinished(int done, int total, String label) {}

    /** The run finished (successfully or not). */
    default void finished() {}
}
