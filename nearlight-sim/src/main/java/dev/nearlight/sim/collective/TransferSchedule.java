package dev.nearlight.sim.collective;

/**
 * A collective as a dependency graph of rank-to-rank transfers, in compact arrays. Transfer i moves
 * {@code bytes(i)} from rank {@code src(i)} to rank {@code dst(i)} once all its dependencies (always earlier indices)
 * have been delivered. {@code label} is the chunk index (the ECMP flow label); {@code phase} numbers the algorithm
 * step, used by the analytical model to find concurrent transfers. Built by {@link ScheduleBuilder}.
 */
public final class TransferSchedule {
    private final int ranks;
    private final int[] src;
    private final int[] dst;
    private final double[] bytes;
    private final int[] label;
    private final int[] phase;
    private final int[] depStart;
    private final int[] deps;
    /** Receiver processing per transfer, ns (null: none). */
    private final double[] processingNs;

    TransferSchedule(
            int ranks, int[] src, int[] dst, double[] bytes, int[] label, int[] phase, int[] depStart, int[] deps) {
        this.ranks = ranks;
        this.src = src;
        this.dst = dst;
        this.bytes = bytes;
        this.label = label;
        this.phase = phase;
        this.depStart = depStart;
        this.deps = deps;
        this.processingNs = null;
    }

    private TransferSchedule(TransferSchedule s, double[] processingNs) {
        this.ranks = s.ranks;
        this.src = s.src;
        this.dst = s.dst;
        this.bytes = s.bytes;
        this.label = s.label;
        this.phase = s.phase;
        this.depStart = s.depStart;
        this.deps = s.deps;
        this.processingNs = processingNs;
    }

    /**
     * The same schedule with receiver processing: transfer i counts as delivered (its dependents may start) {@code
     * processingNs[i]} after its last byte arrives. ASTRA-sim charges such time at every step (its {@code
     * endpoint-delay}, and reading and writing the buffers of a reduction at {@code local-mem-bw}).
     */
    public TransferSchedule withProcessingNs(double[] processingNs) {
        if (processingNs.length != src.length) {
            throw new IllegalArgumentException("processing delays disagree in length with the transfers");
        }
        for (double d : processingNs) {
            if (!(d >= 0) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("processing delay " + d + " ns must be finite and >= 0");
            }
        }
        return new TransferSchedule(this, processingNs.clone());
    }

    /** Receiver processing of transfer {@code i}, ns (0 unless {@link #withProcessingNs} set it). */
    public double processingNs(int i) {
        return processingNs == null ? 0 : processingNs[i];
    }

    /** Whether any transfer has receiver processing. */
    public boolean hasProcessing() {
        return processingNs != null;
    }

    /**
     * A schedule from raw arrays (for callers that lay out their own concurrent transfers, e.g. the training model's
     * concurrent data-parallel rings). Dependencies of transfer i are {@code deps[depStart[i] .. depStart[i+1]-1]} and
     * must be earlier transfers.
     */
    public static TransferSchedule of(
            int ranks, int[] src, int[] dst, double[] bytes, int[] label, int[] phase, int[] depStart, int[] deps) {
        int n = src.length;
        if (dst.length != n
                || bytes.length != n
                || label.length != n
                || phase.length != n
                || depStart.length != n + 1) {
            throw new IllegalArgumentException("schedule arrays disagree in length");
        }
        for (int i = 0; i < n; i++) {
            if (src[i] < 0 || src[i] >= ranks || dst[i] < 0 || dst[i] >= ranks || src[i] == dst[i]) {
                throw new IllegalArgumentException("transfer " + i + ": bad ranks " + src[i] + "->" + dst[i]);
            }
            for (int k = depStart[i]; k < depStart[i + 1]; k++) {
                if (deps[k] < 0 || deps[k] >= i) {
                    throw new IllegalArgumentException("transfer " + i + " depends on " + deps[k]);
                }
            }
        }
        return new TransferSchedule(ranks, src, dst, bytes, label, phase, depStart, deps);
    }

    public int ranks() {
        return ranks;
    }

    /** Number of transfers. */
    public int size() {
        return src.length;
    }

    public int src(int i) {
        return src[i];
    }

    public int dst(int i) {
        return dst[i];
    }

    public double bytes(int i) {
        return bytes[i];
    }

    public int label(int i) {
        return label[i];
    }

    public int phase(int i) {
        return phase[i];
    }

    /** Index of transfer i's first dependency in {@link #dep(int)}; they end at {@code depStart(i + 1)}. */
    public int depStart(int i) {
        return depStart[i];
    }

    public int dep(int index) {
        return deps[index];
    }

    /** Total bytes over all transfers. */
    public double totalBytes() {
        double s = 0;
        for (double b : bytes) {
            s += b;
        }
        return s;
    }

    /** Dependents (reverse edges) as CSR: {@code [0]} = start offsets (size()+1), {@code [1]} = transfer ids. */
    int[][] dependents() {
        int n = src.length;
        int depCount = depStart[n]; // deps may be longer than the dependencies it holds
        int[] start = new int[n + 1];
        for (int k = 0; k < depCount; k++) {
            start[deps[k] + 1]++;
        }
        for (int i = 0; i < n; i++) {
            start[i + 1] += start[i];
        }
        int[] out = new int[depCount];
        int[] pos = java.util.Arrays.copyOf(start, n);
        for (int i = 0; i < n; i++) {
            for (int k = depStart[i]; k < depStart[i + 1]; k++) {
                out[pos[deps[k]]++] = i;
            }
        }
        return new int[][] {start, out};
    }
}
