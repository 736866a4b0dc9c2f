package dev.nearlight.fabric.bom;

import java.util.Map;

/**
 * Bill of materials of one link class (e.g. {@code leafSpine}).
 *
 * @param name link class name
 * @param rateGbps link rate
 * @param opticsTechnology optics technology configured for the class
 * @param links physical links
 * @param linksByTechnology links per chosen technology (copper where it reaches, else the optics)
 * @param linksByMedium links per medium ({@code copper}, {@code optical})
 * @param infeasibleLinks links longer than their technology's reach
 * @param transceivers pluggable modules (both ends)
 * @param opticalEngines engine bandwidth of the class's engine ends, in engines: {@code ceil(engineEnds x rate /
 *     engineGbps)} (whole engines are counted per switch tier and per NIC, where free ports of a fully populated
 *     switch add to them)
 * @param externalLaserModules external laser modules serving the class's engine ends (rounded up)
 * @param fibres optical fibres
 * @param cables copper cables plus fibre jumpers
 * @param meanLengthM mean cable length, metres
 * @param maxLengthM longest cable, metres
 * @param opticsPowerW modules, engines and active-cable electronics, watts
 * @param hostSerdesPowerW host SerDes at both ends, watts
 * @param costUsd optics and cables, per link: each end's part (module, or the engine's per-port share) plus the
 *     medium, USD (capex counts whole engines per switch instead of the engine shares)
 * @param switchEndTechnology technology at the switch ends of the class's optical links
 * @param endpointEndTechnology technology at the endpoint (NIC) ends of the class's optical links
 * @param engineEnds link ends on an optical engine port
 * @param copperCables copper cables per type ({@code dac}, {@code acc}, {@code aec}): one FRU each, never modules
 */
public record LinkClassRollup(
        String name,
        double rateGbps,
        String opticsTechnology,
        long links,
        Map<String, Long> linksByTechnology,
        Map<String, Long> linksByMedium,
        long infeasibleLinks,
        long transceivers,
        long opticalEngines,
        long externalLaserModules,
        long fibres,
        long cables,
        double meanLengthM,
        double maxLengthM,
        double opticsPowerW,
        double hostSerdesPowerW,
        double costUsd,
        String switchEndTechnology,
        String endpointEndTechnology,
        long engineEnds,
        Map<String, Long> copperCables) {
    public LinkClassRollup {
        copperCables = Map.copyOf(copperCables);
    }
}
