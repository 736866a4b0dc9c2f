package dev.nearlight.fabric.bom;

import java.util.List;
import java.util.Map;

/**
 * Bill of materials and roll-up of a whole fabric. Power and cost exclude the GPUs and servers themselves.
 *
 * @param topology topology name
 * @param gpus GPUs
 * @param nodes compute nodes (servers)
 * @param switches switches per tier name
 * @param cables links per link class name
 * @param tiers per-tier roll-up
 * @param linkClasses per-link-class bill of materials
 * @param shape topology shape figures
 * @param opticsPowerW all modules, engines and active-cable electronics, watts
 * @param switchPowerW all switch boxes without optics, watts
 * @param hostSerdesPowerW SerDes at both ends of every link, watts
 * @param totalPowerW sum of the three, watts
 * @param capexUsd switch boxes, whole engines and laser sources, modules and media: the sum of the tiers' and the
 *     NIC ends' capex, USD
 * @param bisectionTbps bisection bandwidth, Tb/s per direction
 * @param diameterHops longest shortest GPU-to-GPU path, links
 * @param oversubscription worst downlink:uplink ratio
 * @param transceivers pluggable modules in total (switch cages and NICs)
 * @param opticalEngines NPO/CPO engines in total: per switch tier by bandwidth, plus NIC engines
 * @param externalLaserModules external laser modules in total (switch tiers and NICs)
 * @param fibres optical fibres in total
 * @param infeasibleLinks links their technology cannot reach
 * @param nicEnds the parts at the endpoint (NIC) ends
 * @param switchCapexUsd switch boxes without optics, USD
 */
public record FabricReport(
        String topology,
        int gpus,
        int nodes,
        Map<String, Long> switches,
        Map<String, Long> cables,
        List<TierRollup> tiers,
        List<LinkClassRollup> linkClasses,
        Map<String, Number> shape,
        double opticsPowerW,
        double switchPowerW,
        double hostSerdesPowerW,
        double totalPowerW,
        double capexUsd,
        double bisectionTbps,
        int diameterHops,
        double oversubscription,
        long transceivers,
        long opticalEngines,
        long externalLaserModules,
        long fibres,
        long infeasibleLinks,
        NicEndRollup nicEnds,
        double switchCapexUsd) {}
