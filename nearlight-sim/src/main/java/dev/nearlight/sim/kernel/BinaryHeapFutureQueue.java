package dev.nearlight.sim.kernel;

import java.util.Arrays;

/**
 * Array-backed binary min-heap future queue. Keys live in parallel primitive arrays (no entry objects), so an insert
 * or removal costs O(log n) comparisons and no allocation beyond occasional growth.
 */
public final class BinaryHeapFutureQueue implements FutureQueue {
    private double[] times;
    private int[] priorities;
    private long[] serials;
    private SimEvent[] events;
    private int size;

    /** Creates an empty queue with room for {@code initialCapacity} events before it grows. */
    public BinaryHeapFutureQueue(int initialCapacity) {
        int c = Math.max(16, initialCapacity);
        times = new double[c];
        priorities = new int[c];
        serials = new long[c];
        events = new SimEvent[c];
    }

    /** Creates an empty queue. */
    public BinaryHeapFutureQueue() {
        this(1024);
    }

    @Override
    public void add(double timeNs, int priority, long serial, SimEvent event) {
        if (size == times.length) {
            int c = size * 2;
            times = Arrays.copyOf(times, c);
            priorities = Arrays.copyOf(priorities, c);
            serials = Arrays.copyOf(serials, c);
            events = Arrays.copyOf(events, c);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!less(timeNs, priority, serial, parent)) {
                break;
            }
            move(parent, i);
            i = parent;
        }
        set(i, timeNs, priority, serial, event);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public double firstTimeNs() {
        return times[0];
    }

    @Override
    public SimEvent poll() {
        SimEvent first = events[0];
        int last = --size;
        if (last > 0) {
            double t = times[last];
            int p = priorities[last];
            long s = serials[last];
            SimEvent e = events[last];
            int i = 0;
            int half = last >>> 1;
            while (i < half) {
                int child = 2 * i + 1;
                int right = child + 1;
                if (right < last && lessAt(right, child)) {
                    child = right;
                }
                if (!less(times[child], priorities[child], serials[child], t, p, s)) {
                    break;
                }
                move(child, i);
                i = child;
            }
            set(i, t, p, s, e);
        }
        events[last] = null;
        return first;
    }

    private boolean less(double t, int p, long s, int index) {
        return less(t, p, s, times[index], priorities[index], serials[index]);
    }

    private boolean lessAt(int a, int b) {
        return less(times[a], priorities[a], serials[a], times[b], priorities[b], serials[b]);
    }

    private static boolean less(double t1, int p1, long s1, double t2, int p2, long s2) {
        if (t1 != t2) {
            return t1 < t2;
        }
        if (p1 != p2) {
            return p1 < p2;
        }
        return s1 < s2;
    }

    private void move(int from, int to) {
        times[to] = times[from];
        priorities[to] = priorities[from];
        serials[to] = serials[from];
        events[to] = events[from];
    }

    private void set(int i, double t, int p, long s, SimEvent e) {
        times[i] = t;
        priorities[i] = p;
        serials[i] = s;
        events[i] = e;
    }
}
