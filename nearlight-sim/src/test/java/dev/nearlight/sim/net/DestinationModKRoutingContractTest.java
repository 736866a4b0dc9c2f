package dev.nearlight.sim.net;

class DestinationModKRoutingContractTest extends RoutingContractTest {
    @Override
    Routing routing(NetworkTopology t) {
        return new DestinationModKRouting(t);
    }
}
