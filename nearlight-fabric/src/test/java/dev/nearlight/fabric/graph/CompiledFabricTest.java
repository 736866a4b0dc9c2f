package dev.nearlight.fabric.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nearlight.fabric.Fabric;
import dev.nearlight.fabric.FabricInvariants;
import dev.nearlight.fabric.NodeKind;
import dev.nearlight.fabric.device.OpticsPackaging;
import dev.nearlight.fabric.device.SwitchModel;
import dev.nearlight.fabric.link.LinkPlanner.PlannedLinks;
import dev.nearlight.fabric.topology.Common;
import dev.nearlight.fabric.topology.FatTreeBuilder;
import org.junit.jupiter.api.Test;

class CompiledFabricTest {
    @Test
    void csrArraysMirrorTheFabric() {
        Fabric f = new FatTreeBuilder(Common.of(SwitchModel.generic(16, 800, OpticsPackaging.PLUGGABLE)))
                .gpus(128)
                .build();
        PlannedLinks plan = FabricInvariants.PLANNER.plan(f);
        CompiledFabric c = CompiledFabric.compile(f, plan);
        assertThat(c.nodeCount).isEqualTo(f.nodeCount());
        assertThat(c.directedLinkCount()).isEqualTo(2 * f.linkCount());
        assertThat(c.gpuIds).hasSize(128);
        for (int v = 0; v < c.nodeCount; v++) {
            // degree = ports used; every directed link leaving v starts at v
            assertThat(c.adjOffsets[v + 1] - c.adjOffsets[v]).isEqualTo(f.portsUsed(v));
            for (int i = c.adjOffsets[v]; i < c.adjOffsets[v + 1]; i++) {
                assertThat(c.source[c.adjLinks[i]]).isEqualTo(v);
            }
            assertThat(c.nodeLatencyNs[v]).isEqualTo(f.kind(v) == NodeKind.GPU ? 0.0 : 250.0);
        }
        for (int l = 0; l < f.linkCount(); l++) {
            int d = 2 * l;
            // reverse of d is d ^ 1
            assertThat(c.source[d]).isEqualTo(c.target[d ^ 1]).isEqualTo(f.linkA(l));
            assertThat(c.target[d]).isEqualTo(c.source[d ^ 1]).isEqualTo(f.linkB(l));
            assertThat(c.capacityBps[d]).isEqualTo(800e9);
            assertThat(c.latencyNs[d]).isEqualTo(plan.quote(l).latencyNs()).isEqualTo(c.latencyNs[d ^ 1]);
            assertThat(c.linkClass[d]).isEqualTo((byte) f.linkClass(l));
            assertThat(c.medium[d]).isEqualTo("optical".equals(plan.quote(l).medium()) ? (byte) 1 : (byte) 0);
        }
        // GPU -> leaf -> spine -> leaf -> GPU
        assertThat(c.gpuDiameterHops(8)).isEqualTo(4);
    }
}
