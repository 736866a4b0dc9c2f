package dev.nearlight.fabric.topology;

import dev.nearlight.core.InputException;
import dev.nearlight.fabric.Fabric;
import dev.nearlight.fabric.FabricBuilder;
import dev.nearlight.fabric.LinkClass;
import dev.nearlight.fabric.NodeKind;
import dev.nearlight.fabric.layout.Layout;
import java.util.Arrays;

/**
 * A 2-D or 3-D torus of GPUs linked directly (TPU-like, no switches): GPU {@code (x, y, z)} links to its
 * neighbours {@code +1} in every dimension with wrap-around. A dimension of size 2 gets one link per pair (no
 * double link), size 1 none. Links = sum over dimensions of {@code N} (size >= 3) or {@code N/2} (size 2).
 * Bisection: the cut across the largest dimension {@code n_max} crosses {@code 2 N / n_max} links (wrap-around).
 * GPUs are placed {@code gpusPerRack} to a rack in index order (x fastest).
 */
public final class TorusBuilder {
    private final int[] dims;
    private final double rateGbps;
    private final String optics;
    private final boolean copper;
    private final Layout layout;
    private final int gpusPerRack;

    /**
     * @param dims sizes per dimension (2 or 3 dimensions)
     * @param rateGbps rate of one neighbour link
     * @param optics optics technology for links copper cannot reach
     * @param copper whether copper may be used
     * @param layout floor plan
     * @param gpusPerRack GPUs per rack
     */
    public TorusBuilder(int[] dims, double rateGbps, String optics, boolean copper, Layout layout, int gpusPerRack) {
        this.dims = dims.clone();
        this.rateGbps = rateGbps;
        this.optics = optics;
        this.copper = copper;
        this.layout = layout;
        this.gpusPerRack = gpusPerRack;
    }

    /** Validates and builds; {@code expectedGpus} 0 = take the product of the dimensions. */
    public Fabric build(int expectedGpus) {
        if (dims.length < 2 || dims.length > 3) {
            throw InputException.of(
                    "torusDims",
                    Arrays.toString(dims) + " must have 2 or 3 sizes",
                    "use e.g. {torusDims 16x16} or {torusDims 8x8x8}");
        }
        long n = 1;
        for (int d : dims) {
            if (d < 1) {
                throw InputException.of("torusDims", "size " + d + " must be >= 1", "give sizes >= 1 in {torusDims}");
            }
            n *= d;
        }
        if (expectedGpus > 0 && n != expectedGpus) {
            throw InputException.of(
                    "torusDims",
                    dimsText() + " holds " + n + " GPUs, not the " + expectedGpus + " of the fabric",
                    "make the product of the sizes equal {gpus}");
        }
        if (n > 50_000_000) {
            throw InputException.of(
                    "torusDims", dimsText() + " is too large (" + n + " GPUs)", "use at most 50,000,000 GPUs");
        }
        int total = (int) n;
        FabricBuilder b = new FabricBuilder("torus", layout);
        int cls = b.linkClass(new LinkClass("torus", rateGbps, optics, copper, false));
        b.counts(total, 0);
        b.shape("dimensions", dims.length);
        for (int i = 0; i < dims.length; i++) {
            b.shape("size" + "xyz".charAt(i), dims[i]);
        }
        int rack = -1;
        for (int i = 0; i < total; i++) {
            if (i % gpusPerRack == 0) {
                rack = b.newRack();
            }
            b.addNode(NodeKind.GPU, rack, 1 + (i % gpusPerRack) * 42 / Math.max(1, gpusPerRack));
        }
        int stride = 1;
        for (int dim = 0; dim < dims.length; dim++) {
            int size = dims[dim];
            if (size >= 2) {
                for (int i = 0; i < total; i++) {
                    int coord = (i / stride) % size;
                    if (size == 2 && coord == 1) {
                        continue;
                    }
                    int next = coord == size - 1 ? i - coord * stride : i + stride;
                    b.addLink(i, next, cls);
                }
            }
            stride *= size;
        }
        int max = Arrays.stream(dims).max().orElse(1);
        double cut = max >= 3 ? 2.0 * total / max : (max == 2 ? (double) total / 2 : 0);
        return b.build(cut * rateGbps, 1);
    }

    private String dimsText() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < dims.length; i++) {
            s.append(i == 0 ? "" : "x").append(dims[i]);
        }
        return s.toString();
    }

    /** Parses {@code 16x16} or {@code 8x8x8}. */
    public static int[] parseDims(String text) {
        try {
            return Arrays.stream(text.trim().toLowerCase(java.util.Locale.ROOT).split("x"))
                    .mapToInt(Integer::parseInt)
                    .toArray();
        } catch (NumberFormatException e) {
            throw InputException.of(
                    "torusDims",
                    "'" + text + "' is not a list of sizes",
                    "write {torusDims 16x16} or {torusDims 8x8x8}");
        }
    }
}
