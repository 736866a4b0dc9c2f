package dev.nearlight.sim.collective;

import dev.nearlight.core.InputException;
import dev.nearlight.sim.net.NetworkTopology;

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

    /** Number of transfers of {@code spec} on {@code ranks} ranks (a counting pass, nothing stored). */
    public static long transferCount(CollectiveSpec spec, int ranks) {
        if (ranks < 2) {
            throw new InputException("a collective needs at least 2 ranks (endpoints), got " + ranks);
        }
        return ScheduleBuilder.count(spec.implementation(), spec.op(), ranks, spec.bytes(), spec.splits());
    }

    /**
     * Runs {@code spec} on {@code ranks} ranks of the model's network and checks that the bus bandwidth does not
     * exceed the line-rate bound ({@link #busBandwidthBoundGBps}).
     */
    public static CollectiveResult run(CollectiveSpec spec, NetworkModel model, int ranks) {
        TransferSchedule s = schedule(spec, ranks);
        CollectiveResult r = result(spec, ranks, model.run(s));
        double bound = busBandwidthBoundGBps(model.topology(), ranks);
        if (r.busbwGBps() > bound * (1 + NetworkRun.TOLERANCE)) {
            throw new IllegalStateException("busbw " + r.busbwGBps() + " GB/s exceeds the line-rate bound " + bound
                    + " GB/s of " + ranks + " ranks on " + model.name() + " model");
        }
        return r;
    }

    /**
     * Largest bus bandwidth any algorithm without in-network reduction can reach on these ranks, GB/s (1e9 B): the
     * largest per-rank injection or ejection capacity (raw line rate, sum over the endpoint's links). nccl-tests'
     * busbw factors are chosen so that busbw equals the per-rank link bandwidth of a bandwidth-optimal algorithm:
     * all-reduce needs 2(n-1)/n S / B per rank, reduce-scatter, all-gather and all-to-all (n-1)/n S / B, broadcast
     * and send/recv S / B (Chan et al., "Collective communication: theory, practice, and experience", CCPE 2007,
     * lower bounds of section 3). Ranks that forward others' traffic only tighten it.
     */
    public static double busBandwidthBoundGBps(NetworkTopology t, int ranks) {
        double best = 0;
        for (int r = 0; r < ranks; r++) {
            int node = t.endpoint(r);
            double out = 0;
            for (int k = t.outStart(node); k < t.outStart(node + 1); k++) {
                out += t.linkCapacityBytesPerS(t.outLink(k));
            }
            double in = 0;
            for (int k = t.inStart(node); k < t.inStart(node + 1); k++) {
                in += t.linkCapacityBytesPerS(t.inLink(k));
            }
            best = Math.max(best, Math.max(out, in));
        }
        return best * 1e-9;
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
