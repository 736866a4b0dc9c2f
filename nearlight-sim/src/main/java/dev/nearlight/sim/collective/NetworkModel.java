package dev.nearlight.sim.collective;

/**
 * Times a {@link TransferSchedule} on a network. Two implementations: {@link FlowNetworkModel} (discrete-event,
 * max-min fair flows) and {@link AnalyticalNetworkModel} (alpha-beta with contention factors, for fast sweeps).
 */
public interface NetworkModel {
    /** Runs the schedule; rank r is placed on the r-th endpoint of the model's topology. */
    NetworkRun run(TransferSchedule schedule);

    /** Short name for reports ("flow" or "analytical"). */
    String name();
}
