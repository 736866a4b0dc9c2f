package dev.nearlight.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DisaggPoolCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void latencyJsonContract() throws Exception {
        int rc = run(
                "disagg",
                "latency",
                "--tech",
                "cxl3-optical",
                "--distance-m",
                "30",
                "--switch-levels",
                "1",
                "--retimers",
                "2",
                "--json");
        assertThat(rc).as(err.toString()).isZero();
        JsonNode j = new ObjectMapper().readTree(out.toString());
        // hand sum in DisaggModelTest: 186 + 2 x 323 = 832 ns
        assertThat(j.get("totalNs").asDouble()).isEqualTo(832.0);
        assertThat(j.get("breakdownNs").get("propagation").asDouble()).isEqualTo(294.0);
        assertThat(j.get("bandwidthGBps").asDouble()).isEqualTo(121.0);
        assertThat(j.get("addedNsVsLocalDram").asDouble()).isEqualTo(732.0);
        // cxl3-optical is linear optics: the catalogue has no entry, so the table gives the power
        assertThat(j.get("linkPowerSource").asText()).startsWith("table:");
    }

    @Test
    void latencyPowerComesFromTheLinkModelWhereTheCatalogueHasTheTechnology() throws Exception {
        int rc = run(
                "disagg",
                "latency",
                "--tech",
                "pcie6-optical-retimed",
                "--distance-m",
                "30",
                "--switch-levels",
                "1",
                "--retimers",
                "2",
                "--json");
        assertThat(rc).as(err.toString()).isZero();
        JsonNode j = new ObjectMapper().readTree(out.toString());
        // CatalogueLinkPowerTest: 38.209786 (pcie6-x16-optical at 30 m) + 10.24 (one more link's PHYs)
        // + 2 x 20.48 (electrical retimers from the table) = 89.409786 W
        assertThat(j.get("linkPowerW").asDouble()).isCloseTo(89.409786, org.assertj.core.api.Assertions.within(1e-5));
        assertThat(j.get("linkPowerSource").asText()).startsWith("link model: pcie6-x16-optical");
    }

    @Test
    void workloadJsonByHand() throws Exception {
        assertThat(run("disagg", "workload", "--distance-m", "30", "--json")).isZero();
        JsonNode j = new ObjectMapper().readTree(out.toString());
        // pool: 186 + 2 x (2 x 12 + 120 + 2 + 147) = 772 ns; 64 cores x 10 x 64 B / 772 ns = 53.06 GB/s (< 121)
        // stretch = (0.5 / 307 + 0.5 / 53.06) x 307; slowdown = 0.7 + 0.3 x stretch
        double xp = 64 * 10 * 64 / 772.0;
        assertThat(j.get("poolLatencyNs").asDouble()).isEqualTo(772.0);
        assertThat(j.get("poolLatencyBound").asBoolean()).isTrue();
        assertThat(j.get("memorySlowdown").asDouble())
                .isCloseTo(0.7 + 0.3 * (0.5 + 0.5 * 307 / xp), org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void reachJsonHasARowPerTechAndDepth() throws Exception {
        assertThat(run("disagg", "reach", "--budget-ns", "250", "--json")).isZero();
        JsonNode j = new ObjectMapper().readTree(out.toString());
        // 5 generations x 3 media x 3 depths (0..2)
        assertThat(j.get("rows")).hasSize(45);
    }

    @Test
    void poolCompareJsonContract() throws Exception {
        int rc = run(
                "pool",
                "simulate",
                "--racks",
                "2",
                "--synthetic",
                "jobs=500,load=0.5",
                "--compare",
                "--seed",
                "9",
                "--json",
                "--plan-max-racks",
                "8");
        assertThat(rc).as(err.toString()).isZero();
        JsonNode j = new ObjectMapper().readTree(out.toString());
        assertThat(j.get("policies")).hasSize(2);
        for (JsonNode p : j.get("policies")) {
            assertThat(p.get("utilization").has("gpu")).isTrue();
            assertThat(p.get("strandedFraction").has("memory")).isTrue();
            assertThat(p.has("meanWaitS") && p.has("p99WaitS") && p.has("rejectedJobs"))
                    .isTrue();
            assertThat(p.get("hardwareNeeded").get("racks").asDouble()).isPositive();
            assertThat(p.get("capexUsd").asDouble()).isPositive();
        }
        assertThat(j.get("policies").get(0).get("policy").asText()).isEqualTo("static");
    }

    @Test
    void badTraceIsOneLineExitTwo() throws Exception {
        Path f = dir.resolve("bad.csv");
        Files.writeString(f, "arrival_s,duration_s,cpus,gpus,memory_gib,storage_tb\n0,-1,1,0,1,0\n");
        assertThat(run("pool", "simulate", "--trace", f.toString())).isEqualTo(2);
        assertThat(err.toString().strip())
                .isEqualTo("error: " + f + ":2:3: duration_s -1 is negative; durations must be >= 0");
        assertThat(run("disagg", "latency", "--tech", "pcie6-copper", "--distance-m", "30"))
                .isEqualTo(2);
    }
}
