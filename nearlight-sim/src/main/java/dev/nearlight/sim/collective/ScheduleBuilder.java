package dev.nearlight.sim.collective;

import dev.nearlight.core.InputException;
import java.util.Arrays;

/**
 * Turns the steps an algorithm emits into a {@link TransferSchedule}. A transfer depends on everything its source
 * sent or received in its last step (the frontier). With {@code splits} chunks, the algorithm runs once per chunk on
 * bytes/splits with flow label = chunk index; chunk p's j-th transfer also waits for chunk (p - chunksInFlight)'s
 * j-th transfer, so at most {@code chunksInFlight} chunks occupy the same algorithm stage (NCCL-style pipelining).
 */
public final class ScheduleBuilder implements StepSink {
    private final int ranks;
    private int count;
    private int[] src;
    private int[] dst;
    private double[] bytes;
    private int[] label;
    private int[] phase;
    private int[] depStart;
    private int[] deps;
    private int depCount;

    private final int[][] frontier;
    private final int[] frontierSize;
    private final int[][] next;
    private final int[] nextSize;
    private final int[] touched;
    private final boolean[] isTouched;
    private int touchedCount;
    private int currentPhase;
    private int currentLabel;
    private int windowBase = -1;
    private int chunkBase;

    private ScheduleBuilder(int ranks, int transfers) {
        this.ranks = ranks;
        int n = Math.max(1, transfers);
        src = new int[n];
        dst = new int[n];
        bytes = new double[n];
        label = new int[n];
        phase = new int[n];
        depStart = new int[n + 1];
        deps = new int[Math.max(2048, 3 * n)];
        frontier = new int[ranks][4];
        frontierSize = new int[ranks];
        next = new int[ranks][4];
        nextSize = new int[ranks];
        touched = new int[ranks];
        isTouched = new boolean[ranks];
    }

    /**
     * Runs {@code algorithm} for {@code op} on {@code ranks} ranks and {@code bytes}, split into {@code splits} chunks
     * of which at most {@code chunksInFlight} share a stage.
     */
    public static TransferSchedule build(
            CollectiveAlgorithm algorithm, CollectiveOp op, int ranks, double bytes, int splits, int chunksInFlight) {
        // A counting pass sizes the arrays exactly: large schedules (2M transfers for a 1,024-rank ring) then
        // neither grow nor get copied at the end.
        long transfers = count(algorithm, op, ranks, bytes, splits);
        if (transfers > Integer.MAX_VALUE - 8) {
            throw new InputException(op.cliName() + " on " + ranks + " ranks in " + splits
                    + " chunks is " + transfers + " transfers, more than one schedule holds (2^31); use fewer"
                    + " --splits, a logarithmic algorithm (halving-doubling, tree) or --algo hierarchical");
        }
        ScheduleBuilder b = new ScheduleBuilder(ranks, (int) transfers);
        int[] chunkStart = new int[splits + 1];
        for (int p = 0; p < splits; p++) {
            chunkStart[p] = b.count;
            b.currentLabel = p;
            b.chunkBase = b.count;
            b.windowBase = p >= chunksInFlight ? chunkStart[p - chunksInFlight] : -1;
            Arrays.fill(b.frontierSize, 0);
            algorithm.emit(op, ranks, bytes / splits, b);
            if (b.touchedCount > 0) {
                b.endStep();
            }
        }
        return b.finish();
    }

    /** Number of transfers {@link #build} would emit, without storing them (for memory estimates). */
    public static long count(CollectiveAlgorithm algorithm, CollectiveOp op, int ranks, double bytes, int splits) {
        long[] transfers = new long[1];
        StepSink counter = new StepSink() {
            @Override
            public void transfer(int s, int d, double b) {
                transfers[0]++;
            }

            @Override
            public void endStep() {}
        };
        algorithm.emit(op, ranks, bytes / splits, counter);
        return transfers[0] * splits;
    }

    @Override
    public void transfer(int s, int d, double b) {
        if (count == src.length) {
            int c = count * 2;
            src = Arrays.copyOf(src, c);
            dst = Arrays.copyOf(dst, c);
            bytes = Arrays.copyOf(bytes, c);
            label = Arrays.copyOf(label, c);
            phase = Arrays.copyOf(phase, c);
            depStart = Arrays.copyOf(depStart, c + 1);
        }
        int i = count++;
        src[i] = s;
        dst[i] = d;
        bytes[i] = b;
        label[i] = currentLabel;
        phase[i] = currentPhase;
        int need = depCount + frontierSize[s] + 1;
        if (need > deps.length) {
            deps = Arrays.copyOf(deps, Math.max(need, deps.length * 2));
        }
        System.arraycopy(frontier[s], 0, deps, depCount, frontierSize[s]);
        depCount += frontierSize[s];
        if (windowBase >= 0) {
            deps[depCount++] = windowBase + (i - chunkBase);
        }
        depStart[i + 1] = depCount;
        add(s, i);
        if (d != s) {
            add(d, i);
        }
    }

    private void add(int r, int i) {
        if (!isTouched[r]) {
            isTouched[r] = true;
            touched[touchedCount++] = r;
            nextSize[r] = 0;
        }
        if (nextSize[r] == next[r].length) {
            next[r] = Arrays.copyOf(next[r], next[r].length * 2);
        }
        next[r][nextSize[r]++] = i;
    }

    @Override
    public void endStep() {
        for (int k = 0; k < touchedCount; k++) {
            int r = touched[k];
            isTouched[r] = false;
            int[] t = frontier[r];
            frontier[r] = next[r];
            frontierSize[r] = nextSize[r];
            next[r] = t;
        }
        touchedCount = 0;
        currentPhase++;
    }

    private TransferSchedule finish() {
        if (count == src.length) {
            // exactly sized by the counting pass; deps is read up to depStart[count] only
            return new TransferSchedule(ranks, src, dst, bytes, label, phase, depStart, deps);
        }
        return new TransferSchedule(
                ranks,
                Arrays.copyOf(src, count),
                Arrays.copyOf(dst, count),
                Arrays.copyOf(bytes, count),
                Arrays.copyOf(label, count),
                Arrays.copyOf(phase, count),
                Arrays.copyOf(depStart, count + 1),
                Arrays.copyOf(deps, depCount));
    }
}
