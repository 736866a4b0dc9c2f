package dev.nearlight.core.catalogue;

/** How much a catalogue number can be trusted: standard or datasheet, vendor claim or paper, estimate. */
public enum Confidence {
    /** Standard, implementation agreement or datasheet value. */
    HIGH,
    /** Vendor claim, press release, conference paper or reputable trade press. */
    MEDIUM,
    /** Blog, marketing page or our own estimate (the derivation is in the source text). */
    LOW
}
