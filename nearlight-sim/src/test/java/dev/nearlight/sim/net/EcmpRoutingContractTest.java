package dev.nearlight.sim.net;

class EcmpRoutingContractTest extends RoutingContractTest {
    @Override
    Routing routing(NetworkTopology t) {
        return new EcmpRouting(t, 7);
    }
}
