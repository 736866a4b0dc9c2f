package dev.nearlight.core.catalogue;

/** What a part of a node platform is, for grouping node power and repair prices. */
public enum PartRole {
    /** Accelerator (its power and price come from the endpoint entry). */
    GPU,
    /** Host CPU. */
    CPU,
    /** Scale-up switch chip, or a node's share of the scale-up switch trays. */
    NVSWITCH,
    /** Scale-out NIC (its power and price come from the endpoint entry). */
    NIC,
    /** Storage and management DPU. */
    DPU,
    /** System memory. */
    MEMORY,
    /** Local drives. */
    STORAGE,
    /** Fans. */
    FANS,
    /** Power-supply conversion loss, BMC, PCIe switches, retimers and the rest of the board. */
    OTHER
}
