package dev.nearlight.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.nearlight.core.InputException;
import dev.nearlight.fabric.spec.FabricFactory;
import dev.nearlight.sim.astra.AstraCollective;
import dev.nearlight.sim.astra.AstraSystem;
import dev.nearlight.sim.astra.AstraSystemReader;
import dev.nearlight.sim.chakra.ChakraRunner;
import dev.nearlight.sim.chakra.ChakraTrace;
import dev.nearlight.sim.chakra.ChakraTraceIo;
import dev.nearlight.sim.chakra.NetworkCommTimes;
import dev.nearlight.sim.collective.Algorithm;
import dev.nearlight.sim.collective.AnalyticalNetworkModel;
import dev.nearlight.sim.collective.CollectiveOp;
import dev.nearlight.sim.collective.CollectiveResult;
import dev.nearlight.sim.collective.CollectiveSpec;
import dev.nearlight.sim.collective.Collectives;
import dev.nearlight.sim.collective.FlowNetworkModel;
import dev.nearlight.sim.collective.Jobs;
import dev.nearlight.sim.collective.LinkEfficiency;
import dev.nearlight.sim.collective.LinkEvent;
import dev.nearlight.sim.collective.NetworkModel;
import dev.nearlight.sim.collective.Nvls;
import dev.nearlight.sim.collective.SymmetricFlowNetworkModel;
import dev.nearlight.sim.collective.TransferSchedule;
import dev.nearlight.sim.kernel.RandomStreams;
import dev.nearlight.sim.net.AstraNetwork;
import dev.nearlight.sim.net.AstraNetworkReader;
import dev.nearlight.sim.net.DestinationModKRouting;
import dev.nearlight.sim.net.EcmpRouting;
import dev.nearlight.sim.net.NetworkTopology;
import dev.nearlight.sim.net.NodeKind;
import dev.nearlight.sim.net.Routing;
import dev.nearlight.sim.net.Topologies;
import dev.nearlight.sim.train.ClusterNetwork;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nearlight collective}: times a collective on a network with the flow-level or analytical model and prints
 * nccl-tests style rows (or the JSON contract of docs/cli/collective.md).
 */
@Command(
        name = "collective",
        mixinStandardHelpOptions = true,
        description = "Simulate a collective (nccl-tests style output): time, algbw, busbw, max link utilisation, p99"
                + " flow completion time.")
public final class CollectiveCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--op",
            defaultValue = "allreduce",
            description = "allreduce, reducescatter, allgather, alltoall,"
                    + " broadcast, sendrecv (default: ${DEFAULT-VALUE})")
    String op;

    @Option(
            names = "--algo",
            defaultValue = "ring",
            description = "ring, tree, halving-doubling, direct, hierarchical" + " (default: ${DEFAULT-VALUE})")
    String algo;

    @Option(
            names = "--sizes",
            defaultValue = "1M,64M,1G",
            description = "comma-separated buffer sizes in bytes, K/M/G"
                    + " suffixes are powers of 1024 (default: ${DEFAULT-VALUE})")
    String sizes;

    @Option(
            names = "--astra-network",
            paramLabel = "FILE.yml",
            description = "ASTRA-sim network YAML instead of the" + " built-in topology options")
    Path astraNetwork;

    @Option(
            names = "--astra-system",
            paramLabel = "FILE.json",
            description = "ASTRA-sim system JSON: per-dimension algorithms and chunk scheduling (needs"
                    + " --astra-network; replaces --algo, --splits and --chunks-in-flight), see docs/sim.md")
    Path astraSystem;

    @Option(
            names = "--chakra",
            arity = "1..*",
            paramLabel = "TRACE",
            description = "run Chakra ET 1.0 execution traces (files, or directories of prefix.<rank>.et files; one"
                    + " per rank) on the network instead of one collective, see docs/sim.md")
    List<Path> chakra;

    @Option(
            names = "--compat",
            paramLabel = "astra",
            description = "astra: ASTRA-sim compatibility mode (needs --astra-network and --astra-system; protocol"
                    + " and scale-out efficiency 1 unless given), see docs/sim.md")
    String compat;

    /**
     * FABRIC-OPTIONS, shared with {@code nearlight fabric}. Its {@code --topology} also takes the built-in kinds
     * (switch, ring, fully-connected, rail) and its {@code --gpus-per-node} is the built-in rail's endpoints per
     * scale-up switch.
     */
    @Mixin
    FabricOptions fabricOptions;

    @Option(
            names = "--fabric",
            paramLabel = "FILE.yaml",
            description = "fabric spec file (the YAML of nearlight fabric --spec); FABRIC-OPTIONS override it")
    Path fabricFile;

    @Option(names = "--endpoints", description = "number of endpoints (ranks) of the built-in topology (default: 8)")
    Integer endpoints;

    @Option(
            names = "--link-gbps",
            description = "endpoint link rate per direction in Gb/s (default: 3600, i.e. 450" + " GB/s NVLink4)")
    Double linkGbps;

    @Option(names = "--link-latency-ns", description = "latency per hop in ns (default: 500)")
    Double linkLatencyNs;

    @Option(names = "--nic-gbps", description = "rail topology: scale-out NIC rate in Gb/s (default: 400)")
    Double nicGbps;

    @Option(names = "--nodes-per-leaf", description = "rail topology: nodes per leaf switch (default: 32 or fewer)")
    Integer nodesPerLeaf;

    @Option(names = "--model", defaultValue = "flow", description = "flow or analytical (default: ${DEFAULT-VALUE})")
    String model;

    @Option(
            names = "--flow-classes",
            description = "flow model: advance symmetry classes of flows in lock step as one flow each (same results"
                    + " to a relative 1e-9; falls back to per-flow where the symmetry breaks)")
    boolean flowClasses;

    @Option(names = "--splits", defaultValue = "1", description = "chunks per collective (default: ${DEFAULT-VALUE})")
    int splits;

    @Option(
            names = "--chunks-in-flight",
            defaultValue = "1",
            description = "chunks allowed in the same algorithm" + " stage (default: ${DEFAULT-VALUE})")
    int chunksInFlight;

    @Option(
            names = "--scale-up",
            defaultValue = "8",
            description = "hierarchical: ranks per scale-up domain" + " (default: ${DEFAULT-VALUE})")
    int scaleUp;

    @Option(
            names = "--inter-algo",
            defaultValue = "ring",
            description = "hierarchical: algorithm across scale-up"
                    + " domains: ring, tree, halving-doubling, direct (default: ${DEFAULT-VALUE})")
    String interAlgo;

    @Option(
            names = "--protocol-efficiency",
            description = "fraction of line rate achieved (default: calibrated" + " 0.80, see docs/sim.md)")
    Double protocolEfficiency;

    @Option(
            names = "--scale-out-efficiency",
            description = "fraction of line rate achieved on scale-out (NIC and fabric) links (default: 0.94,"
                    + " 46-48 of 50 GB/s per 400G NDR NIC, see docs/sim.md)")
    Double scaleOutEfficiency;

    @Option(names = "--seed", defaultValue = "1", description = "root seed (ECMP hashing) (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "--routing",
            defaultValue = "ecmp",
            description = "ecmp (per-flow hash, seeded) or dmodk (destination mod k, as InfiniBand fat trees)"
                    + " (default: ${DEFAULT-VALUE})")
    String routingName;

    @Option(names = "--json", description = "print a JSON array (contract: docs/cli/collective.md)")
    boolean json;

    @Option(
            names = "--timing",
            description = "print on stderr each size's wall time of building the schedule, routing and simulating"
                    + " (without the JVM start and the reading of inputs; default and ASTRA-sim runs), to compare with other"
                    + " simulators")
    boolean timing;

    /** Wall time per size, ms, for --timing. */
    private final List<double[]> wallMs = new ArrayList<>();

    private void timed(long bytes, long startNs) {
        wallMs.add(new double[] {bytes, (System.nanoTime() - startNs) / 1e6});
    }

    private void printTiming() {
        if (!timing) {
            return;
        }
        PrintWriter err = spec.commandLine().getErr();
        for (double[] w : wallMs) {
            err.printf(
                    Locale.ROOT, "# wall time, %d bytes: %.1f ms (schedule, routing, simulation)%n", (long) w[0], w[1]);
        }
        err.flush();
    }

    @Option(
            names = "--jobs",
            paramLabel = "N,N,...",
            description = "several jobs on the network, one per entry with that many ranks, each running the"
                    + " collective; prints each job's time alone and together (interference)")
    String jobs;

    @Option(
            names = "--placement",
            defaultValue = "rail-aligned",
            description = "--jobs: contiguous, random (seeded by --seed) or rail-aligned (whole nodes of --scale-up"
                    + " endpoints) (default: ${DEFAULT-VALUE})")
    String placement;

    @Option(
            names = "--fail-link",
            paramLabel = "NODE,NODE",
            description = "flow model: the cable between two adjacent nodes (names as in the network, e.g. ep0,sw)"
                    + " fails (or degrades, --link-factor) during the run; prints the healthy time alongside")
    String failLink;

    @Option(
            names = "--straggler",
            paramLabel = "RANK:US,...",
            description = "flow model: ranks that join the collective late (a slower GPU), in microseconds; prints"
                    + " the on-time result alongside")
    String straggler;

    @Option(
            names = "--fail-at-us",
            defaultValue = "0",
            description = "when --fail-link happens, in us after the collective starts (default: ${DEFAULT-VALUE})")
    double failAtUs;

    @Option(
            names = "--link-factor",
            defaultValue = "0",
            description = "--fail-link's remaining fraction of capacity: 0 = down, its flows re-routed; (0, 1) ="
                    + " degraded (default: ${DEFAULT-VALUE})")
    double linkFactor;

    private Routing routing(NetworkTopology net) {
        switch (routingName.toLowerCase(Locale.ROOT)) {
            case "ecmp":
                return new EcmpRouting(net, new RandomStreams(seed).next().nextLong());
            case "dmodk":
                return new DestinationModKRouting(net);
            default:
                throw new InputException("--routing '" + routingName + "' is unknown; use ecmp or dmodk");
        }
    }

    @Override
    public Integer call() throws Exception {
        if ((failLink != null || straggler != null) && (astraSystem != null || compat != null || chakra != null)) {
            throw new InputException(
                    "--fail-link and --straggler work with built-in, --fabric and --astra-network networks, not with"
                            + " --astra-system, --compat or --chakra");
        }
        if (astraSystem != null || compat != null) {
            return callAstra();
        }
        if (chakra != null) {
            return callChakra();
        }
        CollectiveOp collectiveOp = CollectiveOp.parse(op, "--op");
        if ("nvls".equalsIgnoreCase(algo.trim())) {
            return callNvls(collectiveOp);
        }
        Algorithm algorithm = Algorithm.parse(algo, "--algo");
        Algorithm inter = Algorithm.parse(interAlgo, "--inter-algo");
        List<Long> byteSizes = parseSizes(sizes);
        double efficiency = protocolEfficiency == null ? Collectives.DEFAULT_PROTOCOL_EFFICIENCY : protocolEfficiency;
        double scaleOut = scaleOutEfficiency == null ? ClusterNetwork.DEFAULT_SCALE_OUT_EFFICIENCY : scaleOutEfficiency;
        LinkEfficiency.require(efficiency, scaleOut);
        TopologySource source = topologySource();
        NetworkTopology net = source.topology();
        int ranks = net.endpointCount();
        Routing routing = routing(net);
        NetworkModel networkModel = networkModel(net, routing, efficiency, scaleOut);
        if (jobs != null) {
            if (failLink != null || straggler != null) {
                throw new InputException("--jobs cannot be combined with --fail-link or --straggler yet");
            }
            return callJobs(net, source, networkModel, collectiveOp, algorithm, inter, byteSizes);
        }
        NetworkModel failing = failing(net, networkModel);
        CollectiveSpec base = new CollectiveSpec(collectiveOp, algorithm, 0, splits, chunksInFlight, scaleUp, inter);
        List<CollectiveResult> results = new ArrayList<>();
        List<CollectiveResult> healthy = new ArrayList<>();
        for (long b : byteSizes) {
            CollectiveSpec one = base.withBytes(b);
            long transfers = Collectives.transferCount(one, ranks);
            double needBytes = (double) transfers * networkModel.heapBytesPerTransfer();
            double heapBytes = Runtime.getRuntime().maxMemory();
            if (needBytes > heapBytes) {
                throw outOfMemory(one, ranks, transfers, networkModel, needBytes, heapBytes);
            }
            try {
                long t0 = System.nanoTime();
                if (failing != null) {
                    healthy.add(Collectives.run(one, networkModel, ranks));
                    results.add(Collectives.run(one, failing, ranks));
                } else {
                    results.add(Collectives.run(one, networkModel, ranks));
                }
                timed(b, t0);
            } catch (OutOfMemoryError e) {
                throw outOfMemory(one, ranks, transfers, networkModel, needBytes, heapBytes);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(results));
        } else {
            out.printf(
                    Locale.ROOT,
                    "# nearlight collective: %s %s, %s model, %d ranks on %s, protocol efficiency %.2f"
                            + " (scale-out links %.2f)%n",
                    collectiveOp.cliName(),
                    algorithm.cliName(),
                    networkModel.name(),
                    ranks,
                    source.describe(),
                    efficiency,
                    scaleOut);
            printRows(out, results);
            for (int i = 0; i < healthy.size(); i++) {
                double h = healthy.get(i).timeNs();
                double f = results.get(i).timeNs();
                out.printf(
                        Locale.ROOT,
                        "# %d B: %s: %.2f us healthy, %.2f us with it (%+.2f us, x%.4f)%n",
                        results.get(i).bytes(),
                        perturbation(),
                        h / 1e3,
                        f / 1e3,
                        (f - h) / 1e3,
                        f / h);
            }
        }
        out.flush();
        printTiming();
        return 0;
    }

    /**
     * {@code --algo nvls}: NVLink SHARP all-reduce (in-switch reduction, {@link Nvls}) on a network with one scale-up
     * switch that every endpoint is attached to; the switch becomes the last rank.
     */
    private Integer callNvls(CollectiveOp collectiveOp) {
        if (collectiveOp != CollectiveOp.ALL_REDUCE) {
            throw new InputException("--algo nvls supports --op allreduce only (NVLink SHARP reduces in the switch)");
        }
        if (jobs != null || failLink != null || straggler != null) {
            throw new InputException("--algo nvls cannot be combined with --jobs, --fail-link or --straggler");
        }
        List<Long> byteSizes = parseSizes(sizes);
        double efficiency = protocolEfficiency == null ? Collectives.DEFAULT_PROTOCOL_EFFICIENCY : protocolEfficiency;
        double scaleOut = scaleOutEfficiency == null ? ClusterNetwork.DEFAULT_SCALE_OUT_EFFICIENCY : scaleOutEfficiency;
        LinkEfficiency.require(efficiency, scaleOut);
        TopologySource source = topologySource();
        NetworkTopology net = source.topology();
        int gpus = net.endpointCount();
        int sw = -1;
        for (int v = 0; v < net.nodeCount(); v++) {
            if (net.nodeKind(v) == NodeKind.SWITCH) {
                if (sw >= 0) {
                    sw = -2;
                    break;
                }
                sw = v;
            }
        }
        boolean star = sw >= 0 && sw > net.endpoint(gpus - 1);
        for (int r = 0; star && r < gpus; r++) {
            boolean attached = false;
            int e = net.endpoint(r);
            for (int k = net.outStart(e); k < net.outStart(e + 1); k++) {
                attached |= net.linkDst(net.outLink(k)) == sw;
            }
            star = attached;
        }
        if (!star) {
            throw new InputException("--algo nvls needs one scale-up switch with every endpoint attached (--topology"
                    + " switch); multi-node NVLS (NVLS+tree) is not modelled");
        }
        NetworkTopology withSwitch = Nvls.switchAsRank(net, sw);
        NetworkModel networkModel = networkModel(withSwitch, routing(withSwitch), efficiency, scaleOut);
        List<CollectiveResult> results = new ArrayList<>();
        for (long b : byteSizes) {
            results.add(Nvls.run(networkModel, gpus, b, splits, chunksInFlight));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            try {
                out.println(new ObjectMapper()
                        .enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(results));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        } else {
            out.printf(
                    Locale.ROOT,
                    "# nearlight collective: allreduce nvls (in-switch reduction), %s model, %d GPUs on %s, protocol"
                            + " efficiency %.2f (scale-out links %.2f)%n",
                    networkModel.name(),
                    gpus,
                    source.describe(),
                    efficiency,
                    scaleOut);
            printRows(out, results);
        }
        out.flush();
        return 0;
    }

    /** One job's collective time alone on the network and together with the other jobs (nanoseconds). */
    record JobRow(long bytes, int job, int ranks, double aloneNs, double togetherNs) {
        /** together / alone: the interference the job suffers. */
        @com.fasterxml.jackson.annotation.JsonProperty("slowdown")
        public double slowdown() {
            return togetherNs / aloneNs;
        }
    }

    /** {@code --jobs}: every job runs the collective on its placed ranks, alone and all together on one network. */
    private Integer callJobs(
            NetworkTopology net,
            TopologySource source,
            NetworkModel networkModel,
            CollectiveOp collectiveOp,
            Algorithm algorithm,
            Algorithm inter,
            List<Long> byteSizes)
            throws Exception {
        String[] parts = jobs.split(",", -1);
        int[] jobRanks = new int[parts.length];
        for (int j = 0; j < parts.length; j++) {
            try {
                jobRanks[j] = Integer.parseInt(parts[j].trim());
            } catch (NumberFormatException e) {
                jobRanks[j] = -1;
            }
            if (jobRanks[j] < 2) {
                throw new InputException("--jobs entry '" + parts[j].trim() + "' must be a rank count >= 2");
            }
        }
        Jobs.Placement policy = Jobs.Placement.parse(placement, "--placement");
        int endpoints = net.endpointCount();
        int[][] place = Jobs.place(
                endpoints,
                scaleUp,
                jobRanks,
                policy,
                new RandomStreams(seed).next().nextLong());
        CollectiveSpec base = new CollectiveSpec(collectiveOp, algorithm, 0, splits, chunksInFlight, scaleUp, inter);
        List<JobRow> rows = new ArrayList<>();
        for (long b : byteSizes) {
            CollectiveSpec one = base.withBytes(b);
            List<TransferSchedule> schedules = new ArrayList<>();
            for (int r : jobRanks) {
                schedules.add(Collectives.schedule(one, r));
            }
            double[] together = Jobs.completionNs(schedules, networkModel.run(Jobs.merge(endpoints, schedules, place)));
            for (int j = 0; j < jobRanks.length; j++) {
                double alone = networkModel
                        .run(Jobs.merge(endpoints, List.of(schedules.get(j)), new int[][] {place[j]}))
                        .makespanNs();
                rows.add(new JobRow(b, j, jobRanks[j], alone, together[j]));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(rows));
        } else {
            out.printf(
                    Locale.ROOT,
                    "# nearlight collective: %d jobs (%s ranks), %s %s each, placement %s, %s model, on %s%n",
                    jobRanks.length,
                    jobs.replace(" ", ""),
                    collectiveOp.cliName(),
                    algorithm.cliName(),
                    policy.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                    networkModel.name(),
                    source.describe());
            out.printf(
                    Locale.ROOT,
                    "#%14s %4s %6s %12s %12s %9s%n",
                    "size",
                    "job",
                    "ranks",
                    "alone",
                    "together",
                    "slowdown");
            out.printf(Locale.ROOT, "#%14s %4s %6s %12s %12s %9s%n", "(B)", "", "", "(us)", "(us)", "");
            for (JobRow r : rows) {
                out.printf(
                        Locale.ROOT,
                        " %14d %4d %6d %12.2f %12.2f %9.4f%n",
                        r.bytes(),
                        r.job(),
                        r.ranks(),
                        r.aloneNs() / 1e3,
                        r.togetherNs() / 1e3,
                        r.slowdown());
            }
        }
        out.flush();
        return 0;
    }

    /** The flow model with the --fail-link event, or null without one. */
    private NetworkModel failing(NetworkTopology net, NetworkModel healthy) {
        if (failLink == null && straggler == null) {
            return null;
        }
        String what = failLink != null ? "--fail-link" : "--straggler";
        if (!(healthy instanceof FlowNetworkModel)) {
            throw new InputException(what + " needs --model flow without --flow-classes (a change during the run"
                    + " breaks the symmetry classes rely on)");
        }
        FlowNetworkModel flow = (FlowNetworkModel) healthy;
        if (straggler != null) {
            flow = flow.withRankDelays(stragglerDelays(net.endpointCount()));
        }
        if (failLink == null) {
            return flow;
        }
        String[] names = failLink.split(",", -1);
        if (names.length != 2) {
            throw new InputException("--fail-link '" + failLink + "' must be two node names, e.g. ep0,sw");
        }
        int a = nodeNamed(net, names[0].trim());
        int b = nodeNamed(net, names[1].trim());
        if (!(failAtUs >= 0) || Double.isInfinite(failAtUs)) {
            throw new InputException("--fail-at-us " + failAtUs + " must be a finite time >= 0");
        }
        if (!(linkFactor >= 0 && linkFactor < 1)) {
            throw new InputException("--link-factor " + linkFactor + " must be in [0, 1): 0 for a link down, a"
                    + " fraction for a degraded link");
        }
        return flow.withLinkEvents(List.of(new LinkEvent(failAtUs * 1e3, a, b, linkFactor)), this::routing);
    }

    /** Per-rank delays (ns) from {@code --straggler RANK:US,...}. */
    private double[] stragglerDelays(int ranks) {
        double[] d = new double[ranks];
        for (String item : straggler.split(",", -1)) {
            String[] kv = item.trim().split(":", -1);
            int rank = -1;
            double us = -1;
            try {
                rank = Integer.parseInt(kv[0].trim());
                us = kv.length == 2 ? Double.parseDouble(kv[1].trim()) : -1;
            } catch (NumberFormatException e) {
                rank = -1;
            }
            if (kv.length != 2 || rank < 0 || rank >= ranks || !(us >= 0) || Double.isInfinite(us)) {
                throw new InputException("--straggler entry '" + item.trim() + "' must be RANK:US with a rank in [0, "
                        + ranks + ") and a delay >= 0 in microseconds, e.g. 3:50");
            }
            d[rank] = us * 1e3;
        }
        return d;
    }

    /** What --fail-link and --straggler change, for the comment line of each size. */
    private String perturbation() {
        List<String> parts = new ArrayList<>();
        if (failLink != null) {
            parts.add(String.format(
                    Locale.ROOT,
                    "link %s %s at %.3f us",
                    failLink.trim(),
                    linkFactor == 0 ? "down" : String.format(Locale.ROOT, "at %.3f of its capacity", linkFactor),
                    failAtUs));
        }
        if (straggler != null) {
            parts.add("late ranks (rank:us) " + straggler.replace(" ", ""));
        }
        return String.join(", ", parts);
    }

    private static int nodeNamed(NetworkTopology net, String name) {
        for (int v = 0; v < net.nodeCount(); v++) {
            if (net.nodeName(v).equals(name)) {
                return v;
            }
        }
        java.util.Map<String, String> kinds = new java.util.LinkedHashMap<>();
        for (int v = 0; v < net.nodeCount(); v++) {
            kinds.putIfAbsent(net.nodeName(v).replaceAll("[0-9]+$", ""), net.nodeName(v));
        }
        throw new InputException("--fail-link: no node named '" + name + "' in the network (one of each kind: "
                + String.join(", ", kinds.values()) + ")");
    }

    /**
     * {@code --chakra}: runs per-rank Chakra execution traces on the selected network; collectives use --algo and its
     * chunking options, timed by the selected model.
     */
    private Integer callChakra() throws Exception {
        if (parseSizesGiven()) {
            throw new InputException("--sizes cannot be combined with --chakra; the traces' comm_size attributes set"
                    + " the message sizes");
        }
        List<ChakraTrace> traces = ChakraTraceIo.readAll(chakra);
        double efficiency = protocolEfficiency == null ? Collectives.DEFAULT_PROTOCOL_EFFICIENCY : protocolEfficiency;
        double scaleOut = scaleOutEfficiency == null ? ClusterNetwork.DEFAULT_SCALE_OUT_EFFICIENCY : scaleOutEfficiency;
        LinkEfficiency.require(efficiency, scaleOut);
        TopologySource source = topologySource();
        NetworkTopology net = source.topology();
        if (traces.size() > net.endpointCount()) {
            throw new InputException("--chakra: " + traces.size() + " rank traces but the network has only "
                    + net.endpointCount() + " endpoints; use a network with at least " + traces.size());
        }
        if (traces.size() < 2) {
            throw new InputException("--chakra: one rank trace given; a run needs at least 2 ranks");
        }
        Routing routing = routing(net);
        NetworkModel networkModel = networkModel(net, routing, efficiency, scaleOut);
        CollectiveSpec base = new CollectiveSpec(
                CollectiveOp.ALL_REDUCE,
                Algorithm.parse(algo, "--algo"),
                0,
                splits,
                chunksInFlight,
                scaleUp,
                Algorithm.parse(interAlgo, "--inter-algo"));
        ChakraRunner.Result r = new ChakraRunner(traces, new NetworkCommTimes(networkModel, base, traces.size())).run();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(r));
        } else {
            out.printf(
                    Locale.ROOT,
                    "# nearlight collective --chakra: %d ranks, %d nodes, %d collectives (%s), %d messages, %s model"
                            + " on %s, protocol efficiency %.2f (scale-out links %.2f)%n",
                    traces.size(),
                    r.nodes(),
                    r.collectives(),
                    base.algorithm().cliName(),
                    r.messages(),
                    networkModel.name(),
                    source.describe(),
                    efficiency,
                    scaleOut);
            out.printf(Locale.ROOT, "# makespan %.3f us%n", r.makespanNs() / 1e3);
            out.printf(Locale.ROOT, "#%5s %14s %14s%n", "rank", "end (us)", "compute (us)");
            for (int i = 0; i < traces.size(); i++) {
                out.printf(Locale.ROOT, " %5d %14.3f %14.3f%n", i, r.rankEndNs()[i] / 1e3, r.computeBusyNs()[i] / 1e3);
            }
        }
        out.flush();
        return 0;
    }

    private boolean parseSizesGiven() {
        return spec.commandLine().getParseResult().hasMatchedOption("--sizes");
    }

    /**
     * {@code --astra-system} / {@code --compat astra}: the collective composed per dimension and chunked as ASTRA-sim's
     * system layer does it ({@link AstraCollective}), on the ASTRA-sim network.
     */
    private Integer callAstra() throws Exception {
        boolean compatMode = compat != null;
        if (compatMode && !compat.equalsIgnoreCase("astra")) {
            throw new InputException("--compat '" + compat + "' is unknown; use --compat astra");
        }
        if (astraSystem == null) {
            throw new InputException(
                    "--compat astra needs --astra-system FILE.json (ASTRA-sim's system configuration)");
        }
        if (astraNetwork == null) {
            throw new InputException("--astra-system needs --astra-network FILE.yml: the system file names one"
                    + " algorithm per network dimension");
        }
        var parse = spec.commandLine().getParseResult();
        for (String o : List.of("--algo", "--splits", "--chunks-in-flight", "--scale-up", "--inter-algo")) {
            if (parse.hasMatchedOption(o)) {
                throw new InputException(o + " cannot be combined with --astra-system; the system file's"
                        + " *-implementation, preferred-dataset-splits and active-chunks-per-dimension set it");
            }
        }
        for (Path f : List.of(astraNetwork, astraSystem)) {
            if (!Files.isRegularFile(f)) {
                throw new InputException(
                        (f == astraNetwork ? "--astra-network " : "--astra-system ") + f + ": no such file");
            }
        }
        CollectiveOp collectiveOp = CollectiveOp.parse(op, "--op");
        List<Long> byteSizes = parseSizes(sizes);
        double compatDefault = compatMode ? 1.0 : Collectives.DEFAULT_PROTOCOL_EFFICIENCY;
        double efficiency = protocolEfficiency == null ? compatDefault : protocolEfficiency;
        double scaleOut = scaleOutEfficiency == null
                ? (compatMode ? 1.0 : ClusterNetwork.DEFAULT_SCALE_OUT_EFFICIENCY)
                : scaleOutEfficiency;
        LinkEfficiency.require(efficiency, scaleOut);
        AstraNetwork astra = new AstraNetworkReader().read(astraNetwork);
        AstraSystem system = new AstraSystemReader().read(astraSystem);
        NetworkTopology net = astra.toTopology();
        Routing routing = routing(net);
        NetworkModel networkModel = networkModel(net, routing, efficiency, scaleOut);
        List<CollectiveResult> results = new ArrayList<>();
        for (long b : byteSizes) {
            try {
                long t0 = System.nanoTime();
                results.add(AstraCollective.run(system, astra, collectiveOp, b, networkModel));
                timed(b, t0);
            } catch (OutOfMemoryError e) {
                throw new InputException(String.format(
                        Locale.ROOT,
                        "--sizes %d: %s on %d NPUs with %d chunks does not fit the %.1f GiB Java heap; raise it with"
                                + " NEARLIGHT_JAVA_OPTS=\"-Xmx16g\" or lower preferred-dataset-splits",
                        b,
                        collectiveOp.cliName(),
                        astra.npus(),
                        system.preferredDatasetSplits(),
                        Runtime.getRuntime().maxMemory() / (double) (1L << 30)));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(results));
        } else {
            out.printf(
                    Locale.ROOT,
                    "# nearlight collective: %s %s (%s, %d chunks, %d active per dimension)%s, %s model, %d NPUs on"
                            + " ASTRA-sim network %s, protocol efficiency %.2f (scale-out links %.2f)%n",
                    collectiveOp.cliName(),
                    AstraCollective.algoName(system, astra.npusCount(), collectiveOp),
                    system.collectiveOptimization().jsonName(),
                    system.preferredDatasetSplits(),
                    system.activeChunksPerDimension(),
                    compatMode ? ", --compat astra" : "",
                    networkModel.name(),
                    astra.npus(),
                    astraNetwork,
                    efficiency,
                    scaleOut);
            printRows(out, results);
        }
        out.flush();
        printTiming();
        return 0;
    }

    /**
     * The one-line error for a run that does not fit the Java heap (estimated before building, or an
     * OutOfMemoryError caught here): names the size, the transfer count, the heap and how to raise it.
     */
    private static InputException outOfMemory(
            CollectiveSpec one, int ranks, long transfers, NetworkModel m, double needBytes, double heapBytes) {
        long suggestGiB = Math.max(2, (long) Math.ceil(Math.max(needBytes, heapBytes) * 1.5 / (1L << 30)));
        return new InputException(String.format(
                Locale.ROOT,
                "--sizes %d: %s %s on %d ranks is %,d transfers, about %.1f GiB with the %s model, more than the"
                        + " %.1f GiB Java heap; raise it with NEARLIGHT_JAVA_OPTS=\"-Xmx%dg -XX:+UseParallelGC\""
                        + " (the launcher's default is -Xmx8g), or use --inter-algo halving-doubling or tree,"
                        + " fewer --splits, or --model analytical",
                one.bytes(),
                one.op().cliName(),
                one.algorithm().cliName(),
                ranks,
                transfers,
                needBytes / (1L << 30),
                m.name(),
                heapBytes / (1L << 30),
                suggestGiB));
    }

    /** Built-in topology kinds of --topology (the fabric kinds come from {@link FabricFactory#TOPOLOGIES}). */
    static final List<String> BUILT_IN = List.of("switch", "ring", "fully-connected", "rail");

    private TopologySource topologySource() {
        String topology = fabricOptions.topology;
        Integer gpusPerNode = fabricOptions.gpusPerNode;
        boolean fabricOptionGiven = fabricFile != null;
        var parse = spec.commandLine().getParseResult();
        for (var o : spec.mixins().get("fabricOptions").options()) {
            if (!o.longestName().equals("--topology")
                    && !o.longestName().equals("--gpus-per-node")
                    && parse.hasMatchedOption(o.longestName())) {
                fabricOptionGiven = true;
            }
        }
        boolean fabricTopology = topology != null
                && FabricFactory.TOPOLOGIES.contains(topology.toLowerCase(Locale.ROOT))
                && !BUILT_IN.contains(topology.toLowerCase(Locale.ROOT));
        if (fabricOptionGiven || fabricTopology) {
            if (astraNetwork != null) {
                throw new InputException("--astra-network cannot be combined with --fabric or FABRIC-OPTIONS;"
                        + " the file defines the network");
            }
            if (endpoints != null
                    || linkGbps != null
                    || linkLatencyNs != null
                    || nicGbps != null
                    || nodesPerLeaf != null) {
                throw new InputException("--endpoints, --link-gbps, --link-latency-ns, --nic-gbps and --nodes-per-leaf"
                        + " describe a built-in topology; with --fabric or FABRIC-OPTIONS use --gpus, --rate,"
                        + " --switch-radix, --tiers and --scale-up-domain instead");
            }
            if (topology != null && BUILT_IN.contains(topology.toLowerCase(Locale.ROOT))) {
                throw new InputException("--topology '" + topology + "' is a built-in topology and takes no fabric"
                        + " options; use --topology " + String.join(", ", FabricFactory.TOPOLOGIES)
                        + " with FABRIC-OPTIONS");
            }
            if (fabricFile != null) {
                if (fabricOptions.spec != null) {
                    throw new InputException("--fabric and --spec both name a fabric file; give one");
                }
                if (!Files.isRegularFile(fabricFile)) {
                    throw new InputException("--fabric " + fabricFile + ": no such file");
                }
                fabricOptions.spec = fabricFile;
            }
            return new TopologySource() {
                private dev.nearlight.explore.cluster.ClusterModel built;

                @Override
                public NetworkTopology topology() {
                    built = fabricOptions.build();
                    return built.topology();
                }

                @Override
                public String describe() {
                    return built == null ? "fabric" : built.describe();
                }
            };
        }
        if (astraNetwork != null) {
            if (topology != null || endpoints != null || linkGbps != null || linkLatencyNs != null) {
                throw new InputException("--astra-network cannot be combined with --topology, --endpoints,"
                        + " --link-gbps or --link-latency-ns; the file defines the network");
            }
            Path file = astraNetwork;
            return new TopologySource() {
                @Override
                public NetworkTopology topology() {
                    if (!Files.isRegularFile(file)) {
                        throw new InputException("--astra-network " + file + ": no such file");
                    }
                    return new AstraNetworkReader().read(file).toTopology();
                }

                @Override
                public String describe() {
                    return "ASTRA-sim network " + file;
                }
            };
        }
        return new BuiltInTopology(
                topology == null ? "switch" : topology,
                endpoints == null ? 8 : endpoints,
                linkGbps == null ? 3600 : linkGbps,
                linkLatencyNs == null ? 500 : linkLatencyNs,
                gpusPerNode == null ? 8 : gpusPerNode,
                nicGbps == null ? 400 : nicGbps,
                nodesPerLeaf);
    }

    /** The built-in topologies selected by --topology; rates in Gb/s become bytes/s (divide by 8). */
    private record BuiltInTopology(
            String kind,
            int endpoints,
            double linkGbps,
            double latencyNs,
            int gpusPerNode,
            double nicGbps,
            Integer nodesPerLeaf)
            implements TopologySource {
        @Override
        public NetworkTopology topology() {
            if (endpoints < 2 || endpoints > 1 << 20) {
                throw new InputException("--endpoints " + endpoints + " must be in 2..1048576");
            }
            if (!(linkGbps > 0) || Double.isInfinite(linkGbps)) {
                throw new InputException("--link-gbps " + linkGbps + " must be > 0");
            }
            if (!(latencyNs >= 0) || Double.isInfinite(latencyNs)) {
                throw new InputException("--link-latency-ns " + latencyNs + " must be >= 0");
            }
            double bytesPerS = linkGbps * 1e9 / 8;
            switch (kind.toLowerCase(Locale.ROOT)) {
                case "switch":
                    return Topologies.switchStar(endpoints, bytesPerS, latencyNs);
                case "ring":
                    return Topologies.ring(endpoints, bytesPerS, latencyNs);
                case "fully-connected":
                    return Topologies.fullyConnected(endpoints, bytesPerS, latencyNs);
                case "rail":
                    return rail(bytesPerS);
                default:
                    throw new InputException("--topology '" + kind
                            + "' is unknown; use switch, ring, fully-connected, rail (built-in) or "
                            + String.join(", ", FabricFactory.TOPOLOGIES) + " (a fabric)");
            }
        }

        private NetworkTopology rail(double bytesPerS) {
            if (gpusPerNode < 1 || endpoints % gpusPerNode != 0) {
                throw new InputException("--gpus-per-node " + gpusPerNode + " must divide --endpoints " + endpoints);
            }
            if (!(nicGbps > 0)) {
                throw new InputException("--nic-gbps " + nicGbps + " must be > 0");
            }
            int nodes = endpoints / gpusPerNode;
            int perLeaf = nodesPerLeaf == null ? gcd(nodes, 32) : nodesPerLeaf;
            if (perLeaf < 1 || nodes % perLeaf != 0) {
                throw new InputException("--nodes-per-leaf " + perLeaf + " must divide the " + nodes + " nodes");
            }
            return Topologies.railOptimizedTwoLevel(
                    nodes, gpusPerNode, bytesPerS, latencyNs, perLeaf, perLeaf, nicGbps * 1e9 / 8, latencyNs);
        }

        private static int gcd(int a, int b) {
            return b == 0 ? a : gcd(b, a % b);
        }

        @Override
        public String describe() {
            return String.format(
                    Locale.ROOT, "%s (%d endpoints, %.0f Gb/s, %.0f ns per hop)", kind, endpoints, linkGbps, latencyNs);
        }
    }

    /** Parses "1M,64M,1G" (binary suffixes K, M, G, T; optional trailing B) into byte counts. */
    static List<Long> parseSizes(String text) {
        List<Long> out = new ArrayList<>();
        for (String raw : text.split(",", -1)) {
            String s = raw.trim().toUpperCase(Locale.ROOT);
            if (s.endsWith("IB")) {
                s = s.substring(0, s.length() - 2);
            } else if (s.endsWith("B")) {
                s = s.substring(0, s.length() - 1);
            }
            long mult = 1;
            if (!s.isEmpty()) {
                char c = s.charAt(s.length() - 1);
                int shift = "KMGT".indexOf(c);
                if (shift >= 0) {
                    mult = 1L << (10 * (shift + 1));
                    s = s.substring(0, s.length() - 1);
                }
            }
            try {
                long v = Long.parseLong(s);
                if (v < 1 || v > (1L << 50) / mult) {
                    throw new NumberFormatException();
                }
                out.add(v * mult);
            } catch (NumberFormatException e) {
                throw new InputException("--sizes entry '" + raw.trim() + "' is not a size; use positive integers with"
                        + " optional K, M, G or T (powers of 1024), e.g. 1M,64M,1G");
            }
        }
        return out;
    }

    /** The nccl-tests-style rows of a run: size, time, algbw, busbw, max link utilisation, p99 flow time. */
    private static void printRows(PrintWriter out, List<CollectiveResult> results) {
        out.printf(
                Locale.ROOT,
                "#%14s %12s %9s %9s %11s %12s%n",
                "size",
                "time",
                "algbw",
                "busbw",
                "maxLinkUtil",
                "p99Flow");
        out.printf(Locale.ROOT, "#%14s %12s %9s %9s %11s %12s%n", "(B)", "(us)", "(GB/s)", "(GB/s)", "", "(us)");
        for (CollectiveResult r : results) {
            out.printf(
                    Locale.ROOT,
                    " %14d %12.2f %9.2f %9.2f %11.3f %12.2f%n",
                    r.bytes(),
                    r.timeNs() / 1e3,
                    r.algbwGBps(),
                    r.busbwGBps(),
                    r.maxLinkUtilization(),
                    r.p99FlowNs() / 1e3);
        }
    }

    /** The --model network over {@code net} (flow classes with --flow-classes), for every input kind alike. */
    private NetworkModel networkModel(NetworkTopology net, Routing routing, double efficiency, double scaleOut) {
        switch (model.toLowerCase(Locale.ROOT)) {
            case "flow":
                FlowNetworkModel flow = new FlowNetworkModel(net, routing, efficiency, scaleOut);
                return flowClasses ? new SymmetricFlowNetworkModel(flow) : flow;
            case "analytical":
                return new AnalyticalNetworkModel(net, routing, efficiency, scaleOut);
            default:
                throw new InputException("--model '" + model + "' is unknown; use flow or analytical");
        }
    }
}
