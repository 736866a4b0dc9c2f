package dev.nearlight.sim.collective;

import dev.nearlight.sim.net.EcmpRouting;
import dev.nearlight.sim.net.NetworkTopology;

/** The network-model contract for the per-flow max-min model. */
class FlowNetworkModelContractTest extends NetworkModelContractTest {
    @Override
    NetworkModel model(NetworkTopology t, double eta) {
        return new FlowNetworkModel(t, new EcmpRouting(t, 1), eta);
    }
}
