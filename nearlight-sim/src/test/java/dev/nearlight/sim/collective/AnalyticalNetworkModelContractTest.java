package dev.nearlight.sim.collective;

import dev.nearlight.sim.net.EcmpRouting;
import dev.nearlight.sim.net.NetworkTopology;

/** The network-model contract for the analytical (congestion-bounded) model. */
class AnalyticalNetworkModelContractTest extends NetworkModelContractTest {
    @Override
    NetworkModel model(NetworkTopology t, double eta) {
        return new AnalyticalNetworkModel(t, new EcmpRouting(t, 1), eta);
    }
}
