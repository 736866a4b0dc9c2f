package dev.nearlight.fabric.bom;

import java.util.Map;

/**
 * The parts at the endpoint ends of the fabric's links: GPU NICs (one port per rail), and PCIe hosts and pooled
 * enclosures. A node ships what its NIC has (catalogue NICs: pluggable cages), unless the optics put engines on it
 * (plain {@code npo}/{@code cpo} on a host-facing class, a what-if); an engine on a NIC is a whole engine per NIC port
 * ({@code ceil(rate / engineGbps)}), with {@code ceil(ELS per port)} laser sources.
 *
 * @param nodes compute nodes (servers; hosts of a PCIe fabric)
 * @param ports endpoint link ends (NIC ports in use)
 * @param portsByTechnology endpoint ends per part technology (copper ends by cable type)
 * @param pluggableModules pluggable modules in NIC cages
 * @param opticalEngines optical engines on NICs
 * @param externalLaserModules external laser modules for NIC engines
 * @param copperCableEnds copper cable ends at NICs
 * @param modulesPerNode pluggable modules per node (mean)
 * @param enginesPerNode engines per node (mean)
 * @param laserSourcesPerNode laser modules per node (mean)
 * @param opticsPowerW optics power at the endpoint ends, watts
 * @param capexUsd parts at the endpoint ends and the endpoint half of their media, USD
 * @param moduleUsdByTechnology price of one pluggable module per technology
 * @param engineUsd price of one NIC engine (0 without)
 * @param elsUsd price of one external laser module (0 without)
 */
public record NicEndRollup(
        long nodes,
        long ports,
        Map<String, Long> portsByTechnology,
        long pluggableModules,
        long opticalEngines,
        long externalLaserModules,
        long copperCableEnds,
        double modulesPerNode,
        double enginesPerNode,
        double laserSourcesPerNode,
        double opticsPowerW,
        double capexUsd,
        Map<String, Double> moduleUsdByTechnology,
        double engineUsd,
        double elsUsd) {
    public NicEndRollup {
        portsByTechnology = Map.copyOf(portsByTechnology);
        moduleUsdByTechnology = Map.copyOf(moduleUsdByTechnology);
    }
}
