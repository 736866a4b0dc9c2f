package dev.nearlight.sim.train;

/**
 * A deterministic list-scheduler for one pipeline (one rank per stage; every data-, tensor- and context-parallel
 * replica is identical, so one pipeline is simulated and replicated). Each rank executes its operations in Megatron-LM's
 * 1F1B order (interleaved when {@code v > 1}); an operation starts when its rank is free and its producer on the
 * neighbouring virtual stage has finished plus the point-to-point time. The pipeline bubble is whatever idle time this
 * produces; no bubble formula is used.
 */
public final class PipelineScheduler {
    private static final int FWD = 0;
    private static final int BWD = 1;

    /**
     * Result of one schedule: per-rank finish and busy time, and per rank and model chunk (index {@code r * v + c}) the
     * instants the data-parallel collectives key on, all in seconds from the step's start: when the chunk's first
     * micro-batch forward starts (its parameters must be gathered by then), when its last micro-batch backward starts
     * and ends (its gradients are final), and when Megatron-Core's aligned parameter gather launches it (the forward
     * of virtual micro-batch {@code (c - 1) p - r}; chunks 0 and 1 at the start; interleaved schedules only).
     */
    public record Result(
            double[] finishS,
            double[] busyS,
            double[] firstForwardStartS,
            double[] lastBackwardStartS,
            double[] lastBackwardEndS,
            double[] paramGatherLaunchS) {
        /** Time the last rank finishes. */
        public double makespanS() {
            double m = 0;
            for (double f : finishS) {
                m = Math.max(m, f);
            }
            return m;
        }
    }

    /**
     * Schedules {@code m} micro-batches on {@code p} ranks with {@code v} virtual stages per rank.
     *
     * @param fwdS forward time of one micro-batch on virtual stage {@code chunk * p + rank}
     * @param bwdS backward time likewise
     * @param p2pS time to pass activations or gradients between consecutive virtual stages
     */
    public Result run(int p, int v, int m, double[] fwdS, double[] bwdS, double p2pS) {
        if (fwdS.length != p * v || bwdS.length != p * v) {
            throw new IllegalArgumentException("need p x v stage durations");
        }
        if (v > 1 && m % p != 0) {
            throw new IllegalArgumentException("interleaved schedule needs m divisible by p");
        }
        if (m >= 1 << 20 || v >= 1 << 10) {
            throw new IllegalArgumentException("at most 2^20 micro-batches and 2^10 virtual stages");
        }
        int stages = p * v;
        double[] fEnd = new double[stages * m];
        double[] bEnd = new double[stages * m];
        java.util.Arrays.fill(fEnd, Double.NaN);
        java.util.Arrays.fill(bEnd, Double.NaN);
        int[][] ops = new int[p][];
        for (int r = 0; r < p; r++) {
            ops[r] = order(r, p, v, m);
        }
        double send = p > 1 ? p2pS : 0;
        double[] firstFwd = new double[p * v];
        double[] lastBwdStart = new double[p * v];
        double[] lastBwdEnd = new double[p * v];
        double[] gatherLaunch = new double[p * v];
        int[] forwards = new int[p];
        int[] next = new int[p];
        double[] free = new double[p];
        double[] busy = new double[p];
        int remaining = p * 2 * m * v;
        // Worklist of ranks to (re)examine: completing an operation can only unblock the neighbouring ranks.
        int[] queue = new int[p];
        boolean[] queued = new boolean[p];
        int head = 0;
        int size = p;
        for (int r = 0; r < p; r++) {
            queue[r] = r;
            queued[r] = true;
        }
        while (size > 0) {
            int r = queue[head];
            head = (head + 1) % p;
            size--;
            queued[r] = false;
            int[] mine = ops[r];
            boolean advanced = false;
            while (next[r] < mine.length) {
                int op = mine[next[r]];
                int mb = mb(op);
                int vs = chunk(op) * p + r;
                double ready;
                double dur;
                boolean forward = type(op) == FWD;
                if (forward) {
                    ready = vs == 0 ? 0 : fEnd[(vs - 1) * m + mb] + send;
                    dur = fwdS[vs];
                } else {
                    ready = vs == stages - 1 ? fEnd[vs * m + mb] : bEnd[(vs + 1) * m + mb] + send;
                    dur = bwdS[vs];
                }
                if (Double.isNaN(ready)) {
                    break;
                }
                double end = Math.max(free[r], ready) + dur;
                int c = chunk(op);
                if (forward) {
                    fEnd[vs * m + mb] = end;
                    if (mb == 0) {
                        firstFwd[r * v + c] = end - dur;
                    }
                    // Megatron-Core (align_param_gather): the forward of virtual micro-batch k launches the gather of
                    // chunk (k + r) / p + 1 when k + r is the first micro-batch of a chunk (schedules.py).
                    int shifted = forwards[r]++ + r;
                    if (v > 1 && shifted < p * v && shifted % p == 0 && shifted / p + 1 < v) {
                        int launched = shifted / p + 1;
                        if (launched > 1) {
                            gatherLaunch[r * v + launched] = end - dur;
                        }
                    }
                } else {
                    bEnd[vs * m + mb] = end;
                    if (mb == m - 1) {
                        lastBwdStart[r * v + c] = end - dur;
                        lastBwdEnd[r * v + c] = end;
                    }
                }
                free[r] = end;
                busy[r] += dur;
                next[r]++;
                remaining--;
                advanced = true;
            }
            if (advanced) {
                for (int nb : new int[] {(r + 1) % p, (r + p - 1) % p}) {
                    if (!queued[nb] && next[nb] < ops[nb].length) {
                        queue[(head + size) % p] = nb;
                        size++;
                        queued[nb] = true;
                    }
                }
            }
        }
        if (remaining > 0) {
            throw new IllegalStateException("pipeline schedule deadlocked (p=" + p + ", v=" + v + ", m=" + m + ")");
        }
        return new Result(free, busy, firstFwd, lastBwdStart, lastBwdEnd, gatherLaunch);
    }

    /** Megatron-LM's operation order for rank {@code r}, each entry encoding type, micro-batch and chunk. */
    static int[] order(int r, int p, int v, int m) {
        int total = m * v;
        int warmup = v == 1 ? Math.min(p - r - 1, m) : Math.min((p - r - 1) * 2 + (v - 1) * p, total);
        int[] ops = new int[2 * total];
        int i = 0;
        for (int k = 0; k < warmup; k++) {
            ops[i++] = op(FWD, k, p, v);
        }
        for (int k = 0; k < total - warmup; k++) {
            ops[i++] = op(FWD, k + warmup, p, v);
            ops[i++] = op(BWD, k, p, v);
        }
        for (int k = total - warmup; k < total; k++) {
            ops[i++] = op(BWD, k, p, v);
        }
        return ops;
    }

    static int type(int op) {
        return op & 1;
    }

    static int mb(int op) {
        return (op >>> 1) & 0xFFFFF;
    }

    static int chunk(int op) {
        return op >>> 21;
    }

    private static int encode(int type, int mb, int chunk) {
        return type | (mb << 1) | (chunk << 21);
    }

    private static int op(int type, int k, int p, int v) {
        if (v == 1) {
            return encode(type, k, 0);
        }
        int inGroup = k % (p * v);
        int chunk = inGroup / p;
        if (type == BWD) {
            chunk = v - 1 - chunk;
        }
        int mb = (k / (p * v)) * p + k % p;
        return encode(type, mb, chunk);
    }
}
