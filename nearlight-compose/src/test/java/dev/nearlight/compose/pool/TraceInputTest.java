package dev.nearlight.compose.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nearlight.core.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceInputTest {
    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        Path f = dir.resolve("trace.csv");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void readsColumnsInAnyOrderAndSortsByArrival() throws IOException {
        Path f = write("# comment\njob_id,gpus,arrival_s,duration_s,cpus,memory_gib,storage_tb\n"
                + "a,8,5,100,64,1000.5,1.25\nb,0,1,10,4,16,0\n");
        JobTrace t = CsvTraceReader.read(f);
        assertThat(t.size()).isEqualTo(2);
        assertThat(t.arrivalS(0)).isEqualTo(1.0);
        assertThat(t.demand(1, ResourceType.GPU)).isEqualTo(8);
        assertThat(t.demand(1, ResourceType.MEMORY)).isEqualTo(1001);
        assertThat(t.demand(1, ResourceType.STORAGE)).isEqualTo(1250);
    }

    @Test
    void missingColumnNamesFileLineAndColumn() throws IOException {
        Path f = write("arrival_s,cpus,gpus,memory_gib,storage_tb\n0,1,0,1,0\n");
        assertThatThrownBy(() -> CsvTraceReader.read(f))
                .isInstanceOf(InputException.class)
                .hasMessage(f + ":1:1: missing column 'duration_s'; the header needs"
                        + " arrival_s,duration_s,cpus,gpus,memory_gib,storage_tb");
    }

    @Test
    void negativeDurationPointsAtTheField() throws IOException {
        Path f = write("arrival_s,duration_s,cpus,gpus,memory_gib,storage_tb\n0,10,1,0,1,0\n3,-5,1,0,1,0\n");
        // line 3, the field "-5" starts at column 3
        assertThatThrownBy(() -> CsvTraceReader.read(f))
                .isInstanceOf(InputException.class)
                .hasMessage(f + ":3:3: duration_s -5 is negative; durations must be >= 0");
    }

    @Test
    void nonNumberAndWrongFieldCount() throws IOException {
        Path f = write("arrival_s,duration_s,cpus,gpus,memory_gib,storage_tb\n0,10,x,0,1,0\n");
        assertThatThrownBy(() -> CsvTraceReader.read(f)).hasMessage(f + ":2:6: cpus 'x' is not a number");
        Path g = write("arrival_s,duration_s,cpus,gpus,memory_gib,storage_tb\n0,10,1,0\n");
        assertThatThrownBy(() -> CsvTraceReader.read(g)).hasMessageContaining(":2:1: expected 6 fields");
        Path e = write("");
        assertThatThrownBy(() -> CsvTraceReader.read(e)).hasMessageContaining(":1:1: empty trace");
    }

    @Test
    void demandLargerThanAnyPool() throws IOException {
        Path f = write("arrival_s,duration_s,cpus,gpus,memory_gib,storage_tb\n0,10,1,0,1,0\n1,10,1,99,1,0\n");
        JobTrace t = CsvTraceReader.read(f);
        // 2 racks x 8 nodes x 8 GPUs = 128 < 99? no: use 1 rack = 64 GPUs
        assertThatThrownBy(() -> t.validateAgainst(ClusterSpec.defaults(1), Placement.FIRST_FIT))
                .isInstanceOf(InputException.class)
                .hasMessage(f + ":3:8: gpu demand 99 GPUs exceeds the largest pool (64 GPUs in 1 racks);"
                        + " lower the demand or raise --racks");
        t.validateAgainst(ClusterSpec.defaults(2), Placement.STATIC);
    }

    @Test
    void syntheticDistributionsAreAsDocumented() {
        SyntheticTrace spec = SyntheticTrace.parse("jobs=200000,rate=2,meanDurationS=100,sigma=0.5");
        JobTrace t = spec.generate(1, ClusterSpec.defaults(4));
        double meanDur = 0;
        for (int i = 0; i < t.size(); i++) {
            meanDur += t.durationS(i);
        }
        meanDur /= t.size();
        // lognormal mean 100 s, sigma 0.5: standard error ~ 100 x sqrt(e^0.25 - 1) / sqrt(2e5) = 0.12 s
        assertThat(meanDur).isCloseTo(100, within(1.0));
        // Poisson at 2 per s: last arrival near n / rate = 100,000 s (sd = sqrt(n) / rate = 224 s)
        assertThat(t.arrivalS(t.size() - 1)).isCloseTo(100_000, within(1500.0));
        assertThatThrownBy(() -> SyntheticTrace.parse("jobs=10,colour=red"))
                .hasMessageContaining("key 'colour' is unknown");
        JobTrace pareto = SyntheticTrace.parse("jobs=1000,duration=pareto,alpha=2,meanDurationS=10")
                .generate(3, ClusterSpec.defaults(2));
        for (int i = 0; i < pareto.size(); i++) {
            assertThat(pareto.durationS(i)).isGreaterThanOrEqualTo(5.0); // x_m = 10 (2 - 1) / 2
        }
    }
}
