package dev.nearlight.compose.pool;

/**
 * Opt-in observer of allocations (for invariant probes and tracing); the simulation's fast path skips it when none is
 * registered. Allocation encoding: for {@link Placement#STATIC} the array holds global node ids ({@code rack *
 * nodesPerRack + slot}); for composable placements it holds triples {@code (rack, type ordinal, amount)}.
 */
@FunctionalInterface
public interface AllocationListener {
    /**
     * Called when a job starts ({@code started == true}) or finishes.
     *
     * @param job index in the trace
     * @param timeS simulated time
     * @param started true at start, false at release
     * @param allocation the encoded allocation (do not modify)
     */
    void onAllocation(int job, double timeS, boolean started, int[] allocation);
}
