package dev.nearlight.explore.scenario;

/**
 * The cluster being compared: accelerator type and count, node shape and scale-out fabric.
 *
 * @param gpu accelerator id from the catalogue, e.g. {@code h100}
 * @param gpus number of accelerators, a whole number of nodes
 * @param gpusPerNode accelerators per node (default 8)
 * @param fabric the scale-out fabric
 */
public record Cluster(String gpu, Integer gpus, Integer gpusPerNode, FabricSpec fabric) {
    /** Validates ranges and the node shape. */
    public Cluster {
        gpu = Checks.nonBlank(gpu, "gpu", "gpu: h100");
        gpus = Checks.intRange(gpus, "gpus", 1, 10_000_000);
        gpusPerNode = Checks.intRange(Checks.orDefault(gpusPerNode, 8), "gpusPerNode", 1, 576);
        Checks.required(fabric, "fabric", "fabric: {topology: rail-fat-tree, switchRadix: 64, rate: 400G}");
        if (gpus % gpusPerNode != 0) {
            int lower = gpus / gpusPerNode * gpusPerNode;
            throw new FieldProblem(
                    "gpus",
                    gpus + " GPUs do not fill whole nodes of " + gpusPerNode,
                    "use a multiple of gpusPerNode, e.g. " + (lower == 0 ? gpusPerNode : lower) + " or "
                            + (lower + gpusPerNode));
        }
    }

    /** Number of nodes. */
    public int nodes() {
        return gpus / gpusPerNode;
    }
}
