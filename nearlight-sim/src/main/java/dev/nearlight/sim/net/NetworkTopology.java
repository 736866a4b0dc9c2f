package dev.nearlight.sim.net;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Immutable network graph for the simulator: nodes (endpoints and switches) and directed links with capacity and
 * latency, compiled into int-array adjacency (CSR) for the hot loops. Other modules (the fabric builder, the ASTRA-sim
 * reader) produce this plain type; build one with {@link #builder()}.
 */
public final class NetworkTopology {
    private final String[] nodeNames;
    private final NodeKind[] nodeKinds;
    private final int[] endpoints;
    private final int[] linkSrc;
    private final int[] linkDst;
    private final double[] linkCapacityBytesPerS;
    private final double[] linkLatencyNs;
    private final String[] linkTags;
    private final int[] outStart;
    private final int[] outLinks;
    private final int[] inStart;
    private final int[] inLinks;

    private NetworkTopology(List<String> names, List<NodeKind> kinds, List<Link> links) {
        int n = names.size();
        nodeNames = names.toArray(new String[0]);
        nodeKinds = kinds.toArray(new NodeKind[0]);
        endpoints = java.util.stream.IntStream.range(0, n)
                .filter(i -> nodeKinds[i] == NodeKind.ENDPOINT)
                .toArray();
        int m = links.size();
        linkSrc = new int[m];
        linkDst = new int[m];
        linkCapacityBytesPerS = new double[m];
        linkLatencyNs = new double[m];
        linkTags = new String[m];
        for (int l = 0; l < m; l++) {
            Link k = links.get(l);
            linkSrc[l] = k.src();
            linkDst[l] = k.dst();
            linkCapacityBytesPerS[l] = k.capacityBytesPerS();
            linkLatencyNs[l] = k.latencyNs();
            linkTags[l] = k.tag();
        }
        outStart = new int[n + 1];
        inStart = new int[n + 1];
        for (int l = 0; l < m; l++) {
            outStart[linkSrc[l] + 1]++;
            inStart[linkDst[l] + 1]++;
        }
        for (int i = 0; i < n; i++) {
            outStart[i + 1] += outStart[i];
            inStart[i + 1] += inStart[i];
        }
        outLinks = new int[m];
        inLinks = new int[m];
        int[] o = Arrays.copyOf(outStart, n);
        int[] in = Arrays.copyOf(inStart, n);
        for (int l = 0; l < m; l++) {
            outLinks[o[linkSrc[l]]++] = l;
            inLinks[in[linkDst[l]]++] = l;
        }
    }

    /** Starts an empty topology. */
    public static Builder builder() {
        return new Builder();
    }

    public int nodeCount() {
        return nodeNames.length;
    }

    public int linkCount() {
        return linkSrc.length;
    }

    public String nodeName(int node) {
        return nodeNames[node];
    }

    public NodeKind nodeKind(int node) {
        return nodeKinds[node];
    }

    /** Node ids of all endpoints in ascending id order; collective rank r runs on {@code endpoints()[r]}. */
    public int[] endpoints() {
        return endpoints.clone();
    }

    public int endpointCount() {
        return endpoints.length;
    }

    /** Node id of the endpoint that hosts rank {@code rank}. */
    public int endpoint(int rank) {
        return endpoints[rank];
    }

    public int linkSrc(int link) {
        return linkSrc[link];
    }

    public int linkDst(int link) {
        return linkDst[link];
    }

    public double linkCapacityBytesPerS(int link) {
        return linkCapacityBytesPerS[link];
    }

    public double linkLatencyNs(int link) {
        return linkLatencyNs[link];
    }

    public String linkTag(int link) {
        return linkTags[link];
    }

    /** The link as a record (allocates; use the array accessors in hot loops). */
    public Link link(int link) {
        return new Link(linkSrc[link], linkDst[link], linkCapacityBytesPerS[link], linkLatencyNs[link], linkTags[link]);
    }

    /** First index into {@link #outLink(int)} of node's outgoing links; they end at {@code outStart(node + 1)}. */
    public int outStart(int node) {
        return outStart[node];
    }

    public int outLink(int index) {
        return outLinks[index];
    }

    /** First index into {@link #inLink(int)} of node's incoming links; they end at {@code inStart(node + 1)}. */
    public int inStart(int node) {
        return inStart[node];
    }

    public int inLink(int index) {
        return inLinks[index];
    }

    /** Sum of the latencies of the given links (a path). */
    public double pathLatencyNs(int[] path) {
        double s = 0;
        for (int l : path) {
            s += linkLatencyNs[l];
        }
        return s;
    }

    @Override
    public String toString() {
        return "NetworkTopology[" + nodeCount() + " nodes (" + endpoints.length + " endpoints), " + linkCount()
                + " links]";
    }

    /** Collects nodes and links; {@link #build()} validates and compiles them. */
    public static final class Builder {
        private final List<String> names = new ArrayList<>();
        private final List<NodeKind> kinds = new ArrayList<>();
        private final List<Link> links = new ArrayList<>();

        private Builder() {}

        /** Adds an endpoint and returns its node id. */
        public int endpoint(String name) {
            return node(name, NodeKind.ENDPOINT);
        }

        /** Adds a switch and returns its node id. */
        public int switchNode(String name) {
            return node(name, NodeKind.SWITCH);
        }

        /** Adds a node of the given kind and returns its id (ids are dense, in insertion order). */
        public int node(String name, NodeKind kind) {
            names.add(name);
            kinds.add(kind);
            return names.size() - 1;
        }

        /** Adds a directed link and returns its id. */
        public int link(int src, int dst, double capacityBytesPerS, double latencyNs, String tag) {
            checkNode(src);
            checkNode(dst);
            links.add(new Link(src, dst, capacityBytesPerS, latencyNs, tag));
            return links.size() - 1;
        }

        /** Adds one link in each direction with the same capacity, latency and tag. */
        public Builder duplex(int a, int b, double capacityBytesPerS, double latencyNs, String tag) {
            link(a, b, capacityBytesPerS, latencyNs, tag);
            link(b, a, capacityBytesPerS, latencyNs, tag);
            return this;
        }

        private void checkNode(int node) {
            if (node < 0 || node >= names.size()) {
                throw new IllegalArgumentException("unknown node id " + node + " (have " + names.size() + ")");
            }
        }

        /** Compiles the topology. */
        public NetworkTopology build() {
            return new NetworkTopology(names, kinds, links);
        }
    }
}
