package dev.nearlight.sim.collective;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nearlight.sim.net.EcmpRouting;
import dev.nearlight.sim.net.NetworkTopology;
import dev.nearlight.sim.net.Topologies;
import org.junit.jupiter.api.Test;

/** NVLS and PXN against closed forms on small fabrics (protocol efficiency 1). */
class NcclAlgorithmsTest {
    private static final double C = 100e9; // 100 B/ns
    private static final double L = 100;

    private static FlowNetworkModel flow(NetworkTopology t) {
        return new FlowNetworkModel(t, new EcmpRouting(t, 5), 1.0);
    }

    @Test
    void nvlsOnOneChunkRunsItsFourStepsInTurn() {
        // n = 8 GPUs on one switch (node 8), S = 8 MiB, one hop GPU<->switch each way:
        // up S, down S/n, up S/n, down S: 2 (1 + 1/n) S/C + 4 L = 2 * 1.125 * 83,886.08 + 400 = 189,143.68 ns
        NetworkTopology t = Nvls.switchAsRank(Topologies.switchStar(8, C, L), 8);
        CollectiveResult r = Nvls.run(flow(t), 8, 8L << 20, 1, 1);
        assertThat(r.timeNs()).isCloseTo(189_143.68, within(1e-6));
    }

    @Test
    void pipelinedNvlsBeatsTheRingBoundWithInSwitchReduction() {
        // with P chunks pipelined the four steps overlap: the uplink carries (1 + 1/n) S and the downlink as much,
        // so T -> (1 + 1/n) S / C; here P = 64: T >= (1 + 1/8) S/C = 94,371.84 ns, and the ring's best is
        // 2 (n-1)/n S/C = 146,800.64 ns. busbw tends to 2(n-1)/(n+1) C = 155.6 GB/s > C = 100 GB/s.
        NetworkTopology t = Nvls.switchAsRank(Topologies.switchStar(8, C, 0), 8);
        CollectiveResult r = Nvls.run(flow(t), 8, 8L << 20, 64, 1);
        assertThat(r.timeNs()).isGreaterThanOrEqualTo(94_371.84 * (1 - 1e-9)).isLessThan(146_800.64);
        assertThat(r.busbwGBps()).isGreaterThan(100).isLessThanOrEqualTo(155.56);
        // pipeline with fill: P + 3 chunk-steps of the longest (S/P) step... bounded by the single-chunk time
        assertThat(r.timeNs()).isLessThan(2 * 1.125 * 83_886.08);
    }

    @Test
    void pxnAllToAllKeepsInterNodeTrafficOnItsRail() {
        // m = 2 nodes x g = 2 GPUs, NVLink C_up = 4 C, NIC C, L = 100 ns per hop, one leaf per rail, S = 4 MiB, S/n = 1
        // MiB
        // step 1: (A, j) -> (A, k): m S/n = 2 MiB over GPU -> NVSwitch -> GPU: 2 MiB / (4 C) + 2 L = 5,242.88 + 200
        // step 2: (A, k) -> (B, k): g S/n = 2 MiB over NIC -> leaf -> NIC: 2 MiB / C + 2 L = 20,971.52 + 200
        // T = 26,614.40 ns
        NetworkTopology t = Topologies.railOptimizedTwoLevel(2, 2, 4 * C, L, 2, 1, C, L);
        CollectiveSpec pxn =
                new CollectiveSpec(CollectiveOp.ALL_TO_ALL, Algorithm.PXN, 4L << 20, 1, 1, 2, Algorithm.RING);
        CollectiveResult r = Collectives.run(pxn, flow(t), 4);
        assertThat(r.timeNs()).isCloseTo(26_614.40, within(1e-6));
        // every inter-node transfer stays on one rail: same local index at both ends
        TransferSchedule s = Collectives.schedule(pxn, 4);
        for (int i = 0; i < s.size(); i++) {
            if (s.src(i) / 2 != s.dst(i) / 2) {
                assertThat(s.src(i) % 2).isEqualTo(s.dst(i) % 2);
            }
        }
    }
}
