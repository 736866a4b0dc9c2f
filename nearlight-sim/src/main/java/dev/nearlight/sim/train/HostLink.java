package dev.nearlight.sim.train;

import dev.nearlight.core.InputException;

/**
 * A GPU's path to host memory, for activation offloading: the per-GPU bandwidth each way (PCIe on HGX boards,
 * NVLink-C2C to Grace on GB200/GB300) and the host memory one GPU's share of the node holds.
 *
 * @param bytesPerSPerDirection GPU-to-host bandwidth per direction in bytes/s (0: no host path priced)
 * @param memoryGiB host memory per GPU in GiB
 */
public record HostLink(double bytesPerSPerDirection, double memoryGiB) {
    /** No host path: activation offloading is refused on such a GPU. */
    public static final HostLink NONE = new HostLink(0, 0);

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
