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

class TrainCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void jsonCarriesTheDocumentedFields() throws Exception {
        int code = run(
                "train",
                "--model",
                "llama3-70b",
                "--gpu",
                "h100",
                "--gpus",
                "1024",
                "--tp",
                "8",
                "--pp",
                "4",
                "--dp",
                "32",
                "--vpp",
                "5",
                "--mbs",
                "1",
                "--gbs",
                "512",
                "--seq",
                "8192",
                "--recompute",
                "selective",
                "--sequence-parallel",
                "--tokens",
                "15T",
                "--json");
        assertThat(code).as(err.toString()).isEqualTo(0);
        JsonNode j = new ObjectMapper().readTree(out.toString());
        for (String f : new String[] {
            "stepTimeS",
            "mfu",
            "hfu",
            "tflopsPerGpu",
            "tokensPerS",
            "timeToTrainDays",
            "energyMWh",
            "starvationFraction",
            "memoryPerGpuGiB"
        }) {
            assertThat(j.path(f).isNumber()).as(f).isTrue();
        }
        double sum = 0;
        for (JsonNode v : j.path("breakdownS")) {
            sum += v.asDouble();
        }
        assertThat(sum).isCloseTo(j.path("stepTimeS").asDouble(), within(1e-9));
        // tokens/s = gbs x seq / step; time to train = 15e12 / tokens/s / 86400.
        double tps = 512 * 8192 / j.path("stepTimeS").asDouble();
        assertThat(j.path("tokensPerS").asDouble()).isCloseTo(tps, within(1e-6 * tps));
        assertThat(j.path("timeToTrainDays").asDouble()).isCloseTo(15e12 / tps / 86400, within(1e-6));
        assertThat(j.path("mfu").asDouble()).isBetween(0.25, 0.6);
        assertThat(j.path("memoryPerGpuGiB").asDouble()).isBetween(20.0, 80.0);
    }

    @Test
    void inconsistentDegreesAreOneLineExitTwo() {
        int code = run(
                "train",
                "--model",
                "llama3-70b",
                "--gpus",
                "1024",
                "--tp",
                "8",
                "--pp",
                "4",
                "--dp",
                "16",
                "--gbs",
                "512");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().strip())
                .isEqualTo("error: gpus: tp x pp x dp x cp = 8 x 4 x 16 x 1 = 512 but --gpus"
                        + " is 1024 (make the product equal the GPU count)");
    }

    @Test
    void notFittingInMemoryIsOneLineExitTwo() {
        int code =
                run("train", "--model", "llama3-405b", "--gpus", "8", "--tp", "8", "--gbs", "8", "--recompute", "none");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("error: memory: needs").contains("over by");
        assertThat(err.toString().strip().lines().count()).isEqualTo(1);
    }

    @Test
    void explicitModelAndConfigFileWithLineColumnErrors(@TempDir Path dir) throws Exception {
        Path ok = dir.resolve("ok.yaml");
        Files.writeString(
                ok,
                "layers: 24\nhidden: 2048\nheads: 16\nvocab: 51200\ngpu: a100\ngpus: 8\ntp: 2\n"
                        + "gbs: 16\nrecompute: full\n");
        assertThat(run("train", "--config", ok.toString(), "--json"))
                .as(err.toString())
                .isEqualTo(0);
        assertThat(new ObjectMapper().readTree(out.toString()).path("gpus").asInt())
                .isEqualTo(8);
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "model: llama3-8b\ntp: 8\npipeline: 4\n");
        assertThat(run("train", "--config", bad.toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("error: " + bad + ":3:1: unknown key 'pipeline'");
    }

    @Test
    void validateTrainingPrintsTheTable() {
        String shared = System.getProperty("nearlight.shared.dir");
        assertThat(run("validate", "training", "--shared", shared))
                .as(err.toString())
                .isEqualTo(0);
        assertThat(out.toString()).contains("| SC21 Table 1 | 1008.0B | 3072 |").contains("median |error|");
    }

    @Test
    void malformedYamlAndBadValuesNameLineAndColumn(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "model: llama3-8b\ntp: eight\n");
        assertThat(run("train", "--config", bad.toString())).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("error: " + bad + ":2:5: tp: 'eight' is not a number");
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "model: [llama3-8b\n");
        err.getBuffer().setLength(0);
        assertThat(run("train", "--config", broken.toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("error: " + broken + ":1:8: model must be a single value");
    }

    @Test
    void tokenBudgetsAndFidelity() {
        assertThat(TrainCommand.parseTokens("15T")).isEqualTo(15e12);
        assertThat(TrainCommand.parseTokens("300B")).isEqualTo(300e9);
        assertThat(TrainCommand.parseTokens("1e12")).isEqualTo(1e12);
        assertThat(run("train", "--model", "llama3-8b", "--tp", "8", "--tokens", "lots"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("tokens: 'lots' is not a positive token count");
        err.getBuffer().setLength(0);
        assertThat(run("train", "--model", "llama3-8b", "--tp", "8", "--fidelity", "flow"))
                .isEqualTo(2);
        assertThat(err.toString()).startsWith("error: fidelity: 'flow' is not available yet");
    }

    @Test
    void textOutputNamesTheHeadlineFigures() {
        assertThat(run(
                        "train",
                        "--model",
                        "megatron-145b",
                        "--gpu",
                        "a100",
                        "--gpus",
                        "1536",
                        "--tp",
                        "8",
                        "--pp",
                        "8",
                        "--gbs",
                        "2304",
                        "--recompute",
                        "full"))
                .as(err.toString())
                .isEqualTo(0);
        assertThat(out.toString())
                .contains("step time")
                .contains("MFU / HFU")
                .contains("starvation")
                .contains("1536 x a100, TP 8 PP 8 (vpp 1) DP 24");
    }
}
