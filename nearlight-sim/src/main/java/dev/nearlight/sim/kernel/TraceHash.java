package dev.nearlight.sim.kernel;

/**
 * A listener that folds every (time, event) pair into a 64-bit hash, so determinism tests can compare whole event
 * traces cheaply: the same scenario and seed must give the same hash.
 */
public final class TraceHash implements EventListener {
    private long hash = 0x9E3779B97F4A7C15L;
    private long events;

    @Override
    public void onEvent(double timeNs, SimEvent event) {
        long h = hash ^ Double.doubleToLongBits(timeNs);
        h = mix(h) ^ event.hashCode() ^ ((long) event.getClass().getSimpleName().hashCode() << 32);
        hash = mix(h);
        events++;
    }

    /** The hash of the trace seen so far. */
    public long value() {
        return hash;
    }

    /** Number of events folded in. */
    public long events() {
        return events;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
