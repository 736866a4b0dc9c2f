package dev.nearlight.compose.disagg;

/** The kind of access whose load-to-use latency is modelled. */
public enum AccessKind {
    /** A CXL.mem 64-byte read from a pooled memory device. */
    CXL_MEM_READ,
    /** A PCIe DMA read by a remote device (GPU, NVMe) of host memory. */
    PCIE_DMA_READ
}
