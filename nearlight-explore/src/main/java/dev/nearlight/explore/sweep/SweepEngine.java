package dev.nearlight.explore.sweep;

import java.io.IOException;

/**
 * Evaluates a range of a sweep's design points and hands each point's rows to a sink in ascending point order, so the
 * output never depends on the engine, its parallelism or timing. The local engine runs on threads ({@link
 * LocalSweepEngine}); {@code nearlight-spark} adds one on Apache Spark through {@link SweepEngineProvider}.
 */
public interface SweepEngine {
    /** Receives each design point's result, in ascending point order, on the caller's thread. */
    @FunctionalInterface
    interface PointSink {
        /** Takes one point's rows. */
        void accept(PointResult result) throws IOException;
    }

    /** The engine's name, as {@code --engine} takes it. */
    String name();

    /**
     * Evaluates points {@code from} (inclusive) to {@code to} (exclusive).
     *
     * @throws IOException when the sink fails
     */
    void run(SweepJob job, long from, long to, PointSink sink) throws IOException;
}
