package dev.nearlight.sim.collective;

/**
 * A collective schedule reduced by a translation symmetry of its ranks ({@link dev.nearlight.sim.net.RankTranslations}):
 * one representative transfer per orbit, the one rank 0 sends, standing for {@code ranks} transfers (its translates by
 * every rank; the group acts freely on senders, so every orbit has that many). Representative i moves {@code bytes[i]}
 * from rank 0 to rank {@code dstRank[i]} with ECMP label {@code label[i]} and receiver processing {@code processingNs[i]},
 * once the representatives {@code deps[i]} (earlier indices) are delivered (its algorithm step, numbered over the
 * whole collective as {@link TransferSchedule#phase} numbers it, is {@code step[i]}, non-decreasing): by symmetry every translate of a dependency
 * is delivered at the same time as the dependency itself. Built without materialising the members (for example by
 * {@code AstraCollective.quotient}), so its size is the step count, not steps x ranks.
 */
public record QuotientSchedule(
        int ranks, double[] bytes, int[] dstRank, int[] label, int[] step, double[] processingNs, int[][] deps) {
    public QuotientSchedule {
        int n = bytes.length;
        if (ranks < 2
                || dstRank.length != n
                || label.length != n
                || step.length != n
                || processingNs.length != n
                || deps.length != n) {
            throw new IllegalArgumentException("quotient schedule arrays disagree in length, or fewer than 2 ranks");
        }
        for (int i = 0; i < n; i++) {
            if (dstRank[i] <= 0 || dstRank[i] >= ranks) {
                throw new IllegalArgumentException("representative " + i + " sends from rank 0 to " + dstRank[i]);
            }
            if (!(bytes[i] >= 0) || !(processingNs[i] >= 0) || Double.isInfinite(processingNs[i])) {
                throw new IllegalArgumentException("representative " + i + ": bytes and processing must be >= 0");
            }
            if (i > 0 && step[i] < step[i - 1]) {
                throw new IllegalArgumentException("representative " + i + ": steps must not decrease");
            }
            if (i > 0 && deps[i] == deps[i - 1]) {
                continue; // a step's representatives share one array, checked for the first (all d < it < i)
            }
            for (int d : deps[i]) {
                if (d < 0 || d >= i) {
                    throw new IllegalArgumentException("representative " + i + " depends on " + d);
                }
            }
        }
    }

    /** Number of orbits (representatives). */
    public int size() {
        return bytes.length;
    }

    /** Number of transfers the schedule stands for: orbits x ranks. */
    public long transfers() {
        return (long) bytes.length * ranks;
    }
}
