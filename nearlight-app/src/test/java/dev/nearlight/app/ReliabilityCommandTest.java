package dev.nearlight.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ReliabilityCommandTest {
    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void jsonContractForACompareRunInAnalyticalMode() throws Exception {
        Run r = run("reliability", "--compare-optics", "--gpus", "2048", "--mode", "analytical", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertThat(root.get("fabric").get("tiers").asInt()).isEqualTo(2);
        assertThat(root.get("fabric").get("switches").get("leaf").asInt()).isEqualTo(64);
        JsonNode alts = root.get("alternatives");
        assertThat(alts).hasSize(9);
        for (JsonNode a : alts) {
            for (String f : new String[] {
                "fabricAvailability",
                "jobAvailability",
                "interruptionsPerDay",
                "gpuHoursLostPerYear",
                "repairCostUsdPerYear",
                "effectiveTimeToTrainDays",
                "ettr",
                "goodput"
            }) {
                assertThat(a.get(f).isNumber()).as(f).isTrue();
                // analytical: zero-width interval at the value
                assertThat(a.get("ci95").get(f).get(0).asDouble())
                        .isEqualTo(a.get(f).asDouble());
            }
            assertThat(a.get("jobAvailability").asDouble()).isBetween(0.0, 1.0);
            // goodput <= ETTR <= 1, and the unexpected interruptions are the sum of their categories
            assertThat(a.get("goodput").asDouble())
                    .isLessThanOrEqualTo(a.get("ettr").asDouble());
            assertThat(a.get("ettr").asDouble()).isBetween(0.0, 1.0);
            JsonNode cat = a.get("interruptionsPerDayByCategory");
            assertThat(cat.get("gpu").asDouble()
                            + cat.get("network").asDouble()
                            + cat.get("host").asDouble()
                            + cat.get("software").asDouble())
                    .isCloseTo(a.get("interruptionsPerDay").asDouble(), within(1e-9));
        }
        // 9 technologies x 8 cases
        assertThat(root.get("sensitivity")).hasSize(72);
        JsonNode first = root.get("sensitivity").get(0);
        assertThat(first.get("optics").asText()).isEqualTo("pluggable");
        assertThat(first.get("parameter").asText()).isEqualTo("laserFitFactor");
        assertThat(first.get("value").asDouble()).isEqualTo(0.5);
        // halving the laser FIT cannot raise the interruption rate
        assertThat(first.get("interruptionsPerDay").asDouble())
                .isLessThan(alts.get(0).get("interruptionsPerDay").asDouble());
    }

    @Test
    void monteCarloJsonHasConfidenceIntervalsAroundTheMean() throws Exception {
        Run r = run(
                "reliability", "--optics", "cpo", "--gpus", "1024", "--replications", "40", "--seed", "7", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode a = new ObjectMapper().readTree(r.out()).get("alternatives").get(0);
        assertThat(a.get("optics").asText()).isEqualTo("cpo");
        double mean = a.get("gpuHoursLostPerYear").asDouble();
        JsonNode ci = a.get("ci95").get("gpuHoursLostPerYear");
        assertThat(ci.get(0).asDouble()).isLessThan(mean);
        assertThat(ci.get(1).asDouble()).isGreaterThan(mean);
        // same seed, same output
        assertThat(run(
                                "reliability",
                                "--optics",
                                "cpo",
                                "--gpus",
                                "1024",
                                "--replications",
                                "40",
                                "--seed",
                                "7",
                                "--json",
                                "--threads",
                                "1")
                        .out())
                .isEqualTo(r.out());
        double lost = a.get("gpuHoursLostPerYear").asDouble();
        JsonNode b = a.get("gpuHoursLostPerYearBreakdown");
        assertThat(b.get("rework").asDouble()
                        + b.get("restart").asDouble()
                        + b.get("waitingForRepair").asDouble()
                        + b.get("degraded").asDouble()
                        + b.get("stalledByFlaps").asDouble())
                .isCloseTo(lost, within(lost * 1e-9));
    }

    @Test
    void textOutputHasTheTableAndTheSensitivity() {
        Run r = run("reliability", "--optics", "npo", "--gpus", "1024", "--mode", "analytical");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("npo").contains("laser FIT x4").contains("repair time x0.5");
    }

    @Test
    void inventoryFileReplacesTheFatTreeOptions(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path f = dir.resolve("inv.yaml");
        java.nio.file.Files.writeString(
                f,
                String.join(
                        "\n",
                        "gpus: 1024",
                        "railOptimized: true",
                        "node: {gpusPerNode: 8, nics: 8, rails: 8, opticalEngines: 0, portsPerEngine: 0,"
                                + " laserSources: 0, portsPerLaserSource: 0}",
                        "switchTiers:",
                        "  - {name: leaf, switches: 32, portsPerSwitch: 64, portRateGbps: 1600, hostPorts: 32,"
                                + " packaging: cages, enginesPerSwitch: 0, portsPerEngine: 0,"
                                + " laserSourcesPerSwitch: 0, portsPerLaserSource: 0}",
                        "  - {name: spine, switches: 16, portsPerSwitch: 64, portRateGbps: 1600, hostPorts: 0,"
                                + " packaging: cages, enginesPerSwitch: 0, portsPerEngine: 0,"
                                + " laserSourcesPerSwitch: 0, portsPerLaserSource: 0}",
                        "linkTiers:",
                        "  - {name: nic-leaf, links: 1024, hostFacing: true, upperSwitchTier: 0, medium: optical,"
                                + " rateGbps: 1600, meanLengthM: 20, lower: {technology: pluggable-dsp-dr, part:"
                                + " module}, upper: {technology: pluggable-dsp-dr, part: module}}",
                        "  - {name: leaf-spine, links: 1024, hostFacing: false, upperSwitchTier: 1, medium: optical,"
                                + " rateGbps: 1600, meanLengthM: 50, lower: {technology: pluggable-dsp-dr, part:"
                                + " module}, upper: {technology: pluggable-dsp-dr, part: module}}",
                        ""));
        Run r = run("reliability", "--inventory", f.toString(), "--mode", "analytical", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertThat(root.get("fabric").get("switches").get("spine").asInt()).isEqualTo(16);
        // the file's own parts are evaluated when no --optics is given
        assertThat(root.get("alternatives").get(0).get("optics").asText()).isEqualTo("inventory");
        // the same counts as the fabric module's rail fat tree for 1024 GPUs at radix 64, so the same answer
        Run same = run("reliability", "--gpus", "1024", "--mode", "analytical", "--json");
        JsonNode other = new ObjectMapper().readTree(same.out());
        assertThat(root.get("alternatives").get(0).get("jobAvailability").asDouble())
                .isEqualTo(
                        other.get("alternatives").get(0).get("jobAvailability").asDouble());
        Run both = run("reliability", "--inventory", f.toString(), "--gpus", "2048");
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err().strip())
                .isEqualTo("error: --gpus cannot be combined with --inventory: the file gives the fabric");
        java.nio.file.Path bad = dir.resolve("bad.yaml");
        java.nio.file.Files.writeString(bad, "gpus: 1024\ngpusPerNode: 7\n");
        Run badRun = run("reliability", "--inventory", bad.toString(), "--mode", "analytical");
        assertThat(badRun.code()).isEqualTo(2);
        assertThat(badRun.err()).startsWith("error: " + bad + " line ");
    }

    @Test
    void fabricOptionsFileAndCoolantReachTheModel(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        Run r = run(
                "reliability",
                "--gpus",
                "2048",
                "--coolant-c",
                "45",
                "--optics",
                "pluggable",
                "--mode",
                "analytical",
                "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertThat(root.get("fabric").get("source").asText()).isEqualTo("rail-fat-tree built by the fabric module");
        assertThat(root.get("fabric").get("rateGbps").asDouble()).isEqualTo(1600.0);
        JsonNode lm = root.get("alternatives").get(0).get("linkModel");
        assertThat(lm.get("technology").asText()).isEqualTo("pluggable-dsp-dr-1.6t");
        // case = 45 + 28.004893 W x 1.0 K/W + 0.095484 = 73.100377 C; laser + 5 K (DefaultClusterFactoryTest)
        assertThat(lm.get("laserTempC").asDouble()).isCloseTo(78.100377, org.assertj.core.api.Assertions.within(1e-5));
        java.nio.file.Path f = dir.resolve("fabric.yaml");
        java.nio.file.Files.writeString(f, "gpus: 1024\nrate: 1.6T\n");
        Run file = run("reliability", "--fabric", f.toString(), "--mode", "analytical", "--json");
        assertThat(file.code()).as(file.err()).isZero();
        JsonNode fr = new ObjectMapper().readTree(file.out());
        assertThat(fr.get("fabric").get("gpus").asInt()).isEqualTo(1024);
        assertThat(fr.get("fabric").get("source").asText()).startsWith("fabric file " + f);
        // optics per link class: the built fabric's parts as they are (what compare evaluates for that alternative)
        Run perClass =
                run("reliability", "--gpus", "1024", "--optics", "nodeLeaf=npo", "--mode", "analytical", "--json");
        assertThat(perClass.code()).as(perClass.err()).isZero();
        JsonNode pc =
                new ObjectMapper().readTree(perClass.out()).get("alternatives").get(0);
        assertThat(pc.get("optics").asText()).isEqualTo("inventory");
        assertThat(pc.get("label").asText()).isEqualTo("parts of the built fabric");
        Run mixed = run("reliability", "--compare-optics", "--optics", "nodeLeaf=npo", "--mode", "analytical");
        assertThat(mixed.code()).isEqualTo(2);
        assertThat(mixed.err()).startsWith("error: --optics 'nodeLeaf=npo': reliability takes one technology");
        Run torus = run(
                "reliability", "--topology", "torus", "--torus-dims", "8x8", "--gpus", "64", "--mode", "analytical");
        assertThat(torus.code()).as(torus.err()).isEqualTo(2);
        assertThat(torus.err()).contains("use rail-fat-tree or fat-tree");
    }

    @Test
    void helpFormatsCleanly() {
        // picocli reports an unformattable description (a bare '%') on System.err, not on the command's writer
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        Run r;
        try {
            System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
            r = run("reliability", "--help");
        } finally {
            System.setErr(saved);
        }
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("95 % CIs").doesNotContain("%%").contains("--compare-optics");
        assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("Could not format");
    }

    @Test
    void compareOpticsAt400GLeavesOutPresetsTheCatalogueLacksAndSaysWhy() throws Exception {
        // the catalogue has no LRO and no NPO-ELS part at 400G: those two presets are left out, the rest compared
        Run r = run(
                "reliability",
                "--compare-optics",
                "--gpus",
                "2048",
                "--rate",
                "400G",
                "--mode",
                "analytical",
                "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertThat(root.get("skipped").has("lro")).isTrue();
        assertThat(root.get("skipped").get("lro").asText()).contains("no lro part at 400G");
        java.util.List<String> names = new java.util.ArrayList<>();
        root.get("alternatives").forEach(a -> names.add(a.get("optics").asText()));
        assertThat(names).contains("pluggable", "lpo", "npo", "cpo").doesNotContain("lro");
        assertThat(names.size() + root.get("skipped").size()).isEqualTo(9);
        Run text = run("reliability", "--compare-optics", "--gpus", "2048", "--rate", "400G", "--mode", "analytical");
        assertThat(text.code()).as(text.err()).isZero();
        assertThat(text.out()).contains("left out: lro (");
        // asked for alone, the same preset is still the user's one-line error
        Run alone = run("reliability", "--optics", "lro", "--gpus", "2048", "--rate", "400G", "--mode", "analytical");
        assertThat(alone.code()).isEqualTo(2);
        assertThat(alone.err()).contains("no lro part at 400G").doesNotContain("Exception");
    }

    @Test
    void unknownOpticsIsOneLineWithTheClosestIds() {
        Run r = run("reliability", "--optics", "pluggabel", "--mode", "analytical");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip())
                .isEqualTo(
                        "error: --optics 'pluggabel' unknown: use one of pluggable, lpo, lro, npo, npo-switch, npo-els,"
                                + " cpo, cpo-switch, copper (closest: pluggable)");
    }

    @Test
    void badNumbersAreOneLineErrors() {
        Run years = run("reliability", "--years", "-1");
        assertThat(years.code()).isEqualTo(2);
        assertThat(years.err().strip()).isEqualTo("error: --years -1 out of range: use (0, 100]");
        Run tiers = run("reliability", "--gpus", "16384", "--tiers", "2", "--mode", "analytical");
        assertThat(tiers.code()).isEqualTo(2);
        assertThat(tiers.err().strip())
                .isEqualTo("error: gpus: 16384 GPUs need 512 leaves but 2 tiers of radix 64 connect at most 64"
                        + " leaves = 2048 GPUs non-blocking (use --tiers 3 (up to 65536 GPUs) or a larger"
                        + " --switch-radix)");
        Run mode = run("reliability", "--mode", "exact");
        assertThat(mode.err().strip()).isEqualTo("error: --mode 'exact' unknown: use montecarlo or analytical");
    }
}
