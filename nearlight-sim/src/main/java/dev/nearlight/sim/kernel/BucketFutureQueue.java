package dev.nearlight.sim.kernel;

import java.util.Arrays;

/**
 * Future queue that groups events with identical (time, priority) into FIFO buckets and keeps only the buckets in a
 * binary heap. Symmetric collectives schedule thousands of events at exactly the same instant, so heap work drops
 * from per event to per distinct instant. FIFO order inside a bucket is insertion order, which is serial order
 * because the kernel's serials increase with every insertion.
 */
public final class BucketFutureQueue implements FutureQueue {
    private double[] bTime = new double[64];
    private int[] bPrio = new int[64];
    private SimEvent[][] bEvents = new SimEvent[64][];
    private int[] bHead = new int[64];
    private int[] bTail = new int[64];
    private int[] free = new int[64];
    private int freeCount;
    private int bucketCount;

    private int[] heap = new int[64];
    private int heapSize;

    private long[] mTime = new long[128];
    private int[] mPrio = new int[128];
    private int[] mBucket = new int[128];
    private int mSize;

    private int size;
    private int lastBucket = -1;
    private long lastBits;
    private int lastPrio;

    /** Creates an empty queue. */
    public BucketFutureQueue() {
        Arrays.fill(mBucket, -1);
    }

    @Override
    public void add(double timeNs, int priority, long serial, SimEvent event) {
        // -0.0 is the same instant as 0.0 (the heap compares times as numbers): adding +0.0 maps it to 0.0, so both
        // share one bucket and keep insertion order, instead of two buckets the heap cannot tell apart
        timeNs += 0.0;
        long bits = Double.doubleToLongBits(timeNs);
        if (lastBucket >= 0 && lastBits == bits && lastPrio == priority) {
            append(lastBucket, event);
            return;
        }
        int mask = mBucket.length - 1;
        int h = hash(bits, priority) & mask;
        int b;
        while ((b = mBucket[h]) >= 0 && (mTime[h] != bits || mPrio[h] != priority)) {
            h = (h + 1) & mask;
        }
        if (b < 0) {
            b = newBucket(timeNs, priority);
            mTime[h] = bits;
            mPrio[h] = priority;
            mBucket[h] = b;
            if (++mSize * 2 > mBucket.length) {
                rehash();
            }
            heapPush(b);
        }
        lastBucket = b;
        lastBits = bits;
        lastPrio = priority;
        append(b, event);
    }

    private void append(int b, SimEvent event) {
        SimEvent[] ev = bEvents[b];
        if (bTail[b] == ev.length) {
            ev = bEvents[b] = Arrays.copyOf(ev, ev.length * 2);
        }
        ev[bTail[b]++] = event;
        size++;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public double firstTimeNs() {
        return bTime[heap[0]];
    }

    @Override
    public SimEvent poll() {
        int b = heap[0];
        SimEvent[] ev = bEvents[b];
        SimEvent e = ev[bHead[b]];
        ev[bHead[b]++] = null;
        size--;
        if (bHead[b] == bTail[b]) {
            heapPop();
            mapRemove(Double.doubleToLongBits(bTime[b]), bPrio[b]);
            bHead[b] = 0;
            bTail[b] = 0;
            free[freeCount++] = b;
            if (b == lastBucket) {
                lastBucket = -1;
            }
        }
        return e;
    }

    private int newBucket(double t, int p) {
        int b;
        if (freeCount > 0) {
            b = free[--freeCount];
        } else {
            b = bucketCount++;
            if (b == bTime.length) {
                int c = b * 2;
                bTime = Arrays.copyOf(bTime, c);
                bPrio = Arrays.copyOf(bPrio, c);
                bEvents = Arrays.copyOf(bEvents, c);
                bHead = Arrays.copyOf(bHead, c);
                bTail = Arrays.copyOf(bTail, c);
                free = Arrays.copyOf(free, c);
                heap = Arrays.copyOf(heap, c);
            }
            bEvents[b] = new SimEvent[4];
        }
        bTime[b] = t;
        bPrio[b] = p;
        return b;
    }

    private boolean less(int a, int b) {
        double ta = bTime[a];
        double tb = bTime[b];
        return ta < tb || (ta == tb && bPrio[a] < bPrio[b]);
    }

    private void heapPush(int b) {
        int i = heapSize++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!less(b, heap[parent])) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = b;
    }

    private void heapPop() {
        int last = heap[--heapSize];
        int n = heapSize;
        int i = 0;
        int half = n >>> 1;
        while (i < half) {
            int c = 2 * i + 1;
            if (c + 1 < n && less(heap[c + 1], heap[c])) {
                c++;
            }
            if (!less(heap[c], last)) {
                break;
            }
            heap[i] = heap[c];
            i = c;
        }
        if (n > 0) {
            heap[i] = last;
        }
    }

    private void mapRemove(long bits, int prio) {
        int mask = mBucket.length - 1;
        int h = hash(bits, prio) & mask;
        while (mTime[h] != bits || mPrio[h] != prio || mBucket[h] < 0) {
            h = (h + 1) & mask;
        }
        // backward-shift deletion keeps linear probing chains intact
        int hole = h;
        int j = h;
        while (true) {
            j = (j + 1) & mask;
            if (mBucket[j] < 0) {
                break;
            }
            int home = hash(mTime[j], mPrio[j]) & mask;
            boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (movable) {
                mTime[hole] = mTime[j];
                mPrio[hole] = mPrio[j];
                mBucket[hole] = mBucket[j];
                hole = j;
            }
        }
        mBucket[hole] = -1;
        mSize--;
    }

    private void rehash() {
        long[] ot = mTime;
        int[] op = mPrio;
        int[] ob = mBucket;
        int c = ob.length * 2;
        mTime = new long[c];
        mPrio = new int[c];
        mBucket = new int[c];
        Arrays.fill(mBucket, -1);
        int mask = c - 1;
        for (int k = 0; k < ob.length; k++) {
            if (ob[k] >= 0) {
                int h = hash(ot[k], op[k]) & mask;
                while (mBucket[h] >= 0) {
                    h = (h + 1) & mask;
                }
                mTime[h] = ot[k];
                mPrio[h] = op[k];
                mBucket[h] = ob[k];
            }
        }
    }

    private static int hash(long bits, int prio) {
        long z = bits * 0x9E3779B97F4A7C15L + prio;
        z = (z ^ (z >>> 32)) * 0xD6E8FEB86659FD93L;
        return (int) (z ^ (z >>> 32));
    }
}
