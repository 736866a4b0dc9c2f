package dev.nearlight.sim.collective;

import dev.nearlight.sim.net.NetworkTopology;

/**
 * Times a {@link TransferSchedule} on a network. Two implementations: {@link FlowNetworkModel} (discrete-event,
 * max-min fair flows) and {@link AnalyticalNetworkModel} (alpha-beta with contention factors, for fast sweeps).
 */
public interface NetworkModel {
    /** Runs the schedule; rank r is placed on the r-th endpoint of the model's topology. */
    NetworkRun run(TransferSchedule schedule);

    /** Short name for reports ("flow" or "analytical"). */
    String name();

    /**
     * Heap bytes one transfer costs while this model runs a schedule (schedule arrays, routed path reference and the
     * model's per-transfer state), for the memory estimate made before large runs.
     */
    long heapBytesPerTransfer();

    /** The network the model runs on (rank r on its r-th endpoint). */
    NetworkTopology topology();
}
