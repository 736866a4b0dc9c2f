package dev.nearlight.sim.chakra;

import dev.nearlight.sim.collective.CollectiveOp;

/**
 * How long communication takes on the network, as a trace run asks for it: a collective over all ranks and a
 * point-to-point message. {@link NetworkCommTimes} answers from a Nearlight network model.
 */
public interface CommTimes {
    /** Time of {@code op} on a buffer of {@code bytes} (nccl-tests size) over all ranks, ns. */
    double collectiveNs(CollectiveOp op, long bytes);

    /** Time from the send of {@code bytes} from {@code src} to {@code dst} to its delivery, ns. */
    double pointToPointNs(int src, int dst, long bytes);
}
