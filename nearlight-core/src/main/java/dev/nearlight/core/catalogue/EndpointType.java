package dev.nearlight.core.catalogue;

/** Kind of device at a link end. */
public enum EndpointType {
    /** Accelerator. */
    GPU,
    /** Switch ASIC. */
    SWITCH,
    /** Network interface card. */
    NIC
}
