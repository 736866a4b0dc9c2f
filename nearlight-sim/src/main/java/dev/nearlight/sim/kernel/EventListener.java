package dev.nearlight.sim.kernel;

/**
 * Opt-in observer called after each event is handled (tracing, probes, statistics). With no listener registered the
 * kernel's loop does not call anything, so the fast path pays nothing for observation.
 */
@FunctionalInterface
public interface EventListener {
    /** Called after {@code event} was handled at {@code timeNs}. */
    void onEvent(double timeNs, SimEvent event);
}
