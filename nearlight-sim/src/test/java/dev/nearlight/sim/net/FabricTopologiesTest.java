package dev.nearlight.sim.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nearlight.core.catalogue.Catalogue;
import dev.nearlight.fabric.Fabric;
import dev.nearlight.fabric.NodeKind;
import dev.nearlight.fabric.graph.CompiledFabric;
import dev.nearlight.fabric.link.CatalogueLinkEvaluator;
import dev.nearlight.fabric.link.LinkPlanner;
import dev.nearlight.fabric.spec.FabricFactory;
import dev.nearlight.fabric.spec.FabricSpecReader;
import org.junit.jupiter.api.Test;

class FabricTopologiesTest {
    static final CatalogueLinkEvaluator EVAL = new CatalogueLinkEvaluator(Catalogue.defaults());

    static CompiledFabric compile(String yaml) {
        Fabric f = new FabricFactory(EVAL, Catalogue.defaults()).build(FabricSpecReader.parse(yaml, "t.yaml"));
        return CompiledFabric.compile(f, new LinkPlanner(EVAL).plan(f));
    }

    /** The directed fabric link from a to b. */
    static int fabricLink(CompiledFabric f, int a, int b) {
        for (int i = f.adjOffsets[a]; i < f.adjOffsets[a + 1]; i++) {
            if (f.target[f.adjLinks[i]] == b) {
                return f.adjLinks[i];
            }
        }
        throw new AssertionError("no link " + a + "->" + b);
    }

    static int neighbour(CompiledFabric f, int v, NodeKind kind) {
        for (int i = f.adjOffsets[v]; i < f.adjOffsets[v + 1]; i++) {
            int w = f.target[f.adjLinks[i]];
            if (f.nodeKind[w] == kind.ordinal()) {
                return w;
            }
        }
        throw new AssertionError("no " + kind + " next to " + v);
    }

    @Test
    void railFatTreeHopsLatenciesAndCapacitiesMatchTheFabric() {
        // 128 GPUs, 8 per node (16 nodes), radix-16 switches, 2 tiers: leaves take 8 nodes of one rail, so two GPUs
        // of the same rail on different leaves cross leaf-spine-leaf; scale-up domains of 8 GPUs (one node)
        CompiledFabric f = compile("gpus: 128\nswitchRadix: 16\ntiers: 2\nscaleUpDomain: 8\n");
        NetworkTopology t = FabricTopologies.from(f);
        assertThat(t.endpointCount()).isEqualTo(128);
        EcmpRouting routing = new EcmpRouting(t, 7);

        // rank 0 (node 0, rail 0) to rank 8 (node 1, rail 0): same rail, same leaf -> gpu-leaf-gpu, 2 links
        int g0 = f.gpuIds[0];
        int g8 = f.gpuIds[8];
        int leaf = neighbour(f, g0, NodeKind.LEAF);
        assertThat(neighbour(f, g8, NodeKind.LEAF)).isEqualTo(leaf);
        int[] p = routing.paths(new int[] {t.endpoint(0)}, new int[] {t.endpoint(8)}, new int[] {0})[0];
        assertThat(p).hasSize(2);
        // by hand: link gpu->leaf + leaf forwarding + link leaf->gpu
        double hand =
                f.latencyNs[fabricLink(f, g0, leaf)] + f.nodeLatencyNs[leaf] + f.latencyNs[fabricLink(f, leaf, g8)];
        assertThat(t.pathLatencyNs(p)).isCloseTo(hand, within(1e-9));
        assertThat(f.nodeLatencyNs[leaf]).isPositive();

        // rank 0 to rank 64 (node 8, rail 0): another leaf of rail 0 -> gpu-leaf-spine-leaf-gpu, 4 links
        int g64 = f.gpuIds[64];
        int leaf2 = neighbour(f, g64, NodeKind.LEAF);
        assertThat(leaf2).isNotEqualTo(leaf);
        int[] q = routing.paths(new int[] {t.endpoint(0)}, new int[] {t.endpoint(64)}, new int[] {0})[0];
        assertThat(q).hasSize(4);
        int spineNode = -1;
        for (int l : q) {
            if (t.nodeName(t.linkDst(l)).startsWith("spine")) {
                spineNode = Integer.parseInt(t.nodeName(t.linkDst(l)).substring(5));
            }
        }
        assertThat(spineNode).isNotNegative();
        double hand4 = f.latencyNs[fabricLink(f, g0, leaf)]
                + f.nodeLatencyNs[leaf]
                + f.latencyNs[fabricLink(f, leaf, spineNode)]
                + f.nodeLatencyNs[spineNode]
                + f.latencyNs[fabricLink(f, spineNode, leaf2)]
                + f.nodeLatencyNs[leaf2]
                + f.latencyNs[fabricLink(f, leaf2, g64)];
        assertThat(t.pathLatencyNs(q)).isCloseTo(hand4, within(1e-9));
        for (int l : q) {
            assertThat(t.linkTag(l)).isEqualTo(FabricTopologies.SCALE_OUT);
            // scale-out capacities equal the fabric's (bits/s / 8)
            assertThat(t.linkCapacityBytesPerS(l)).isCloseTo(f.capacityBps[fabricLink(f, g0, leaf)] / 8, within(1e-3));
        }

        // rank 0 to rank 1 (same node, other rail): through the aggregated scale-up switch, 2 links whose capacity
        // is the GPU's whole scale-up bandwidth (default 900 GB/s per direction)
        int[] u = routing.paths(new int[] {t.endpoint(0)}, new int[] {t.endpoint(1)}, new int[] {0})[0];
        assertThat(u).hasSize(2);
        for (int l : u) {
            assertThat(t.linkTag(l)).isEqualTo(FabricTopologies.SCALE_UP);
            assertThat(t.linkCapacityBytesPerS(l)).isCloseTo(900e9, within(1e3));
        }
        double upSum = 0;
        for (int i = f.adjOffsets[g0]; i < f.adjOffsets[g0 + 1]; i++) {
            int d = f.adjLinks[i];
            if (f.nodeKind[f.target[d]] == NodeKind.SCALE_UP_SWITCH.ordinal()) {
                upSum += f.capacityBps[d] / 8;
            }
        }
        assertThat(t.linkCapacityBytesPerS(u[0])).isCloseTo(upSum, within(1e-3));
    }

    @Test
    void fabricWithoutScaleUpKeepsEveryLink() {
        CompiledFabric f = compile("gpus: 64\nswitchRadix: 16\n");
        NetworkTopology t = FabricTopologies.from(f);
        assertThat(t.endpointCount()).isEqualTo(64);
        assertThat(t.nodeCount()).isEqualTo(f.nodeCount);
        // parallel links between the same pair merge into one; the total capacity is the fabric's
        double fabricBytes = 0;
        for (double c : f.capacityBps) {
            fabricBytes += c / 8;
        }
        double topoBytes = 0;
        for (int l = 0; l < t.linkCount(); l++) {
            topoBytes += t.linkCapacityBytesPerS(l);
        }
        assertThat(topoBytes).isCloseTo(fabricBytes, within(1.0));
        for (int g = 0; g < 64; g++) {
            assertThat(t.endpoint(g)).isEqualTo(g);
        }
    }
}
