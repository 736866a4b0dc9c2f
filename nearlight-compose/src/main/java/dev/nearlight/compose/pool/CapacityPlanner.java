package dev.nearlight.compose.pool;

import dev.nearlight.compose.disagg.DisaggParameters;
import dev.nearlight.compose.disagg.Technology;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Finds the hardware that serves a trace at a target wait: no job turned away by a full queue, no job unplaceable that the largest
 * cluster ({@code maxRacks}) could place, and a p99 wait at or below the target.
 * Static: the smallest number of racks of fixed servers (exponential then binary search on racks, assuming more racks
 * never hurt). Composable: the smallest number of racks at full pools, then each pool type (GPU, memory, CPU,
 * storage in that order) shrunk independently by a binary search of its scale in [0, 1] to {@value #SCALE_STEPS}
 * halvings. Capex follows {@code pool/hardware.yaml}: static servers cost chassis plus contents; composable hardware
 * costs contents, one chassis per node-shape worth of each type, one switch per rack and an optical x16 link (both
 * ends) per chassis.
 */
public final class CapacityPlanner {
    /** Binary-search halvings of each composable pool scale. */
    public static final int SCALE_STEPS = 6;

    private final DisaggParameters params;
    private final PoolHardware hardware;

    /** A planner over the given parameters. */
    public CapacityPlanner(DisaggParameters params, PoolHardware hardware) {
        this.params = Objects.requireNonNull(params, "params");
        this.hardware = Objects.requireNonNull(hardware, "hardware");
    }

    /**
     * The planned hardware for one policy.
     *
     * @param placement policy
     * @param cluster the cluster found (racks and pool scales)
     * @param met whether the target was met within {@code maxRacks}
     * @param result the simulation at that cluster
     * @param hardwareNeeded racks, chassis and units per type (storage in TB)
     * @param capexUsd capital cost
     */
    public record Plan(
            Placement placement,
            ClusterSpec cluster,
            boolean met,
            PoolResult result,
            Map<String, Double> hardwareNeeded,
            double capexUsd) {}

    /** Plans the hardware for a policy; {@code maxRacks} bounds the search. */
    public Plan plan(JobTrace trace, ClusterSpec base, Placement p, double targetP99WaitS, int maxRacks) {
        ClusterSpec full = base.withPoolScale(null);
        // jobs the policy can never place even on the largest cluster (e.g. outside a latency window) do not count
        int unplaceable = simulate(full.withRacks(maxRacks), p, trace).rejectedInfeasible();
        Target target = new Target(targetP99WaitS, unplaceable);
        int hi = Math.max(1, Math.min(base.racks(), maxRacks));
        PoolResult atHi = simulate(full.withRacks(hi), p, trace);
        while (!target.meets(atHi) && hi < maxRacks) {
            hi = Math.min(maxRacks, hi * 2);
            atHi = simulate(full.withRacks(hi), p, trace);
        }
        if (!target.meets(atHi)) {
            ClusterSpec c = full.withRacks(hi);
            return new Plan(p, c, false, atHi, hardware(c, p), capex(c, p));
        }
        int lo = 0; // lo fails (0 racks never serves a non-empty trace), hi meets
        PoolResult best = atHi;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            PoolResult r = simulate(full.withRacks(mid), p, trace);
            if (target.meets(r)) {
                hi = mid;
                best = r;
            } else {
                lo = mid;
            }
        }
        ClusterSpec c = full.withRacks(hi);
        if (p.composable()) {
            double[] scale = {1, 1, 1, 1};
            for (ResourceType t :
                    new ResourceType[] {ResourceType.GPU, ResourceType.MEMORY, ResourceType.CPU, ResourceType.STORAGE
                    }) {
                double okScale = 1;
                double badScale = 0;
                for (int i = 0; i < SCALE_STEPS; i++) {
                    double mid = (okScale + badScale) / 2;
                    double[] s = scale.clone();
                    s[t.ordinal()] = mid;
                    PoolResult r = simulate(c.withPoolScale(s), p, trace);
                    if (target.meets(r)) {
                        okScale = mid;
                        best = r;
                    } else {
                        badScale = mid;
                    }
                }
                scale[t.ordinal()] = okScale;
            }
            c = c.withPoolScale(scale);
            best = simulate(c, p, trace);
        }
        return new Plan(p, c, target.meets(best), best, hardware(c, p), capex(c, p));
    }

    private PoolResult simulate(ClusterSpec c, Placement p, JobTrace trace) {
        return new PoolSimulator(c, p, null, params, hardware).run(trace);
    }

    /** The service target: nothing turned away by a full queue, no more unplaceable jobs than unavoidable. */
    private record Target(double p99WaitS, int unplaceable) {
        boolean meets(PoolResult r) {
            return r.rejectedQueueFull() == 0 && r.rejectedInfeasible() <= unplaceable && r.p99WaitS() <= p99WaitS;
        }
    }

    /** Racks, chassis and units per type for a cluster under a policy (storage in TB). */
    public Map<String, Double> hardware(ClusterSpec c, Placement p) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("racks", (double) c.racks());
        m.put("chassis", (double) chassis(c, p));
        m.put("cpus", (double) c.totalCapacity(ResourceType.CPU, p));
        m.put("gpus", (double) c.totalCapacity(ResourceType.GPU, p));
        m.put("memoryGiB", (double) c.totalCapacity(ResourceType.MEMORY, p));
        m.put("storageTB", c.totalCapacity(ResourceType.STORAGE, p) / 1000.0);
        return m;
    }

    private static long chassis(ClusterSpec c, Placement p) {
        if (!p.composable()) {
            return (long) c.racks() * c.nodesPerRack();
        }
        long n = 0;
        for (ResourceType t : ResourceType.values()) {
            int shape = c.nodeShape(t);
            if (shape > 0) {
                n += c.racks() * ((c.capacityPerRack(t) + shape - 1) / shape);
            }
        }
        return n;
    }

    /** Capital cost of a cluster under a policy. */
    public double capexUsd(ClusterSpec c, Placement p) {
        return capex(c, p);
    }

    private double capex(ClusterSpec c, Placement p) {
        double contents = c.totalCapacity(ResourceType.CPU, p)
                        * hardware.cpuCoreUsd().value()
                + c.totalCapacity(ResourceType.GPU, p) * hardware.gpuUsd().value()
                + c.totalCapacity(ResourceType.MEMORY, p)
                        * hardware.memoryUsdPerGiB().value()
                + c.totalCapacity(ResourceType.STORAGE, p)
                        / 1000.0
                        * hardware.storageUsdPerTB().value();
        long chassis = chassis(c, p);
        if (!p.composable()) {
            return contents + chassis * hardware.serverChassisUsd().value();
        }
        Technology tech = Technology.parse(c.technology(), params);
        double linkGbps =
                16 * params.generation(tech.generation()).transferGtPerS().value();
        double opticsPerChassis = tech.medium().optical()
                ? 2 * linkGbps * hardware.opticsUsdPerGbps().value()
                : 0;
        return contents
                + chassis * (hardware.poolChassisUsd().value() + opticsPerChassis)
                + c.racks() * hardware.fabricSwitchUsd().value();
    }
}
