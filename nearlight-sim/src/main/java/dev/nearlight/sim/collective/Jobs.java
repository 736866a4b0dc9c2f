package dev.nearlight.sim.collective;

import dev.nearlight.core.InputException;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Several jobs on one fabric: places each job's ranks on endpoints (contiguous, or seeded random), merges the jobs'
 * schedules into one so that their flows share links max-min fairly in one run, and reads each job's completion time
 * back from the run (the interference each suffers is its time here against its time alone).
 */
public final class Jobs {
    private Jobs() {}

    /** How ranks of the jobs are mapped onto endpoints. */
    public enum Placement {
        /** Job j takes the next block of consecutive endpoints (whole nodes and rails when sizes are multiples). */
        CONTIGUOUS,
        /** A seeded random permutation of the endpoints is cut into consecutive blocks. */
        RANDOM,
        /**
         * Every job gets whole nodes (blocks of {@code gpusPerNode} endpoints), so its local rank r mod gpusPerNode sits
         * on rail r mod gpusPerNode and its scale-up groups are real nodes; the unused GPUs of a job's last node stay
         * idle (a job never shares a node).
         */
        RAIL_ALIGNED;

        /** Parses a CLI name: contiguous, random, rail-aligned. */
        public static Placement parse(String s, String option) {
            for (Placement p : values()) {
                if (p.name().replace('_', '-').equalsIgnoreCase(s.trim())) {
                    return p;
                }
            }
            throw new InputException(option + " '" + s + "' is unknown; use contiguous, random or rail-aligned");
        }
    }

    /** Endpoint of every rank of every job: {@code result[j][r]} ({@link Placement#RAIL_ALIGNED} needs nodes). */
    public static int[][] place(int endpoints, int[] jobRanks, Placement placement, long seed) {
        return place(endpoints, 1, jobRanks, placement, seed);
    }

    /** As above, on nodes of {@code gpusPerNode} consecutive endpoints (used by {@link Placement#RAIL_ALIGNED}). */
    public static int[][] place(int endpoints, int gpusPerNode, int[] jobRanks, Placement placement, long seed) {
        int total = Arrays.stream(jobRanks).sum();
        if (total > endpoints) {
            throw new InputException("the jobs need " + total + " endpoints but the network has " + endpoints
                    + "; use fewer or smaller jobs");
        }
        if (placement == Placement.RAIL_ALIGNED) {
            if (gpusPerNode < 1 || endpoints % gpusPerNode != 0) {
                throw new InputException("rail-aligned placement needs nodes of " + gpusPerNode
                        + " endpoints dividing the " + endpoints + " endpoints");
            }
            int[][] out = new int[jobRanks.length][];
            int node = 0;
            for (int j = 0; j < jobRanks.length; j++) {
                int nodes = (jobRanks[j] + gpusPerNode - 1) / gpusPerNode;
                if ((node + nodes) * gpusPerNode > endpoints) {
                    throw new InputException(
                            "rail-aligned placement: the jobs need more than the " + endpoints / gpusPerNode
                                    + " nodes of " + gpusPerNode + " endpoints (each job takes whole nodes)");
                }
                out[j] = new int[jobRanks[j]];
                for (int r = 0; r < jobRanks[j]; r++) {
                    out[j][r] = node * gpusPerNode + r;
                }
                node += nodes;
            }
            return out;
        }
        int[] order = new int[endpoints];
        for (int i = 0; i < endpoints; i++) {
            order[i] = i;
        }
        if (placement == Placement.RANDOM) {
            SplittableRandom rnd = new SplittableRandom(seed);
            for (int i = endpoints - 1; i > 0; i--) {
                int k = rnd.nextInt(i + 1);
                int t = order[i];
                order[i] = order[k];
                order[k] = t;
            }
        }
        int[][] out = new int[jobRanks.length][];
        int next = 0;
        for (int j = 0; j < jobRanks.length; j++) {
            out[j] = Arrays.copyOfRange(order, next, next + jobRanks[j]);
            next += jobRanks[j];
        }
        return out;
    }

    /**
     * One schedule on {@code endpoints} ranks holding every job's transfers, job after job, with job j's rank r mapped
     * to {@code placement[j][r]}; dependencies stay within a job.
     */
    public static TransferSchedule merge(int endpoints, List<TransferSchedule> jobs, int[][] placement) {
        int n = 0;
        int deps = 0;
        for (TransferSchedule s : jobs) {
            n += s.size();
            deps += s.depStart(s.size());
        }
        int[] src = new int[n];
        int[] dst = new int[n];
        double[] bytes = new double[n];
        int[] label = new int[n];
        int[] phase = new int[n];
        int[] depStart = new int[n + 1];
        int[] dep = new int[deps];
        int base = 0;
        int d = 0;
        int phaseBase = 0;
        for (int j = 0; j < jobs.size(); j++) {
            TransferSchedule s = jobs.get(j);
            int[] map = placement[j];
            int maxPhase = 0;
            for (int i = 0; i < s.size(); i++) {
                int t = base + i;
                src[t] = map[s.src(i)];
                dst[t] = map[s.dst(i)];
                bytes[t] = s.bytes(i);
                label[t] = s.label(i);
                phase[t] = phaseBase + s.phase(i);
                maxPhase = Math.max(maxPhase, s.phase(i));
                for (int k = s.depStart(i); k < s.depStart(i + 1); k++) {
                    dep[d++] = base + s.dep(k);
                }
                depStart[t + 1] = d;
            }
            base += s.size();
            phaseBase += maxPhase + 1;
        }
        return TransferSchedule.of(endpoints, src, dst, bytes, label, phase, depStart, dep);
    }

    /** Completion time of each job in a run of {@link #merge}d schedules: the latest delivery of its transfers. */
    public static double[] completionNs(List<TransferSchedule> jobs, NetworkRun run) {
        double[] out = new double[jobs.size()];
        int base = 0;
        for (int j = 0; j < jobs.size(); j++) {
            double t = 0;
            for (int i = 0; i < jobs.get(j).size(); i++) {
                t = Math.max(t, run.flowFinishNs()[base + i]);
            }
            out[j] = t;
            base += jobs.get(j).size();
        }
        return out;
    }
}
