package dev.nearlight.sim.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PipelineSchedulerTest {
    private final PipelineScheduler scheduler = new PipelineScheduler();

    static Stream<Arguments> uniformPipelines() {
        RandomGenerator rng = RandomGeneratorFactory.<RandomGenerator.SplittableGenerator>of("L64X128MixRandom")
                .create(20261124L);
        List<Arguments> cases = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            int p = 2 + rng.nextInt(15);
            int v = 1 + rng.nextInt(4);
            int m = p * (1 + rng.nextInt(8));
            double tf = 0.5 + rng.nextDouble();
            cases.add(Arguments.of(p, v, m, tf));
        }
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("uniformPipelines")
    void bubbleOfUniformStagesIsPMinusOneOverMv(int p, int v, int m, double tfS) {
        double[] f = new double[p * v];
        double[] b = new double[p * v];
        Arrays.fill(f, tfS / v);
        Arrays.fill(b, 2 * tfS / v);
        PipelineScheduler.Result r = scheduler.run(p, v, m, f, b, 0);
        double busy = r.busyS()[0];
        assertThat(busy).isCloseTo(m * 3 * tfS, within(1e-9));
        double bubble = (r.makespanS() - busy) / busy;
        assertThat(bubble).isCloseTo((p - 1.0) / (m * v), within(1e-9));
    }

    @Test
    void plainOneFOneBMakespanIsMPlusPMinusOneSlots() {
        // p = 4, m = 8, forward 1 s and backward 2 s: (8 + 3) x 3 s = 33 s.
        double[] f = {1, 1, 1, 1};
        double[] b = {2, 2, 2, 2};
        assertThat(scheduler.run(4, 1, 8, f, b, 0).makespanS()).isCloseTo(33.0, within(1e-12));
    }

    @Test
    void sendsLengthenTheCriticalPath() {
        // p = 2, m = 2, f = 1, b = 2, send 0.5 s: F0 on rank1 waits 1.5, each stage crossing adds 0.5 on the path.
        double[] f = {1, 1};
        double[] b = {2, 2};
        double none = scheduler.run(2, 1, 2, f, b, 0).makespanS();
        double sent = scheduler.run(2, 1, 2, f, b, 0.5).makespanS();
        assertThat(none).isCloseTo(9.0, within(1e-12));
        assertThat(sent).isCloseTo(10.0, within(1e-12));
    }

    @Test
    void interleavedScheduleReportsWhenEachChunkStartsAndFinishes() {
        // p = 2, v = 2, m = 2, forward 1 s, backward 2 s per virtual stage. Rank 0 runs F(c0,0) 0-1, F(c0,1) 1-2,
        // F(c1,0) 2-3, F(c1,1) 3-4, B(c1,0) 6-8, B(c1,1) 9-11, B(c0,0) 11-13, B(c0,1) 13-15; rank 1 runs F(c0,0) 1-2,
        // F(c0,1) 2-3, F(c1,0) 3-4, B(c1,0) 4-6, F(c1,1) 6-7, B(c1,1) 7-9, B(c0,0) 9-11, B(c0,1) 11-13.
        double[] f = {1, 1, 1, 1};
        double[] b = {2, 2, 2, 2};
        PipelineScheduler.Result r = scheduler.run(2, 2, 2, f, b, 0);
        assertThat(r.finishS()).containsExactly(15.0, 13.0);
        // index r * v + c
        assertThat(r.firstForwardStartS()).containsExactly(0.0, 2.0, 1.0, 3.0);
        assertThat(r.lastBackwardStartS()).containsExactly(13.0, 9.0, 11.0, 7.0);
        assertThat(r.lastBackwardEndS()).containsExactly(15.0, 11.0, 13.0, 9.0);
        // with two chunks, both are gathered at the start: nothing launched later
        assertThat(r.paramGatherLaunchS()).containsOnly(0.0);
    }

    @Test
    void alignedGathersLaunchOneChunkAheadShiftedByTheRank() {
        // Megatron-Core: the forward of virtual micro-batch k launches chunk (k + r) / p + 1 when k + r is a multiple
        // of p below p x v. With p = 2, v = 3, chunk 2 is launched on rank 0 by its forward 2 (chunk 1's first
        // micro-batch) and on rank 1 by its forward 1 (chunk 0's second micro-batch), i.e. p - r forwards before the
        // forward that needs it.
        double[] f = {1, 1, 1, 1, 1, 1};
        double[] b = {2, 2, 2, 2, 2, 2};
        PipelineScheduler.Result r = scheduler.run(2, 3, 4, f, b, 0);
        assertThat(r.paramGatherLaunchS()[2]).isEqualTo(r.firstForwardStartS()[1]);
        assertThat(r.paramGatherLaunchS()[2]).isEqualTo(2.0);
        // rank 1's forwards start at 1, 2, ...: its second forward starts at 2
        assertThat(r.firstForwardStartS()[3]).isEqualTo(1.0);
        assertThat(r.paramGatherLaunchS()[3 + 2]).isEqualTo(2.0);
        assertThat(r.paramGatherLaunchS()[3 + 2]).isLessThan(r.firstForwardStartS()[3 + 2]);
    }
}
