package dev.nearlight.core.catalogue;

/** What carries the signal between the two ends. */
public enum Medium {
    /** COPPER. */
    COPPER,
    /** OPTICAL. */
    OPTICAL
}
