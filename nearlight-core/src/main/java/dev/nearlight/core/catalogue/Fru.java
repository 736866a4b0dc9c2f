package dev.nearlight.core.catalogue;

/** The field-replaceable unit when a link end fails. */
public enum Fru {
    /** CABLE. */
    CABLE,
    /** MODULE. */
    MODULE,
    /** ENGINE. */
    ENGINE,
    /** LASER_MODULE. */
    LASER_MODULE,
    /** SYSTEM. */
    SYSTEM
}
