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

    /** Result of one schedule: per-rank finish time and busy time in seconds. */
    public record Result(double[] finishS, double[] busyS) {
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
        int stages = p * v;
        double[][] fEnd = new double[stages][m];
        double[][] bEnd = new double[stages][m];
        for (int s = 0; s < stages; s++) {
            java.util.Arrays.fill(fEnd[s], Double.NaN);
            java.util.Arrays.fill(bEnd[s], Double.NaN);
        }
        int[][][] ops = new int[p][][];
        for (int r = 0; r < p; r++) {
            ops[r] = order(r, p, v, m);
        }
        int[] next = new int[p];
        double[] free = new double[p];
        double[] busy = new double[p];
        int remaining = p * 2 * m * v;
        while (remaining > 0) {
            boolean progress = false;
            for (int r = 0; r < p; r++) {
                while (next[r] < ops[r].length) {
                    int[] op = ops[r][next[r]];
                    int mb = op[1];
                    int vs = op[2] * p + r;
                    double ready;
                    double dur;
                    if (op[0] == FWD) {
                        ready = vs == 0 ? 0 : fEnd[vs - 1][mb] + (p > 1 ? p2pS : 0);
                        dur = fwdS[vs];
                    } else {
                        ready = vs == stages - 1 ? fEnd[vs][mb] : bEnd[vs + 1][mb] + (p > 1 ? p2pS : 0);
                        dur = bwdS[vs];
                    }
                    if (Double.isNaN(ready)) {
                        break;
                    }
                    double end = Math.max(free[r], ready) + dur;
                    if (op[0] == FWD) {
                        fEnd[vs][mb] = end;
                    } else {
                        bEnd[vs][mb] = end;
                    }
                    free[r] = end;
                    busy[r] += dur;
                    next[r]++;
                    remaining--;
                    progress = true;
                }
            }
            if (!progress) {
                throw new IllegalStateException("pipeline schedule deadlocked (p=" + p + ", v=" + v + ", m=" + m + ")");
            }
        }
        return new Result(free, busy);
    }

    /** Megatron-LM's operation order for rank {@code r}: entries {type, micro-batch, chunk}. */
    static int[][] order(int r, int p, int v, int m) {
        int total = m * v;
        int warmup = v == 1 ? Math.min(p - r - 1, m) : Math.min((p - r - 1) * 2 + (v - 1) * p, total);
        int[][] ops = new int[2 * total][];
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

    private static int[] op(int type, int k, int p, int v) {
        if (v == 1) {
            return new int[] {type, k, 0};
        }
        int inGroup = k % (p * v);
        int chunk = inGroup / p;
        if (type == BWD) {
            chunk = v - 1 - chunk;
        }
        int mb = (k / (p * v)) * p + k % p;
        return new int[] {type, mb, chunk};
    }
}
