package dev.nearlight.core.catalogue;

/** Technology family, for grouping and ordering. */
public enum TechnologyFamily {
    /** DAC. */
    DAC,
    /** ACC. */
    ACC,
    /** AEC. */
    AEC,
    /** PLUGGABLE_DSP. */
    PLUGGABLE_DSP,
    /** LRO. */
    LRO,
    /** LPO. */
    LPO,
    /** NPO. */
    NPO,
    /** NPO_ELS. */
    NPO_ELS,
    /** CPO. */
    CPO,
    /** PCIE_COPPER. */
    PCIE_COPPER,
    /** PCIE_OPTICAL. */
    PCIE_OPTICAL
}
