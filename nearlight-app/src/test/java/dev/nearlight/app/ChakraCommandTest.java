package dev.nearlight.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nearlight.sim.chakra.ChakraTraceIo;
import dev.nearlight.sim.chakra.proto.EtDef;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nearlight collective --chakra DIR}: per-rank Chakra ET files written with the schema, run on a switch. */
class ChakraCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private static EtDef.Node comp(long micros) {
        return EtDef.Node.newBuilder()
                .setId(1)
                .setName("fwd")
                .setType(EtDef.NodeType.COMP_NODE)
                .setDurationMicros(micros)
                .build();
    }

    private static EtDef.Node allReduce(long bytes) {
        return EtDef.Node.newBuilder()
                .setId(2)
                .setName("grad-allreduce")
                .setType(EtDef.NodeType.COMM_COLL_NODE)
                .addDataDeps(1)
                .addAttr(EtDef.AttributeProto.newBuilder().setName("comm_type").setInt64Val(0))
                .addAttr(EtDef.AttributeProto.newBuilder().setName("comm_size").setInt64Val(bytes))
                .build();
    }

    @Test
    void runsADirectoryOfRankTraces(@TempDir Path dir) throws Exception {
        EtDef.GlobalMetadata meta =
                EtDef.GlobalMetadata.newBuilder().setVersion("0.0.4").build();
        long s = 8L << 20;
        ChakraTraceIo.write(dir.resolve("job.0.et"), meta, List.of(comp(100), allReduce(s)));
        ChakraTraceIo.write(dir.resolve("job.1.et"), meta, List.of(comp(300), allReduce(s)));
        // 2 endpoints behind a switch at 800 Gb/s = 100e9 B/s, 1,000 ns per hop, efficiency 1:
        // 300 us + ring all-reduce 2 (S/(2C) + 2L) = 300,000 + 2 (41,943.04 + 2,000) = 387,886.08 ns
        assertThat(run(
                        "collective",
                        "--chakra",
                        dir.toString(),
                        "--endpoints",
                        "2",
                        "--link-gbps",
                        "800",
                        "--link-latency-ns",
                        "1000",
                        "--protocol-efficiency",
                        "1",
                        "--json"))
                .as(err.toString())
                .isZero();
        JsonNode r = new ObjectMapper().readTree(out.toString());
        assertThat(r.get("makespanNs").asDouble()).isCloseTo(387_886.08, within(1e-3));
        assertThat(r.get("collectives").asInt()).isEqualTo(1);
        out.getBuffer().setLength(0);
        assertThat(run(
                        "collective",
                        "--chakra",
                        dir.toString(),
                        "--endpoints",
                        "2",
                        "--link-gbps",
                        "800",
                        "--link-latency-ns",
                        "1000",
                        "--protocol-efficiency",
                        "1"))
                .isZero();
        assertThat(out.toString()).contains("# makespan 387.886 us").contains("     1        387.886        300.000");
    }

    @Test
    void missingTraceIsOneLine(@TempDir Path dir) {
        assertThat(run("collective", "--chakra", dir.resolve("nope.0.et").toString()))
                .isEqualTo(2);
        assertThat(err.toString().strip())
                .isEqualTo("error: " + dir.resolve("nope.0.et") + ": no such Chakra trace file or directory");
    }

    @Test
    void bytesThatAreNotChakraAreRefusedNotReadAsAnEmptyTrace(@TempDir Path dir) throws Exception {
        // "garbage" parses as a length-delimited message holding only an unknown fixed64 field: protobuf accepts it
        byte[] junk = "garbage\0\1\2".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Path a = java.nio.file.Files.write(dir.resolve("junk.0.et"), junk);
        Path b = java.nio.file.Files.write(dir.resolve("junk.1.et"), junk);
        assertThat(run("collective", "--chakra", a.toString(), b.toString())).isEqualTo(2);
        assertThat(err.toString().strip())
                .startsWith("error: " + a + ": not a Chakra ET file")
                .doesNotContain("Exception")
                .hasLineCount(1);
    }
}
