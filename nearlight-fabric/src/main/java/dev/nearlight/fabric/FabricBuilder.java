package dev.nearlight.fabric;

import dev.nearlight.fabric.device.SwitchModel;
import dev.nearlight.fabric.layout.Layout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mutable, growable arrays that topology builders fill vertex by vertex and link by link before freezing them into a
 * {@link Fabric}. Racks are handed out in order ({@link #newRack()}), so the floor plan follows build order. Not
 * thread-safe; one per build.
 */
public final class FabricBuilder {
    final String topology;
    final Layout layout;
    int gpus;
    int computeNodes;
    final List<LinkClass> linkClasses = new ArrayList<>();
    final Map<NodeKind, SwitchModel> switchModels = new EnumMap<>(NodeKind.class);
    final Map<String, Number> shape = new LinkedHashMap<>();
    byte[] kind = new byte[1024];
    int[] rack = new int[1024];
    short[] unit = new short[1024];
    int[] portsUsed = new int[1024];
    int nodeCount;
    int[] linkA = new int[1024];
    int[] linkB = new int[1024];
    byte[] linkClass = new byte[1024];
    float[] lengthM = new float[1024];
    int linkCount;
    private int racks;

    /** Starts an empty fabric of the named topology on a floor plan. */
    public FabricBuilder(String topology, Layout layout) {
        this.topology = topology;
        this.layout = layout;
    }

    /** Declares a link class and returns its index. */
    public int linkClass(LinkClass c) {
        if (linkClasses.size() >= Byte.MAX_VALUE) {
            throw new IllegalStateException("too many link classes");
        }
        linkClasses.add(c);
        return linkClasses.size() - 1;
    }

    /** Sets the switch model used by all vertices of a switch kind. */
    public FabricBuilder switchModel(NodeKind k, SwitchModel m) {
        switchModels.put(k, m);
        return this;
    }

    /** Records a topology shape figure (e.g. {@code scalableUnits}). */
    public FabricBuilder shape(String key, Number value) {
        shape.put(key, value);
        return this;
    }

    /** Sets the GPU and compute-node counts reported for the fabric. */
    public FabricBuilder counts(int gpuCount, int nodes) {
        this.gpus = gpuCount;
        this.computeNodes = nodes;
        return this;
    }

    /** Allocates the next rack of the floor plan (row by row). */
    public int newRack() {
        return racks++;
    }

    /** Racks allocated so far. */
    public int racks() {
        return racks;
    }

    /** Adds a vertex in a rack at a rack unit and returns its id. */
    public int addNode(NodeKind k, int rackId, int rackUnit) {
        if (nodeCount == kind.length) {
            int n = kind.length * 2;
            kind = Arrays.copyOf(kind, n);
            rack = Arrays.copyOf(rack, n);
            unit = Arrays.copyOf(unit, n);
            portsUsed = Arrays.copyOf(portsUsed, n);
        }
        kind[nodeCount] = (byte) k.ordinal();
        rack[nodeCount] = rackId;
        unit[nodeCount] = (short) rackUnit;
        return nodeCount++;
    }

    /** Adds a link of class {@code cls} between two vertices; its length follows from their racks and units. */
    public int addLink(int a, int b, int cls) {
        if (a == b) {
            throw new IllegalStateException("self loop at " + a);
        }
        if (linkCount == linkA.length) {
            int n = linkA.length * 2;
            linkA = Arrays.copyOf(linkA, n);
            linkB = Arrays.copyOf(linkB, n);
            linkClass = Arrays.copyOf(linkClass, n);
            lengthM = Arrays.copyOf(lengthM, n);
        }
        linkA[linkCount] = a;
        linkB[linkCount] = b;
        linkClass[linkCount] = (byte) cls;
        lengthM[linkCount] = (float) layout.lengthM(rack[a], unit[a], rack[b], unit[b]);
        portsUsed[a]++;
        portsUsed[b]++;
        return linkCount++;
    }

    /** Ids of the vertices of a kind added so far, in build order. */
    public int[] verticesOf(NodeKind k) {
        int n = 0;
        for (int i = 0; i < nodeCount; i++) {
            if (kind[i] == k.ordinal()) {
                n++;
            }
        }
        int[] out = new int[n];
        for (int i = 0, j = 0; i < nodeCount; i++) {
            if (kind[i] == k.ordinal()) {
                out[j++] = i;
            }
        }
        return out;
    }

    /** Rack of a vertex added so far. */
    public int rackOf(int node) {
        return rack[node];
    }

    /** Rack unit of a vertex added so far. */
    public int unitOf(int node) {
        return unit[node];
    }

    /** Ports used so far at a vertex. */
    public int portsUsed(int node) {
        return portsUsed[node];
    }

    /**
     * Freezes the fabric.
     *
     * @param bisectionGbps bisection bandwidth derived for the topology, Gb/s per direction
     * @param oversubscription worst downlink:uplink ratio (1 = non-blocking)
     */
    public Fabric build(double bisectionGbps, double oversubscription) {
        return new Fabric(this, bisectionGbps, oversubscription);
    }
}
