package dev.nearlight.core.catalogue;

/** Link protocol, which fixes the FEC family and the host PHY. */
public enum Protocol {
    /** ETHERNET. */
    ETHERNET,
    /** PCIE. */
    PCIE,
    /** CXL. */
    CXL
}
