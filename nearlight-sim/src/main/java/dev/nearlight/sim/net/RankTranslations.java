package dev.nearlight.sim.net;

import java.util.HashMap;
import java.util.Map;

/**
 * A translation group of a topology: ranks are mixed-radix coordinates ({@code radix[0]} varying fastest) and the
 * translation {@code t_b} adds rank b's coordinates to every rank's, modulo the radix. It acts on every node (a switch
 * node belongs to one dimension and to the coordinates of its members in the other dimensions, and moves with them) and
 * so on every link. The constructor verifies that every translation is an automorphism (each link maps to a link of equal
 * capacity, latency and tag), so that a collective whose steps are translation invariant has identical flows on every
 * rank: the symmetry the quotient flow run ({@code QuotientRun}) exploits. The group acts simply transitively on the
 * ranks (t_b maps rank 0 to rank b and only t_b does).
 */
public final class RankTranslations {
    private final NetworkTopology topology;
    private final int[] radix;
    private final int ranks;
    private final int[] nodeDim; // -1 for an endpoint; the dimension a switch node serves
    private final int[] nodeAnchor; // endpoint: its rank; switch: its member with coordinate 0 in nodeDim
    private final Map<Long, Integer> switchByAnchor = new HashMap<>();
    private final Map<Long, Integer> linkByEnds = new HashMap<>();

    /**
     * The translations of {@code topology}, whose endpoint ranks are the mixed-radix coordinates over {@code radix}
     * (endpoint r is rank r). {@code switchDim[v]} and {@code switchAnchor[v]}, for every non-endpoint node v, name the
     * dimension the switch serves and the rank of its member with coordinate 0 there (ignored for endpoints).
     *
     * @throws IllegalArgumentException if the translations are not automorphisms of the topology, or the topology has
     *     parallel links (the action on links would not be determined by the action on nodes)
     */
    public RankTranslations(NetworkTopology topology, int[] radix, int[] switchDim, int[] switchAnchor) {
        this.topology = topology;
        this.radix = radix.clone();
        long n = 1;
        for (int k : radix) {
            if (k < 1) {
                throw new IllegalArgumentException("radix " + k + " < 1");
            }
            n *= k;
        }
        if (n != topology.endpointCount()) {
            throw new IllegalArgumentException("radix product " + n + " != " + topology.endpointCount() + " endpoints");
        }
        ranks = (int) n;
        int nodes = topology.nodeCount();
        nodeDim = new int[nodes];
        nodeAnchor = new int[nodes];
        for (int v = 0; v < nodes; v++) {
            if (topology.nodeKind(v) == NodeKind.ENDPOINT) {
                if (v >= ranks || topology.endpoint(v) != v) {
                    throw new IllegalArgumentException("endpoint ranks must be the first node ids");
                }
                nodeDim[v] = -1;
                nodeAnchor[v] = v;
            } else {
                int d = switchDim[v];
                if (d < 0 || d >= radix.length || coordinate(switchAnchor[v], d) != 0) {
                    throw new IllegalArgumentException("switch node " + v + ": bad dimension or anchor");
                }
                nodeDim[v] = d;
                nodeAnchor[v] = switchAnchor[v];
                if (switchByAnchor.put(key(d, switchAnchor[v]), v) != null) {
                    throw new IllegalArgumentException("two switch nodes of dimension " + d + " share an anchor");
                }
            }
        }
        for (int l = 0; l < topology.linkCount(); l++) {
            if (linkByEnds.put(key(topology.linkSrc(l), topology.linkDst(l)), l) != null) {
                throw new IllegalArgumentException(
                        "parallel links between nodes " + topology.linkSrc(l) + " and " + topology.linkDst(l));
            }
        }
        int unit = 1;
        for (int d = 0; d < radix.length; d++) {
            if (radix[d] > 1) {
                for (int l = 0; l < topology.linkCount(); l++) {
                    int m = link(l, unit);
                    if (m < 0
                            || topology.linkCapacityBytesPerS(m) != topology.linkCapacityBytesPerS(l)
                            || topology.linkLatencyNs(m) != topology.linkLatencyNs(l)
                            || !topology.linkTag(m).equals(topology.linkTag(l))) {
                        throw new IllegalArgumentException("the translation along dimension " + d + " does not map"
                                + " link " + l + " onto an equal link: not an automorphism");
                    }
                }
            }
            unit *= radix[d];
        }
    }

    /** The topology the translations act on. */
    public NetworkTopology topology() {
        return topology;
    }

    /** The number of ranks (and of translations). */
    public int ranks() {
        return ranks;
    }

    /** Rank {@code r} translated by {@code t_by}. */
    public int rank(int r, int by) {
        int out = 0;
        int stride = 1;
        for (int k : radix) {
            int c = ((r / stride) % k + (by / stride) % k) % k;
            out += c * stride;
            stride *= k;
        }
        return out;
    }

    /** The rank b' with {@code t_b'} the inverse of {@code t_by}. */
    public int inverse(int by) {
        int out = 0;
        int stride = 1;
        for (int k : radix) {
            int c = (k - (by / stride) % k) % k;
            out += c * stride;
            stride *= k;
        }
        return out;
    }

    /** Node {@code v} translated by {@code t_by}. */
    public int node(int v, int by) {
        int d = nodeDim[v];
        if (d < 0) {
            return rank(v, by);
        }
        int a = rank(nodeAnchor[v], by);
        a -= coordinate(a, d) * stride(d);
        Integer w = switchByAnchor.get(key(d, a));
        return w == null ? -1 : w;
    }

    /** Link {@code l} translated by {@code t_by}, or -1 if its image is not a link. */
    public int link(int l, int by) {
        int a = node(topology.linkSrc(l), by);
        int b = node(topology.linkDst(l), by);
        if (a < 0 || b < 0) {
            return -1;
        }
        Integer m = linkByEnds.get(key(a, b));
        return m == null ? -1 : m;
    }

    private int coordinate(int r, int d) {
        return (r / stride(d)) % radix[d];
    }

    private int stride(int d) {
        int s = 1;
        for (int i = 0; i < d; i++) {
            s *= radix[i];
        }
        return s;
    }

    private static long key(int a, int b) {
        return ((long) a << 32) | (b & 0xffffffffL);
    }
}
