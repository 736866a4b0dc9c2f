package dev.nearlight.fabric.bom;

/**
 * Roll-up of one switch tier (leaf, spine, core, scale-up or PCIe switches): the switches and the optics at
 * <em>their</em> ports (half of each link's optics belongs to each end).
 *
 * @param name tier name ({@code leaf}, {@code spine}, {@code core}, {@code scaleUp}, {@code pcie})
 * @param switches switches in the tier
 * @param portsUsed ports carrying a link
 * @param portsFree ports left free
 * @param linksDown link ends towards lower tiers (endpoints or lower switches)
 * @param linksUp link ends towards the same or higher tiers
 * @param medium technology of most link ends at this tier
 * @param transceivers pluggable modules in this tier's ports
 * @param opticalEngines NPO/CPO engine share of this tier's ports (rounded up)
 * @param opticsPowerW optics power at this tier's ports, watts
 * @param switchPowerW switch boxes without optics, watts
 * @param powerW switch plus optics power, watts
 * @param capexUsd switches plus the optics at this tier's ports, USD
 */
public record TierRollup(
        String name,
        long switches,
        long portsUsed,
        long portsFree,
        long linksDown,
        long linksUp,
        String medium,
        long transceivers,
        long opticalEngines,
        double opticsPowerW,
        double switchPowerW,
        double powerW,
        double capexUsd) {}
