package dev.nearlight.sim.collective;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nearlight.core.InputException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What every {@link CollectiveAlgorithm} must satisfy (JGraphT-style contract test: each implementation's test extends
 * this class, supplies the algorithm and says which operations and rank counts it supports). Every supported
 * operation is emitted for 2 to 16 ranks and the transfers are checked for shape (ranks in range, no self-transfers,
 * closed non-empty steps, determinism) and for the data the operation must move.
 *
 * <p>Notation: n ranks, S = {@code bytes}, nccl-tests' "size" (the full buffer: the all-reduce buffer, the
 * all-gather output, the reduce-scatter input, the all-to-all send buffer). Per-rank lower bounds, from what each
 * rank must learn or give away (one transferred byte carries information about one buffer position):
 *
 * <ul>
 *   <li>all-reduce: every other rank's result at position p depends on rank r's input at p, so something about each
 *       of the S positions leaves r: sent(r) >= S; r's result at p depends on the others' inputs: received(r) >= S.
 *   <li>reduce-scatter: r's input outside its own block, (n-1)S/n positions, must reach the other ranks:
 *       sent(r) >= (n-1)S/n; its block's result depends on the others: received(r) >= S/n.
 *   <li>all-gather: r must obtain the n-1 blocks of S/n it does not hold: received(r) >= (n-1)S/n; its own block
 *       must leave it: sent(r) >= S/n.
 *   <li>all-to-all: r holds S/n distinct bytes for each of the n-1 others and needs S/n from each (nothing
 *       combines): sent(r) >= (n-1)S/n and received(r) >= (n-1)S/n.
 *   <li>broadcast from rank 0: the root sends >= S, every other rank receives >= S, and a rank only forwards after it
 *       has received (checked step by step).
 *   <li>send/recv (nccl-tests sendrecv: each rank sends S to one peer and receives S from another): sent(r) >= S and
 *       received(r) >= S.
 * </ul>
 *
 * <p>nccl-tests' bus-bandwidth factor f(n) ({@link CollectiveOp#busBandwidthFactor}: 2(n-1)/n for all-reduce,
 * (n-1)/n for reduce-scatter, all-gather and all-to-all, 1 for broadcast and send/recv) is the traffic per rank, in
 * units of S, of a bandwidth-optimal algorithm: busbw = algbw x f means each rank's link carries f S. Hence the
 * default expectations, which an implementation overrides where its scheme differs (with the derivation):
 *
 * <ul>
 *   <li>balanced: every rank sends exactly f(n) S and receives exactly f(n) S (ring all-reduce: 2(n-1) steps of
 *       S/n each way = 2(n-1)S/n); not expected of broadcast, whose root only sends and last ranks only receive;
 *   <li>aggregate: the transfers' bytes sum to n f(n) S, the sum of every rank's received bytes; for broadcast the
 *       n-1 non-root ranks receive S each, (n-1) S.
 * </ul>
 */
abstract class CollectiveAlgorithmContractTest {
    static final double S = 3 * 1024 * 1024;
    static final int MAX_RANKS = 16;

    /** The algorithm under test. */
    abstract CollectiveAlgorithm algorithm();

    /** Whether the algorithm implements {@code op} on {@code n} ranks (otherwise it must throw an InputException). */
    abstract boolean supports(CollectiveOp op, int n);

    /** Operations whose {@code emitRankZero} must claim translation invariance at every supported rank count. */
    Set<CollectiveOp> translationInvariantOps() {
        return EnumSet.noneOf(CollectiveOp.class);
    }

    /** Bytes every rank sends and receives if the emission is balanced for {@code op}, else NaN (see the class doc). */
    double balancedPerRankBytes(CollectiveOp op, int n, double bytes) {
        return op == CollectiveOp.BROADCAST ? Double.NaN : op.busBandwidthFactor(n) * bytes;
    }

    /** Total bytes of all transfers (see the class doc). */
    double aggregateBytes(CollectiveOp op, int n, double bytes) {
        return minimumAggregateBytes(op, n, bytes);
    }

    /** n f(n) S, or (n-1) S for broadcast: what a bandwidth-optimal algorithm moves in total. */
    static double minimumAggregateBytes(CollectiveOp op, int n, double bytes) {
        int receivers = op == CollectiveOp.BROADCAST ? n - 1 : n;
        return receivers * op.busBandwidthFactor(n) * bytes;
    }

    /** One emitted transfer. */
    record Transfer(int src, int dst, double bytes) {}

    /** Records the emission step by step. */
    static final class Recorder implements StepSink {
        final List<List<Transfer>> steps = new ArrayList<>();
        List<Transfer> current = new ArrayList<>();

        @Override
        public void transfer(int src, int dst, double bytes) {
            current.add(new Transfer(src, dst, bytes));
        }

        @Override
        public void endStep() {
            steps.add(current);
            current = new ArrayList<>();
        }
    }

    private Recorder emit(CollectiveOp op, int n) {
        Recorder r = new Recorder();
        algorithm().emit(op, n, S, r);
        return r;
    }

    private String where(CollectiveOp op, int n) {
        return algorithm().getClass().getSimpleName() + " " + op + " n=" + n;
    }

    private interface Check {
        void run(CollectiveOp op, int n, Recorder r, String where);
    }

    /** Runs {@code check} on every supported (op, n), n = 2..16, and returns how many there were. */
    private int forEachSupported(Check check) {
        int count = 0;
        for (CollectiveOp op : CollectiveOp.values()) {
            for (int n = 2; n <= MAX_RANKS; n++) {
                if (supports(op, n)) {
                    check.run(op, n, emit(op, n), where(op, n));
                    count++;
                }
            }
        }
        return count;
    }

    @Test
    void supportsSomething() {
        assertThat(forEachSupported((op, n, r, where) -> {})).isPositive();
    }

    @Test
    void transfersStayInRangeAvoidSelfAndCarryPositiveBytesInClosedNonEmptySteps() {
        forEachSupported((op, n, r, where) -> {
            assertThat(r.current)
                    .as(where + ": transfers after the last endStep")
                    .isEmpty();
            assertThat(r.steps).as(where).isNotEmpty();
            for (int s = 0; s < r.steps.size(); s++) {
                assertThat(r.steps.get(s)).as(where + " step " + s).isNotEmpty();
                for (Transfer t : r.steps.get(s)) {
                    assertThat(t.src()).as(where).isBetween(0, n - 1);
                    assertThat(t.dst()).as(where).isBetween(0, n - 1).isNotEqualTo(t.src());
                    assertThat(t.bytes()).as(where).isPositive().isLessThanOrEqualTo(S);
                }
            }
        });
    }

    @Test
    void theSameRequestEmitsTheSameTransfers() {
        forEachSupported(
                (op, n, r, where) -> assertThat(emit(op, n).steps).as(where).isEqualTo(r.steps));
    }

    @Test
    void everyRankMovesAtLeastWhatTheOperationRequires() {
        forEachSupported((op, n, r, where) -> {
            double[] sent = new double[n];
            double[] recv = new double[n];
            tally(r, sent, recv);
            double tol = 1e-9 * S;
            double block = S / n;
            for (int k = 0; k < n; k++) {
                String who = where + " rank " + k;
                switch (op) {
                    case ALL_REDUCE -> {
                        assertThat(sent[k]).as(who).isGreaterThanOrEqualTo(S - tol);
                        assertThat(recv[k]).as(who).isGreaterThanOrEqualTo(S - tol);
                    }
                    case REDUCE_SCATTER -> {
                        assertThat(sent[k]).as(who).isGreaterThanOrEqualTo((n - 1) * block - tol);
                        assertThat(recv[k]).as(who).isGreaterThanOrEqualTo(block - tol);
                    }
                    case ALL_GATHER -> {
                        assertThat(sent[k]).as(who).isGreaterThanOrEqualTo(block - tol);
                        assertThat(recv[k]).as(who).isGreaterThanOrEqualTo((n - 1) * block - tol);
                    }
                    case ALL_TO_ALL -> {
                        assertThat(sent[k]).as(who).isGreaterThanOrEqualTo((n - 1) * block - tol);
                        assertThat(recv[k]).as(who).isGreaterThanOrEqualTo((n - 1) * block - tol);
                    }
                    case BROADCAST ->
                        assertThat(k == 0 ? sent[k] : recv[k]).as(who).isGreaterThanOrEqualTo(S - tol);
                    case SEND_RECV -> {
                        assertThat(sent[k]).as(who).isGreaterThanOrEqualTo(S - tol);
                        assertThat(recv[k]).as(who).isGreaterThanOrEqualTo(S - tol);
                    }
                }
            }
        });
    }

    @Test
    void totalsMatchTheBusBandwidthFactorOrTheDocumentedScheme() {
        forEachSupported((op, n, r, where) -> {
            double[] sent = new double[n];
            double[] recv = new double[n];
            tally(r, sent, recv);
            double total = 0;
            for (double b : sent) {
                total += b;
            }
            assertThat(total).as(where + " aggregate").isCloseTo(aggregateBytes(op, n, S), within(1e-9 * S * n));
            assertThat(total)
                    .as(where + " aggregate")
                    .isGreaterThanOrEqualTo(minimumAggregateBytes(op, n, S) * (1 - 1e-12));
            double per = balancedPerRankBytes(op, n, S);
            if (!Double.isNaN(per)) {
                for (int k = 0; k < n; k++) {
                    assertThat(sent[k]).as(where + " sent by rank " + k).isCloseTo(per, within(1e-9 * S));
                    assertThat(recv[k]).as(where + " received by rank " + k).isCloseTo(per, within(1e-9 * S));
                }
            }
        });
    }

    @Test
    void aBroadcastRankForwardsOnlyAfterItHasReceived() {
        forEachSupported((op, n, r, where) -> {
            if (op != CollectiveOp.BROADCAST) {
                return;
            }
            boolean[] has = new boolean[n];
            has[0] = true;
            for (List<Transfer> step : r.steps) {
                for (Transfer t : step) {
                    assertThat(has[t.src()])
                            .as(where + ": rank " + t.src() + " sends before holding data")
                            .isTrue();
                }
                for (Transfer t : step) {
                    has[t.dst()] = true;
                }
            }
        });
    }

    @Test
    void unsupportedCombinationsAreOneLineInputErrors() {
        for (CollectiveOp op : CollectiveOp.values()) {
            for (int n = 2; n <= MAX_RANKS; n++) {
                if (supports(op, n)) {
                    continue;
                }
                int ranks = n;
                assertThatThrownBy(() -> algorithm().emit(op, ranks, S, new Recorder()))
                        .as(where(op, n))
                        .isInstanceOf(InputException.class)
                        .message()
                        .isNotBlank()
                        .doesNotContain("\n");
            }
        }
    }

    /**
     * {@link CollectiveAlgorithm#emitRankZero} against the full emission: where it claims translation invariance,
     * every step of the full emission must be exactly the translates of rank 0's transfers (as multisets of sender,
     * offset and bytes), with the same number of steps; where it declines, or the combination is unsupported, it
     * emits nothing. It must claim exactly {@link #translationInvariantOps()}.
     */
    @Test
    void rankZeroEmissionIsExactlyTheFullEmissionUpToTranslationOrNothing() {
        for (CollectiveOp op : CollectiveOp.values()) {
            for (int n = 2; n <= MAX_RANKS; n++) {
                String where = where(op, n);
                Recorder zero = new Recorder();
                boolean claimed = algorithm().emitRankZero(op, n, S, zero);
                if (!supports(op, n) || !claimed) {
                    assertThat(claimed)
                            .as(where)
                            .isEqualTo(
                                    supports(op, n) && translationInvariantOps().contains(op));
                    assertThat(zero.steps).as(where).isEmpty();
                    assertThat(zero.current).as(where).isEmpty();
                    continue;
                }
                assertThat(translationInvariantOps()).as(where).contains(op);
                Recorder full = emit(op, n);
                assertThat(zero.current).as(where).isEmpty();
                assertThat(zero.steps).as(where).hasSameSizeAs(full.steps);
                for (int s = 0; s < full.steps.size(); s++) {
                    List<String> expected = new ArrayList<>();
                    for (Transfer t : zero.steps.get(s)) {
                        assertThat(t.src()).as(where).isZero();
                        for (int k = 0; k < n; k++) {
                            expected.add(k + " " + Math.floorMod(t.dst() - t.src(), n) + " " + t.bytes());
                        }
                    }
                    List<String> got = new ArrayList<>();
                    for (Transfer t : full.steps.get(s)) {
                        got.add(t.src() + " " + Math.floorMod(t.dst() - t.src(), n) + " " + t.bytes());
                    }
                    expected.sort(null);
                    got.sort(null);
                    assertThat(got).as(where + " step " + s).isEqualTo(expected);
                }
            }
        }
    }

    private static void tally(Recorder r, double[] sent, double[] recv) {
        for (List<Transfer> step : r.steps) {
            for (Transfer t : step) {
                sent[t.src()] += t.bytes();
                recv[t.dst()] += t.bytes();
            }
        }
    }
}
