package dev.nearlight.sim.collective;

import dev.nearlight.sim.net.EcmpRouting;
import dev.nearlight.sim.net.NetworkTopology;

/** The network-model contract for the flow model that advances symmetric flows as classes. */
class SymmetricFlowNetworkModelContractTest extends NetworkModelContractTest {
    @Override
    NetworkModel model(NetworkTopology t, double eta) {
        return new SymmetricFlowNetworkModel(new FlowNetworkModel(t, new EcmpRouting(t, 1), eta));
    }
}
