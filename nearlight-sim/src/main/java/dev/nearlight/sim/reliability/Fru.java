package dev.nearlight.sim.reliability;

/** What is physically replaced to repair a failure (the field-replaceable unit). */
public enum Fru {
    /** Nothing is replaced: a transient or software fault that only needs a restart. */
    NONE,
    /** A copper cable assembly (DAC/ACC/AEC). */
    CABLE,
    /** A pluggable optical module (DSP, LPO, LRO), hot-swappable. */
    MODULE,
    /** An optical engine serviced at board level (NPO): the board or tray comes out. */
    ENGINE,
    /** An external laser source module (CPO/NPO ELS), hot-swappable. */
    LASER_SOURCE,
    /** A whole switch (CPO engine failure without an engine FRU, or a switch fault). */
    SWITCH,
    /** A GPU tray or baseboard (GPU fault, or a host-side CPO engine). */
    GPU_TRAY,
    /** A network interface card. */
    NIC,
    /** Another node part (CPU, memory, PSU, SSD, board). */
    NODE_PART,
    /** The fibre path of an optical link (patch cord and its connectors): cleaned or replaced, hot. */
    FIBRE_CORD
}
