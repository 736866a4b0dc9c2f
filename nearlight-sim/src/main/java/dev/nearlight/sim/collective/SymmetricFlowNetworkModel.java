package dev.nearlight.sim.collective;

import dev.nearlight.sim.net.NetworkTopology;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The flow-level model ({@link FlowNetworkModel}: fluid flows, max-min fair rates, delivery after the path latency)
 * run on symmetry classes: when the routed schedule has an equitable partition into far fewer flow classes than
 * transfers ({@link FlowClasses}), every class is advanced as one flow with a count, and the per-transfer results
 * are expanded from the class results. Otherwise (for example per-flow ECMP, whose hash collisions break the symmetry)
 * it runs the per-flow model. The results equal the per-flow model's up to rounding (a relative 1e-9; tested), so it
 * is what {@code nearlight collective --model flow} runs.
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
            lat[i] = t.pathLatencyNs(paths[i]);
        }
        int max = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (long) (maxClassFraction * schedule.size())));
        return FlowClasses.of(schedule, paths, effCap, lat, max);
    }

    /**
     * One run on classes. Progressive filling over link classes: a link class L of effective capacity C_L carries
     * n(L,F) flows of every active class F on each of its links, so its fair share is (C_L - sum of frozen n r) /
     * sum of unfrozen n, the same on all its links. Events: a class starts when its last dependency class is
     * delivered, drains at the time its rate gives (kept when the rate does not change, as the per-flow model keeps
     * the drain event), and is delivered its path latency later; the rates are re-filled once per instant, after all
     * of its events.
     */
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
        final int[][] dependents;
        final int[] pending;
        final double[] remaining;
        final double[] rate;
        final double[] lastUpdate;
        final double[] drainAt;
        final double[] startAt;
        final double[] deliverAt;
        final int[] active;
        int activeCount;
        final PriorityQueue<Integer> deliveries;
        long events;

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
            int[] depCount = new int[k];
            int[][] deps = new int[k][];
            for (int c = 0; c < k; c++) {
                int r = rep[c];
                bytes[c] = s.bytes(r);
                latency[c] = t.pathLatencyNs(paths[r]);
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
                for (int d : deps[c]) {
                    depCount[d]++;
                }
            }
            dependents = new int[k][];
            for (int c = 0; c < k; c++) {
                dependents[c] = new int[depCount[c]];
                depCount[c] = 0;
            }
            pending = new int[k];
            for (int c = 0; c < k; c++) {
                pending[c] = deps[c].length;
                for (int d : deps[c]) {
                    dependents[d][depCount[d]++] = c;
                }
            }
            remaining = new double[k];
            rate = new double[k];
            lastUpdate = new double[k];
            drainAt = new double[k];
            startAt = new double[k];
            deliverAt = new double[k];
            active = new int[k];
            deliveries = new PriorityQueue<>((a, b) -> a.intValue() == b.intValue()
                    ? 0
                    : Double.compare(deliverAt[a], deliverAt[b]) != 0
                            ? Double.compare(deliverAt[a], deliverAt[b])
                            : Integer.compare(a, b));
        }

        NetworkRun run() {
            double now = 0;
            int delivered = 0;
            for (int c = 0; c < k; c++) {
                if (pending[c] == 0) {
                    start(c, 0);
                }
            }
            while (true) {
                delivered += settle(now);
                refill(now);
                double next = deliveries.isEmpty() ? Double.POSITIVE_INFINITY : deliverAt[deliveries.peek()];
                for (int a = 0; a < activeCount; a++) {
                    next = Math.min(next, drainAt[active[a]]);
                }
                if (next == Double.POSITIVE_INFINITY) {
                    break;
                }
                now = next;
                // drains at this instant
                int w = 0;
                for (int a = 0; a < activeCount; a++) {
                    int c = active[a];
                    if (drainAt[c] == now) {
                        events++;
                        rate[c] = 0;
                        deliverAt[c] = now + latency[c];
                        deliveries.add(c);
                    } else {
                        active[w++] = c;
                    }
                }
                activeCount = w;
            }
            if (delivered != k) {
                throw new IllegalStateException("deadlock: " + delivered + " of " + k + " flow classes delivered");
            }
            int n = s.size();
            double[] fct = new double[n];
            double[] finish = new double[n];
            double makespan = 0;
            NetworkTopology t = perFlow.topology();
            double[] linkBytes = new double[t.linkCount()];
            for (int i = 0; i < n; i++) {
                int c = fc.flowClass[i];
                fct[i] = deliverAt[c] - startAt[c];
                finish[i] = deliverAt[c];
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
            return new NetworkRun(makespan, fct, finish, linkBytes, caps, events, 0);
        }

        /** Delivers every class due at {@code now} (and what that starts and delivers at once); returns the count. */
        private int settle(double now) {
            int count = 0;
            while (!deliveries.isEmpty() && deliverAt[deliveries.peek()] <= now) {
                int c = deliveries.poll();
                events++;
                count++;
                for (int d : dependents[c]) {
                    if (--pending[d] == 0) {
                        start(d, now);
                    }
                }
            }
            return count;
        }

        private void start(int c, double now) {
            events++;
            startAt[c] = now;
            if (linkClassesOf[c].length == 0 || !(bytes[c] > 0)) {
                deliverAt[c] = now + latency[c];
                deliveries.add(c);
                return;
            }
            remaining[c] = bytes[c];
            lastUpdate[c] = now;
            rate[c] = 0;
            drainAt[c] = Double.POSITIVE_INFINITY;
            active[activeCount++] = c;
        }

        /** Progressive filling over the active classes (there are few, so the whole set is re-filled). */
        private void refill(double now) {
            if (activeCount == 0) {
                return;
            }
            int nl = capL.length;
            double[] rem = new double[nl];
            long[] cnt = new long[nl];
            System.arraycopy(capL, 0, rem, 0, nl);
            for (int a = 0; a < activeCount; a++) {
                int c = active[a];
                for (int x = 0; x < linkClassesOf[c].length; x++) {
                    cnt[linkClassesOf[c][x]] += multiplicity[c][x];
                }
            }
            boolean[] frozen = new boolean[k];
            int unfrozen = activeCount;
            while (unfrozen > 0) {
                double level = Double.POSITIVE_INFINITY;
                int best = -1;
                for (int a = 0; a < activeCount; a++) {
                    int c = active[a];
                    if (frozen[c]) {
                        continue;
                    }
                    for (int L : linkClassesOf[c]) {
                        double share = rem[L] / cnt[L];
                        if (share < level) {
                            level = share;
                            best = L;
                        }
                    }
                }
                for (int a = 0; a < activeCount; a++) {
                    int c = active[a];
                    if (frozen[c] || !touches(c, best)) {
                        continue;
                    }
                    frozen[c] = true;
                    unfrozen--;
                    setRate(c, level, now);
                    for (int x = 0; x < linkClassesOf[c].length; x++) {
                        int L = linkClassesOf[c][x];
                        rem[L] -= multiplicity[c][x] * level;
                        cnt[L] -= multiplicity[c][x];
                        if (rem[L] < -NetworkRun.TOLERANCE * capL[L]) {
                            throw new IllegalStateException("max-min filling put " + (capL[L] - rem[L])
                                    + " B/ns on link class " + L + " of capacity " + capL[L] + " B/ns");
                        }
                        rem[L] = Math.max(0, rem[L]);
                    }
                }
            }
        }

        private boolean touches(int c, int linkClass) {
            for (int L : linkClassesOf[c]) {
                if (L == linkClass) {
                    return true;
                }
            }
            return false;
        }

        private void setRate(int c, double newRate, double now) {
            remaining[c] = Math.max(0, remaining[c] - rate[c] * (now - lastUpdate[c]));
            lastUpdate[c] = now;
            if (newRate != rate[c]) {
                rate[c] = newRate;
                drainAt[c] = now + remaining[c] / newRate;
            }
        }
    }
}
