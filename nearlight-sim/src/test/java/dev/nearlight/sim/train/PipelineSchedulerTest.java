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
}
