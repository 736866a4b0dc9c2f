package dev.nearlight.fabric.topology;

import dev.nearlight.core.InputException;
import dev.nearlight.fabric.Fabric;
import dev.nearlight.fabric.FabricBuilder;
import dev.nearlight.fabric.NodeKind;
import dev.nearlight.fabric.device.NodeModel;

/**
 * Builds 2- and 3-tier folded Clos (fat-tree) fabrics, rail-optimized or not.
 *
 * <p><b>Rail-optimized</b> (NVIDIA-reference-architecture-like): a scalable unit (SU) holds {@code nodesPerUnit}
 * nodes and one leaf per rail; NIC {@code j} of every node in the SU goes to rail-{@code j} leaf. A leaf has
 * {@code d = floor(k * o / (o + 1))} down ports and {@code U = k - d} uplinks (radix {@code k}, oversubscription
 * {@code o}, non-blocking when {@code o = 1}); {@code nodesPerUnit} defaults to {@code d}.
 *
 * <p><b>Balanced Clos</b>: every lower switch reaches every upper switch of its group with the same number of links
 * (NVIDIA DGX SuperPOD reference architecture; Meta, "RDMA over Ethernet for Distributed AI Training at Meta Scale",
 * SIGCOMM 2024): the upper count is the fewest that fit, rounded up to a divisor of the lower switch's uplinks; the
 * ports the rounding leaves over stay free and the BOM reports them.
 *
 * <p><b>2 tiers</b>: {@code S} = the smallest divisor of {@code U} that is {@code >= ceil(L * U / k)} spines for
 * {@code L} leaves; uplink {@code t} of leaf {@code l} goes to spine {@code (l * U + t) mod S}, i.e. {@code U / S}
 * links from every leaf to every spine. Every leaf must reach every spine, so {@code S <= U}, i.e. at most {@code k}
 * leaves.
 *
 * <p><b>3 tiers</b>: pods of {@code P = floor((k/2) / rails)} SUs; a pod has {@code Sp} = the smallest divisor of
 * {@code U} that is {@code >= ceil(P * rails * U / (k/2))} spines with {@code k/2} ports down and {@code k/2} up.
 * Spine {@code j} of every pod belongs to core group {@code j} of {@code C} = the smallest divisor of {@code k/2}
 * that is {@code >= ceil(pods * (k/2) / k)} cores; its uplinks are spread round-robin over the group, {@code (k/2) /
 * C} links to each core. At most {@code k}
 * pods, i.e. {@code k^3/4} GPUs when non-blocking with one rail per GPU.
 *
 * <p>Floor plan: each unit's leaf rack, then its compute racks; a pod's spine racks after its units; the core racks
 * after the first half of the pods (middle of the floor).
 *
 * <p><b>Not rail-optimized</b> ({@code fat-tree}): the same with one rail: GPUs fill leaves in order, so a node's
 * GPUs share a leaf.
 */
public final class FatTreeBuilder {
    private final Common common;
    private int gpus;
    private NodeModel node = NodeModel.railPerGpu(8);
    private int tiers = 2;
    private double oversubscription = 1;
    private int nodesPerUnit;
    private boolean railOptimized = true;
    private ScaleUpDomain scaleUp;

    /** Starts a builder with the shared parameters. */
    public FatTreeBuilder(Common common) {
        this.common = common;
    }

    /** Total GPUs (must fill whole nodes). */
    public FatTreeBuilder gpus(int n) {
        this.gpus = n;
        return this;
    }

    /** Node shape (GPUs and rails per node). */
    public FatTreeBuilder node(NodeModel n) {
        this.node = n;
        return this;
    }

    /** 2 or 3 switch tiers. */
    public FatTreeBuilder tiers(int t) {
        this.tiers = t;
        return this;
    }

    /** Leaf downlink:uplink ratio (1 = non-blocking). */
    public FatTreeBuilder oversubscription(double o) {
        this.oversubscription = o;
        return this;
    }

    /** Nodes per scalable unit; 0 = follow from the radix (all leaf down ports). */
    public FatTreeBuilder nodesPerUnit(int n) {
        this.nodesPerUnit = n;
        return this;
    }

    /** Rail-optimized (one leaf per rail per SU) or plain (GPUs fill leaves in order). */
    public FatTreeBuilder railOptimized(boolean r) {
        this.railOptimized = r;
        return this;
    }

    /** Adds scale-up domains beside the scale-out fabric (null = none). */
    public FatTreeBuilder scaleUp(ScaleUpDomain domain) {
        this.scaleUp = domain;
        return this;
    }

    /** Validates the parameters and builds the fabric. */
    public Fabric build() {
        int k = common.switchModel().radix();
        int g = node.gpusPerNode();
        int rails = railOptimized ? node.rails() : 1;
        if (tiers != 2 && tiers != 3) {
            throw InputException.of("tiers", tiers + " is not supported", "use {tiers 2} or {tiers 3}");
        }
        if (!(oversubscription >= 1) || oversubscription > k - 1) {
            throw InputException.of(
                    "oversubscription",
                    oversubscription + " must be between 1 and " + (k - 1) + " for radix " + k,
                    "set {oversubscription} in [1, " + (k - 1) + "]");
        }
        if (gpus < 1) {
            throw InputException.of("gpus", gpus + " must be >= 1", "give {gpus} >= 1");
        }
        if (gpus % g != 0) {
            int lo = gpus / g * g;
            throw InputException.of(
                    "gpus",
                    gpus + " does not fill whole nodes of " + g + " GPUs",
                    "use {gpus " + (lo == 0 ? g : lo) + "} or {gpus " + (lo + g) + "}");
        }
        if (railOptimized && node.rails() != g) {
            throw new InputException(
                    "rail-fat-tree needs one rail per GPU; got " + node.rails() + " rails for " + g + " GPUs per node");
        }
        if (k < rails) {
            // every leaf of a unit serves one rail: fewer ports than rails leave no room for a single leaf per rail
            throw InputException.of(
                    "switchRadix",
                    k + " is smaller than the " + rails + " rails of a node",
                    "use a {switchRadix} of at least " + 2 * rails);
        }
        int d = (int) Math.floor(k * oversubscription / (oversubscription + 1));
        int up = k - d;
        if (d < 1 || up < 1) {
            throw InputException.of(
                    "switchRadix",
                    k + " cannot split into down and up ports at oversubscription " + oversubscription,
                    "use a larger {switchRadix} or a lower {oversubscription}");
        }
        int nodes = gpus / g;
        // endpoints per leaf per SU: rail-optimized -> nodes per unit; plain -> GPUs per leaf
        int perLeaf = nodesPerUnit > 0 ? nodesPerUnit : d;
        if (perLeaf > d) {
            throw InputException.of(
                    "nodesPerUnit",
                    perLeaf + " exceeds the " + d + " leaf down ports of radix " + k + " at oversubscription "
                            + oversubscription,
                    "use {nodesPerUnit} <= " + d);
        }
        int endpoints = railOptimized ? nodes : gpus; // per rail
        int units = ceilDiv(endpoints, perLeaf);
        int leaves = units * rails;
        int maxGpus2 = (k / rails) * perLeaf * (railOptimized ? g : 1);
        int unitsPerPod = (k / 2) / rails;
        if (tiers == 3 && unitsPerPod < 1) {
            throw InputException.of(
                    "switchRadix",
                    "3 tiers need at most radix/2 = " + (k / 2) + " rails per node; got " + rails,
                    "use a {switchRadix} of at least " + (2 * rails));
        }
        int maxGpus3 = k * unitsPerPod * perLeaf * (railOptimized ? g : 1);
        if (tiers == 2 && leaves > k) {
            throw InputException.of(
                    "gpus",
                    gpus + " GPUs need " + leaves + " leaves but 2 tiers of radix " + k + " connect at most " + k
                            + " leaves = " + maxGpus2 + " GPUs" + overs(),
                    "use {tiers 3} (up to " + maxGpus3 + " GPUs) or a larger {switchRadix}");
        }
        int pods = tiers == 3 ? ceilDiv(units, unitsPerPod) : 1;
        if (tiers == 3 && pods > k) {
            throw InputException.of(
                    "gpus",
                    gpus + " GPUs need " + pods + " pods but 3 tiers of radix " + k + " connect at most " + k
                            + " pods = " + maxGpus3 + " GPUs" + overs(),
                    "use a larger {switchRadix} (radix r connects r^3/4 GPUs non-blocking)");
        }

        String topo = railOptimized ? "rail-fat-tree" : "fat-tree";
        FabricBuilder b = new FabricBuilder(topo, common.layout());
        b.counts(gpus, nodes);
        b.switchModel(NodeKind.LEAF, common.switchModel());
        b.switchModel(NodeKind.SPINE, common.switchModel());
        if (tiers == 3) {
            b.switchModel(NodeKind.CORE, common.switchModel());
        }
        int cNodeLeaf = b.linkClass(common.linkClass("nodeLeaf").withNicOptics(node.nicOptics()));
        int cLeafSpine = b.linkClass(common.linkClass("leafSpine"));
        int cSpineCore = tiers == 3 ? b.linkClass(common.linkClass("spineCore")) : -1;
        b.shape("tiers", tiers)
                .shape("radix", k)
                .shape("rails", rails)
                .shape("leafDownPorts", d)
                .shape("leafUpPorts", up)
                .shape("nodesPerUnit", railOptimized ? perLeaf : 0)
                .shape("scalableUnits", units);

        // compute nodes and leaves, unit by unit
        int[] leafIds = new int[leaves];
        int nodesPerRack = common.layout().nodesPerRack();
        int switchesPerRack = common.layout().switchesPerRack();
        int gpu = 0;
        int unitsPerGroup = tiers == 3 ? unitsPerPod : units;
        // balanced Clos: the fewest uppers that fit, rounded up to a divisor of each lower switch's uplinks
        int sp = tiers == 3
                ? balancedUppers(up, ceilDiv(unitsPerPod * rails * up, k / 2))
                : balancedUppers(up, ceilDiv(leaves * up, k));
        int[] spineIds = new int[pods * sp];
        int nodeRackSlot = nodesPerRack;
        int rackNow = -1;
        // 3 tiers: the core racks stand in the middle of the floor (after half the pods) to halve the longest run
        int spineUp3 = k / 2;
        int coresPerGroup3 = tiers == 3 ? balancedUppers(spineUp3, ceilDiv(pods * spineUp3, k)) : 0;
        int[] coreIds = new int[sp * coresPerGroup3];
        for (int pod = 0; pod < pods; pod++) {
            if (tiers == 3 && pod == pods / 2) {
                int rackC = -1;
                for (int c = 0; c < coreIds.length; c++) {
                    if (c % switchesPerRack == 0) {
                        rackC = b.newRack();
                    }
                    coreIds[c] = b.addNode(NodeKind.CORE, rackC, 1 + (c % switchesPerRack) * 2);
                }
            }
            int firstUnit = pod * unitsPerGroup;
            int lastUnit = Math.min(units, firstUnit + unitsPerGroup);
            for (int u = firstUnit; u < lastUnit; u++) {
                int leafRack = -1;
                for (int r = 0; r < rails; r++) {
                    if (r % switchesPerRack == 0) {
                        leafRack = b.newRack();
                    }
                    leafIds[u * rails + r] = b.addNode(NodeKind.LEAF, leafRack, 1 + (r % switchesPerRack) * 2);
                }
                int endpointsHere = Math.min(perLeaf, endpoints - u * perLeaf);
                if (railOptimized) {
                    for (int n = 0; n < endpointsHere; n++) {
                        if (nodeRackSlot == nodesPerRack) {
                            rackNow = b.newRack();
                            nodeRackSlot = 0;
                        }
                        int ru = 1 + nodeRackSlot * node.rackUnits();
                        nodeRackSlot++;
                        for (int r = 0; r < g; r++) {
                            int gv = b.addNode(NodeKind.GPU, rackNow, ru);
                            b.addLink(gv, leafIds[u * rails + r], cNodeLeaf);
                            gpu++;
                        }
                    }
                } else {
                    for (int e = 0; e < endpointsHere; e++) {
                        if (gpu % g == 0) {
                            if (nodeRackSlot == nodesPerRack) {
                                rackNow = b.newRack();
                                nodeRackSlot = 0;
                            }
                            nodeRackSlot++;
                        }
                        int ru = 1 + (nodeRackSlot - 1) * node.rackUnits();
                        int gv = b.addNode(NodeKind.GPU, rackNow, ru);
                        b.addLink(gv, leafIds[u], cNodeLeaf);
                        gpu++;
                    }
                }
                nodeRackSlot = nodesPerRack; // next unit starts in a new rack
            }
            if (tiers == 3) {
                int rackS = -1;
                for (int s = 0; s < sp; s++) {
                    if (s % switchesPerRack == 0) {
                        rackS = b.newRack();
                    }
                    spineIds[pod * sp + s] = b.addNode(NodeKind.SPINE, rackS, 1 + (s % switchesPerRack) * 2);
                }
                int podLeaves = (lastUnit - firstUnit) * rails;
                for (int l = 0; l < podLeaves; l++) {
                    int leaf = leafIds[firstUnit * rails + l];
                    for (int t = 0; t < up; t++) {
                        b.addLink(leaf, spineIds[pod * sp + (l * up + t) % sp], cLeafSpine);
                    }
                }
            }
        }
        if (tiers == 2) {
            int rackS = -1;
            for (int s = 0; s < sp; s++) {
                if (s % switchesPerRack == 0) {
                    rackS = b.newRack();
                }
                spineIds[s] = b.addNode(NodeKind.SPINE, rackS, 1 + (s % switchesPerRack) * 2);
            }
            for (int l = 0; l < leaves; l++) {
                for (int t = 0; t < up; t++) {
                    b.addLink(leafIds[l], spineIds[(l * up + t) % sp], cLeafSpine);
                }
            }
            b.shape("spines", sp);
            attachScaleUp(b);
            long leafUp = (long) leaves * up;
            double bis = Math.min(gpus, leafUp) * common.switchModel().portRateGbps() / 2;
            return b.build(bis, oversubscriptionOf(perLeaf, up));
        }
        int spineUp = k / 2;
        int coresPerGroup = coresPerGroup3;
        b.shape("unitsPerPod", unitsPerPod)
                .shape("pods", pods)
                .shape("spinesPerPod", sp)
                .shape("coreGroups", sp)
                .shape("coresPerGroup", coresPerGroup);
        for (int pod = 0; pod < pods; pod++) {
            for (int j = 0; j < sp; j++) {
                int spine = spineIds[pod * sp + j];
                for (int t = 0; t < spineUp; t++) {
                    int core = coreIds[j * coresPerGroup + (pod * spineUp + t) % coresPerGroup];
                    b.addLink(spine, core, cSpineCore);
                }
            }
        }
        attachScaleUp(b);
        long leafUp = (long) leaves * up;
        long spUp = (long) pods * sp * spineUp;
        double bis = Math.min(gpus, Math.min(leafUp, pods > 1 ? spUp : Long.MAX_VALUE))
                * common.switchModel().portRateGbps()
                / 2;
        return b.build(bis, oversubscriptionOf(perLeaf, up));
    }

    private void attachScaleUp(FabricBuilder b) {
        if (scaleUp != null) {
            scaleUp.attach(b);
        }
    }

    private static double oversubscriptionOf(int perLeaf, int up) {
        return Math.max(1.0, (double) perLeaf / up);
    }

    private String overs() {
        return oversubscription == 1 ? " non-blocking" : " at oversubscription " + oversubscription;
    }

    /**
     * Upper switches for lower switches of {@code uplinks} uplinks each, at least {@code atLeast}: the smallest
     * divisor of {@code uplinks} that is {@code >= atLeast}, so every lower switch reaches every upper switch with
     * {@code uplinks / uppers} links (a balanced Clos, as the DGX SuperPOD reference architecture builds it); the
     * uppers' ports the rounding leaves over stay free.
     */
    static int balancedUppers(int uplinks, int atLeast) {
        for (int s = Math.max(1, atLeast); s < uplinks; s++) {
            if (uplinks % s == 0) {
                return s;
            }
        }
        return uplinks;
    }

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
