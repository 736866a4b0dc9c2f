package dev.nearlight.fabric.device;

import dev.nearlight.core.InputException;

/**
 * A compute node (server): how many GPUs it holds and how many scale-out NICs, i.e. rails, it exposes. In a
 * rail-optimized fabric NIC {@code i} of every node connects to the rail-{@code i} leaf of its scalable unit.
 *
 * @param gpusPerNode GPUs in one node
 * @param rails scale-out NIC ports per node (one per rail)
 * @param rackUnits height of the node, U
 * @param nicOptics the part in the node's NIC ports (technology id): every catalogue NIC (ConnectX-7/8 class) has
 *     pluggable cages and no NPO/CPO engine, so the default is the pluggable of the link rate
 */
public record NodeModel(int gpusPerNode, int rails, int rackUnits, String nicOptics) {
    /** What a node's NIC ships unless told otherwise: a DSP pluggable at the link rate (catalogue NICs have cages). */
    public static final String DEFAULT_NIC_OPTICS = "pluggable-dsp";

    public NodeModel {
        if (gpusPerNode < 1 || rails < 1 || rackUnits < 1) {
            throw new InputException("--gpus-per-node " + gpusPerNode + " and rails " + rails + " must be >= 1");
        }
        if (nicOptics == null || nicOptics.isBlank()) {
            nicOptics = DEFAULT_NIC_OPTICS;
        }
    }

    /** A node whose NICs ship the default pluggable. */
    public NodeModel(int gpusPerNode, int rails, int rackUnits) {
        this(gpusPerNode, rails, rackUnits, DEFAULT_NIC_OPTICS);
    }

    /** A node with one rail per GPU (the usual HGX/DGX shape), 8 U high when it has 8 GPUs. */
    public static NodeModel railPerGpu(int gpusPerNode) {
        return new NodeModel(gpusPerNode, gpusPerNode, Math.max(1, gpusPerNode));
    }

    /** The same node whose NICs ship another part (a technology id). */
    public NodeModel withNicOptics(String technologyId) {
        return new NodeModel(gpusPerNode, rails, rackUnits, technologyId);
    }
}
