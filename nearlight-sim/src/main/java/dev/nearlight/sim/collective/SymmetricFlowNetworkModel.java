package dev.nearlight.sim.collective;

import dev.nearlight.sim.net.NetworkTopology;
import java.util.Arrays;
import java.util.List;

/**
 * The flow-level model ({@link FlowNetworkModel}: fluid flows, max-min fair rates, delivery after the path latency)
 * run on symmetry classes: when the routed schedule has an equitable partition into far fewer flow classes than
 * transfers ({@link FlowClasses}), every class is advanced as one flow with a count, and the per-transfer results
 * are expanded from the class results. Otherwise (for example per-flow ECMP, whose hash collisions break the symmetry)
 * it runs the per-flow model. The results equal the per-flow model's up to rounding (a relative 1e-9; tested).
 * Opt-in ({@code nearlight collective --flow-classes}): finding the classes costs about what it saves on the measured
 * fabrics (docs/benchmarks/sim.md).
 */
public final class SymmetricFlowNetworkModel implements NetworkModel {
    private final FlowNetworkModel perFlow;
    private final double maxClassFraction;

    /**
     * Wraps {@code perFlow}; classes are used when there are at most {@code maxClassFraction} times as many flow
     * classes as transfers (in (0, 1]; 1 uses them whenever the partition is equitable, as the tests do).
     */
    public SymmetricFlowNetworkModel(FlowNetworkModel perFlow, double maxClassFraction) {
        if (!(maxClassFraction > 0 && maxClassFraction <= 1)) {
            throw new IllegalArgumentException("maxClassFraction must be in (0, 1]: " + maxClassFraction);
        }
        this.perFlow = perFlow;
        this.maxClassFraction = maxClassFraction;
    }

    /** Uses classes when they are at most an eighth of the transfers. */
    public SymmetricFlowNetworkModel(FlowNetworkModel perFlow) {
        this(perFlow, 0.125);
    }

    @Override
    public String name() {
        return "flow";
    }

    /** The per-flow model's figure (the fallback's and the classes' refinement arrays are of that order). */
    @Override
    public long heapBytesPerTransfer() {
        return perFlow.heapBytesPerTransfer();
    }

    /** The per-flow model this one wraps. */
    FlowNetworkModel perFlow() {
        return perFlow;
    }

    @Override
    public NetworkTopology topology() {
        return perFlow.topology();
    }

    @Override
    public NetworkRun run(TransferSchedule schedule) {
        NetworkTopology t = perFlow.topology();
        int[][] paths = PathTable.route(schedule, t, perFlow.routing());
        FlowClasses classes = classes(schedule, paths);
        if (classes == null) {
            return perFlow.run(schedule, paths, List.of(), false);
        }
        return new ClassRun(schedule, paths, classes).run();
    }

    /** The symmetry classes the model would use for {@code schedule}, or null if it runs per flow. */
    FlowClasses classes(TransferSchedule schedule, int[][] paths) {
        NetworkTopology t = perFlow.topology();
        double[] effCap = new double[t.linkCount()];
        for (int l = 0; l < effCap.length; l++) {
            effCap[l] = perFlow.effectiveCapacityBytesPerNs(l);
        }
        double[] lat = new double[schedule.size()];
        for (int i = 0; i < lat.length; i++) {
            lat[i] = t.pathLatencyNs(paths[i]) + schedule.processingNs(i); // classes share their delivery delay
        }
        int max = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (long) (maxClassFraction * schedule.size())));
        return FlowClasses.of(schedule, paths, effCap, lat, max);
    }

    /** One run on classes: the class arrays for {@link ClassFlowSolver}, and its results expanded to the transfers. */
    private final class ClassRun {
        final TransferSchedule s;
        final int[][] paths;
        final FlowClasses fc;
        final int k;
        final int[] rep;
        final double[] bytes;
        final double[] latency;
        final int[][] linkClassesOf; // distinct link classes of each flow class
        final int[][] multiplicity; // n(L, F) for those link classes
        final double[] capL;
        final int[][] deps;

        ClassRun(TransferSchedule s, int[][] paths, FlowClasses fc) {
            this.s = s;
            this.paths = paths;
            this.fc = fc;
            k = fc.classCount;
            rep = new int[k];
            Arrays.fill(rep, -1);
            for (int i = 0; i < s.size(); i++) {
                if (rep[fc.flowClass[i]] < 0) {
                    rep[fc.flowClass[i]] = i;
                }
            }
            NetworkTopology t = perFlow.topology();
            capL = new double[fc.linkClassCount];
            for (int l = 0; l < t.linkCount(); l++) {
                if (fc.linkClass[l] >= 0) {
                    capL[fc.linkClass[l]] = perFlow.effectiveCapacityBytesPerNs(l);
                }
            }
            // n(L, F): flows of F on one link of L = (members of F) x (links of L on F's path) / (links in L)
            long[] linksInClass = new long[fc.linkClassCount];
            for (int c : fc.linkClass) {
                if (c >= 0) {
                    linksInClass[c]++;
                }
            }
            long[] members = new long[k];
            for (int c : fc.flowClass) {
                members[c]++;
            }
            bytes = new double[k];
            latency = new double[k];
            linkClassesOf = new int[k][];
            multiplicity = new int[k][];
            deps = new int[k][];
            for (int c = 0; c < k; c++) {
                int r = rep[c];
                bytes[c] = s.bytes(r);
                latency[c] = t.pathLatencyNs(paths[r]) + s.processingNs(r);
                int[] sorted = fc.sortedLinkClasses(paths[r]);
                int distinct = 0;
                for (int x = 0; x < sorted.length; x++) {
                    if (x == 0 || sorted[x] != sorted[x - 1]) {
                        distinct++;
                    }
                }
                linkClassesOf[c] = new int[distinct];
                multiplicity[c] = new int[distinct];
                int j = -1;
                for (int x = 0; x < sorted.length; x++) {
                    if (x == 0 || sorted[x] != sorted[x - 1]) {
                        j++;
                        linkClassesOf[c][j] = sorted[x];
                    }
                    multiplicity[c][j]++;
                }
                for (int x = 0; x < distinct; x++) {
                    long total = members[c] * multiplicity[c][x];
                    long per = linksInClass[linkClassesOf[c][x]];
                    if (total % per != 0) {
                        throw new IllegalStateException("flow classes are not equitable");
                    }
                    multiplicity[c][x] = (int) (total / per);
                }
                deps[c] = fc.depClasses(s, r);
            }
        }

        NetworkRun run() {
            ClassFlowSolver solver = new ClassFlowSolver(bytes, latency, linkClassesOf, multiplicity, capL, deps);
            solver.run();
            int n = s.size();
            double[] fct = new double[n];
            double[] finish = new double[n];
            double makespan = 0;
            NetworkTopology t = perFlow.topology();
            double[] linkBytes = new double[t.linkCount()];
            for (int i = 0; i < n; i++) {
                int c = fc.flowClass[i];
                fct[i] = solver.deliverAt[c] - solver.startAt[c];
                finish[i] = solver.deliverAt[c];
                makespan = Math.max(makespan, finish[i]);
                double b = s.bytes(i);
                for (int l : paths[i]) {
                    linkBytes[l] += b;
                }
            }
            double[] caps = new double[t.linkCount()];
            for (int l = 0; l < caps.length; l++) {
                caps[l] = t.linkCapacityBytesPerS(l);
            }
            return new NetworkRun(makespan, fct, finish, linkBytes, caps, solver.events, 0);
        }
    }
}
