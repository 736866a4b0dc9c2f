package dev.nearlight.explore.tco;

/**
 * Repair categories of the reliability model's populations, each with its share of failures that swaps a part ({@link
 * EconomicsDefaults#partSwapShare}) and whether it belongs to the nodes or the fabric (for the cost boundaries).
 */
public enum RepairCategory {
    /** GPU faults (tray or baseboard part). */
    GPU("gpu", true),
    /** Network interface cards. */
    NIC("nic", true),
    /** Other node parts: CPU, memory, PSU, SSD, board. */
    NODE_OTHER("nodeOther", true),
    /** Non-optical switch faults: ASIC, PSU, fans, board. */
    SWITCH("switch", false),
    /** Optical modules, engines, laser sources and copper cables. */
    OPTICS("optics", false);

    private final String id;
    private final boolean node;

    RepairCategory(String id, boolean node) {
        this.id = id;
        this.node = node;
    }

    /** The key under {@code partSwapShare} in the economics defaults. */
    public String id() {
        return id;
    }

    /** Whether the category is part of the GPU nodes (else of the scale-out fabric). */
    public boolean node() {
        return node;
    }
}
