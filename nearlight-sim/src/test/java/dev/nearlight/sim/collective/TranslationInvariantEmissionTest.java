package dev.nearlight.sim.collective;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nearlight.core.InputException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every algorithm's {@link CollectiveAlgorithm#emitRankZero} against its full {@link CollectiveAlgorithm#emit}: where it
 * claims translation invariance, every step of the full emission must be exactly the translates of rank 0's transfers
 * (as multisets of sender, offset and bytes), with the same number of steps; where it declines it emits nothing.
 */
class TranslationInvariantEmissionTest {
    private static final List<CollectiveAlgorithm> ALGORITHMS = List.of(
            new RingAlgorithm(),
            new DirectAlgorithm(),
            new HalvingDoublingAlgorithm(),
            new DoubleBinaryTreeAlgorithm());

    /** Records steps as sorted lists of "sender offset bytes" strings. */
    private static final class Recorder implements StepSink {
        final int n;
        final List<List<String>> steps = new ArrayList<>();
        List<String> current = new ArrayList<>();

        Recorder(int n) {
            this.n = n;
        }

        @Override
        public void transfer(int src, int dst, double bytes) {
            current.add(src + " " + Math.floorMod(dst - src, n) + " " + bytes);
        }

        @Override
        public void endStep() {
            current.sort(null);
            steps.add(current);
            current = new ArrayList<>();
        }
    }

    @Test
    void rankZeroEmissionIsExactlyTheFullEmissionUpToTranslation() {
        int claimed = 0;
        for (CollectiveAlgorithm algo : ALGORITHMS) {
            for (CollectiveOp op : CollectiveOp.values()) {
                for (int n = 2; n <= 9; n++) {
                    Recorder full = new Recorder(n);
                    try {
                        algo.emit(op, n, 4096, full);
                    } catch (InputException | IllegalStateException unsupported) {
                        Recorder zero = new Recorder(n);
                        assertThat(algo.emitRankZero(op, n, 4096, zero)).isFalse();
                        continue;
                    }
                    Recorder zero = new Recorder(n);
                    boolean invariant = algo.emitRankZero(op, n, 4096, zero);
                    String where = algo.getClass().getSimpleName() + " " + op + " n=" + n;
                    if (!invariant) {
                        assertThat(zero.steps).as(where).isEmpty();
                        assertThat(zero.current).as(where).isEmpty();
                        continue;
                    }
                    claimed++;
                    assertThat(zero.steps).as(where).hasSameSizeAs(full.steps);
                    for (int s = 0; s < full.steps.size(); s++) {
                        List<String> expected = new ArrayList<>();
                        for (String t : zero.steps.get(s)) {
                            String[] f = t.split(" ");
                            assertThat(f[0]).as(where).isEqualTo("0");
                            for (int r = 0; r < n; r++) {
                                expected.add(r + " " + f[1] + " " + f[2]);
                            }
                        }
                        expected.sort(null);
                        assertThat(full.steps.get(s)).as(where + " step " + s).isEqualTo(expected);
                    }
                }
            }
        }
        // ring: 4 ops x 8 sizes; direct: 5 ops x 8 sizes
        assertThat(claimed).isEqualTo(72);
    }

    @Test
    void halvingDoublingAndTreesDecline() {
        Recorder r = new Recorder(8);
        assertThat(new HalvingDoublingAlgorithm().emitRankZero(CollectiveOp.ALL_REDUCE, 8, 1, r))
                .isFalse();
        assertThat(new DoubleBinaryTreeAlgorithm().emitRankZero(CollectiveOp.ALL_REDUCE, 8, 1, r))
                .isFalse();
        assertThat(r.steps).isEmpty();
    }
}
