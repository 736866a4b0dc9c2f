package dev.nearlight.sim.collective;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nearlight.sim.net.DestinationModKRouting;
import dev.nearlight.sim.net.EcmpRouting;
import dev.nearlight.sim.net.NetworkTopology;
import dev.nearlight.sim.net.Topologies;
import dev.nearlight.sim.train.ClusterNetwork;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Reproduces the single-node 8 x H100 ring all-reduce of validation/nccl_collectives_h100.csv (ASTRA-sim docs, HGX
 * H100 hardware curve, 128 MiB to 2 GiB) with the calibrated protocol efficiency: node = 8 endpoints behind one
 * switch, 450 GB/s per direction per GPU, 500 ns per hop.
 */
class NcclH100ValidationTest {

    private static List<String[]> rows() throws IOException {
        Path csv = Path.of(System.getProperty("nearlight.shared.dir"), "validation", "nccl_collectives_h100.csv");
        return Files.readAllLines(csv).stream()
                .skip(1)
                .map(l -> l.split(",", -1))
                .filter(f -> f[0].equals("all_reduce") && f[2].equals("8") && f[5].matches("\\d+") && !f[6].isEmpty())
                .collect(Collectors.toList());
    }

    @Test
    void ringAllReduceMatchesTheHardwareCurveWithinFivePercent() throws IOException {
        List<String[]> rows = rows();
        assertThat(rows).hasSize(5);
        NetworkTopology node = Topologies.switchStar(8, 450e9, 500);
        FlowNetworkModel model =
                new FlowNetworkModel(node, new EcmpRouting(node, 1), Collectives.DEFAULT_PROTOCOL_EFFICIENCY);
        for (String[] r : rows) {
            long bytes = Long.parseLong(r[5]);
            double measuredUs = Double.parseDouble(r[6]);
            double measuredBusbw = Double.parseDouble(r[8]);
            CollectiveResult res =
                    Collectives.run(CollectiveSpec.of(CollectiveOp.ALL_REDUCE, Algorithm.RING, bytes), model, 8);
            assertThat(res.timeNs() / 1000).as("time for %d B", bytes).isCloseTo(measuredUs, within(0.05 * measuredUs));
            assertThat(res.busbwGBps())
                    .as("busbw for %d B", bytes)
                    .isCloseTo(measuredBusbw, within(0.05 * measuredBusbw));
        }
    }

    @Test
    void largeMessageBusBandwidthApproachesEfficiencyTimesLineRate() {
        // maintainer statement (nccl-tests #212): ~370 GB/s busbw on 450 GB/s NVLink; model limit = 0.80 * 450 = 360
        NetworkTopology node = Topologies.switchStar(8, 450e9, 0);
        CollectiveResult res = Collectives.run(
                CollectiveSpec.of(CollectiveOp.ALL_REDUCE, Algorithm.RING, 8L << 30),
                new FlowNetworkModel(node, new EcmpRouting(node, 1), Collectives.DEFAULT_PROTOCOL_EFFICIENCY),
                8);
        assertThat(res.busbwGBps()).isCloseTo(360.0, within(1e-6));
        assertThat(res.busbwGBps()).isCloseTo(370.0, within(0.05 * 370));
    }

    /**
     * Multi-node: 16 HGX H100 nodes on a non-blocking 400G rail fabric (NVLink 450 GB/s per direction, 8 NICs of
     * 50 GB/s, 8 nodes per leaf). The shared CSV's maintainer row (nccl-tests #290: "46-48 GB/s per NIC" for NDR)
     * puts the all-reduce busbw of 8 NICs at 368-384 GB/s. NCCL pipelines the intra-node and inter-node stages; the
     * hierarchical algorithm does so with chunks (here 64, one per stage at a time; 44 steps deep, so fewer chunks
     * lose much to the pipeline fill: 309 GB/s with 16) and stays within 5 % below the published range (its ceiling is
     * 8 x 0.94 x 50 = 376 GB/s). Without chunks the three phases run one after another: 2 x 7/8 S at 0.80 x 450
     * (5.2196 ms for 1 GiB) plus the cross-node ring, 2 x 15/16 x S/8 at 0.94 x 50 (5.3545 ms): busbw 2 x 127/128 x
     * S / 10.574 ms = 201.5 GB/s, the modelling gap behind the low busbw of earlier rail-fabric runs.
     */
    @Test
    void pipelinedHierarchicalAllReduceOnARailFabricMatchesThePerNicFigure() {
        int nodes = 16;
        NetworkTopology rail = Topologies.railOptimizedTwoLevel(nodes, 8, 450e9, 500, 8, 8, 50e9, 1000);
        double scaleOut = ClusterNetwork.DEFAULT_SCALE_OUT_EFFICIENCY;
        NetworkModel model = new FlowNetworkModel(
                rail, new DestinationModKRouting(rail), Collectives.DEFAULT_PROTOCOL_EFFICIENCY, scaleOut);
        long s = 1L << 30;
        CollectiveSpec piped =
                new CollectiveSpec(CollectiveOp.ALL_REDUCE, Algorithm.HIERARCHICAL, s, 64, 1, 8, Algorithm.RING);
        CollectiveResult p = Collectives.run(piped, model, nodes * 8);
        assertThat(p.busbwGBps()).isBetween(0.95 * 368, 376.0);
        CollectiveResult serial = Collectives.run(piped.withSplits(1), model, nodes * 8);
        assertThat(serial.busbwGBps()).isCloseTo(201.5, within(0.02 * 201.5));
    }
}
