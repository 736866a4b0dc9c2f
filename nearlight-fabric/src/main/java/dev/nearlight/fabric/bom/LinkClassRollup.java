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
 * @param opticalEngines NPO/CPO engines (rounded up)
 * @param externalLaserModules external laser modules (rounded up)
 * @param fibres optical fibres
 * @param cables copper cables plus fibre jumpers
 * @param meanLengthM mean cable length, metres
 * @param maxLengthM longest cable, metres
 * @param opticsPowerW modules, engines and active-cable electronics, watts
 * @param hostSerdesPowerW host SerDes at both ends, watts
 * @param costUsd optics and cables, USD
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
        double costUsd) {}
