package dev.nearlight.core.catalogue;

/** How a module, engine or ASIC is cooled. */
public enum CoolingType {
    /** Forced air from the front inlet. */
    AIR,
    /** Cold plate on a liquid loop. */
    LIQUID
}
