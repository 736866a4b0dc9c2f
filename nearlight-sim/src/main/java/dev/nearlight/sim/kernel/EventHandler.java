package dev.nearlight.sim.kernel;

/** The model that reacts to events; it may schedule further events on the simulation it is handed. */
@FunctionalInterface
public interface EventHandler {
    /** Handles {@code event} at {@code sim.nowNs()}. */
    void handle(SimEvent event, Simulation sim);
}
