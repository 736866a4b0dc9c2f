package dev.nearlight.sim.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every {@link FutureQueue} must satisfy (JGraphT-style contract test: each implementation's test extends this
 * class and supplies an empty queue). The order is the interface's: (time, priority, serial), lowest first, times
 * compared as numbers (so -0.0 and 0.0 are the same instant and the priority and serial decide), serials unique and
 * increasing in insertion order. Each case drives the queue and a reference {@link PriorityQueue} with the same
 * comparator and compares every poll.
 */
abstract class FutureQueueContractTest {
    /** A new, empty queue under test. */
    abstract FutureQueue queue();

    /** An inserted event with its key; the event is a timer tagged with the serial. */
    private record Entry(double timeNs, int priority, long serial) {}

    /** The interface's order: time (numeric, so -0.0 == 0.0), then priority, then serial. */
    private static final Comparator<Entry> ORDER = (a, b) -> a.timeNs() < b.timeNs()
            ? -1
            : a.timeNs() > b.timeNs()
                    ? 1
                    : a.priority() != b.priority()
                            ? Integer.compare(a.priority(), b.priority())
                            : Long.compare(a.serial(), b.serial());

    /** Runs a queue and the reference side by side. */
    private static final class Pair {
        final FutureQueue q;
        final PriorityQueue<Entry> ref = new PriorityQueue<>(ORDER);
        long serial;

        Pair(FutureQueue q) {
            this.q = q;
        }

        void add(double t, int p) {
            long s = serial++;
            ref.add(new Entry(t, p, s));
            q.add(t, p, s, new SimEvent.Timer((int) s));
        }

        void pollAndCompare() {
            assertThat(q.size()).isEqualTo(ref.size()).isPositive();
            Entry e = ref.poll();
            // numerically equal (an instant inserted as -0.0 may report either sign of zero)
            double first = q.firstTimeNs();
            assertThat(first == e.timeNs())
                    .as("first time %s, expected %s", first, e.timeNs())
                    .isTrue();
            SimEvent got = q.poll();
            assertThat(got).as("expected %s", e).isEqualTo(new SimEvent.Timer((int) e.serial()));
            assertThat(q.size()).isEqualTo(ref.size());
        }

        void drain() {
            while (!ref.isEmpty()) {
                pollAndCompare();
            }
            assertThat(q.size()).isZero();
        }
    }

    static Stream<Long> seeds() {
        RandomGenerator g = new RandomStreams(2026).next();
        return IntStream.range(0, 20).mapToObj(i -> g.nextLong());
    }

    @Test
    void aNewQueueIsEmptyAndSizeCountsPendingEvents() {
        FutureQueue q = queue();
        assertThat(q.size()).isZero();
        q.add(5, 0, 0, new SimEvent.Timer(0));
        q.add(5, 0, 1, new SimEvent.Timer(1));
        q.add(1, 0, 2, new SimEvent.Timer(2));
        assertThat(q.size()).isEqualTo(3);
        assertThat(q.firstTimeNs()).isEqualTo(1.0);
        assertThat(q.poll()).isEqualTo(new SimEvent.Timer(2));
        assertThat(q.size()).isEqualTo(2);
        assertThat(q.firstTimeNs()).isEqualTo(5.0);
        q.poll();
        q.poll();
        assertThat(q.size()).isZero();
        // reusable after being emptied
        q.add(2, 0, 3, new SimEvent.Timer(3));
        assertThat(q.size()).isEqualTo(1);
        assertThat(q.poll()).isEqualTo(new SimEvent.Timer(3));
    }

    @Test
    void sameTimeTiesGoByPriorityThenInsertion() {
        Pair p = new Pair(queue());
        p.add(3, 1);
        p.add(3, 0);
        p.add(3, 0);
        p.add(3, -2);
        p.add(3, 1);
        p.add(3, Integer.MAX_VALUE);
        p.add(3, Integer.MIN_VALUE);
        p.drain();
        // interleaved adds and polls with equal times: the serial decides, and a lower priority added later jumps
        Pair q = new Pair(queue());
        q.add(1, 0);
        q.add(1, 0);
        q.pollAndCompare();
        q.add(1, 0);
        q.add(1, -1);
        q.drain();
    }

    @Test
    void extremeTimesKeepTheirOrder() {
        Pair p = new Pair(queue());
        double[] times = {
            Double.MAX_VALUE,
            0.0,
            Double.MIN_VALUE,
            1e300,
            1e-300,
            Double.POSITIVE_INFINITY,
            Math.nextUp(1e300),
            1e18,
            Math.nextUp(1e18),
            1e18 + 256,
            0.0,
            Double.MIN_VALUE,
            Double.MAX_VALUE,
            Double.POSITIVE_INFINITY
        };
        for (int i = 0; i < times.length; i++) {
            p.add(times[i], i % 2);
        }
        p.drain();
    }

    @Test
    void negativeZeroIsTheSameInstantAsZero() {
        // 0.0 and -0.0 compare equal as numbers, so priority and serial decide (serials 0, 1, 2 at priority 0)
        Pair p = new Pair(queue());
        p.add(0.0, 0);
        p.add(-0.0, 0);
        p.add(0.0, 0);
        p.add(-0.0, -1);
        p.drain();
    }

    /** Property: a seeded random interleaving of adds and polls comes out exactly as the reference's. */
    @ParameterizedTest
    @MethodSource("seeds")
    void randomInterleavingsMatchTheReference(long seed) {
        RandomGenerator g = new RandomStreams(seed).next();
        Pair p = new Pair(queue());
        double now = 0;
        for (int op = 0; op < 4000; op++) {
            if (p.ref.isEmpty() || g.nextInt(100) < 55) {
                // mostly at or after the last polled instant, as the kernel schedules, with many exact repeats
                double t = switch (g.nextInt(4)) {
                    case 0 -> now;
                    case 1 -> now + g.nextInt(4);
                    case 2 -> Math.floor(now) + g.nextInt(50);
                    default -> now + g.nextDouble() * 100;
                };
                p.add(t, g.nextInt(3) - 1);
            } else {
                now = p.ref.peek().timeNs();
                p.pollAndCompare();
            }
        }
        p.drain();
    }

    /** Property: any batch of keys, times not monotone, with few distinct values (many ties), pops in order. */
    @ParameterizedTest
    @MethodSource("seeds")
    void aBatchOfRandomKeysPopsInLexicographicOrder(long seed) {
        RandomGenerator g = new RandomStreams(seed).next();
        Pair p = new Pair(queue());
        for (int i = 0; i < 500; i++) {
            p.add(g.nextInt(50), g.nextInt(3));
        }
        p.drain();
    }

    @Test
    void growsPastItsInitialCapacityWithoutLosingEvents() {
        Pair p = new Pair(queue());
        // 5,000 distinct instants (the bucket queue's table and heap grow), then 5,000 events at one instant
        for (int i = 0; i < 5000; i++) {
            p.add((i * 7919) % 5000, 0);
        }
        for (int i = 0; i < 5000; i++) {
            p.add(2500.5, 0);
        }
        p.drain();
    }
}
