package dev.nearlight.core.catalogue;

/** Which edge a port consumes. */
public enum Shoreline {
    /** The box faceplate (pluggables, cables). */
    FACEPLATE,
    /** The board around the package, at the engine distance (NPO, PCIe cables). */
    BOARD,
    /** The package edge itself (CPO). */
    PACKAGE
}
