package dev.nearlight.sim.collective;

import dev.nearlight.core.InputException;

/** Runs a collective on a network model and computes the nccl-tests metrics. */
public final class Collectives {
    /**
     * The one calibration parameter: the fraction of link line rate a collective library turns into goodput. 0.80
     * reproduces the 8 x H100 NVSwitch ring all-reduce of nccl_collectives_h100.csv within 3 % (128 MiB to 2 GiB)
     * with 450 GB/s per direction per GPU and 500 ns per hop, and matches NCCL's maintainers' "about 20 % protocol
     * overhead" (see docs/sim.md).
     */
    public static final double DEFAULT_PROTOCOL_EFFICIENCY = 0.80;

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
