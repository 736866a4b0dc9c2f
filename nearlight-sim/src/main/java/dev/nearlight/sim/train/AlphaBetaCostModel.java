package dev.nearlight.sim.train;

/**
 * Analytical alpha-beta collective costs (Thakur et al. 2005; NCCL's ring and hierarchical algorithms). Inside a
 * scale-up domain a ring of k ranks all-reduces in 2(k-1) steps moving 2(k-1)/k of the buffer at the achievable bus
 * bandwidth. A group spanning domains runs hierarchically: reduce-scatter inside the domain, an inter-domain ring on
 * 1/k of the buffer where every member uses its own NIC share (divided by {@link CommGroup#nicSharing()} when groups
 * contend), then all-gather inside the domain.
 */
public final class AlphaBetaCostModel implements CommunicationCostModel {
    private final ClusterNetwork net;

    /** A cost model over the given network figures. */
    public AlphaBetaCostModel(ClusterNetwork net) {
        this.net = net;
    }

    private double upBw() {
        return net.scaleUpBytesPerS() * net.scaleUpEfficiency();
    }

    private double outBw(CommGroup g) {
        return net.scaleOutBytesPerS() * net.scaleOutEfficiency() / g.nicSharing();
    }

    /** One ring pass (reduce-scatter or all-gather) over k ranks inside a domain. */
    private double ringHalfUp(double bytes, int k) {
        if (k <= 1) {
            return 0;
        }
        return (k - 1) * net.scaleUpLatencyS() + (k - 1.0) / k * bytes / upBw();
    }

    private double ringHalfOut(double bytes, int n, CommGroup g) {
        if (n <= 1) {
            return 0;
        }
        return (n - 1) * net.scaleOutLatencyS(g.fabricPorts()) + (n - 1.0) / n * bytes / outBw(g);
    }

    /** One reduce-scatter or all-gather pass, hierarchical when the group spans domains. */
    private double half(double bytes, CommGroup g) {
        int k = g.membersPerDomain();
        return ringHalfUp(bytes, k) + ringHalfOut(bytes / k, g.domains(), g);
    }

    @Override
    public double allReduceS(double bytes, CommGroup g) {
        return 2 * half(bytes, g);
    }

    @Override
    public double reduceScatterS(double bytes, CommGroup g) {
        return half(bytes, g);
    }

    @Override
    public double allGatherS(double bytes, CommGroup g) {
        return half(bytes, g);
    }

    @Override
    public double allToAllS(double bytes, CommGroup g) {
        int n = g.size();
        if (n <= 1) {
            return 0;
        }
        int k = g.membersPerDomain();
        double intra = (k - 1.0) / n * bytes / upBw() + net.scaleUpLatencyS();
        if (g.insideDomain()) {
            return intra;
        }
        double inter = (double) (n - k) / n * bytes / outBw(g) + net.scaleOutLatencyS(g.fabricPorts());
        return Math.max(intra, inter);
    }

    @Override
    public double p2pS(double bytes, boolean crossesDomain, long fabricPorts) {
        if (crossesDomain) {
            return net.scaleOutLatencyS(fabricPorts) + bytes / (net.scaleOutBytesPerS() * net.scaleOutEfficiency());
        }
        return net.scaleUpLatencyS() + bytes / upBw();
    }
}
