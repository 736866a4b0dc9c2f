package dev.nearlight.sim.kernel;

import java.util.Arrays;

/**
 * One discrete-event simulation run: a clock, a future queue and a handler. An instance (not a static facade) so that
 * a design sweep can run thousands of independent simulations in one JVM. Events at equal times are dispatched by
 * ascending priority, then in insertion order, which makes every run deterministic.
 */
public final class Simulation {
    private final FutureQueue queue;
    private final EventHandler handler;
    private EventListener[] listeners = new EventListener[0];
    private double nowNs;
    private long serial;
    private long processed;
    private boolean stopped;

    /** Creates a simulation at time 0 that dispatches the events of {@code queue} to {@code handler}. */
    public Simulation(FutureQueue queue, EventHandler handler) {
        this.queue = queue;
        this.handler = handler;
    }

    /** Creates a simulation with a {@link BinaryHeapFutureQueue}. */
    public Simulation(EventHandler handler) {
        this(new BinaryHeapFutureQueue(), handler);
    }

    /** Registers an observer called after every event (opt-in; costs nothing when none is registered). */
    public void addListener(EventListener listener) {
        listeners = Arrays.copyOf(listeners, listeners.length + 1);
        listeners[listeners.length - 1] = listener;
    }

    /** Current simulated time in nanoseconds. */
    public double nowNs() {
        return nowNs;
    }

    /** Number of events handled so far. */
    public long processedEvents() {
        return processed;
    }

    /**
     * Schedules {@code event} at absolute time {@code timeNs} (not before now) with {@code priority} (lower runs first
     * among events at the same time).
     */
    public void schedule(double timeNs, int priority, SimEvent event) {
        if (!(timeNs >= nowNs)) {
            throw new IllegalArgumentException("cannot schedule at " + timeNs + " ns, before now (" + nowNs + " ns)");
        }
        queue.add(timeNs, priority, serial++, event);
    }

    /** Schedules {@code event} {@code delayNs} after now with priority 0. */
    public void scheduleIn(double delayNs, SimEvent event) {
        schedule(nowNs + delayNs, 0, event);
    }

    /** Stops the run after the current event. */
    public void stop() {
        stopped = true;
    }

    /** Runs until the queue is empty or {@link #stop()} is called; returns the number of events handled. */
    public long run() {
        return runUntil(Double.POSITIVE_INFINITY);
    }

    /** Runs until the next event would be later than {@code endNs}; returns the number of events handled by this call. */
    public long runUntil(double endNs) {
        long start = processed;
        stopped = false;
        EventListener[] ls = listeners;
        while (!stopped && queue.size() > 0 && queue.firstTimeNs() <= endNs) {
            nowNs = queue.firstTimeNs();
            SimEvent e = queue.poll();
            handler.handle(e, this);
            processed++;
            if (ls.length != 0) {
                for (EventListener l : ls) {
                    l.onEvent(nowNs, e);
                }
            }
        }
        return processed - start;
    }
}
