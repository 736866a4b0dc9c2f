package dev.nearlight.sim.net;

/** What a network node is: a traffic endpoint (GPU, NPU, NIC) or a switch that only forwards. */
public enum NodeKind {
    /** Sources and sinks traffic; collective ranks are mapped onto endpoints in id order. */
    ENDPOINT,
    /** Forwards traffic only. */
    SWITCH
}
