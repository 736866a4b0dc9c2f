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

/** {@code nearlight collective --compat astra}: ASTRA-sim network and system files in, hand-derived times out. */
class AstraCompatCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private static Path files(Path dir, String system) throws Exception {
        Files.writeString(
                dir.resolve("net.yml"), "topology: [ Ring ]\nnpus_count: [ 8 ]\nbandwidth: [ 50 ]\nlatency: [ 500 ]\n");
        Path sys = dir.resolve("sys.json");
        Files.writeString(sys, system);
        return sys;
    }

    @Test
    void compatModeRunsChunksOneAfterAnotherAtLineRate(@TempDir Path dir) throws Exception {
        Path sys = files(
                dir,
                "{\"scheduling-policy\": \"LIFO\", \"endpoint-delay\": 10, \"active-chunks-per-dimension\": 1,"
                        + " \"preferred-dataset-splits\": 4, \"all-reduce-implementation\": [\"ring\"],"
                        + " \"collective-optimization\": \"localBWAware\"}");
        assertThat(run(
                        "collective",
                        "--compat",
                        "astra",
                        "--astra-network",
                        dir.resolve("net.yml").toString(),
                        "--astra-system",
                        sys.toString(),
                        "--sizes",
                        "64M",
                        "--json"))
                .as(err.toString())
                .isZero();
        JsonNode r = new ObjectMapper().readTree(out.toString()).get(0);
        // 2(n-1)/n S/B + 2(n-1) P L = 14/8 * 2^26 / (50 * 2^30) s + 14 * 4 * 500 ns = 2,187,500 + 28,000 ns, plus
        // ASTRA-sim's endpoint-delay at every step and once more per chunk: P (2(n-1) + 1) 10 ns = 600 ns (no
        // local-mem-bw given: reductions cost no memory time)
        assertThat(r.get("timeNs").asDouble()).isCloseTo(2_216_100, within(1e-3));
        assertThat(r.get("algo").asText()).isEqualTo("astra:ring");
    }

    @Test
    void astraModeErrorsAreOneLine(@TempDir Path dir) throws Exception {
        Path sys = files(dir, "{\"all-reduce-implementation\": [\"ring\"],\n \"preferred-dataset-split\": 4}");
        String net = dir.resolve("net.yml").toString();
        assertThat(run("collective", "--compat", "astra", "--astra-network", net))
                .isEqualTo(2);
        assertThat(err.toString().strip())
                .isEqualTo(
                        "error: --compat astra needs --astra-system FILE.json (ASTRA-sim's" + " system configuration)");
        err.getBuffer().setLength(0);
        assertThat(run("collective", "--astra-network", net, "--astra-system", sys.toString()))
                .isEqualTo(2);
        assertThat(err.toString().strip())
                .startsWith("error: " + sys + ":2:2: unknown key 'preferred-dataset-split'")
                .doesNotContain("\n");
        err.getBuffer().setLength(0);
        assertThat(run("collective", "--astra-network", net, "--astra-system", sys.toString(), "--algo", "ring"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--algo cannot be combined with --astra-system");
    }

    @Test
    void aScheduleNoHeapCanHoldIsAOneLineErrorNotAnOutOfMemoryError(@TempDir Path dir) throws Exception {
        // direct all-reduce over one Switch dimension of 65,536 NPUs: the quotient declines (65,535 distinct
        // destinations x 4 chunks would each need a search over the graph) and the materialised schedule is
        // 4 x 2 x 65,535 x 65,536 = 34,359,214,080 transfers; the estimate refuses it before building anything
        Files.writeString(
                dir.resolve("net.yml"),
                "topology: [ Switch ]\nnpus_count: [ 65536 ]\nbandwidth: [ 50 ]\nlatency: [ 500 ]\n");
        Path sys = dir.resolve("sys.json");
        Files.writeString(
                sys,
                "{\"preferred-dataset-splits\": 4, \"all-reduce-implementation\": [\"direct\"],"
                        + " \"collective-optimization\": \"localBWAware\"}");
        int code = run(
                "collective",
                "--compat",
                "astra",
                "--astra-network",
                dir.resolve("net.yml").toString(),
                "--astra-system",
                sys.toString(),
                "--sizes",
                "1G");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().strip())
                .startsWith("error: --sizes 1073741824: allreduce on 65536 NPUs is 34,359,214,080 transfers")
                .doesNotContain("\n")
                .doesNotContain("Exception");
    }
}
