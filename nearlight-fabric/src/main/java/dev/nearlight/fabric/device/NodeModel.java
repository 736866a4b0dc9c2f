package dev.nearlight.fabric.device;

import dev.nearlight.core.InputException;

/**
 * A compute node (server): how many GPUs it holds and how many scale-out NICs, i.e. rails, it exposes. In a
 * rail-optimized fabric NIC {@code i} of every node connects to the rail-{@code i} leaf of its scalable unit.
 *
 * @param gpusPerNode GPUs in one node
 * @param rails scale-out NIC ports per node (one per rail)
 * @param rackUnits height of the node, U
 */
public record NodeModel(int gpusPerNode, int rails, int rackUnits) {
    public NodeModel {
        if (gpusPerNode < 1 || rails < 1 || rackUnits < 1) {
            throw new InputException("--gpus-per-node " + gpusPerNode + " and rails " + rails + " must be >= 1");
        }
    }

    /** A node with one rail per GPU (the usual HGX/DGX shape), 8 U high when it has 8 GPUs. */
    public static NodeModel railPerGpu(int gpusPerNode) {
        return new NodeModel(gpusPerNode, gpusPerNode, Math.max(1, gpusPerNode));
    }
}
