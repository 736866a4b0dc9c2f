package dev.nearlight.sim.collective;

import dev.nearlight.core.InputException;
import dev.nearlight.sim.net.NetworkTopology;
import dev.nearlight.sim.net.NodeKind;

/**
 * NVLS (NVLink SHARP) all-reduce: the NVSwitch reduces in the network. Each GPU owns 1/n of the buffer; it pulls its
 * slice through the switch with a reducing load (the switch reads the slice from all n GPUs and returns the sum) and
 * stores the result with a multicast store (the switch replicates it to all n GPUs). Per GPU link that is S + S/n bytes
 * up and S/n + S down, against 2(n-1)/n S each way for a ring, so algbw tends to B / (1 + 1/n) and busbw to
 * 2(n-1)/(n+1) B (1.56 B on 8 GPUs), where no algorithm without in-network reduction exceeds busbw = B. Sources: NCCL
 * 2.17 release notes (NVLS algorithm for Hopper NVSwitch systems) and the NCCL environment-variable documentation
 * (NCCL_NVLS_ENABLE); the multimem.ld_reduce / multimem.st instructions of the PTX ISA; NVIDIA/nccl issue #919.
 *
 * <p>Modelled as transfers to and from the switch, which is made a rank ({@link #switchAsRank}): step 1 every GPU j
 * sends S to the switch (its slices for every owner); step 2 the switch sends each GPU r its reduced slice S/n; step 3
 * GPU r sends S/n back (the multicast store); step 4 the switch sends every GPU the whole result S. Chunking pipelines
 * the four steps like any other algorithm.
 */
public final class Nvls {
    private Nvls() {}

    /**
     * The same network with its one scale-up switch {@code switchNode} made an endpoint, so that it can be a rank
     * (after the GPUs if the switch's node id follows theirs, as in every built-in topology).
     */
    public static NetworkTopology switchAsRank(NetworkTopology t, int switchNode) {
        if (t.nodeKind(switchNode) != NodeKind.SWITCH) {
            throw new IllegalArgumentException("node " + switchNode + " is not a switch");
        }
        NetworkTopology.Builder b = NetworkTopology.builder();
        for (int v = 0; v < t.nodeCount(); v++) {
            b.node(t.nodeName(v), v == switchNode ? NodeKind.ENDPOINT : t.nodeKind(v));
        }
        for (int l = 0; l < t.linkCount(); l++) {
            b.link(t.linkSrc(l), t.linkDst(l), t.linkCapacityBytesPerS(l), t.linkLatencyNs(l), t.linkTag(l));
        }
        return b.build();
    }

    /** The NVLS all-reduce steps for n GPUs (ranks 0..n-1) and the switch (rank n). */
    static final class Algorithm implements CollectiveAlgorithm {
        @Override
        public void emit(CollectiveOp op, int ranks, double bytes, StepSink sink) {
            if (op != CollectiveOp.ALL_REDUCE) {
                throw Unsupported.of("nvls", op, "allreduce");
            }
            int n = ranks - 1;
            int sw = n;
            for (int j = 0; j < n; j++) {
                sink.transfer(j, sw, bytes);
            }
            sink.endStep();
            for (int r = 0; r < n; r++) {
                sink.transfer(sw, r, bytes / n);
            }
            sink.endStep();
            for (int r = 0; r < n; r++) {
                sink.transfer(r, sw, bytes / n);
            }
            sink.endStep();
            for (int j = 0; j < n; j++) {
                sink.transfer(sw, j, bytes);
            }
            sink.endStep();
        }
    }

    /**
     * Runs an NVLS all-reduce of {@code bytes} over the first {@code gpus} ranks of {@code model}, whose topology must
     * have the switch as rank {@code gpus} ({@link #switchAsRank}); {@code splits} chunks, {@code chunksInFlight} per
     * step. busbw uses nccl-tests' all-reduce factor for the GPUs. The line-rate bound of in-network reduction is
     * checked: every GPU must send and receive S at least once, so algbw <= its link rate.
     */
    public static CollectiveResult run(NetworkModel model, int gpus, long bytes, int splits, int chunksInFlight) {
        NetworkTopology t = model.topology();
        if (gpus < 2 || t.endpointCount() != gpus + 1) {
            throw new InputException("NVLS needs >= 2 GPUs and the scale-up switch as the last rank; the network has "
                    + t.endpointCount() + " endpoints for " + gpus + " GPUs");
        }
        TransferSchedule s = ScheduleBuilder.build(
                new Algorithm(), CollectiveOp.ALL_REDUCE, gpus + 1, bytes, splits, chunksInFlight);
        NetworkRun run = model.run(s);
        double time = run.makespanNs();
        double algbw = time > 0 ? bytes / time : 0;
        CollectiveResult r = new CollectiveResult(
                CollectiveOp.ALL_REDUCE.cliName(),
                "nvls",
                bytes,
                time,
                algbw,
                algbw * CollectiveOp.ALL_REDUCE.busBandwidthFactor(gpus),
                run.maxLinkUtilization(),
                run.p99FlowNs());
        double lineRate = Collectives.busBandwidthBoundGBps(t, gpus);
        if (algbw > lineRate * (1 + NetworkRun.TOLERANCE)) {
            throw new IllegalStateException("NVLS algbw " + algbw + " GB/s exceeds a GPU's line rate " + lineRate);
        }
        return r;
    }
}
