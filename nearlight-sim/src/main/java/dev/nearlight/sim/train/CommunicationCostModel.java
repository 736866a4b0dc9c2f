package dev.nearlight.sim.train;

/**
 * Time of the collectives a training step issues. The analytical {@link AlphaBetaCostModel} is the first
 * implementation; a flow-level network simulator plugs in here to capture contention on shared links.
 * {@code bytes} is always the full buffer per rank (the all-reduced tensor, the gathered output, the per-rank send
 * buffer of an all-to-all, the message of a point-to-point send).
 */
public interface CommunicationCostModel {
    /** All-reduce of {@code bytes} per rank. */
    double allReduceS(double bytes, CommGroup group);

    /** Reduce-scatter of a {@code bytes} input per rank. */
    double reduceScatterS(double bytes, CommGroup group);

    /** All-gather to a {@code bytes} output per rank. */
    double allGatherS(double bytes, CommGroup group);

    /** All-to-all where each rank sends {@code bytes} in total, spread evenly over the group. */
    double allToAllS(double bytes, CommGroup group);

    /** Point-to-point send of {@code bytes}, across the scale-out fabric or inside a scale-up domain. */
    double p2pS(double bytes, boolean crossesDomain, long fabricPorts);
}
