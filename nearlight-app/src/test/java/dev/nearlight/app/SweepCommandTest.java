package dev.nearlight.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nearlight sweep} end to end on a small grid over the 1,024-GPU example: the summary, the files, the offline
 * report, resume refusal, and the located errors (including {@code --engine spark} without the Spark jar).
 */
class SweepCommandTest {
    @TempDir
    Path dir;

    private Path sweep() throws IOException {
        String root = System.getProperty("nearlight.root.dir");
        Path examples = root != null ? Path.of(root, "examples") : Path.of("..", "examples");
        Files.copy(examples.resolve("npo-vs-cpo-switches-1k.yaml"), dir.resolve("base.yaml"));
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, """
                name: small grid
                base: base.yaml
                axes:
                  - {path: cluster.fabric.rate, values: [800G]}
                  - {path: economics.electricityUsdPerKwh, range: [0.05, 0.15], steps: 4}
                objectives: [costPerModelUsd, fabricPowerKw]
                top: 3
                """);
        return f;
    }

    @Test
    void writesResultsReportAndSummary() throws IOException {
        Path out = dir.resolve("out");
        CliRunner.Result r = CliRunner.run("sweep", sweep().toString(), "--out", out.toString(), "--threads", "2");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("4 design points (grid, seed 7), 8 rows: 8 feasible, 0 invalid, 0 infeasible")
                .contains("Top 3 on costPerModelUsd:");
        assertThat(r.err()).contains("sweep: 4 points evaluated in");
        assertThat(Files.readAllLines(out.resolve("results.csv"))).hasSize(9);
        for (String f : new String[] {"results.parquet", "analysis.json", "manifest.json", "sweep.yaml", "base.yaml"}) {
            assertThat(out.resolve(f)).isRegularFile();
        }
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html)
                .contains("id=\"nearlight-data\"")
                .contains("echarts")
                .doesNotContain("@@")
                .doesNotContain("src=\"http");

        CliRunner.Result again = CliRunner.run("sweep", dir.resolve("s.yaml").toString(), "--out", out.toString());
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).startsWith("error: --out " + out + ": already holds a sweep (add --resume");
        CliRunner.Result resumed =
                CliRunner.run("sweep", dir.resolve("s.yaml").toString(), "--out", out.toString(), "--resume");
        assertThat(resumed.exit()).as(resumed.err()).isZero();
        assertThat(resumed.err()).contains("sweep: 0 points evaluated");
        assertThat(resumed.out()).isEqualTo(r.out());
    }

    @Test
    void badInputIsOneLocatedLine() throws IOException {
        Path f = sweep();
        Files.writeString(f, Files.readString(f).replace("objectives: [costPerModelUsd", "objectives: [costPerModel"));
        CliRunner.Result r =
                CliRunner.run("sweep", f.toString(), "--out", dir.resolve("o").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: " + f + ":6:14: objectives[0]: unknown metric 'costPerModel'");
        assertThat(r.err().lines()).hasSize(1);
    }

    @Test
    void sparkIsNotInTheAppJar() throws IOException {
        CliRunner.Result r = CliRunner.run(
                "sweep", sweep().toString(), "--out", dir.resolve("o").toString(), "--engine", "spark");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: --engine spark: the Spark engine is not on the class path");
        // neither Spark nor its Log4j 2 binding reach the app's class path
        assertThatThrownBy(() -> Class.forName("org.apache.spark.SparkContext"))
                .isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("org.apache.logging.slf4j.SLF4JServiceProvider"))
                .isInstanceOf(ClassNotFoundException.class);
    }
}
