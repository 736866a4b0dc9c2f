package dev.nearlight.fabric.device;

import dev.nearlight.fabric.NodeKind;

/**
 * A pooled enclosure of a PCIe/CXL fabric (GPUs, CXL memory or NVMe drives behind one upstream port), with the
 * access latency of the device behind it (excluded from fabric path latency, reported separately).
 *
 * @param kind {@link NodeKind#GPU_POOL}, {@link NodeKind#MEMORY_POOL} or {@link NodeKind#STORAGE_POOL}
 * @param devices GPUs, memory modules or drives inside
 * @param deviceLatencyNs access latency of the device itself (e.g. CXL memory 210 ns, optics-parameters 10.4)
 * @param powerW enclosure power, watts
 */
public record EnclosureModel(NodeKind kind, int devices, double deviceLatencyNs, double powerW) {
    /** Default CXL memory enclosure: 16 modules, 210 ns device latency, 400 W (ours). */
    public static EnclosureModel memory() {
        return new EnclosureModel(NodeKind.MEMORY_POOL, 16, 210, 400);
    }

    /** Default GPU enclosure: 8 GPUs (latency not applicable), 6 kW (ours). */
    public static EnclosureModel gpus() {
        return new EnclosureModel(NodeKind.GPU_POOL, 8, 0, 6000);
    }

    /** Default NVMe JBOF: 24 drives, ~80 us read latency, 500 W (ours). */
    public static EnclosureModel storage() {
        return new EnclosureModel(NodeKind.STORAGE_POOL, 24, 80_000, 500);
    }
}
