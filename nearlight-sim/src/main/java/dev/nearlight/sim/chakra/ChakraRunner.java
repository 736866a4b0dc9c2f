package dev.nearlight.sim.chakra;

import dev.nearlight.core.InputException;
import dev.nearlight.sim.chakra.proto.EtDef;
import dev.nearlight.sim.collective.CollectiveOp;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Runs per-rank Chakra execution traces as a discrete-event simulation. A node starts when all its data and control
 * dependencies (node ids of the same rank) have finished. Compute nodes ({@code COMP_NODE}) take their
 * {@code duration_micros} and run one at a time per rank, in the order they become ready (one compute engine per
 * GPU); memory and other nodes take their duration without queueing. The k-th {@code COMM_COLL_NODE} of every rank
 * forms collective k over all ranks: it starts when the last rank issues it and finishes on every rank one
 * {@link CommTimes#collectiveNs} later. A {@code COMM_SEND_NODE} from rank s to d with tag g is paired with the
 * matching {@code COMM_RECV_NODE} on d in file order; the message leaves when the send is ready, the send finishes at
 * delivery and the receive at max(its ready time, delivery).
 */
public final class ChakraRunner {
    /** Outcome of a trace run: makespan, per-rank end and compute-busy times, counts of what ran. */
    public record Result(
            double makespanNs, double[] rankEndNs, double[] computeBusyNs, int collectives, int messages, long nodes) {}

    private final List<ChakraTrace> traces;
    private final CommTimes comm;

    private int n;
    private EtDef.Node[][] nodes;
    private int[][][] dependents;
    private int[][] remaining;
    private double[][] finish;
    private int[][] collIndex;
    private int collectives;
    private CollectiveOp[] collOp;
    private long[] collBytes;
    private int[] collIssued;
    private int[][] collNodeOf; // [rank][k]: index of the rank's k-th collective node
    private int[][] peer; // send: index of the matching recv on dst; recv: index of the send on src
    private int[][] peerRank;
    private double[][] arrival;
    private double[][] recvReady;
    private int messages;

    private final PriorityQueue<double[]> events =
            new PriorityQueue<>((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(a[1], b[1]));
    private long seq;
    private double[] engineFree;
    private List<ArrayDeque<Integer>> engineQueue;
    private double[] busy;

    /** Traces ordered by rank (rank i at index i); {@code comm} times the communication. */
    public ChakraRunner(List<ChakraTrace> traces, CommTimes comm) {
        this.traces = List.copyOf(traces);
        this.comm = comm;
    }

    /** Runs all ranks to completion and returns the result; inconsistent traces are {@link InputException}s. */
    public Result run() {
        prepare();
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < nodes[r].length; i++) {
                if (remaining[r][i] == 0) {
                    ready(r, i, 0);
                }
            }
        }
        while (!events.isEmpty()) {
            double[] e = events.poll();
            finished((int) e[2], (int) e[3], e[0]);
        }
        double makespan = 0;
        double[] end = new double[n];
        long count = 0;
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < nodes[r].length; i++) {
                if (Double.isNaN(finish[r][i])) {
                    EtDef.Node node = nodes[r][i];
                    throw new InputException(traces.get(r).file() + ": node " + node.getId() + " '" + node.getName()
                            + "' (" + node.getType() + ") never ran: its dependencies form a cycle or wait for a"
                            + " collective or message another rank never issues; check data_deps/ctrl_deps");
                }
                end[r] = Math.max(end[r], finish[r][i]);
                count++;
            }
            makespan = Math.max(makespan, end[r]);
        }
        return new Result(makespan, end, busy, collectives, messages, count);
    }

    private void prepare() {
        n = traces.size();
        if (n < 1) {
            throw new InputException("no Chakra traces to run");
        }
        nodes = new EtDef.Node[n][];
        dependents = new int[n][][];
        remaining = new int[n][];
        finish = new double[n][];
        collIndex = new int[n][];
        peer = new int[n][];
        peerRank = new int[n][];
        arrival = new double[n][];
        recvReady = new double[n][];
        engineFree = new double[n];
        busy = new double[n];
        engineQueue = new ArrayList<>();
        List<List<Integer>> colls = new ArrayList<>();
        Map<String, ArrayDeque<int[]>> sends = new HashMap<>();
        Map<String, ArrayDeque<int[]>> recvs = new HashMap<>();
        for (int r = 0; r < n; r++) {
            ChakraTrace t = traces.get(r);
            if (t.rank() != r) {
                throw new IllegalArgumentException("trace at index " + r + " is rank " + t.rank());
            }
            EtDef.Node[] ns = t.nodes().toArray(new EtDef.Node[0]);
            nodes[r] = ns;
            Map<Long, Integer> index = new HashMap<>();
            for (int i = 0; i < ns.length; i++) {
                if (index.put(ns[i].getId(), i) != null) {
                    throw new InputException(t.file() + ": node id " + ns[i].getId() + " appears twice; node ids must"
                            + " be unique within a rank's trace");
                }
            }
            List<List<Integer>> dep = new ArrayList<>();
            for (int i = 0; i < ns.length; i++) {
                dep.add(new ArrayList<>());
            }
            remaining[r] = new int[ns.length];
            for (int i = 0; i < ns.length; i++) {
                List<Long> all = new ArrayList<>(ns[i].getDataDepsList());
                all.addAll(ns[i].getCtrlDepsList());
                for (long d : new java.util.TreeSet<>(all)) {
                    Integer j = index.get(d);
                    if (j == null) {
                        throw new InputException(t.file() + ": node " + ns[i].getId() + " depends on node " + d
                                + ", which is not in this rank's trace; fix its data_deps/ctrl_deps");
                    }
                    dep.get(j).add(i);
                    remaining[r][i]++;
                }
            }
            dependents[r] = new int[ns.length][];
            for (int i = 0; i < ns.length; i++) {
                dependents[r][i] =
                        dep.get(i).stream().mapToInt(Integer::intValue).toArray();
            }
            finish[r] = new double[ns.length];
            Arrays.fill(finish[r], Double.NaN);
            collIndex[r] = new int[ns.length];
            peer[r] = new int[ns.length];
            peerRank[r] = new int[ns.length];
            arrival[r] = new double[ns.length];
            recvReady[r] = new double[ns.length];
            Arrays.fill(arrival[r], Double.NaN);
            Arrays.fill(recvReady[r], Double.NaN);
            engineQueue.add(new ArrayDeque<>());
            List<Integer> mine = new ArrayList<>();
            for (int i = 0; i < ns.length; i++) {
                switch (ns[i].getType()) {
                    case COMM_COLL_NODE:
                        collIndex[r][i] = mine.size();
                        mine.add(i);
                        break;
                    case COMM_SEND_NODE: {
                        int dst = (int) attr(t, ns[i], "comm_dst");
                        checkRank(t, ns[i], "comm_dst", dst);
                        String key = r + ">" + dst + "#" + attrOr(ns[i], "comm_tag", 0);
                        sends.computeIfAbsent(key, k -> new ArrayDeque<>()).add(new int[] {r, i});
                        break;
                    }
                    case COMM_RECV_NODE: {
                        int src = (int) attr(t, ns[i], "comm_src");
                        checkRank(t, ns[i], "comm_src", src);
                        String key = src + ">" + r + "#" + attrOr(ns[i], "comm_tag", 0);
                        recvs.computeIfAbsent(key, k -> new ArrayDeque<>()).add(new int[] {r, i});
                        break;
                    }
                    default:
                        break;
                }
            }
            colls.add(mine);
        }
        matchCollectives(colls);
        for (Map.Entry<String, ArrayDeque<int[]>> e : sends.entrySet()) {
            ArrayDeque<int[]> rq = recvs.getOrDefault(e.getKey(), new ArrayDeque<>());
            if (rq.size() != e.getValue().size()) {
                int[] s = e.getValue().peekFirst();
                throw new InputException(traces.get(s[0]).file() + ": "
                        + e.getValue().size() + " COMM_SEND_NODE(s) "
                        + e.getKey() + " (src>dst#tag) but " + rq.size() + " matching COMM_RECV_NODE(s); every send"
                        + " needs one receive with the same comm_src, comm_dst and comm_tag");
            }
            for (int[] s : e.getValue()) {
                int[] q = rq.poll();
                peer[s[0]][s[1]] = q[1];
                peerRank[s[0]][s[1]] = q[0];
                peer[q[0]][q[1]] = s[1];
                peerRank[q[0]][q[1]] = s[0];
                messages++;
            }
            recvs.remove(e.getKey());
        }
        for (ArrayDeque<int[]> rq : recvs.values()) {
            int[] q = rq.peekFirst();
            throw new InputException(traces.get(q[0]).file() + ": COMM_RECV_NODE " + nodes[q[0]][q[1]].getId()
                    + " has no matching COMM_SEND_NODE on rank " + attrOr(nodes[q[0]][q[1]], "comm_src", -1)
                    + " (same comm_tag); add the send or remove the receive");
        }
    }

    private void matchCollectives(List<List<Integer>> colls) {
        collectives = colls.get(0).size();
        for (int r = 1; r < n; r++) {
            if (colls.get(r).size() != collectives) {
                throw new InputException(traces.get(r).file() + ": "
                        + colls.get(r).size() + " COMM_COLL_NODEs but"
                        + " rank 0 has " + collectives + "; every rank must issue the same collectives in the same"
                        + " order");
            }
        }
        collOp = new CollectiveOp[collectives];
        collBytes = new long[collectives];
        collIssued = new int[collectives];
        collNodeOf = new int[n][];
        for (int r = 0; r < n; r++) {
            collNodeOf[r] = colls.get(r).stream().mapToInt(Integer::intValue).toArray();
        }
        for (int k = 0; k < collectives; k++) {
            for (int r = 0; r < n; r++) {
                EtDef.Node node = nodes[r][colls.get(r).get(k)];
                CollectiveOp op = op(traces.get(r), node);
                long bytes = attr(traces.get(r), node, "comm_size");
                if (bytes < 0) {
                    throw new InputException(traces.get(r).file() + ": node " + node.getId() + " comm_size " + bytes
                            + " must be >= 0 bytes");
                }
                if (r == 0) {
                    collOp[k] = op;
                    collBytes[k] = bytes;
                } else if (op != collOp[k] || bytes != collBytes[k]) {
                    throw new InputException(traces.get(r).file() + ": collective #" + k + " (node " + node.getId()
                            + ") is " + op.cliName() + " of " + bytes + " B but rank 0's is " + collOp[k].cliName()
                            + " of " + collBytes[k] + " B; ranks must issue matching collectives in the same order");
                }
            }
        }
    }

    private static CollectiveOp op(ChakraTrace t, EtDef.Node node) {
        long type = attr(t, node, "comm_type");
        EtDef.CollectiveCommType c = EtDef.CollectiveCommType.forNumber((int) type);
        if (c == null) {
            throw new InputException(t.file() + ": node " + node.getId() + " comm_type " + type + " is not a Chakra"
                    + " CollectiveCommType");
        }
        switch (c) {
            case ALL_REDUCE:
            case BARRIER: // a barrier is timed as a zero-byte all-reduce (comm_size 0)
                return CollectiveOp.ALL_REDUCE;
            case ALL_GATHER:
                return CollectiveOp.ALL_GATHER;
            case REDUCE_SCATTER:
            case REDUCE_SCATTER_BLOCK:
                return CollectiveOp.REDUCE_SCATTER;
            case ALL_TO_ALL:
                return CollectiveOp.ALL_TO_ALL;
            case BROADCAST:
                return CollectiveOp.BROADCAST;
            default:
                throw new InputException(t.file() + ": node " + node.getId() + " comm_type " + c + " is not"
                        + " supported; use ALL_REDUCE, ALL_GATHER, REDUCE_SCATTER, ALL_TO_ALL, BROADCAST or BARRIER");
        }
    }

    private void checkRank(ChakraTrace t, EtDef.Node node, String name, int rank) {
        if (rank < 0 || rank >= n || rank == t.rank()) {
            throw new InputException(t.file() + ": node " + node.getId() + " " + name + " " + rank + " must be another"
                    + " rank in 0.." + (n - 1));
        }
    }

    private void ready(int r, int i, double t) {
        EtDef.Node node = nodes[r][i];
        double dur = node.getDurationMicros() * 1e3;
        switch (node.getType()) {
            case COMP_NODE:
                if (engineFree[r] <= t && engineQueue.get(r).isEmpty()) {
                    startCompute(r, i, t);
                } else {
                    engineQueue.get(r).add(i);
                }
                break;
            case COMM_COLL_NODE: {
                int k = collIndex[r][i];
                if (++collIssued[k] == n) {
                    double end = t + comm.collectiveNs(collOp[k], collBytes[k]);
                    for (int q = 0; q < n; q++) {
                        schedule(end, q, collNodeOf[q][k]);
                    }
                }
                break;
            }
            case COMM_SEND_NODE: {
                int d = peerRank[r][i];
                int j = peer[r][i];
                double at = t + comm.pointToPointNs(r, d, attr(traces.get(r), node, "comm_size"));
                schedule(at, r, i);
                arrival[d][j] = at;
                if (!Double.isNaN(recvReady[d][j])) {
                    schedule(Math.max(recvReady[d][j], at), d, j);
                }
                break;
            }
            case COMM_RECV_NODE:
                recvReady[r][i] = t;
                if (!Double.isNaN(arrival[r][i])) {
                    schedule(Math.max(t, arrival[r][i]), r, i);
                }
                break;
            default:
                schedule(t + dur, r, i);
                break;
        }
    }

    private void startCompute(int r, int i, double t) {
        double dur = nodes[r][i].getDurationMicros() * 1e3;
        engineFree[r] = t + dur;
        busy[r] += dur;
        schedule(t + dur, r, i);
    }

    private void schedule(double t, int r, int i) {
        events.add(new double[] {t, seq++, r, i});
    }

    private void finished(int r, int i, double t) {
        finish[r][i] = t;
        if (nodes[r][i].getType() == EtDef.NodeType.COMP_NODE) {
            Integer next = engineQueue.get(r).poll();
            if (next != null) {
                startCompute(r, next, t);
            }
        }
        for (int j : dependents[r][i]) {
            if (--remaining[r][j] == 0) {
                ready(r, j, t);
            }
        }
    }

    /** An integer attribute of any integer kind; missing is an {@link InputException} naming the node. */
    static long attr(ChakraTrace t, EtDef.Node node, String name) {
        Long v = find(node, name);
        if (v == null) {
            throw new InputException(t.file() + ": node " + node.getId() + " '" + node.getName() + "' ("
                    + node.getType() + ") has no integer attribute '" + name + "'; Chakra ET 1.0 communication nodes"
                    + " carry comm_type, comm_size, comm_src, comm_dst, comm_tag");
        }
        return v;
    }

    private static long attrOr(EtDef.Node node, String name, long fallback) {
        Long v = find(node, name);
        return v == null ? fallback : v;
    }

    private static Long find(EtDef.Node node, String name) {
        for (EtDef.AttributeProto a : node.getAttrList()) {
            if (!a.getName().equals(name)) {
                continue;
            }
            switch (a.getValueCase()) {
                case INT32_VAL:
                    return (long) a.getInt32Val();
                case INT64_VAL:
                    return a.getInt64Val();
                case UINT32_VAL:
                    return Integer.toUnsignedLong(a.getUint32Val());
                case UINT64_VAL:
                    return a.getUint64Val();
                case SINT32_VAL:
                    return (long) a.getSint32Val();
                case SINT64_VAL:
                    return a.getSint64Val();
                case FIXED32_VAL:
                    return Integer.toUnsignedLong(a.getFixed32Val());
                case FIXED64_VAL:
                    return a.getFixed64Val();
                case SFIXED32_VAL:
                    return (long) a.getSfixed32Val();
                case SFIXED64_VAL:
                    return a.getSfixed64Val();
                default:
                    return null;
            }
        }
        return null;
    }
}
