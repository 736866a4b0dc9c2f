package dev.nearlight.sim.net;

/**
 * {@link ExplicitRouting} with listed paths for the pairs from the first endpoint to every other endpoint (simple
 * paths a depth-first search finds, in out-link order and reversed: often not minimum-hop, as a caller may list them) and
 * D-mod-K routing for every other pair (and for pairs with no path, which it rejects).
 */
class ExplicitRoutingContractTest extends RoutingContractTest {
    @Override
    Routing routing(NetworkTopology t) {
        ExplicitRouting r = new ExplicitRouting(t, new DestinationModKRouting(t));
        int a = t.endpoint(0);
        for (int k = 1; k < t.endpointCount(); k++) {
            int b = t.endpoint(k);
            for (int[] p : new int[][] {
                someSimplePath(t, a, b, false), someSimplePath(t, b, a, true), someSimplePath(t, a, b, true)
            }) {
                if (p != null) {
                    r.addPath(p);
                }
            }
        }
        return r;
    }
}
