package dev.nearlight.core.catalogue;

/** Where a technology's lasers sit. */
public enum LaserPlacement {
    /** No laser (copper). */
    NONE,
    /** In the module or engine, at its temperature. */
    INTERNAL,
    /** In an external laser source module at the faceplate, fibre-coupled to the engine. */
    EXTERNAL
}
