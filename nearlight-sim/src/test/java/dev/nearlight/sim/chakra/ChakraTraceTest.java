package dev.nearlight.sim.chakra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nearlight.core.InputException;
import dev.nearlight.sim.chakra.proto.EtDef;
import dev.nearlight.sim.chakra.proto.EtDef.AttributeProto;
import dev.nearlight.sim.chakra.proto.EtDef.Node;
import dev.nearlight.sim.chakra.proto.EtDef.NodeType;
import dev.nearlight.sim.collective.Algorithm;
import dev.nearlight.sim.collective.CollectiveOp;
import dev.nearlight.sim.collective.CollectiveSpec;
import dev.nearlight.sim.collective.FlowNetworkModel;
import dev.nearlight.sim.net.EcmpRouting;
import dev.nearlight.sim.net.NetworkTopology;
import dev.nearlight.sim.net.Topologies;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chakra ET traces built with the schema in code: round trip through the length-delimited file format, and runs on a
 * switch of C = 100e9 B/s per direction, L = 1,000 ns per hop, protocol efficiency 1.
 */
class ChakraTraceTest {
    private static final double C = 100e9;
    private static final double L = 1_000;
    private static final EtDef.GlobalMetadata META =
            EtDef.GlobalMetadata.newBuilder().setVersion("0.0.4").build();

    private static AttributeProto attr(String name, long v) {
        return AttributeProto.newBuilder().setName(name).setInt64Val(v).build();
    }

    private static Node comp(long id, long micros, long... deps) {
        Node.Builder b = Node.newBuilder().setId(id).setName("gemm" + id).setType(NodeType.COMP_NODE);
        b.setDurationMicros(micros);
        for (long d : deps) {
            b.addDataDeps(d);
        }
        return b.build();
    }

    private static Node allReduce(long id, long bytes, long... deps) {
        Node.Builder b = Node.newBuilder().setId(id).setName("allreduce" + id).setType(NodeType.COMM_COLL_NODE);
        b.addAttr(attr("comm_type", EtDef.CollectiveCommType.ALL_REDUCE_VALUE)).addAttr(attr("comm_size", bytes));
        for (long d : deps) {
            b.addDataDeps(d);
        }
        return b.build();
    }

    private static Node p2p(long id, NodeType type, int peer, long bytes, long... deps) {
        Node.Builder b = Node.newBuilder().setId(id).setName("p2p" + id).setType(type);
        b.addAttr(attr(type == NodeType.COMM_SEND_NODE ? "comm_dst" : "comm_src", peer))
                .addAttr(attr("comm_size", bytes))
                .addAttr(attr("comm_tag", 7));
        for (long d : deps) {
            b.addCtrlDeps(d);
        }
        return b.build();
    }

    private static ChakraRunner.Result run(List<List<Node>> perRank) {
        NetworkTopology t = Topologies.switchStar(perRank.size(), C, L);
        FlowNetworkModel model = new FlowNetworkModel(t, new EcmpRouting(t, 1), 1.0);
        CommTimes comm = new NetworkCommTimes(
                model, CollectiveSpec.of(CollectiveOp.ALL_REDUCE, Algorithm.RING, 0), perRank.size());
        List<ChakraTrace> traces = new java.util.ArrayList<>();
        for (int r = 0; r < perRank.size(); r++) {
            traces.add(new ChakraTrace("rank" + r + ".et", r, META, perRank.get(r)));
        }
        return new ChakraRunner(traces, comm).run();
    }

    @Test
    void roundTripsThroughTheLengthDelimitedFormat(@TempDir Path dir) throws Exception {
        List<Node> nodes = List.of(comp(1, 100), allReduce(2, 1 << 20, 1), p2p(3, NodeType.COMM_SEND_NODE, 1, 64, 2));
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ChakraTraceIo.write(buf, META, nodes);
        ChakraTrace back = ChakraTraceIo.read(new ByteArrayInputStream(buf.toByteArray()), "mem.et", 0);
        assertThat(back.metadata()).isEqualTo(META);
        assertThat(back.nodes()).isEqualTo(nodes);
        // files named prefix.<rank>.et are ranked by that number, whatever the listing order
        ChakraTraceIo.write(dir.resolve("t.1.et"), META, List.of(comp(9, 1)));
        ChakraTraceIo.write(dir.resolve("t.0.et"), META, nodes);
        List<ChakraTrace> all = ChakraTraceIo.readAll(List.of(dir));
        assertThat(all).extracting(ChakraTrace::rank).containsExactly(0, 1);
        assertThat(all.get(1).nodes()).containsExactly(comp(9, 1));
    }

    @Test
    void twoRanksComputeThenAllReduce() {
        // rank 0 computes 100 us, rank 1 300 us; the all-reduce starts when rank 1 issues it (300 us) and takes the
        // ring on 2 ranks behind a switch: 2 steps of S/2 over two hops = 2 (S/(2C) + 2L)
        // S = 8 MiB: 2 (41,943.04 + 2,000) = 87,886.08 ns -> end 387,886.08 ns on both ranks
        long s = 8L << 20;
        ChakraRunner.Result r =
                run(List.of(List.of(comp(1, 100), allReduce(2, s, 1)), List.of(comp(1, 300), allReduce(2, s, 1))));
        assertThat(r.makespanNs()).isCloseTo(387_886.08, within(1e-6));
        assertThat(r.rankEndNs()).containsExactly(new double[] {387_886.08, 387_886.08}, within(1e-6));
        assertThat(r.collectives()).isEqualTo(1);
        assertThat(r.computeBusyNs()).containsExactly(100_000, 300_000);
    }

    @Test
    void computeNodesOfARankRunOneAtATime() {
        // two independent kernels of 100 and 50 us share rank 0's engine: 150 us; the dependent third one 25 us more
        ChakraRunner.Result r = run(List.of(List.of(comp(1, 100), comp(2, 50), comp(3, 25, 1, 2)), List.of()));
        assertThat(r.rankEndNs()[0]).isCloseTo(175_000, within(1e-9));
    }

    @Test
    void sendAndReceiveMatchByTag() {
        // rank 0 computes 10 us then sends 1 MB to rank 1: delivered at 10,000 + 1e6/C s + 2L = 10,000 + 10,000 + 2,000
        // ns; rank 1's receive is ready at 5 us and finishes at delivery, then 1 us of compute: 23,000 ns
        ChakraRunner.Result r = run(List.of(
                List.of(comp(1, 10), p2p(2, NodeType.COMM_SEND_NODE, 1, 1_000_000, 1)),
                List.of(comp(1, 5), p2p(2, NodeType.COMM_RECV_NODE, 0, 1_000_000, 1), comp(3, 1, 2))));
        assertThat(r.rankEndNs()[1]).isCloseTo(23_000, within(1e-6));
        assertThat(r.rankEndNs()[0]).isCloseTo(22_000, within(1e-6));
        assertThat(r.messages()).isEqualTo(1);
    }

    @Test
    void inconsistentTracesAreOneLineErrors() {
        assertThatThrownBy(() -> run(List.of(List.of(allReduce(1, 64)), List.of(allReduce(1, 128)))))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("rank1.et: collective #0 (node 1) is allreduce of 128 B but rank 0's is"
                        + " allreduce of 64 B");
        assertThatThrownBy(() -> run(List.of(List.of(comp(1, 1, 5)), List.of())))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("rank0.et: node 1 depends on node 5, which is not in this rank's trace");
        assertThatThrownBy(() -> run(List.of(List.of(comp(1, 1, 2), comp(2, 1, 1)), List.of())))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("never ran");
        assertThatThrownBy(() -> run(List.of(List.of(p2p(1, NodeType.COMM_SEND_NODE, 1, 8)), List.of())))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("matching COMM_RECV_NODE");
        assertThatThrownBy(() -> ChakraTraceIo.read(new ByteArrayInputStream(new byte[] {5, 1}), "bad.et", 0))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("bad.et: not a Chakra ET file");
    }

    @Test
    void aDirectoryWithoutTracesIsAnError(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("readme.txt"), "x");
        assertThatThrownBy(() -> ChakraTraceIo.readAll(List.of(dir)))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("no *.et Chakra trace files");
    }
}
