package dev.nearlight.sim.reliability;

/**
 * What else goes down while a failed unit waits for and undergoes repair. The numbers (links and GPUs out of service)
 * are carried by {@link ComponentPopulation}; this tag says where they come from.
 */
public enum BlastRadius {
    /** Nothing but the job itself (transient or software fault). */
    NONE,
    /** One link (a pluggable module or cable). */
    LINK,
    /** The ports fed by one external laser source. */
    LINK_GROUP,
    /** One node and all its GPUs and NIC links (NPO engine on a GPU board, GPU tray, host part). */
    NODE,
    /** A whole switch and all its ports (CPO engine, NPO engine on a switch board, switch fault). */
    SWITCH
}
