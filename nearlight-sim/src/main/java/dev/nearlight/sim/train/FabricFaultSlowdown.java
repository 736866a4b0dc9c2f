package dev.nearlight.sim.train;

import dev.nearlight.core.InputException;
import dev.nearlight.sim.collective.FlowNetworkModel;
import dev.nearlight.sim.collective.LinkEvent;
import dev.nearlight.sim.collective.NetworkRun;
import dev.nearlight.sim.collective.TransferSchedule;
import dev.nearlight.sim.net.FabricTopologies;
import dev.nearlight.sim.net.NetworkTopology;
import dev.nearlight.sim.net.NodeKind;
import dev.nearlight.sim.net.Routing;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a fabric fault the job routes around costs its training step, from the flow model on the job's own fabric
 * (docs/sim.md, "Feeding the reliability model"). The job's dominant data-parallel collective (the largest one the
 * step model issues on the data-parallel group: the gradient all-reduce, or the reduce-scatter of a sharded
 * optimizer) is laid out as {@link FlowCostModel} lays it out (tp x k concurrent rings over the domains of every
 * data-parallel group of pipeline stage 0) and run twice: healthy, and with the switch-to-switch cable that carried the
 * most of its bytes in the healthy run failed (capacity factor 0: down, its flows re-routed with resilient hashing) or
 * degraded (a factor in (0, 1), e.g. 0.5 for a port that lost half its lanes) from the start. {@code R = failed /
 * healthy} (at least 1, below) scales the step model's data-parallel collectives, and the step is estimated again:
 * the fraction of step time lost is {@code t_step(R) / t_step - 1}, which is {@code (R - 1) x exposed DP time / step
 * time} while the collective is fully exposed, and more when the backward pass hid part of it (the whole collective
 * grows, the window that hides it does not).
 *
 * <p>{@code R = max(1, failed / healthy)}. A cable at reduced capacity keeps its flows and never made the collective
 * faster on the fabrics tested (FabricFaultSlowdownTest); a cable down re-routes its flows, and when several of them had
 * collided on it (per-flow hashing, or D-mod-K on a pattern that is not a shift) the re-routing can spread them and
 * finish sooner: that is the routing's luck, not a gain from losing capacity, so it counts as no slowdown ({@link
 * #rawRatio()} keeps the simulated figure).
 *
 * <p>The busiest link is the one whose loss hurts this collective most, so the figure is an upper bound for one dark
 * switch-to-switch link; a synchronous job runs at its slowest data-parallel group, so the stage that owns the link
 * sets the step. Long rings are simulated on their first {@code maxSimulatedSteps} steps (every step of a ring sends
 * the same pairs the same bytes; only the ECMP labels differ), scaled to the full count.
 *
 * @param collective the simulated collective: {@code all-reduce}, {@code reduce-scatter} or {@code all-gather}
 * @param bytesPerRank its buffer per rank, as the step model prices it
 * @param ringSteps dependent steps of its inter-domain ring
 * @param simulatedSteps steps simulated (at most {@code ringSteps})
 * @param failedLink the cable failed, {@code "A - B"} (nodes of the flow topology); empty when the collective crosses no
 *     switch-to-switch link (then nothing slows down)
 * @param capacityFactor the failed cable's capacity factor: 0 down, in (0, 1) degraded
 * @param healthyS the collective (intra-domain part plus the inter-domain ring), healthy, s
 * @param failedS the same with the failed cable, as simulated, s
 * @param exposedDpFraction the step model's exposed data-parallel time / step time, healthy
 * @param stepLossFraction step time added by the failed cable, as a fraction of the healthy step time
 */
public record FabricFaultSlowdown(
        String collective,
        double bytesPerRank,
        int ringSteps,
        int simulatedSteps,
        String failedLink,
        double capacityFactor,
        double healthyS,
        double failedS,
        double exposedDpFraction,
        double stepLossFraction) {

    /** Ring steps simulated by default: enough for the ECMP labels to spread, few enough for a compare run. */
    public static final int DEFAULT_SIMULATED_STEPS = 8;

    /** Relative rounding slack on the check {@code R >= 1}. */
    private static final double SLACK = 1e-9;

    /** R = max(1, failed / healthy): the slowdown of the collective charged to the fault. */
    public double ratio() {
        return Math.max(1, rawRatio());
    }

    /** failed / healthy time of the collective as simulated (below 1 when re-routing resolved hash collisions). */
    public double rawRatio() {
        return failedS / healthyS;
    }

    /**
     * The slowdown of {@code job} on {@code topology} (rank r = endpoint r, as {@link FlowCostModel}) with the busiest
     * switch-to-switch cable of its data-parallel collective at {@code capacityFactor}; {@code routing} builds the
     * routing of a network (the healthy one, and the one without the down cable for re-routing). Empty when the job has
     * no data-parallel collective on the fabric (no data parallelism, a group inside one scale-up domain, a topology
     * smaller than a pipeline stage) or when the failure cuts a rank off (a hard failure, not a slowdown).
     */
    public static Optional<FabricFaultSlowdown> of(
            TrainingJob job,
            NetworkTopology topology,
            Function<NetworkTopology, Routing> routing,
            double capacityFactor,
            int maxSimulatedSteps) {
        if (!(capacityFactor >= 0 && capacityFactor < 1)) {
            throw new InputException("fabric fault capacity factor " + capacityFactor
                    + " must be in [0, 1): 0 for a failed link, a fraction for a degraded one");
        }
        if (maxSimulatedSteps < 1) {
            throw new InputException("simulated ring steps " + maxSimulatedSteps + " must be >= 1");
        }
        Parallelism par = job.parallelism();
        ClusterNetwork net = job.network();
        long ports = (long) Math.ceil(job.gpus() * net.nicsPerGpu());
        CommGroup g = TrainingStepModel.dpGroup(job, ports);
        Scaled healthyComm = new Scaled(new AlphaBetaCostModel(net), g, 1);
        StepResult healthyStep = new TrainingStepModel(healthyComm).simulate(job, false);
        int stageRanks = par.tp() * par.dp() * par.cp();
        if (healthyComm.op == null || g.insideDomain() || topology.endpointCount() < stageRanks) {
            return Optional.empty();
        }
        int k = g.membersPerDomain();
        int passes = healthyComm.op.equals("all-reduce") ? 2 : 1;
        int steps = passes * (g.domains() - 1);
        int sim = Math.min(steps, maxSimulatedSteps);
        double bytes = healthyComm.bytes;
        TransferSchedule rings = FlowCostModel.dpRings(par, bytes / k, g, sim);
        FlowNetworkModel flow = new FlowNetworkModel(topology, routing.apply(topology), net.scaleOutEfficiency());
        NetworkRun healthy = flow.run(rings);
        int busiest = busiestFabricLink(topology, healthy.linkBytes());
        double intra = passes * FlowCostModel.intraHalfS(net, bytes, k);
        double scale = (double) steps / sim;
        double healthyS = intra + scale * (healthy.makespanNs() * 1e-9 + sim * net.endpointLatencyS());
        if (busiest < 0) {
            return Optional.of(new FabricFaultSlowdown(
                    healthyComm.op,
                    bytes,
                    steps,
                    sim,
                    "",
                    capacityFactor,
                    healthyS,
                    healthyS,
                    healthyStep.dpCommS() / healthyStep.stepTimeS(),
                    0));
        }
        int a = topology.linkSrc(busiest);
        int b = topology.linkDst(busiest);
        NetworkRun failed;
        try {
            failed = flow.withLinkEvents(List.of(new LinkEvent(0, a, b, capacityFactor)), routing)
                    .run(rings);
        } catch (InputException cut) {
            return Optional.empty(); // the cable was the only path: the job cannot route around it
        }
        double failedS = intra + scale * (failed.makespanNs() * 1e-9 + sim * net.endpointLatencyS());
        double r = Math.max(1, failedS / healthyS);
        Scaled slower = new Scaled(new AlphaBetaCostModel(net), g, r);
        double stepS = new TrainingStepModel(slower).simulate(job, false).stepTimeS();
        double loss = stepS / healthyStep.stepTimeS() - 1;
        if (!(loss >= -SLACK * r)) {
            // the step model is monotone in its collectives' times: a slower one can never speed the step
            throw new IllegalStateException("a slower data-parallel collective made the step faster: "
                    + healthyStep.stepTimeS() + " s -> " + stepS + " s");
        }
        return Optional.of(new FabricFaultSlowdown(
                healthyComm.op,
                bytes,
                steps,
                sim,
                topology.nodeName(a) + " - " + topology.nodeName(b),
                capacityFactor,
                healthyS,
                failedS,
                healthyStep.dpCommS() / healthyStep.stepTimeS(),
                Math.max(0, loss)));
    }

    /** The switch-to-switch (scale-out) link that carried the most bytes, or -1 when none carried any. */
    static int busiestFabricLink(NetworkTopology t, double[] linkBytes) {
        int best = -1;
        for (int l = 0; l < t.linkCount(); l++) {
            if (t.nodeKind(t.linkSrc(l)) != NodeKind.SWITCH
                    || t.nodeKind(t.linkDst(l)) != NodeKind.SWITCH
                    || FabricTopologies.SCALE_UP.equals(t.linkTag(l))
                    || !(linkBytes[l] > 0)) {
                continue;
            }
            if (best < 0 || linkBytes[l] > linkBytes[best]) {
                best = l;
            }
        }
        return best;
    }

    /**
     * The analytical cost model with the data-parallel group's collectives times {@code factor}; it remembers the
     * largest of them (operation and bytes per rank), the step's dominant data-parallel collective.
     */
    private static final class Scaled implements CommunicationCostModel {
        private final CommunicationCostModel base;
        private final CommGroup dp;
        private final double factor;
        String op;
        double bytes;

        Scaled(CommunicationCostModel base, CommGroup dp, double factor) {
            this.base = base;
            this.dp = dp;
            this.factor = factor;
        }

        private double dp(String name, double b, CommGroup g, double s) {
            if (!g.equals(dp)) {
                return s;
            }
            if (op == null || b > bytes) {
                op = name;
                bytes = b;
            }
            return s * factor;
        }

        @Override
        public double allReduceS(double b, CommGroup g) {
            return dp("all-reduce", b, g, base.allReduceS(b, g));
        }

        @Override
        public double reduceScatterS(double b, CommGroup g) {
            return dp("reduce-scatter", b, g, base.reduceScatterS(b, g));
        }

        @Override
        public double allGatherS(double b, CommGroup g) {
            return dp("all-gather", b, g, base.allGatherS(b, g));
        }

        @Override
        public double allToAllS(double b, CommGroup g) {
            return base.allToAllS(b, g);
        }

        @Override
        public double p2pS(double b, boolean crossesDomain, long fabricPorts) {
            return base.p2pS(b, crossesDomain, fabricPorts);
        }
    }
}
