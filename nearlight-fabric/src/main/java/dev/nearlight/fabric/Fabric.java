package dev.nearlight.fabric;

import dev.nearlight.fabric.device.SwitchModel;
import dev.nearlight.fabric.layout.Layout;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A built fabric: its vertices (GPUs, hosts, enclosures, switches) and its physical links, stored in primitive
 * arrays so that fabrics with hundreds of thousands of links stay small. Vertex {@code i} has a {@link NodeKind}, a
 * rack and a rack unit; link {@code l} joins {@link #linkA(int)} and {@link #linkB(int)}, belongs to one
 * {@link LinkClass} and has a length from the {@link Layout}. Links are full duplex; parallel links are allowed.
 *
 * <p>Instances are immutable and made by the topology builders in {@code dev.nearlight.fabric.topology} through
 * {@link FabricBuilder}.
 */
public final class Fabric {
    private static final NodeKind[] KINDS = NodeKind.values();

    private final String topology;
    private final int gpus;
    private final int computeNodes;
    private final Layout layout;
    private final List<LinkClass> linkClasses;
    private final Map<NodeKind, SwitchModel> switchModels;
    private final Map<String, Number> shape;
    private final byte[] kind;
    private final int[] rack;
    private final short[] unit;
    private final int[] portsUsed;
    private final int nodeCount;
    private final int[] linkA;
    private final int[] linkB;
    private final byte[] linkClass;
    private final float[] lengthM;
    private final int linkCount;
    private final double bisectionGbps;
    private final double oversubscription;

    Fabric(FabricBuilder b, double bisectionGbps, double oversubscription) {
        this.topology = Objects.requireNonNull(b.topology);
        this.gpus = b.gpus;
        this.computeNodes = b.computeNodes;
        this.layout = b.layout;
        this.linkClasses = List.copyOf(b.linkClasses);
        this.switchModels = Collections.unmodifiableMap(new EnumMap<>(b.switchModels));
        this.shape = Collections.unmodifiableMap(new LinkedHashMap<>(b.shape));
        this.nodeCount = b.nodeCount;
        this.kind = java.util.Arrays.copyOf(b.kind, nodeCount);
        this.rack = java.util.Arrays.copyOf(b.rack, nodeCount);
        this.unit = java.util.Arrays.copyOf(b.unit, nodeCount);
        this.portsUsed = java.util.Arrays.copyOf(b.portsUsed, nodeCount);
        this.linkCount = b.linkCount;
        this.linkA = java.util.Arrays.copyOf(b.linkA, linkCount);
        this.linkB = java.util.Arrays.copyOf(b.linkB, linkCount);
        this.linkClass = java.util.Arrays.copyOf(b.linkClass, linkCount);
        this.lengthM = java.util.Arrays.copyOf(b.lengthM, linkCount);
        this.bisectionGbps = bisectionGbps;
        this.oversubscription = oversubscription;
    }

    /** Topology name, e.g. {@code rail-fat-tree}, {@code fat-tree}, {@code torus}, {@code dragonfly}, {@code pcie}. */
    public String topology() {
        return topology;
    }

    /** GPUs (accelerators) attached to the fabric, including those inside pooled GPU enclosures. */
    public int gpus() {
        return gpus;
    }

    /** Compute nodes (servers); 0 when the topology has no server notion. */
    public int computeNodes() {
        return computeNodes;
    }

    /** The floor plan the link lengths come from. */
    public Layout layout() {
        return layout;
    }

    /** Link classes, indexed by {@link #linkClass(int)}. */
    public List<LinkClass> linkClasses() {
        return linkClasses;
    }

    /** Switch model per switch kind present in this fabric. */
    public Map<NodeKind, SwitchModel> switchModels() {
        return switchModels;
    }

    /** Topology-specific shape figures (scalable units, pods, groups, spines per pod, ...), in build order. */
    public Map<String, Number> shape() {
        return shape;
    }

    /** Number of vertices. */
    public int nodeCount() {
        return nodeCount;
    }

    /** Kind of vertex {@code i}. */
    public NodeKind kind(int i) {
        return KINDS[kind[i]];
    }

    /** Rack of vertex {@code i}. */
    public int rack(int i) {
        return rack[i];
    }

    /** Rack unit of vertex {@code i}. */
    public int unit(int i) {
        return unit[i];
    }

    /** Ports of vertex {@code i} that carry a link. */
    public int portsUsed(int i) {
        return portsUsed[i];
    }

    /** Ports of vertex {@code i}: the switch radix, or for endpoints the ports they use. */
    public int radix(int i) {
        SwitchModel m = switchModels.get(kind(i));
        return m == null ? portsUsed[i] : m.radix();
    }

    /** Number of links. */
    public int linkCount() {
        return linkCount;
    }

    /** One end of link {@code l} (the lower level, e.g. the GPU of a GPU-leaf link). */
    public int linkA(int l) {
        return linkA[l];
    }

    /** Other end of link {@code l}. */
    public int linkB(int l) {
        return linkB[l];
    }

    /** Index into {@link #linkClasses()} of link {@code l}. */
    public int linkClass(int l) {
        return linkClass[l];
    }

    /** Cable length of link {@code l}, metres. */
    public double lengthM(int l) {
        return lengthM[l];
    }

    /** Number of vertices of a kind. */
    public int count(NodeKind k) {
        int n = 0;
        for (int i = 0; i < nodeCount; i++) {
            if (kind[i] == k.ordinal()) {
                n++;
            }
        }
        return n;
    }

    /** Number of links of a class, by class name (0 when the class does not exist). */
    public int linkCount(String className) {
        int c = classIndex(className);
        if (c < 0) {
            return 0;
        }
        int n = 0;
        for (int l = 0; l < linkCount; l++) {
            if (linkClass[l] == c) {
                n++;
            }
        }
        return n;
    }

    /** Index of a link class by name, or -1. */
    public int classIndex(String className) {
        for (int c = 0; c < linkClasses.size(); c++) {
            if (linkClasses.get(c).name().equals(className)) {
                return c;
            }
        }
        return -1;
    }

    /**
     * Bisection bandwidth, Gb/s per direction: the capacity across the worst cut into two equal GPU halves, as
     * derived by the builder for its topology (see {@code docs/fabric.md}).
     */
    public double bisectionGbps() {
        return bisectionGbps;
    }

    /** Ratio of downlink to uplink capacity at the most oversubscribed switch level (1 = non-blocking). */
    public double oversubscription() {
        return oversubscription;
    }

    /** The same fabric with other optics per link class (same vertices, links and lengths). */
    public Fabric withLinkClasses(List<LinkClass> classes) {
        if (classes.size() != linkClasses.size()) {
            throw new IllegalArgumentException("expected " + linkClasses.size() + " link classes");
        }
        FabricBuilder b = new FabricBuilder(topology, layout);
        b.gpus = gpus;
        b.computeNodes = computeNodes;
        b.linkClasses.addAll(classes);
        b.switchModels.putAll(switchModels);
        b.shape.putAll(shape);
        b.nodeCount = nodeCount;
        b.kind = kind;
        b.rack = rack;
        b.unit = unit;
        b.portsUsed = portsUsed;
        b.linkCount = linkCount;
        b.linkA = linkA;
        b.linkB = linkB;
        b.linkClass = linkClass;
        b.lengthM = lengthM;
        return new Fabric(b, bisectionGbps, oversubscription);
    }
}
