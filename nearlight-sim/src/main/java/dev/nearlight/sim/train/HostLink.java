package dev.nearlight.sim.train;

import dev.nearlight.core.InputException;

/**
 * A GPU's path to host memory, for activation offloading: the per-GPU bandwidth each way (PCIe on HGX boards,
 * NVLink-C2C to Grace on GB200/GB300), the host memory one GPU's share of the node holds, and whether the same link
 * also carries the GPU's NIC traffic (on HGX boards the GPU's one PCIe x16 link leads to a switch behind which sit both
 * the host and the NICs, so GPUDirect RDMA and host copies share it).
 *
 * @param bytesPerSPerDirection GPU-to-host bandwidth per direction in bytes/s (0: no host path priced)
 * @param memoryGiB host memory per GPU in GiB
 * @param sharedWithNics the link also carries the GPU's scale-out (NIC) traffic
 */
public record HostLink(double bytesPerSPerDirection, double memoryGiB, boolean sharedWithNics) {
    /** No host path: activation offloading is refused on such a GPU. */
    public static final HostLink NONE = new HostLink(0, 0, false);

    /** A host path of its own (not shared with the NICs). */
    public HostLink(double bytesPerSPerDirection, double memoryGiB) {
        this(bytesPerSPerDirection, memoryGiB, false);
    }

    public HostLink {
        if (!(bytesPerSPerDirection >= 0) || !(memoryGiB >= 0)) {
            throw new InputException("host link: bandwidth " + bytesPerSPerDirection + " B/s and memory " + memoryGiB
                    + " GiB must be >= 0");
        }
    }

    /** Whether activations can be offloaded over this path (a priced bandwidth). */
    public boolean present() {
        return bytesPerSPerDirection > 0;
    }

    /** Seconds to copy {@code bytes} one way. */
    public double copyS(double bytes) {
        return bytes / bytesPerSPerDirection;
    }

    /** Host memory per GPU in bytes. */
    public double memoryBytes() {
        return memoryGiB * 1024.0 * 1024 * 1024;
    }
}
