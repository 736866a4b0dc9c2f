package dev.nearlight.explore.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nearlight.core.InputException;
import dev.nearlight.explore.compare.Metric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sweeps of the 1,024-GPU example with the real models: rows stream to CSV and Parquet, a sweep interrupted mid-way
 * and then cut mid-line (as a kill leaves it) resumes to exactly the uninterrupted result set, and an invalid design
 * point is reported at the sweep file's axis.
 */
class SweepRunnerTest {
    @TempDir
    Path dir;

    static final String BODY = """
            axes:
              - {path: cluster.fabric.rate, values: [800G, 1.6T]}
              - {path: economics.electricityUsdPerKwh, range: [0.05, 0.15], steps: 3}
              - {path: "alternatives[*].copperWhereReachAllows", values: [true, false]}
            constraints:
              - {metric: escapeFeasible, min: 1}
            objectives: [costPerModelUsd, fabricPowerKw]
            top: 5
            """;

    static final SweepRunner.Listener QUIET = new SweepRunner.Listener() {
        @Override
        public void started(long total, long done) {}

        @Override
        public void progress(long done, long total) {}

        @Override
        public void finished() {}
    };

    @Test
    void resumedSweepEqualsAnUninterruptedOne() throws IOException {
        Path file = SweepTestFiles.write(dir, BODY);
        SweepFile sweep = SweepLoader.load(file);
        SweepJob job = SweepJob.of(sweep, List.of());
        Path full = dir.resolve("full");
        SweepOutcome whole = SweepRunner.run(job, List.of(), new LocalSweepEngine(2), full, false, QUIET);
        assertThat(whole.totalPoints()).isEqualTo(12);
        assertThat(whole.analysis().rows()).isEqualTo(24);
        List<String> lines = Files.readAllLines(full.resolve("results.csv"));
        assertThat(lines).hasSize(25);
        assertThat(lines.get(0)).startsWith("point,alternative,workload,cluster.fabric.rate,");

        // interrupt after 5 points, then leave a half-written line as a kill would
        Path part = dir.resolve("part");
        SweepEngine dies = new SweepEngine() {
            @Override
            public String name() {
                return "local";
            }

            @Override
            public void run(SweepJob j, long from, long to, PointSink sink) throws IOException {
                new LocalSweepEngine(2).run(j, from, to, r -> {
                    if (r.point() == 5) {
                        throw new IllegalStateException("killed");
                    }
                    sink.accept(r);
                });
            }
        };
        assertThatThrownBy(() -> SweepRunner.run(job, List.of(), dies, part, false, QUIET))
                .hasMessage("killed");
        Files.writeString(part.resolve("results.csv"), "5,npo-swi", StandardOpenOption.APPEND);
        assertThat(Files.exists(part.resolve("results.parquet"))).isFalse();
        assertThatThrownBy(() -> SweepRunner.run(job, List.of(), new LocalSweepEngine(1), part, false, QUIET))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("add --resume");

        SweepOutcome resumed = SweepRunner.run(job, List.of(), new LocalSweepEngine(1), part, true, QUIET);
        assertThat(resumed.resumedFrom()).isEqualTo(5);
        assertThat(Files.readString(part.resolve("results.csv")))
                .isEqualTo(Files.readString(full.resolve("results.csv")));
        assertThat(resumed.analysis()).isEqualTo(whole.analysis());
        assertThat(Files.readString(part.resolve("analysis.json")))
                .isEqualTo(Files.readString(full.resolve("analysis.json")));
        try (ParquetFileReader r = ParquetFileReader.open(
                new LocalInputFile(part.resolve("results.parquet")),
                ParquetReadOptions.builder(new PlainParquetConfiguration()).build())) {
            assertThat(r.getRecordCount()).isEqualTo(24);
            assertThat(r.getFooter().getFileMetaData().getSchema().getFieldCount())
                    .isEqualTo(3 + 3 + Metric.values().length + 3);
        }
        String manifest = Files.readString(part.resolve("manifest.json"));
        assertThat(manifest).contains("\"catalogueSha256\" : \"" + whole.catalogueSha256() + "\"");
        assertThat(Files.readString(part.resolve("sweep.yaml"))).isEqualTo(Files.readString(file));
    }

    @Test
    void rowsCarryTheModelsNumbers() throws IOException {
        SweepFile sweep = SweepLoader.load(SweepTestFiles.write(dir, BODY));
        PointEvaluator ev = new PointEvaluator(sweep, List.of());
        List<DesignPoint> points = new Sampler(sweep).points(0, 12);
        PointResult cheap = ev.evaluate(points.get(0)); // 800G, 0.05 USD/kWh, copper
        PointResult dear = ev.evaluate(points.get(4)); // 800G, 0.15 USD/kWh, copper
        assertThat(cheap.rows()).extracting(SweepRow::alternative).containsExactly("npo-switches", "cpo-switches");
        for (int i = 0; i < 2; i++) {
            SweepRow a = cheap.rows().get(i);
            SweepRow b = dear.rows().get(i);
            assertThat(a.ok()).as(a.message()).isTrue();
            // electricity changes opex only: same capex and power, higher TCO
            assertThat(b.value(Metric.CAPEX)).isEqualTo(a.value(Metric.CAPEX));
            assertThat(b.value(Metric.FABRIC_POWER)).isEqualTo(a.value(Metric.FABRIC_POWER));
            assertThat(b.value(Metric.TCO)).isGreaterThan(a.value(Metric.TCO));
            assertThat(a.feasible()).isEqualTo(a.value(Metric.ESCAPE_FEASIBLE) >= 1);
        }
    }

    @Test
    void anInvalidPointIsLocatedAtItsAxis() throws IOException {
        SweepFile sweep = SweepLoader.load(SweepTestFiles.write(dir, """
                axes:
                  - {path: "workloads[0].dp", values: [32, 16]}
                objectives: [costPerModelUsd]
                """));
        PointResult r = new PointEvaluator(sweep, List.of())
                .evaluate(new Sampler(sweep).points(1, 2).get(0));
        assertThat(r.rows()).hasSize(1);
        SweepRow row = r.rows().get(0);
        assertThat(row.status()).isEqualTo(SweepRow.INVALID);
        assertThat(row.message())
                .isEqualTo(dir.resolve("s.yaml") + ":4:5: axes[0] workloads[0].dp = 16 at point 1: workloads[0].dp:"
                        + " tp x pp x dp x cp = 8 x 4 x 16 x 1 = 512 differs from the cluster's 1024 GPUs (use dp: 32 or"
                        + " omit dp)");
    }
}
