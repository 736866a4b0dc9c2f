package dev.nearlight.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nearlight.explore.sweep.LocalSweepEngine;
import dev.nearlight.explore.sweep.SweepFile;
import dev.nearlight.explore.sweep.SweepJob;
import dev.nearlight.explore.sweep.SweepLoader;
import dev.nearlight.explore.sweep.SweepOutcome;
import dev.nearlight.explore.sweep.SweepRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same sweep on the local engine and on Spark {@code local[2]} writes byte-identical results and analysis. One short
 * Spark session (a few seconds) keeps the module's test time small.
 */
class SparkSweepEngineTest {
    @TempDir
    Path dir;

    static final SweepRunner.Listener QUIET = new SweepRunner.Listener() {
        @Override
        public void started(long total, long done) {}

        @Override
        public void progress(long done, long total) {}

        @Override
        public void finished() {}
    };

    @Test
    void sparkLocal2GivesTheLocalEnginesRows() throws IOException {
        String root = System.getProperty("nearlight.root.dir");
        Path examples = root != null ? Path.of(root, "examples") : Path.of("..", "examples");
        Files.copy(examples.resolve("npo-vs-cpo-switches-1k.yaml"), dir.resolve("base.yaml"));
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, """
                name: spark test
                base: base.yaml
                sampling: {method: sobol, points: 24}
                axes:
                  - {path: cluster.fabric.rate, values: [400G, 800G]}
                  - {path: economics.electricityUsdPerKwh, range: [0.05, 0.15]}
                  - {path: "workloads[0].dp", values: [32, 16]}
                objectives: [costPerModelUsd, fabricPowerKw]
                """);
        SweepFile sweep = SweepLoader.load(file);
        SweepJob job = SweepJob.of(sweep, List.of());
        SweepOutcome local =
                SweepRunner.run(job, List.of(), new LocalSweepEngine(2), dir.resolve("local"), false, QUIET);
        SweepOutcome spark =
                SweepRunner.run(job, List.of(), new SparkSweepEngine("local[2]"), dir.resolve("spark"), false, QUIET);
        // a sweep with valid and invalid points (dp 16 does not fill 1,024 GPUs)
        assertThat(local.analysis().invalid()).isPositive();
        assertThat(local.analysis().feasible()).isPositive();
        assertThat(Files.readString(dir.resolve("spark/results.csv")))
                .isEqualTo(Files.readString(dir.resolve("local/results.csv")));
        assertThat(Files.readString(dir.resolve("spark/analysis.json")))
                .isEqualTo(Files.readString(dir.resolve("local/analysis.json")));
        assertThat(spark.analysis()).isEqualTo(local.analysis());
        assertThat(Files.size(dir.resolve("spark/results.parquet")))
                .isEqualTo(Files.size(dir.resolve("local/results.parquet")));
    }
}
