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

class FabricCommandTest {
    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void jsonContractForA16kRailFatTree() throws Exception {
        Result r = run(
                "fabric",
                "--topology",
                "rail-fat-tree",
                "--gpus",
                "16384",
                "--gpus-per-node",
                "8",
                "--switch-radix",
                "64",
                "--rate",
                "400G",
                "--json",
                "--compare-optics");
        assertThat(r.code()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("topology").asText()).isEqualTo("rail-fat-tree");
        assertThat(j.get("gpus").asInt()).isEqualTo(16384);
        assertThat(j.get("nodes").asInt()).isEqualTo(2048);
        // 3 tiers (2048 GPUs max in 2): 64 SUs x 8 leaves = 512 leaves; 16 pods x 32 spines = 512;
        // 32 core groups x ceil(16 x 32 / 64) = 8 -> 256 cores
        assertThat(j.at("/switches/leaf").asInt()).isEqualTo(512);
        assertThat(j.at("/switches/spine").asInt()).isEqualTo(512);
        assertThat(j.at("/switches/core").asInt()).isEqualTo(256);
        assertThat(j.at("/cables/nodeLeaf").asInt()).isEqualTo(16384);
        assertThat(j.at("/cables/leafSpine").asInt()).isEqualTo(16384);
        assertThat(j.at("/cables/spineCore").asInt()).isEqualTo(16384);
        assertThat(j.get("tiers")).hasSize(3);
        for (String f : new String[] {"name", "switches", "linksDown", "linksUp", "medium", "transceivers", "powerW"}) {
            assertThat(j.at("/tiers/0").has(f)).as(f).isTrue();
        }
        for (String f :
                new String[] {"opticsPowerW", "switchPowerW", "hostSerdesPowerW", "capexUsd", "bisectionTbps"}) {
            assertThat(j.get(f).asDouble()).as(f).isPositive();
        }
        // 16384 x 400 G / 2 = 3276.8 Tb/s
        assertThat(j.get("bisectionTbps").asDouble()).isEqualTo(3276.8);
        // the compared optics the catalogue has 400G parts of (no LRO at 400G)
        assertThat(j.get("comparison")).hasSize(4);
        assertThat(j.at("/comparison/3/optics").asText()).isEqualTo("cpo-switch");
        // optics power falls from pluggable to CPO
        assertThat(j.at("/comparison/3/opticsPowerW").asDouble())
                .isLessThan(j.at("/comparison/0/opticsPowerW").asDouble());
    }

    @Test
    void badInputsExitTwoWithOneLine() {
        Result tooMany = run("fabric", "--gpus", "16384", "--tiers", "2");
        assertThat(tooMany.code()).isEqualTo(2);
        assertThat(tooMany.err().strip()).doesNotContain("\n").contains("at most 64 leaves = 2048 GPUs");
        Result partial = run("fabric", "--gpus", "1001");
        assertThat(partial.code()).isEqualTo(2);
        assertThat(partial.err()).contains("use --gpus 1000 or --gpus 1008");
        Result optics = run("fabric", "--gpus", "1024", "--optics", "leafSpine=xpo");
        assertThat(optics.code()).isEqualTo(2);
        assertThat(optics.err()).contains("'xpo' is not a known optics technology");
        Result topo = run("fabric", "--topology", "hypercube", "--gpus", "64");
        assertThat(topo.code()).isEqualTo(2);
        assertThat(topo.err()).contains("use one of rail-fat-tree, fat-tree, torus, dragonfly, pcie");
    }

    @Test
    void specFileWithOverridesAndLineColumnErrors(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("f.yaml");
        Files.writeString(
                spec, "topology: torus\ntorusDims: 4x4x4\ngpus: 64\nrate: 800G\nlayout:\n  nodesPerRack: 8\n");
        Result ok = run("fabric", "--spec", spec.toString(), "--json");
        assertThat(ok.code()).isZero();
        JsonNode j = new ObjectMapper().readTree(ok.out());
        assertThat(j.get("topology").asText()).isEqualTo("torus");
        assertThat(j.at("/cables/torus").asInt()).isEqualTo(192);
        // the option wins over the file: 8x4 holds 32 GPUs, not the file's 64
        Result over = run("fabric", "--spec", spec.toString(), "--torus-dims", "8x4", "--json");
        assertThat(over.code()).isEqualTo(2);
        assertThat(over.err())
                .contains("torus-dims: 8x4 holds 32 GPUs, not the 64 of the fabric (make the product of the sizes"
                        + " equal --gpus)");
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "topology: torus\ngpuz: 64\n");
        Result b = run("fabric", "--spec", bad.toString());
        assertThat(b.code()).isEqualTo(2);
        assertThat(b.err()).contains("bad.yaml:2:1: unknown field 'gpuz'");
        Path badType = dir.resolve("type.yaml");
        Files.writeString(badType, "gpus: many\n");
        Result t = run("fabric", "--spec", badType.toString());
        assertThat(t.code()).isEqualTo(2);
        assertThat(t.err()).contains("type.yaml:1:7");
    }

    @Test
    void otherTopologiesRun() throws Exception {
        Result df = run("fabric", "--topology", "dragonfly", "--gpus", "288", "--switch-radix", "16", "--json");
        assertThat(df.code()).as(df.err()).isZero();
        assertThat(new ObjectMapper().readTree(df.out()).at("/cables/global").asInt())
                .isEqualTo(144);
        Result pcie = run("fabric", "--topology", "pcie", "--hosts", "16", "--json");
        assertThat(pcie.code()).as(pcie.err()).isZero();
        JsonNode p = new ObjectMapper().readTree(pcie.out());
        assertThat(p.get("paths")).hasSize(3);
        Result su = run("fabric", "--gpus", "1024", "--scale-up-domain", "8", "--scale-up-radix", "64", "--json");
        assertThat(su.code()).as(su.err()).isZero();
        assertThat(new ObjectMapper().readTree(su.out()).at("/cables/scaleUp").asInt())
                .isEqualTo(1024 * 18);
    }

    @Test
    void aFieldTheTopologyDoesNotReadIsRefusedInTheTermsItWasGiven(@TempDir Path dir) throws Exception {
        // typed as an option: named as the option
        Result cli = run("fabric", "--gpus", "1024", "--torus-dims", "4x4x4");
        assertThat(cli.code()).isEqualTo(2);
        assertThat(cli.err().strip())
                .isEqualTo("error: torus-dims: 4x4x4 applies to a torus only, but the topology is rail-fat-tree (drop"
                        + " --torus-dims or set --topology torus)");
        // written in a spec file: named by the file and its key, fixed in the file's terms
        Path f = dir.resolve("f.yaml");
        Files.writeString(f, "topology: pcie\nscaleUpBandwidthGBps: 900\n");
        Result file = run("fabric", "--spec", f.toString());
        assertThat(file.code()).isEqualTo(2);
        assertThat(file.err().strip())
                .isEqualTo("error: " + f + ": scaleUpBandwidthGBps: 900.0 applies to a fat tree only, but the topology"
                        + " is pcie (drop scaleUpBandwidthGBps or set topology: rail-fat-tree)");
        // an option that changes the topology makes the file's field apply
        Path t = dir.resolve("t.yaml");
        Files.writeString(t, "gpus: 64\ntorusDims: 4x4x4\n");
        assertThat(run("fabric", "--spec", t.toString(), "--topology", "torus").code())
                .isZero();
    }
}
