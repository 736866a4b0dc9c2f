package dev.nearlight.compose.disagg;

import java.util.Map;

/**
 * The modelled load-to-use latency of one access over a {@link FabricPath}: total, round-trip breakdown (its values
 * sum to the total), bandwidth, link power and the comparison with local DRAM and a direct-attached CXL device.
 *
 * @param path the modelled path
 * @param kind CXL.mem read or PCIe DMA read
 * @param totalNs load-to-use latency, round trip
 * @param breakdownNs contribution per element to the round trip: {@code endpoint, phy, flitFec, retimer, switch,
 *     conversion, propagation}
 * @param oneWayPathNs the path's one-way latency (without endpoint)
 * @param bandwidthGBps usable x16 bandwidth per direction
 * @param linkPowerW power of all links and retimers on the path, both directions, at full rate
 * @param addedNsVsLocalDram total minus local DRAM load-to-use
 * @param addedNsVsDirect total minus the same access to a direct-attached device (one on-board link)
 */
public record AccessLatency(
        FabricPath path,
        AccessKind kind,
        double totalNs,
        Map<String, Double> breakdownNs,
        double oneWayPathNs,
        double bandwidthGBps,
        double linkPowerW,
        double addedNsVsLocalDram,
        double addedNsVsDirect) {
    /** Copies the breakdown. */
    public AccessLatency {
        breakdownNs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(breakdownNs));
    }
}
