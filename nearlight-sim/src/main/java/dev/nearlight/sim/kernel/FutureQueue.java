package dev.nearlight.sim.kernel;

/**
 * The future event list: a priority queue ordered by (time, priority, serial), lowest first. An interface so that a
 * calendar or ladder queue can replace the binary heap once a benchmark shows it pays.
 */
public interface FutureQueue {
    /** Inserts an event; {@code serial} must be unique and increasing in insertion order (the tie breaker). */
    void add(double timeNs, int priority, long serial, SimEvent event);

    /** Number of pending events. */
    int size();

    /** Time of the first event; only valid when {@code size() > 0}. */
    double firstTimeNs();

    /** Removes and returns the first event; only valid when {@code size() > 0}. */
    SimEvent poll();
}
