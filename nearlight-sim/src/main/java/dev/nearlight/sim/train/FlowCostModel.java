package dev.nearlight.sim.train;

import dev.nearlight.sim.collective.FlowNetworkModel;
import dev.nearlight.sim.collective.TransferSchedule;
import dev.nearlight.sim.net.EcmpRouting;
import dev.nearlight.sim.net.NetworkTopology;
import dev.nearlight.sim.net.Routing;
import java.util.HashMap;
import java.util.Map;

/**
 * Collective costs from the flow-level simulator on the built fabric, so that contention between parallel groups on
 * shared rails and uplinks is captured.
 *
 * <h2>What is simulated</h2>
 *
 * Ranks are laid out Megatron-style: {@code rank = tpIndex + tp x (dpIndex + dp x cpIndex) + tp x dp x cp x stage},
 * on the fabric's GPUs in build order (a node's GPUs are consecutive ranks).
 *
 * <ul>
 *   <li>Data-parallel reduce-scatter, all-gather and all-reduce (groups of dp x cp ranks, tp apart) run
 *       hierarchically as in {@link AlphaBetaCostModel}: the part inside the scale-up domain is priced analytically
 *       (NVLink is not shared with other groups), and the inter-domain ring on 1/k of the buffer is simulated for
 *       <em>all</em> data-parallel groups of pipeline stage 0 at once: tp x k concurrent rings (k = group members per
 *       domain), every GPU of the stage sending at the same time, so rings that share a leaf uplink, spine or core
 *       link slow each other down as they physically must. The other stages are symmetric (same shape on other
 *       nodes) and take the same time: stage 0 is simulated once and its time is used for every stage.
 *   <li>Pipeline point-to-point sends across domains: every rank of stage 0 sends to its peer in stage 1 at once.
 *   <li>Tensor-parallel collectives stay inside the scale-up domain; they, groups that fit in one domain, all-to-all
 *       (expert parallelism) and anything the fabric is too small for are priced by {@link AlphaBetaCostModel}.
 * </ul>
 *
 * The simulated network carries link and switch latency; the NIC/host latency of {@link
 * ClusterNetwork#endpointLatencyS()} is added once per dependent step (ring step or send), as the analytical model
 * does. Results are cached per (operation, bytes, group), so a step costs a handful of simulations.
 */
public final class FlowCostModel implements CommunicationCostModel {
    private final NetworkTopology topology;
    private final ClusterNetwork net;
    private final Parallelism par;
    private final AlphaBetaCostModel analytical;
    private final FlowNetworkModel flow;
    private final Map<String, Double> cache = new HashMap<>();

    /**
     * A flow cost model on {@code topology} (rank r = endpoint r) for the layout {@code par}; the achievable fraction
     * of line rate is the network's scale-out efficiency, ECMP hashing is salted with {@code seed}.
     */
    public FlowCostModel(NetworkTopology topology, ClusterNetwork net, Parallelism par, long seed) {
        this(topology, net, par, new EcmpRouting(topology, seed));
    }

    /** A flow cost model whose flows take the paths {@code routing} gives (one instance per model: not thread-safe). */
    public FlowCostModel(NetworkTopology topology, ClusterNetwork net, Parallelism par, Routing routing) {
        this.topology = topology;
        this.net = net;
        this.par = par;
        this.analytical = new AlphaBetaCostModel(net);
        this.flow = new FlowNetworkModel(topology, routing, net.scaleOutEfficiency());
    }

    private int stageRanks() {
        return par.tp() * par.dp() * par.cp();
    }

    private boolean simulatedDp(CommGroup g) {
        return !g.insideDomain() && g.size() == par.dp() * par.cp() && topology.endpointCount() >= stageRanks();
    }

    private double intraHalf(double bytes, int k) {
        return intraHalfS(net, bytes, k);
    }

    /** One pass of the ring among the k group members inside a scale-up domain (NVLink, not shared), s. */
    static double intraHalfS(ClusterNetwork net, double bytes, int k) {
        if (k <= 1) {
            return 0;
        }
        return (k - 1) * net.scaleUpLatencyS()
                + (k - 1.0) / k * bytes / (net.scaleUpBytesPerS() * net.scaleUpEfficiency());
    }

    @Override
    public double allReduceS(double bytes, CommGroup g) {
        if (!simulatedDp(g)) {
            return analytical.allReduceS(bytes, g);
        }
        int k = g.membersPerDomain();
        return 2 * intraHalf(bytes, k) + cached("ar", bytes, g, () -> dpRingsS(bytes / k, g, 2));
    }

    @Override
    public double reduceScatterS(double bytes, CommGroup g) {
        if (!simulatedDp(g)) {
            return analytical.reduceScatterS(bytes, g);
        }
        int k = g.membersPerDomain();
        return intraHalf(bytes, k) + cached("rs", bytes, g, () -> dpRingsS(bytes / k, g, 1));
    }

    @Override
    public double allGatherS(double bytes, CommGroup g) {
        if (!simulatedDp(g)) {
            return analytical.allGatherS(bytes, g);
        }
        int k = g.membersPerDomain();
        // an all-gather ring moves the same bytes as a reduce-scatter ring
        return intraHalf(bytes, k) + cached("rs", bytes, g, () -> dpRingsS(bytes / k, g, 1));
    }

    @Override
    public double allToAllS(double bytes, CommGroup g) {
        return analytical.allToAllS(bytes, g);
    }

    @Override
    public double p2pS(double bytes, boolean crossesDomain, long fabricPorts) {
        int n = stageRanks();
        if (!crossesDomain || par.pp() < 2 || topology.endpointCount() < 2 * n) {
            return analytical.p2pS(bytes, crossesDomain, fabricPorts);
        }
        String key = "p2p/" + bytes;
        Double v = cache.get(key);
        if (v == null) {
            int[] src = new int[n];
            int[] dst = new int[n];
            double[] b = new double[n];
            int[] zero = new int[n];
            int[] depStart = new int[n + 1];
            for (int r = 0; r < n; r++) {
                src[r] = r;
                dst[r] = r + n;
                b[r] = bytes;
            }
            TransferSchedule s = TransferSchedule.of(2 * n, src, dst, b, zero, zero.clone(), depStart, new int[0]);
            v = flow.run(s).makespanNs() * 1e-9 + net.endpointLatencyS();
            cache.put(key, v);
        }
        return v;
    }

    private double cached(String op, double bytes, CommGroup g, java.util.function.DoubleSupplier f) {
        String key = op + "/" + bytes + "/" + g;
        Double v = cache.get(key);
        if (v == null) {
            v = f.getAsDouble();
            cache.put(key, v);
        }
        return v;
    }

    /**
     * Time of tp x k concurrent rings over the D = size/k domains of every data-parallel group of stage 0, each ring
     * making {@code passes} passes (1 = reduce-scatter or all-gather, 2 = all-reduce) over a {@code buffer}-byte
     * buffer: D-1 steps per pass, each rank sending buffer/D to its successor once it has received the previous step.
     */
    double dpRingsS(double buffer, CommGroup g, int passes) {
        if (g.domains() <= 1) {
            return 0;
        }
        int steps = passes * (g.domains() - 1);
        // the fabric gives link and switch latency; NIC/host latency is added once per dependent ring step
        return flow.run(dpRings(par, buffer, g, steps)).makespanNs() * 1e-9 + steps * net.endpointLatencyS();
    }

    /**
     * The schedule of tp x k concurrent rings over the D = size/k domains of every data-parallel group of pipeline
     * stage 0 (k = group members per domain), {@code steps} ring steps of {@code buffer}/D bytes each (D-1 steps per
     * pass), each rank sending to its successor once it has received the previous step; ranks are the stage's tp x dp
     * x cp ranks in Megatron order. Label and phase are the step (the ECMP flow label).
     */
    static TransferSchedule dpRings(Parallelism par, double buffer, CommGroup g, int steps) {
        int tp = par.tp();
        int k = g.membersPerDomain();
        int d = g.domains();
        int rings = tp * k;
        int n = rings * steps * d;
        int[] src = new int[n];
        int[] dst = new int[n];
        double[] bytes = new double[n];
        int[] label = new int[n];
        int[] phase = new int[n];
        int[] depStart = new int[n + 1];
        int[] deps = new int[rings * Math.max(0, steps - 1) * d];
        double chunk = buffer / d;
        int t = 0;
        int dp = 0;
        for (int ring = 0; ring < rings; ring++) {
            int group = ring / k; // tp index of the data-parallel group
            int member = ring % k; // member index inside its domain
            for (int step = 0; step < steps; step++) {
                for (int i = 0; i < d; i++) {
                    src[t] = group + (i * k + member) * tp;
                    dst[t] = group + (((i + 1) % d) * k + member) * tp;
                    bytes[t] = chunk;
                    label[t] = step;
                    phase[t] = step;
                    depStart[t] = dp;
                    if (step > 0) {
                        // rank i forwards what it received from rank i-1 in the previous step
                        deps[dp++] = t - i - d + (i + d - 1) % d;
                    }
                    t++;
                }
            }
        }
        depStart[n] = dp;
        return TransferSchedule.of(tp * par.dp() * par.cp(), src, dst, bytes, label, phase, depStart, deps);
    }
}
