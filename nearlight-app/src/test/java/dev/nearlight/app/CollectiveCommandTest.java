package dev.nearlight.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollectiveCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void jsonRowsFollowTheContract() throws Exception {
        // 8 endpoints behind a switch, 800 Gb/s = 100e9 B/s, no latency, efficiency 1:
        // ring all-reduce of 8 MiB = 14 steps of 1 MiB / 100 B/ns = 146,800.64 ns; busbw = 100 GB/s
        int code = run(
                "collective",
                "--sizes",
                "8M",
                "--link-gbps",
                "800",
                "--link-latency-ns",
                "0",
                "--protocol-efficiency",
                "1",
                "--json");
        assertThat(code).as(err.toString()).isZero();
        JsonNode rows = new ObjectMapper().readTree(out.toString());
        assertThat(rows).hasSize(1);
        JsonNode r = rows.get(0);
        assertThat(r.get("op").asText()).isEqualTo("allreduce");
        assertThat(r.get("algo").asText()).isEqualTo("ring");
        assertThat(r.get("bytes").asLong()).isEqualTo(8L << 20);
        assertThat(r.get("timeNs").asDouble()).isCloseTo(146_800.64, within(1e-6));
        assertThat(r.get("busbwGBps").asDouble()).isCloseTo(100.0, within(1e-9));
        assertThat(r.get("algbwGBps").asDouble()).isCloseTo(100.0 * 8 / 14, within(1e-9));
        assertThat(r.get("maxLinkUtilization").asDouble()).isCloseTo(1.0, within(1e-9));
        assertThat(r.get("p99FlowNs").asDouble()).isCloseTo(10_485.76, within(1e-6));
    }

    @Test
    void aRunThatCannotFitTheHeapIsAOneLineErrorNamingTheHeapOption() {
        // ring all-reduce on 4,096 ranks: 2 * 4095 steps * 4096 transfers * 64 chunks = 2,146,959,360 transfers,
        // about 280 GiB at 140 B each: refused before anything is built
        int code = run("collective", "--endpoints", "4096", "--splits", "64", "--sizes", "1G");
        assertThat(code).isEqualTo(2);
        String e = err.toString();
        assertThat(e.lines()).hasSize(1);
        assertThat(e)
                .startsWith("error: --sizes 1073741824: allreduce ring on 4096 ranks is 2,146,959,360 transfers,"
                        + " about 279.9 GiB with the flow model, more than the ")
                .contains("NEARLIGHT_JAVA_OPTS=\"-Xmx420g -XX:+UseParallelGC\"");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aLinkFailureMidRunIsTimedAgainstTheHealthyRun() {
        // ring all-reduce on a 4-ring, 100 GB/s, 100 ns, eta 1, 4 MiB: healthy 6 (S/(4C) + L) = 63,514.56 ns; cable
        // ep0-ep1 down from the start: 0 -> 1 takes the 3-hop way round, 6 (S/(4C) + 3L) = 64,714.56 ns
        String[] common = {
            "collective",
            "--topology",
            "ring",
            "--endpoints",
            "4",
            "--link-gbps",
            "800",
            "--link-latency-ns",
            "100",
            "--protocol-efficiency",
            "1",
            "--sizes",
            "4M",
            "--fail-link",
            "ep0,ep1"
        };
        assertThat(run(common)).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains(" 4194304        64.71 ")
                .contains("# 4194304 B: link ep0,ep1 down at 0.000 us: 63.51 us healthy, 64.71 us with it"
                        + " (+1.20 us, x1.0189)");
        out.getBuffer().setLength(0);
        // degraded to half rate from the start: the 0 -> 1 transfer of every step takes S/(4 C/2) + L: 126,429.12 ns
        assertThat(run(concat(common, new String[] {"--link-factor", "0.5"})))
                .as(err.toString())
                .isZero();
        assertThat(out.toString()).contains("126.43 us with it");
        assertThat(run(concat(common, new String[] {"--model", "analytical"}))).isEqualTo(2);
        assertThat(err.toString()).contains("--fail-link needs --model flow");
        assertThat(run("collective", "--topology", "ring", "--fail-link", "ep0,nowhere"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("no node named 'nowhere'");
        assertThat(run("collective", "--topology", "ring", "--fail-link", "ep0,ep2"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("no link between ep0 and ep2");
    }

    @Test
    void nvlsReducesInTheSwitch() {
        // 8 GPUs on one switch, 100 GB/s, 100 ns, eta 1, 8 MiB, one chunk: 2 (1 + 1/n) S/C + 4L = 189,143.68 ns
        // (NcclAlgorithmsTest); busbw = 2 (n-1)/n S / T = 77.61 GB/s
        assertThat(run(
                        "collective",
                        "--algo",
                        "nvls",
                        "--link-gbps",
                        "800",
                        "--link-latency-ns",
                        "100",
                        "--protocol-efficiency",
                        "1",
                        "--sizes",
                        "8M"))
                .as(err.toString())
                .isZero();
        assertThat(out.toString())
                .contains("allreduce nvls (in-switch reduction), flow model, 8 GPUs on switch")
                .contains("        8388608       189.14     44.35     77.61");
        assertThat(run("collective", "--algo", "nvls", "--topology", "ring")).isEqualTo(2);
        assertThat(err.toString()).contains("--algo nvls needs one scale-up switch");
        assertThat(run("collective", "--algo", "nvls", "--op", "allgather")).isEqualTo(2);
        assertThat(err.toString()).contains("--algo nvls supports --op allreduce only");
    }

    @Test
    void severalJobsReportTheirTimeAloneAndTogether() {
        // two jobs of 4 ranks behind one switch (100 GB/s, 100 ns, eta 1), ring all-reduce of 4 MiB: a switch is
        // non-blocking, so alone = together = 6 (S/(4C) + 2L) = 64,114.56 ns and the slowdown is exactly 1
        assertThat(run(
                        "collective",
                        "--endpoints",
                        "8",
                        "--link-gbps",
                        "800",
                        "--link-latency-ns",
                        "100",
                        "--protocol-efficiency",
                        "1",
                        "--sizes",
                        "4M",
                        "--jobs",
                        "4,4",
                        "--placement",
                        "random",
                        "--scale-up",
                        "4"))
                .as(err.toString())
                .isZero();
        assertThat(out.toString())
                .contains("2 jobs (4,4 ranks), allreduce ring each, placement random, flow model")
                .contains("        4194304    0      4        64.11        64.11    1.0000")
                .contains("        4194304    1      4        64.11        64.11    1.0000");
        out.getBuffer().setLength(0);
        assertThat(run("collective", "--endpoints", "8", "--sizes", "1M", "--jobs", "4,4", "--scale-up", "4", "--json"))
                .isZero();
        assertThat(out.toString()).contains("\"slowdown\" : 1.0").contains("\"aloneNs\"");
        assertThat(run("collective", "--jobs", "4,x")).isEqualTo(2);
        assertThat(err.toString()).contains("--jobs entry 'x' must be a rank count >= 2");
        assertThat(run("collective", "--jobs", "4,4", "--placement", "packed")).isEqualTo(2);
        assertThat(err.toString()).contains("--placement 'packed' is unknown");
        assertThat(run("collective", "--jobs", "8,4")).isEqualTo(2);
        assertThat(err.toString()).contains("the jobs need 12 endpoints but the network has 8");
    }

    @Test
    void tableHasOneRowPerSizeAndModelsAgreeOnARing() {
        assertThat(run("collective", "--topology", "ring", "--sizes", "1M,2M", "--model", "analytical"))
                .isZero();
        String text = out.toString();
        assertThat(text).contains("allreduce ring, analytical model, 8 ranks on ring");
        assertThat(text.lines().filter(l -> !l.startsWith("#"))).hasSize(2);
        assertThat(text).contains("1048576").contains("2097152");
    }

    @Test
    void astraNetworkFileIsUsed(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("net.yml");
        Files.writeString(f, "topology: [ Switch ]\nnpus_count: [ 4 ]\nbandwidth: [ 100 ]\nlatency: [ 0 ]\n");
        assertThat(run(
                        "collective",
                        "--astra-network",
                        f.toString(),
                        "--sizes",
                        "4M",
                        "--algo",
                        "hd",
                        "--protocol-efficiency",
                        "1",
                        "--json"))
                .isZero();
        JsonNode r = new ObjectMapper().readTree(out.toString()).get(0);
        // halving-doubling on 4 NPUs: each sends 2 * 3/4 * 4 MiB = 6 MiB at 100 * 2^30 B/s
        assertThat(r.get("timeNs").asDouble()).isCloseTo(6.0 * (1 << 20) / (100.0 * (1 << 30)) * 1e9, within(1e-6));
    }

    @Test
    void badInputsExitWithCodeTwoAndOneLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.yml");
        Files.writeString(f, "topology: [ Ring ]\nnpus_count: [ 4 ]\nbandwidth: [ x ]\nlatency: [ 1 ]\n");
        assertThat(run("collective", "--astra-network", f.toString())).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("error: " + f + ":3:14: bandwidth entry 'x' is not a number");
        err.getBuffer().setLength(0);
        assertThat(run("collective", "--sizes", "1Q")).isEqualTo(2);
        assertThat(err.toString())
                .startsWith("error: --sizes entry '1Q' is not a size")
                .hasLineCount(1);
        err.getBuffer().setLength(0);
        assertThat(run("collective", "--algo", "hd", "--endpoints", "6")).isEqualTo(2);
        assertThat(err.toString()).contains("power-of-two").hasLineCount(1);
    }

    @Test
    void hierarchicalAllReduceOnARailFatTreeWithNvlinkDomains(@TempDir Path dir) throws Exception {
        String[] fabric = {"--gpus", "128", "--switch-radix", "16", "--scale-up-domain", "8"};
        String[] common = {
            "collective",
            "--algo",
            "hierarchical",
            "--sizes",
            "1G",
            "--protocol-efficiency",
            "1",
            "--scale-out-efficiency",
            "1",
            "--json"
        };
        assertThat(run(concat(common, fabric))).as(err.toString()).isZero();
        JsonNode r = new ObjectMapper().readTree(out.toString()).get(0);
        // the inter-node phase runs 1/8 of the buffer per rail over 400 Gb/s = 50 GB/s NICs: ring all-reduce over the
        // 16 nodes moves 2 * 15/16 * 128 MiB per NIC, at least 5.03 ms; NVLink phases add a little, latency more
        double railOnlyNs = 2.0 * 15 / 16 * (1L << 27) / 50e9 * 1e9;
        assertThat(r.get("timeNs").asDouble()).isGreaterThan(railOnlyNs).isLessThan(railOnlyNs * 1.6);
        assertThat(r.get("maxLinkUtilization").asDouble()).isBetween(0.0, 1.0 + 1e-9);

        // the same fabric from a spec file gives the same answer
        Path spec = dir.resolve("f.yaml");
        Files.writeString(spec, "gpus: 128\nswitchRadix: 16\nscaleUpDomain: 8\n");
        out.getBuffer().setLength(0);
        assertThat(run(concat(common, new String[] {"--fabric", spec.toString()})))
                .as(err.toString())
                .isZero();
        JsonNode s = new ObjectMapper().readTree(out.toString()).get(0);
        assertThat(s.get("timeNs").asDouble()).isEqualTo(r.get("timeNs").asDouble());
    }

    @Test
    void flowClassesGiveThePerFlowAnswer() throws Exception {
        // 128 GPUs of a 2-tier rail fat tree, D-mod-K: hierarchical all-reduce, the same rows with and without classes
        String[] common = {
            "collective",
            "--gpus",
            "128",
            "--switch-radix",
            "16",
            "--scale-up-domain",
            "8",
            "--algo",
            "hierarchical",
            "--inter-algo",
            "halving-doubling",
            "--routing",
            "dmodk",
            "--sizes",
            "1M,64M",
            "--json"
        };
        assertThat(run(common)).as(err.toString()).isZero();
        JsonNode perFlow = new ObjectMapper().readTree(out.toString());
        out.getBuffer().setLength(0);
        assertThat(run(concat(common, new String[] {"--flow-classes"})))
                .as(err.toString())
                .isZero();
        JsonNode classes = new ObjectMapper().readTree(out.toString());
        assertThat(classes).hasSize(2);
        for (int k = 0; k < 2; k++) {
            for (String field : new String[] {"timeNs", "busbwGBps", "maxLinkUtilization", "p99FlowNs"}) {
                double a = perFlow.get(k).get(field).asDouble();
                assertThat(a).isPositive();
                assertThat(classes.get(k).get(field).asDouble()).as(field).isCloseTo(a, within(1e-9 * a));
            }
        }
    }

    @Test
    void badFabricOptionsGiveTheFabricCommandsError() {
        assertThat(run("fabric", "--gpus", "100")).isEqualTo(2);
        String fabricErr = err.toString();
        err.getBuffer().setLength(0);
        assertThat(run("collective", "--gpus", "100")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo(fabricErr).hasLineCount(1);
        err.getBuffer().setLength(0);
        assertThat(run("collective", "--gpus", "64", "--endpoints", "8")).isEqualTo(2);
        assertThat(err.toString()).contains("--endpoints").hasLineCount(1);
    }

    @Test
    void destinationModKRoutingRemovesEcmpCollisionsOnA3TierFatTree() throws Exception {
        String[] common = {
            "collective",
            "--algo",
            "hierarchical",
            "--inter-algo",
            "halving-doubling",
            "--sizes",
            "1G",
            "--protocol-efficiency",
            "1",
            "--scale-out-efficiency",
            "1",
            "--json",
            "--gpus",
            "1024",
            "--switch-radix",
            "16",
            "--tiers",
            "3",
            "--scale-up-domain",
            "8"
        };
        assertThat(run(concat(common, new String[] {"--routing", "dmodk"})))
                .as(err.toString())
                .isZero();
        double dmodk =
                new ObjectMapper().readTree(out.toString()).get(0).get("timeNs").asDouble();
        out.getBuffer().setLength(0);
        assertThat(run(concat(common, new String[] {"--routing", "ecmp"})))
                .as(err.toString())
                .isZero();
        double ecmp =
                new ObjectMapper().readTree(out.toString()).get(0).get("timeNs").asDouble();
        // halving-doubling over 128 nodes moves 2 * 127/128 * 128 MiB per 50 GB/s NIC: 5.33 ms; the NVLink
        // reduce-scatter and all-gather move 2 * 7/8 GiB per GPU over 18 x 400G = 900 GB/s: 2.09 ms. With
        // collision-free D-mod-K paths only hop latencies come on top; hashed ECMP paths share uplinks.
        double railNs = 2.0 * 127 / 128 * (1L << 27) / 50e9 * 1e9;
        double nvlinkNs = 2.0 * 7 / 8 * (1L << 30) / 900e9 * 1e9;
        assertThat(dmodk).isGreaterThan(railNs + nvlinkNs).isLessThan((railNs + nvlinkNs) * 1.02);
        assertThat(ecmp).isGreaterThan(dmodk * 1.2);
        err.getBuffer().setLength(0);
        assertThat(run("collective", "--routing", "spray")).isEqualTo(2);
        assertThat(err.toString())
                .contains("--routing 'spray'")
                .contains("ecmp or dmodk")
                .hasLineCount(1);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    void sizesUseBinarySuffixes() {
        assertThat(CollectiveCommand.parseSizes("1K,64M,1G,512")).containsExactly(1024L, 64L << 20, 1L << 30, 512L);
    }
}
