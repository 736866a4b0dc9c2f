package dev.nearlight.app;

import dev.nearlight.sim.net.NetworkTopology;

/**
 * Where a command gets its network from (built-in options, an ASTRA-sim network file, later a fabric description).
 * Adding a source means adding one implementation and one option that selects it.
 */
interface TopologySource {
    /** Builds (or reads) the network; throws {@link dev.nearlight.core.InputException} on bad input. */
    NetworkTopology topology();

    /** One-line human description for report headers. */
    String describe();
}
