package dev.nearlight.sim.kernel;

/**
 * The typed events the kernel dispatches. A sealed interface of records (instead of an int tag and an Object payload)
 * so handlers dispatch with {@code instanceof} patterns and the compiler knows every kind.
 */
public sealed interface SimEvent
        permits SimEvent.FlowStart, SimEvent.FlowDrained, SimEvent.FlowDelivered, SimEvent.Recompute, SimEvent.Timer {

    /** A flow (transfer {@code flowId}) starts injecting bytes into the network. */
    record FlowStart(int flowId) implements SimEvent {}

    /**
     * The last byte of flow {@code flowId} has left the source, valid only if {@code version} still matches the flow's
     * rate version (rates change when other flows start or end, which makes older drain events stale).
     */
    record FlowDrained(int flowId, int version) implements SimEvent {}

    /** The last byte of flow {@code flowId} has arrived at the destination (drain time plus path latency). */
    record FlowDelivered(int flowId) implements SimEvent {}

    /** Recompute max-min fair rates of the parts of the network touched since the last recomputation. */
    record Recompute() implements SimEvent {}

    /** A generic timer with a caller-chosen tag (benchmarks, workloads above the network). */
    record Timer(int tag) implements SimEvent {}
}
