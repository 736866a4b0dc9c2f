package dev.nearlight.fabric.device;

/** Where a switch's optics sit: faceplate pluggables, near-packaged engines on the board, or co-packaged. */
public enum OpticsPackaging {
    PLUGGABLE,
    NPO,
    CPO
}
