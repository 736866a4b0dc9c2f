package dev.nearlight.sim.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SimulationTest {

    @Test
    void ordersByTimeThenPriorityThenInsertion() {
        List<Integer> seen = new ArrayList<>();
        Simulation sim = new Simulation((e, s) -> seen.add(((SimEvent.Timer) e).tag()));
        sim.schedule(5, 0, new SimEvent.Timer(1));
        sim.schedule(3, 1, new SimEvent.Timer(2));
        sim.schedule(3, 0, new SimEvent.Timer(3));
        sim.schedule(3, 0, new SimEvent.Timer(4));
        sim.schedule(0, 7, new SimEvent.Timer(5));
        assertThat(sim.run()).isEqualTo(5);
        assertThat(seen).containsExactly(5, 3, 4, 2, 1);
        assertThat(sim.nowNs()).isEqualTo(5.0);
    }

    @Test
    void handlersScheduleFollowUpsAndListenersSeeEveryEvent() {
        TraceHash hash = new TraceHash();
        Simulation sim = new Simulation((e, s) -> {
            int tag = ((SimEvent.Timer) e).tag();
            if (tag < 9) {
                s.scheduleIn(10, new SimEvent.Timer(tag + 1));
            }
        });
        sim.addListener(hash);
        sim.schedule(0, 0, new SimEvent.Timer(0));
        sim.run();
        // tags 0..9 at 0, 10, ..., 90 ns
        assertThat(hash.events()).isEqualTo(10);
        assertThat(sim.nowNs()).isEqualTo(90.0);
    }

    @Test
    void refusesEventsInThePast() {
        Simulation sim = new Simulation((e, s) -> s.schedule(1, 0, new SimEvent.Timer(0)));
        sim.schedule(2, 0, new SimEvent.Timer(0));
        assertThatThrownBy(sim::run)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("before now");
    }

    @Test
    void randomStreamsAreReproduciblePerSeedAndIndependentPerSplit() {
        RandomStreams a = new RandomStreams(42);
        RandomStreams b = new RandomStreams(42);
        long a1 = a.next().nextLong();
        long a2 = a.next().nextLong();
        assertThat(b.next().nextLong()).isEqualTo(a1);
        assertThat(b.next().nextLong()).isEqualTo(a2);
        assertThat(a1).isNotEqualTo(a2);
        assertThat(new RandomStreams(43).next().nextLong()).isNotEqualTo(a1);
    }

    static Stream<Long> seeds() {
        RandomGenerator g = new RandomStreams(2026).next();
        return IntStream.range(0, 20).mapToObj(i -> g.nextLong());
    }

    /** Property: the heap pops any random insertion sequence in (time, priority, serial) order. */
    @ParameterizedTest
    @MethodSource("seeds")
    void heapPopsInLexicographicOrder(long seed) {
        checkOrder(seed, new BinaryHeapFutureQueue(4));
    }

    /** Property: the bucket queue gives the same order, including events added while a bucket is being drained. */
    @ParameterizedTest
    @MethodSource("seeds")
    void bucketQueuePopsInLexicographicOrder(long seed) {
        checkOrder(seed, new BucketFutureQueue());
    }

    private static void checkOrder(long seed, FutureQueue q) {
        RandomGenerator g = new RandomStreams(seed).next();
        int n = 500;
        double[][] keys = new double[n][];
        for (int i = 0; i < n; i++) {
            double t = g.nextInt(50);
            int p = g.nextInt(3);
            keys[i] = new double[] {t, p, i};
            q.add(t, p, i, new SimEvent.Timer(i));
        }
        double[] prev = {-1, -1, -1};
        for (int i = 0; i < n; i++) {
            double t = q.firstTimeNs();
            int tag = ((SimEvent.Timer) q.poll()).tag();
            double[] k = keys[tag];
            assertThat(k[0]).isEqualTo(t);
            int cmp = k[0] != prev[0]
                    ? Double.compare(k[0], prev[0])
                    : k[1] != prev[1] ? Double.compare(k[1], prev[1]) : Double.compare(k[2], prev[2]);
            assertThat(cmp).isPositive();
            prev = k;
        }
        assertThat(q.size()).isZero();
        // interleaved adds and polls with equal times: the serial decides
        q.add(1, 0, 1000, new SimEvent.Timer(1));
        q.add(1, 0, 1001, new SimEvent.Timer(2));
        assertThat(((SimEvent.Timer) q.poll()).tag()).isEqualTo(1);
        q.add(1, 0, 1002, new SimEvent.Timer(3));
        q.add(1, -1, 1003, new SimEvent.Timer(4));
        assertThat(((SimEvent.Timer) q.poll()).tag()).isEqualTo(4);
        assertThat(((SimEvent.Timer) q.poll()).tag()).isEqualTo(2);
        assertThat(((SimEvent.Timer) q.poll()).tag()).isEqualTo(3);
        assertThat(q.size()).isZero();
    }
}
