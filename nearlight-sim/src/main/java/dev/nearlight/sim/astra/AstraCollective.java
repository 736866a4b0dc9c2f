package dev.nearlight.sim.astra;

import dev.nearlight.core.InputException;
import dev.nearlight.sim.collective.CollectiveAlgorithm;
import dev.nearlight.sim.collective.CollectiveOp;
import dev.nearlight.sim.collective.CollectiveResult;
import dev.nearlight.sim.collective.Collectives;
import dev.nearlight.sim.collective.NetworkModel;
import dev.nearlight.sim.collective.NetworkRun;
import dev.nearlight.sim.collective.QuotientRun;
import dev.nearlight.sim.collective.QuotientSchedule;
import dev.nearlight.sim.collective.StepSink;
import dev.nearlight.sim.collective.TransferSchedule;
import dev.nearlight.sim.net.AstraNetwork;
import dev.nearlight.sim.net.RankTranslations;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A collective composed and scheduled as ASTRA-sim 2.0's system layer does it, laid out as a {@link TransferSchedule}.
 *
 * <p>Composition: the collective becomes a list of phases, each one collective inside one network dimension run with
 * that dimension's algorithm (Sys::generate_collective): {@code baseline} runs the full-size collective in every
 * dimension in turn; {@code localBWAware} all-reduce runs reduce-scatter in dimensions 0..D-2, all-reduce in the last
 * dimension and all-gather in D-2..0, the data shrinking by each dimension's size on the way up. Dimensions of size 1
 * are skipped.
 *
 * <p>Scheduling: the buffer is split into {@code preferred-dataset-splits} chunks (streams) that each run all phases
 * in order; a rank starts phase j of chunk p only after it has finished phase j of chunk p - A (A =
 * {@code active-chunks-per-dimension}), so with A = 1 the chunks go through every phase one after another, while a
 * later chunk may already run phase j while an earlier one runs phase j + 1 (ASTRA-sim's per-dimension queues).
 */
public final class AstraCollective {
    private AstraCollective() {}

    /** One phase: {@code op} inside dimension {@code dim} on a buffer of {@code bytes} (nccl-tests size). */
    public record Phase(CollectiveOp op, int dim, double bytes, AstraSystem.Impl impl) {}

    /** The phases of {@code op} on a buffer of {@code bytes} over dimensions of {@code dims} NPUs. */
    public static List<Phase> phases(AstraSystem sys, List<Integer> dims, CollectiveOp op, double bytes) {
        List<AstraSystem.Impl> impls = sys.implementations(op);
        String key = op == CollectiveOp.ALL_TO_ALL
                ? "all-to-all-implementation"
                : op.cliName()
                                .replace("allreduce", "all-reduce")
                                .replace("reducescatter", "reduce-scatter")
                                .replace("allgather", "all-gather")
                        + "-implementation";
        if (impls.size() < dims.size()) {
            throw new InputException("ASTRA-sim system: " + key + " lists " + impls.size() + " algorithm(s) for a"
                    + " network of " + dims.size() + " dimensions; give one per dimension");
        }
        List<Integer> active = new ArrayList<>();
        for (int d = 0; d < dims.size(); d++) {
            if (dims.get(d) > 1) {
                active.add(d);
            }
        }
        List<Phase> out = new ArrayList<>();
        double remain = bytes;
        if (op == CollectiveOp.ALL_REDUCE && sys.collectiveOptimization() == AstraSystem.Optimization.LOCAL_BW_AWARE) {
            for (int i = 0; i < active.size() - 1; i++) {
                int d = active.get(i);
                out.add(new Phase(CollectiveOp.REDUCE_SCATTER, d, remain, impls.get(d)));
                remain /= dims.get(d);
            }
            if (!active.isEmpty()) {
                int d = active.get(active.size() - 1);
                out.add(new Phase(CollectiveOp.ALL_REDUCE, d, remain, impls.get(d)));
            }
            for (int i = active.size() - 2; i >= 0; i--) {
                int d = active.get(i);
                remain *= dims.get(d);
                out.add(new Phase(CollectiveOp.ALL_GATHER, d, remain, impls.get(d)));
            }
        } else if (op == CollectiveOp.ALL_GATHER) {
            // ASTRA-sim's all-gather phase size is the per-NPU input; it grows by each dimension's size. Nearlight
            // sizes a phase by its output buffer.
            double input = bytes / product(dims);
            for (int d : active) {
                input *= dims.get(d);
                out.add(new Phase(op, d, input, impls.get(d)));
            }
        } else {
            for (int d : active) {
                out.add(new Phase(op, d, remain, impls.get(d)));
                if (op == CollectiveOp.REDUCE_SCATTER) {
                    remain /= dims.get(d);
                }
            }
        }
        for (Phase ph : out) {
            if (ph.impl() == AstraSystem.Impl.DOUBLE_BINARY_TREE && ph.op() != CollectiveOp.ALL_REDUCE) {
                throw new InputException("ASTRA-sim system: doubleBinaryTree in dimension " + ph.dim()
                        + " implements all-reduce only, but this composition needs "
                        + ph.op().cliName() + " there;"
                        + " use ring, direct or halvingDoubling for that dimension, or collective-optimization"
                        + " baseline");
            }
        }
        return out;
    }

    /** The transfer schedule of {@code op} on {@code bytes} over dimensions {@code dims} (dimension 0 fastest). */
    public static TransferSchedule schedule(AstraSystem sys, List<Integer> dims, CollectiveOp op, double bytes) {
        int ranks = product(dims);
        if (ranks < 2) {
            throw new InputException("a collective needs at least 2 NPUs, the ASTRA-sim network has " + ranks);
        }
        List<Phase> phases = phases(sys, dims, op, bytes);
        Builder b = new Builder(ranks, phases.size(), sys.activeChunksPerDimension());
        int chunks = sys.preferredDatasetSplits();
        boolean endpointCosts = sys.endpointDelayNs() > 0 || Double.isFinite(sys.localMemBwBytesPerNs());
        List<PhaseSpan> spans = new ArrayList<>();
        for (int p = 0; p < chunks; p++) {
            b.startChunk(p);
            for (int j = 0; j < phases.size(); j++) {
                Phase ph = phases.get(j);
                b.startPhase(j);
                int t0 = b.count;
                int s0 = b.step;
                ph.impl().algorithm().emit(ph.op(), dims.get(ph.dim()), ph.bytes() / chunks, b.fanOut(dims, ph.dim()));
                b.endPhase();
                if (endpointCosts) {
                    spans.add(new PhaseSpan(t0, b.count, s0, b.step, ph.op(), j == phases.size() - 1));
                }
            }
        }
        TransferSchedule schedule = b.finish();
        return endpointCosts ? schedule.withProcessingNs(endpointCostsNs(sys, schedule, spans)) : schedule;
    }

    /**
     * The schedule of {@link #schedule} reduced by the translations of the network's coordinates: one representative
     * per orbit, rank 0's transfer, with the same bytes, ECMP label (chunk), endpoint costs and dependencies ({@link
     * QuotientSchedule}). Built step by step without the members; each step is checked to be translation invariant
     * inside its dimension (every rank of a group sends the same offsets and sizes, as ring and direct do). Returns null
     * when a step is not (halving-doubling pairs by XOR, the double binary tree has roles), and the caller runs the
     * materialised schedule.
     */
    public static QuotientSchedule quotient(AstraSystem sys, List<Integer> dims, CollectiveOp op, double bytes) {
        int ranks = product(dims);
        if (ranks < 2) {
            throw new InputException("a collective needs at least 2 NPUs, the ASTRA-sim network has " + ranks);
        }
        List<Phase> phases = phases(sys, dims, op, bytes);
        int chunks = sys.preferredDatasetSplits();
        int window = sys.activeChunksPerDimension();
        QuotientBuilder b = new QuotientBuilder(window, phases.size());
        double d = sys.endpointDelayNs();
        double mem = sys.localMemBwBytesPerNs();
        for (int p = 0; p < chunks; p++) {
            b.startChunk(p);
            for (int j = 0; j < phases.size(); j++) {
                Phase ph = phases.get(j);
                int stride = 1;
                for (int x = 0; x < ph.dim(); x++) {
                    stride *= dims.get(x);
                }
                b.startPhase(j, dims.get(ph.dim()), stride);
                CollectiveAlgorithm algo = ph.impl().algorithm();
                b.rankZeroOnly = true;
                if (!algo.emitRankZero(ph.op(), dims.get(ph.dim()), ph.bytes() / chunks, b)) {
                    b.rankZeroOnly = false; // emits every rank; each step is checked
                    algo.emit(ph.op(), dims.get(ph.dim()), ph.bytes() / chunks, b);
                }
                if (!b.endPhase()) {
                    return null;
                }
                // endpoint costs, as endpointCostsNs charges them (local step k of this phase's steps)
                PhaseSpan span = new PhaseSpan(0, 0, 0, b.phaseSteps, ph.op(), j == phases.size() - 1);
                for (int i = b.phaseFirstRep; i < b.count; i++) {
                    b.proc[i] = span.endpointCostNs(b.stepOf[i], b.bytes[i], d, mem);
                }
            }
        }
        return b.finish(ranks);
    }

    /** Collects rank 0's representatives, step by step, with {@link Builder}'s dependency rule restricted to rank 0. */
    private static final class QuotientBuilder implements StepSink {
        private final int window;
        private int count;
        private double[] bytes = new double[256];
        private int[] dst = new int[256];
        private int[] label = new int[256];
        private double[] proc = new double[256];
        private int[] stepOf = new int[256];
        private int[] globalStepOf = new int[256];
        private int steps;
        private int[][] deps = new int[256][];
        /** Rank 0's frontier (representatives of its last step), and per (chunk mod A, phase) its end of phase. */
        private int[] frontier = new int[0];

        private final int[][][] endOf;
        private int chunk;
        private int phase;
        private int k;
        private int stride;
        private boolean started;
        private boolean invariant;
        private int phaseSteps;
        private int phaseFirstRep;
        // the current step's transfers (local ranks)
        private int stepCount;
        private int[] sa = new int[256];
        private int[] sb = new int[256];
        private double[] ss = new double[256];
        private int[] order = new int[256];
        /** Whether the algorithm emits rank 0's transfers only (it declared the phase translation invariant). */
        boolean rankZeroOnly;

        private int[] seen = new int[0];
        private int seenStamp;

        QuotientBuilder(int window, int phases) {
            this.window = window;
            this.endOf = new int[window][phases][];
        }

        void startChunk(int p) {
            chunk = p;
            frontier = new int[0];
        }

        void startPhase(int j, int groupSize, int groupStride) {
            phase = j;
            k = groupSize;
            stride = groupStride;
            started = false;
            invariant = true;
            phaseSteps = 0;
            phaseFirstRep = count;
        }

        /** Closes the phase; false if one of its steps was not translation invariant. */
        boolean endPhase() {
            if (stepCount > 0) {
                endStep();
            }
            endOf[chunk % window][phase] = frontier;
            return invariant;
        }

        @Override
        public void transfer(int a, int b, double size) {
            if (stepCount == sa.length) {
                sa = Arrays.copyOf(sa, stepCount * 2);
                sb = Arrays.copyOf(sb, stepCount * 2);
                ss = Arrays.copyOf(ss, stepCount * 2);
            }
            sa[stepCount] = a;
            sb[stepCount] = b;
            ss[stepCount] = size;
            stepCount++;
        }

        @Override
        public void endStep() {
            int localStep = phaseSteps++;
            int globalStep = steps++;
            if (stepCount == 0 || !invariant) {
                stepCount = 0;
                return;
            }
            if (rankZeroOnly) {
                for (int i = 0; i < stepCount; i++) {
                    if (sa[i] != 0 || sb[i] == 0) {
                        throw new IllegalStateException("emitRankZero emitted a transfer " + sa[i] + "->" + sb[i]);
                    }
                    if (order.length <= i) {
                        order = Arrays.copyOf(order, 2 * order.length);
                    }
                    order[i] = i;
                }
            } else if (stepCount % k != 0 || !(per1() || perMany())) {
                invariant = false;
                stepCount = 0;
                return;
            }
            boolean windowDeps = !started && chunk >= window;
            int[] prev = windowDeps ? endOf[chunk % window][phase] : null;
            int first = count;
            int per = rankZeroOnly ? stepCount : stepCount / k;
            int[] dd = frontier; // one array shared by the step's representatives
            if (prev != null && prev.length > 0) {
                dd = Arrays.copyOf(frontier, frontier.length + prev.length);
                System.arraycopy(prev, 0, dd, frontier.length, prev.length);
            }
            for (int x = 0; x < per; x++) {
                int i = order[x];
                int rel = offset(i);
                grow();
                bytes[count] = ss[i];
                dst[count] = rel * stride;
                label[count] = chunk;
                stepOf[count] = localStep;
                globalStepOf[count] = globalStep;
                deps[count] = dd;
                count++;
            }
            // rank 0 sent this step's representatives and received their translates: its new frontier
            int[] f = new int[count - first];
            for (int x = 0; x < f.length; x++) {
                f[x] = first + x;
            }
            frontier = f;
            started = true;
            stepCount = 0;
        }

        /**
         * One transfer per sender: true if every rank of the group sends exactly once, all with rank 0's offset and
         * size; {@code order[0]} is then rank 0's transfer.
         */
        private boolean per1() {
            if (stepCount != k) {
                return false;
            }
            if (seen.length < k) {
                seen = new int[k];
            }
            int st = ++seenStamp;
            int i0 = -1;
            for (int i = 0; i < stepCount; i++) {
                if (seen[sa[i]] == st) {
                    return false;
                }
                seen[sa[i]] = st;
                if (sa[i] == 0) {
                    i0 = i;
                }
            }
            int rel0 = offset(i0);
            for (int i = 0; i < stepCount; i++) {
                if (offset(i) != rel0 || ss[i] != ss[i0]) {
                    return false;
                }
            }
            order[0] = i0;
            return true;
        }

        /**
         * Several transfers per sender: buckets them by sender (counting sort, emission order kept) and compares
         * every sender's sorted (offset, size) list with rank 0's; {@code order[0..per)} is then rank 0's.
         */
        private boolean perMany() {
            if (stepCount == k) {
                return false;
            }
            int per = stepCount / k;
            int[] start = new int[k + 1];
            for (int i = 0; i < stepCount; i++) {
                start[sa[i] + 1]++;
            }
            for (int a = 0; a < k; a++) {
                if (start[a + 1] != per) {
                    return false;
                }
                start[a + 1] += start[a];
            }
            if (order.length < stepCount) {
                order = new int[Math.max(stepCount, order.length * 2)];
            }
            int[] pos = Arrays.copyOf(start, k);
            for (int i = 0; i < stepCount; i++) {
                order[pos[sa[i]]++] = i;
            }
            long[] base = signature(order, 0, per);
            for (int a = 1; a < k; a++) {
                if (!Arrays.equals(base, signature(order, a, per))) {
                    return false;
                }
            }
            return true;
        }

        private int offset(int i) {
            int rel = sb[i] - sa[i];
            return rel < 0 ? rel + k : rel;
        }

        /** Sender a's transfers as sorted (offset, size bits) pairs. */
        private long[] signature(int[] order, int a, int per) {
            long[] sig = new long[2 * per];
            long[][] pairs = new long[per][];
            for (int x = 0; x < per; x++) {
                int i = order[a * per + x];
                pairs[x] = new long[] {offset(i), Double.doubleToLongBits(ss[i])};
            }
            if (per > 1) {
                Arrays.sort(pairs, (p, q) -> p[0] != q[0] ? Long.compare(p[0], q[0]) : Long.compare(p[1], q[1]));
            }
            for (int x = 0; x < per; x++) {
                sig[2 * x] = pairs[x][0];
                sig[2 * x + 1] = pairs[x][1];
            }
            return sig;
        }

        private void grow() {
            if (count == bytes.length) {
                int c = count * 2;
                bytes = Arrays.copyOf(bytes, c);
                dst = Arrays.copyOf(dst, c);
                label = Arrays.copyOf(label, c);
                proc = Arrays.copyOf(proc, c);
                stepOf = Arrays.copyOf(stepOf, c);
                globalStepOf = Arrays.copyOf(globalStepOf, c);
                deps = Arrays.copyOf(deps, c);
            }
        }

        QuotientSchedule finish(int ranks) {
            return new QuotientSchedule(
                    ranks,
                    Arrays.copyOf(bytes, count),
                    Arrays.copyOf(dst, count),
                    Arrays.copyOf(label, count),
                    Arrays.copyOf(globalStepOf, count),
                    Arrays.copyOf(proc, count),
                    Arrays.copyOf(deps, count));
        }
    }

    /**
     * The transfers {@code [firstTransfer, endTransfer)} and global steps {@code [firstStep, endStep)} one phase of one
     * chunk emitted, its operation, and whether it is the chunk's last phase.
     */
    private record PhaseSpan(
            int firstTransfer, int endTransfer, int firstStep, int endStep, CollectiveOp op, boolean lastOfChunk) {
        /** Whether local step {@code k} of the phase reduces: every reduce-scatter step, an all-reduce's first half. */
        boolean reduces(int k) {
            return op == CollectiveOp.REDUCE_SCATTER
                    || (op == CollectiveOp.ALL_REDUCE && k < (endStep - firstStep) / 2);
        }

        /**
         * The endpoint time of a transfer of {@code bytes} at local step {@code k}: {@code endpoint-delay} d, once more
         * at the chunk's last step, and 3 x bytes / M ({@code local-mem-bw}) when the step reduces.
         */
        double endpointCostNs(int k, double bytes, double d, double mem) {
            boolean last = lastOfChunk && k == endStep - firstStep - 1;
            return d + (reduces(k) ? 3 * bytes / mem : 0) + (last ? d : 0);
        }
    }

    /**
     * ASTRA-sim's endpoint time per transfer: {@code endpoint-delay} at every step, one more at the end of each chunk,
     * and for a step that reduces (every step of a reduce-scatter, the first half of an all-reduce's steps: ring's n - 1
     * reduce-scatter steps before its n - 1 all-gather steps) reading two buffers and writing one at {@code
     * local-mem-bw}: 3 x message / local-mem-bw. With these the 1-D ring results of ASTRA-sim's analytical backends are
     * {@code P [2(n-1)(m/B + hL) + (2(n-1) + 1) d + 3(n-1) m / M]} (P chunks of m bytes, d the delay, M the bandwidth),
     * which {@code AstraCompatTest} checks by hand.
     */
    private static double[] endpointCostsNs(AstraSystem sys, TransferSchedule s, List<PhaseSpan> spans) {
        double[] proc = new double[s.size()];
        double d = sys.endpointDelayNs();
        double mem = sys.localMemBwBytesPerNs();
        for (PhaseSpan p : spans) {
            for (int i = p.firstTransfer(); i < p.endTransfer(); i++) {
                proc[i] = p.endpointCostNs(s.phase(i) - p.firstStep(), s.bytes(i), d, mem);
            }
        }
        return proc;
    }

    /**
     * Runs the collective on {@code model} (its topology must have the ASTRA network's NPUs as endpoints, in ASTRA-sim
     * order) and returns the nccl-tests row; the algorithm column names the per-dimension implementations.
     */
    public static CollectiveResult run(
            AstraSystem sys, List<Integer> dims, CollectiveOp op, long bytes, NetworkModel model) {
        int ranks = product(dims);
        if (model.topology().endpointCount() != ranks) {
            throw new InputException("the ASTRA-sim network has " + ranks + " NPUs but the topology has "
                    + model.topology().endpointCount() + " endpoints");
        }
        return result(sys, dims, op, bytes, model, model.run(schedule(sys, dims, op, bytes)));
    }

    /**
     * As {@link #run(AstraSystem, List, CollectiveOp, long, NetworkModel)} on the topology of {@code network} (the
     * model's topology must be {@code network.toTopology()}'s graph), through the translation quotient when it applies
     * ({@link #quotient}, {@link QuotientRun}: a flow model, translation-invariant steps, symmetric routing); the
     * results are the materialised run's up to rounding, in time and memory of the step count instead of steps x NPUs.
     */
    public static CollectiveResult run(
            AstraSystem sys, AstraNetwork network, CollectiveOp op, long bytes, NetworkModel model) {
        List<Integer> dims = network.npusCount();
        Optional<NetworkRun> fast = quotientRun(sys, network, op, bytes, model);
        if (fast.isPresent()) {
            return result(sys, dims, op, bytes, model, fast.get());
        }
        long transfers = transferCount(sys, dims, op, bytes);
        double needBytes = (double) transfers * model.heapBytesPerTransfer();
        double heapBytes = Runtime.getRuntime().maxMemory();
        if (needBytes > heapBytes) {
            throw new InputException(String.format(
                    java.util.Locale.ROOT,
                    "--sizes %d: %s on %d NPUs is %,d transfers, about %.1f GiB as a materialised schedule with the %s"
                            + " model (the translation quotient does not apply: the algorithm's steps, the routing or"
                            + " the model break the symmetry), more than the %.1f GiB Java heap; use a smaller network"
                            + " or fewer preferred-dataset-splits%s",
                    bytes,
                    op.cliName(),
                    product(dims),
                    transfers,
                    needBytes / (1L << 30),
                    model.name(),
                    heapBytes / (1L << 30),
                    needBytes < 256.0 * (1L << 30)
                            ? ", or raise the heap with NEARLIGHT_JAVA_OPTS=\"-Xmx"
                                    + Math.max(2, (long) Math.ceil(needBytes * 1.5 / (1L << 30))) + "g\""
                            : ""));
        }
        return run(sys, dims, op, bytes, model);
    }

    /**
     * The number of transfers of {@link #schedule} without building it: each phase's algorithm emitted once for one
     * group into a counter, times the groups of its dimension and the chunks (a direct step over a dimension of k NPUs
     * counts k(k-1) transfers in O(k) when the algorithm emits rank 0 only).
     */
    public static long transferCount(AstraSystem sys, List<Integer> dims, CollectiveOp op, double bytes) {
        int ranks = product(dims);
        long perChunk = 0;
        for (Phase ph : phases(sys, dims, op, bytes)) {
            int k = dims.get(ph.dim());
            long[] count = new long[1];
            StepSink counter = new StepSink() {
                @Override
                public void transfer(int src, int dst, double b) {
                    count[0]++;
                }

                @Override
                public void endStep() {}
            };
            CollectiveAlgorithm algo = ph.impl().algorithm();
            double chunkBytes = ph.bytes() / sys.preferredDatasetSplits();
            long perGroup = algo.emitRankZero(ph.op(), k, chunkBytes, counter) ? -1 : 0;
            if (perGroup < 0) {
                perGroup = count[0] * k; // every rank sends what rank 0 sends
            } else {
                algo.emit(ph.op(), k, chunkBytes, counter);
                perGroup = count[0];
            }
            perChunk += perGroup * (ranks / k);
        }
        return perChunk * sys.preferredDatasetSplits();
    }

    /** The quotient run of {@link #run(AstraSystem, AstraNetwork, CollectiveOp, long, NetworkModel)}, if it applies. */
    public static Optional<NetworkRun> quotientRun(
            AstraSystem sys, AstraNetwork network, CollectiveOp op, long bytes, NetworkModel model) {
        if (model.topology().endpointCount() != network.npus()) {
            return Optional.empty();
        }
        RankTranslations tr;
        try {
            tr = network.translations(model.topology());
        } catch (IllegalArgumentException notSymmetric) {
            return Optional.empty();
        }
        QuotientSchedule q = quotient(sys, network.npusCount(), op, bytes);
        return q == null ? Optional.empty() : QuotientRun.run(model, q, tr);
    }

    private static CollectiveResult result(
            AstraSystem sys, List<Integer> dims, CollectiveOp op, long bytes, NetworkModel model, NetworkRun run) {
        int ranks = product(dims);
        double t = run.makespanNs();
        double algbw = t > 0 ? bytes / t : 0;
        CollectiveResult r = new CollectiveResult(
                op.cliName(),
                algoName(sys, dims, op),
                bytes,
                t,
                algbw,
                algbw * op.busBandwidthFactor(ranks),
                run.maxLinkUtilization(),
                run.p99FlowNs());
        double bound = Collectives.busBandwidthBoundGBps(model.topology(), ranks);
        if (op != CollectiveOp.ALL_TO_ALL && r.busbwGBps() > bound * (1 + 1e-9)) {
            throw new IllegalStateException("busbw " + r.busbwGBps() + " GB/s exceeds the line-rate bound " + bound);
        }
        return r;
    }

    /** "astra:ring+direct" style name of the per-dimension implementations used for {@code op}. */
    public static String algoName(AstraSystem sys, List<Integer> dims, CollectiveOp op) {
        return "astra:"
                + sys
                        .implementations(op)
                        .subList(
                                0, Math.min(dims.size(), sys.implementations(op).size()))
                        .stream()
                        .map(AstraSystem.Impl::jsonName)
                        .collect(Collectors.joining("+"));
    }

    private static int product(List<Integer> dims) {
        long n = 1;
        for (int k : dims) {
            n *= k;
        }
        if (n > 1 << 24) {
            throw new InputException("ASTRA-sim network of " + n + " NPUs is too large (at most 2^24)");
        }
        return (int) n;
    }

    /**
     * Collects transfers: within a phase a transfer depends on everything its source sent or received in its previous
     * step (the data dependency, carried across phases of one chunk); the first transfers of a rank in phase j of
     * chunk p also depend on that rank's last transfers of phase j in chunk p - A.
     */
    private static final class Builder implements StepSink {
        private final int ranks;
        private final int window;
        private int count;
        private int[] src = new int[1024];
        private int[] dst = new int[1024];
        private double[] bytes = new double[1024];
        private int[] label = new int[1024];
        private int[] phase = new int[1024];
        private int[] depStart = new int[1025];
        private int[] deps = new int[4096];
        private int depCount;
        private int[][] frontier;
        private int[] frontierSize;
        private int[][] next;
        private int[] nextSize;
        private final boolean[] touched;
        private final int[] touchedList;
        private int touchedCount;
        private final boolean[] startedPhase;
        /** endOf[p mod A][phase][rank]: the rank's last transfers of that phase for chunk p. */
        private final int[][][][] endOf;

        private int chunk;
        private int phaseIndex;
        private int step;

        Builder(int ranks, int phases, int window) {
            this.ranks = ranks;
            this.window = window;
            frontier = new int[ranks][2];
            frontierSize = new int[ranks];
            next = new int[ranks][2];
            nextSize = new int[ranks];
            touched = new boolean[ranks];
            touchedList = new int[ranks];
            startedPhase = new boolean[ranks];
            endOf = new int[window][phases][ranks][];
        }

        void startChunk(int p) {
            chunk = p;
            Arrays.fill(frontierSize, 0);
        }

        void startPhase(int j) {
            phaseIndex = j;
            Arrays.fill(startedPhase, false);
        }

        void endPhase() {
            if (touchedCount > 0) {
                endStep();
            }
            int[][] slot = endOf[chunk % window][phaseIndex];
            for (int r = 0; r < ranks; r++) {
                slot[r] = Arrays.copyOf(frontier[r], frontierSize[r]);
            }
        }

        StepSink fanOut(List<Integer> dims, int dim) {
            int stride = 1;
            for (int d = 0; d < dim; d++) {
                stride *= dims.get(d);
            }
            int k = dims.get(dim);
            int groups = ranks / k;
            int[] bases = new int[groups];
            int g = 0;
            for (int r = 0; r < ranks; r++) {
                if ((r / stride) % k == 0) {
                    bases[g++] = r;
                }
            }
            int s = stride;
            Builder self = this;
            return new StepSink() {
                @Override
                public void transfer(int a, int b, double size) {
                    for (int base : bases) {
                        self.transfer(base + a * s, base + b * s, size);
                    }
                }

                @Override
                public void endStep() {
                    self.endStep();
                }
            };
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
            label[i] = chunk;
            phase[i] = step;
            addDeps(frontier[s], frontierSize[s]);
            if (!startedPhase[s] && chunk >= window) {
                int[] prev = endOf[chunk % window][phaseIndex][s];
                addDeps(prev, prev.length);
            }
            depStart[i + 1] = depCount;
            add(s, i);
            add(d, i);
        }

        private void addDeps(int[] from, int n) {
            if (depCount + n > deps.length) {
                deps = Arrays.copyOf(deps, Math.max(depCount + n, deps.length * 2));
            }
            System.arraycopy(from, 0, deps, depCount, n);
            depCount += n;
        }

        private void add(int r, int i) {
            if (!touched[r]) {
                touched[r] = true;
                touchedList[touchedCount++] = r;
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
                int r = touchedList[k];
                touched[r] = false;
                startedPhase[r] = true;
                int[] t = frontier[r];
                frontier[r] = next[r];
                frontierSize[r] = nextSize[r];
                next[r] = t;
            }
            touchedCount = 0;
            step++;
        }

        TransferSchedule finish() {
            return TransferSchedule.of(
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
}
