package dev.nearlight.fabric.bom;

import java.util.Map;

/**
 * Roll-up of one switch tier (leaf, spine, core, scale-up or PCIe switches): the switches and the parts at
 * <em>their</em> ports. Per-end figures (power, modules, the medium's half) are counted at the end they sit at;
 * optical engines and external laser sources are whole parts per switch, sized by bandwidth: a switch whose every
 * link end is an engine port ships fully populated ({@code radix x rate / engineGbps} engines, free ports
 * included); a hybrid switch (cages and engines) carries engines for its engine-side ports only.
 *
 * @param name tier name ({@code leaf}, {@code spine}, {@code core}, {@code scaleUp}, {@code pcie})
 * @param switches switches in the tier
 * @param portsUsed ports carrying a link
 * @param portsFree ports left free (e.g. spines of a balanced Clos rounded up)
 * @param linksDown link ends towards lower tiers (endpoints or lower switches)
 * @param linksUp link ends towards the same or higher tiers
 * @param medium technology of most link ends at this tier
 * @param transceivers pluggable modules in this tier's cages
 * @param opticalEngines optical engines in the tier ({@code switches x enginesPerSwitch})
 * @param opticsPowerW optics power at this tier's ports (modules, engine ports, active-cable ends), watts
 * @param switchPowerW switch boxes without optics, watts
 * @param powerW switch plus optics power, watts
 * @param capexUsd switch boxes, whole engines and laser sources, modules and the tier's half of every medium, USD
 * @param portsPerSwitch ports per switch (radix)
 * @param portRateGbps rate of one port
 * @param packaging {@code cages} (pluggables and copper only), {@code npo} or {@code cpo} (every link end is an
 *     engine port: no cages), {@code cages+npo} / {@code cages+cpo} (hybrid), {@code none} (no links)
 * @param enginePortsPerSwitch ports per switch served by engines (the radix when fully populated)
 * @param engineTechnology technology of the tier's engines ({@code ""} without engines)
 * @param engineGbps capacity of one engine (0 without engines)
 * @param enginesPerSwitch {@code ceil(enginePortsPerSwitch x portRateGbps / engineGbps)}
 * @param laserSourcesPerSwitch external laser modules per switch: {@code ceil(enginePortsPerSwitch x ELS per port)},
 *     ELS per port from the link model (lasers per end / channels per ELS module)
 * @param externalLaserModules {@code switches x laserSourcesPerSwitch}
 * @param modulesByTechnology pluggable modules in the tier's cages per technology
 * @param copperCableEnds copper cable ends at the tier's ports per technology ({@code dac}, {@code acc}, {@code aec})
 * @param switchUsd price of one switch box without optics (the fabric's {@code SwitchModel}; the only box price)
 * @param engineUsd price of one optical engine (0 without engines)
 * @param elsUsd price of one external laser module (0 without)
 * @param moduleUsdByTechnology price of one pluggable module per technology
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
        double capexUsd,
        int portsPerSwitch,
        double portRateGbps,
        String packaging,
        int enginePortsPerSwitch,
        String engineTechnology,
        double engineGbps,
        int enginesPerSwitch,
        int laserSourcesPerSwitch,
        long externalLaserModules,
        Map<String, Long> modulesByTechnology,
        Map<String, Long> copperCableEnds,
        double switchUsd,
        double engineUsd,
        double elsUsd,
        Map<String, Double> moduleUsdByTechnology) {
    public TierRollup {
        modulesByTechnology = Map.copyOf(modulesByTechnology);
        copperCableEnds = Map.copyOf(copperCableEnds);
        moduleUsdByTechnology = Map.copyOf(moduleUsdByTechnology);
        if (enginePortsPerSwitch > portsPerSwitch) {
            throw new IllegalStateException(
                    name + ": " + enginePortsPerSwitch + " engine ports exceed the radix " + portsPerSwitch);
        }
        if (portsUsed + portsFree != switches * portsPerSwitch) {
            throw new IllegalStateException(name + ": ports used + free != switches x radix");
        }
    }
}
