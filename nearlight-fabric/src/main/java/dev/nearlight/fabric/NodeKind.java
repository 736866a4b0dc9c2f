package dev.nearlight.fabric;

/** What a vertex of a {@link Fabric} is: an endpoint (GPU, host, pooled enclosure) or a switch of some level. */
public enum NodeKind {
    /** An accelerator with its scale-out NIC folded in (one rail per NIC). */
    GPU(false),
    /** A CPU host (root complex) of a PCIe/CXL fabric. */
    HOST(false),
    /** Pooled GPU enclosure of a PCIe/CXL fabric. */
    GPU_POOL(false),
    /** Pooled CXL memory enclosure. */
    MEMORY_POOL(false),
    /** Pooled NVMe storage enclosure. */
    STORAGE_POOL(false),
    /** First switch level (top of rail / leaf, or a torus/dragonfly router). */
    LEAF(true),
    /** Second switch level. */
    SPINE(true),
    /** Third switch level. */
    CORE(true),
    /** NVSwitch-like switch of a scale-up domain. */
    SCALE_UP_SWITCH(true),
    /** PCIe/CXL switch. */
    PCIE_SWITCH(true);

    private final boolean isSwitch;

    NodeKind(boolean isSwitch) {
        this.isSwitch = isSwitch;
    }

    /** True for switching elements, whose port count is bounded by a radix. */
    public boolean isSwitch() {
        return isSwitch;
    }
}
