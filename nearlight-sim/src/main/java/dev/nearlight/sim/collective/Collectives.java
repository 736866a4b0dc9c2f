package dev.nearlight.sim.collective;

import dev.nearlight.core.InputException;

/** Runs a collective on a network model and computes the nccl-tests metrics. */
public final class Collectives {
    private Collectives() {}

    /** Builds the transfer schedule of {@code spec} for {@code ranks} ranks. */
    public static TransferSchedule schedule(CollectiveSpec spec, int ranks) {
        if (ranks < 2) {
            throw new InputException("a collective needs at least 2 ranks (endpoints), got " + ranks);
        }
        return ScheduleBuilder.build(
                spec.implementation(), spec.op(), ranks, spec.bytes(), spec.splits(), spec.chunksInFlight());
    }

    /** Runs {@code spec} on {@code ranks} ranks of the model's network. */
    public static CollectiveResult run(CollectiveSpec spec, NetworkModel model, int ranks) {
        TransferSchedule s = schedule(spec, ranks);
        return result(spec, ranks, model.run(s));
    }

    /** Derives the result row from a network run. */
    public static CollectiveResult result(CollectiveSpec spec, int ranks, NetworkRun run) {
        double t = run.makespanNs();
        double algbw = t > 0 ? spec.bytes() / t : 0; // bytes per ns = GB/s (1e9)
        return new CollectiveResult(
                spec.op().cliName(),
                spec.algorithm().cliName(),
                spec.bytes(),
                t,
                algbw,
                algbw * spec.op().busBandwidthFactor(ranks),
                run.maxLinkUtilization(),
                run.p99FlowNs());
    }
}
