package dev.nearlight.core.catalogue;

/** How a technology treats the host electrical channel. */
public enum ElectricalMode {
    /** A DSP or retimer in the module, engine or cable end closes each host channel on its own. */
    TERMINATED,
    /** No retimer: the host SerDes sees its channel plus the linear optical path's penalty (LPO, LRO). */
    LINEAR,
    /** Passive or redriven copper: both host channels and the cable form one channel for the host SerDes. */
    PASSIVE
}
