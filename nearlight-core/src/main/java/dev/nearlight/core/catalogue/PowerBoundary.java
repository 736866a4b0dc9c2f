package dev.nearlight.core.catalogue;

/**
 * What a power figure covers, so that no watt is counted twice: a module or optical-engine figure never includes the
 * host SerDes, and a whole-switch figure is never added to per-port figures.
 */
public enum PowerBoundary {
    /** A pluggable module or an active cable end, excluding the host SerDes. */
    MODULE,
    /** An optical engine (NPO or CPO), excluding host SerDes and an external laser source. */
    ENGINE,
    /** The host SerDes (Tx plus Rx of one lane direction pair) on the switch, GPU or NIC die. */
    HOST_SERDES,
    /** A whole link: both ends' host SerDes, modules or engines and lasers. */
    LINK,
    /** A whole switch or accelerator package or system. */
    SWITCH_SYSTEM,
    /**
     * A compute node or one of its parts (GPUs, CPUs, NVSwitch, NICs, memory, drives, fans, power conversion), at the
     * node's power inlet; pluggable optics and cables are not in it (the link model counts them).
     */
    NODE
}
