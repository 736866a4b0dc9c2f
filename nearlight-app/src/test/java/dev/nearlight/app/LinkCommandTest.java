package dev.nearlight.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LinkCommandTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    /** Compares with a golden file; {@code -Dnearlight.golden.update=true} rewrites it. */
    private static void golden(String name, String actual) throws IOException {
        Path f = GOLDEN.resolve(name);
        if (Boolean.getBoolean("nearlight.golden.update")) {
            Files.writeString(f, actual);
        }
        assertThat(actual).isEqualTo(Files.readString(f));
    }

    @Test
    void compareTableAt16TMatchesTheGoldenOutput() throws IOException {
        CliRunner.Result r = CliRunner.run("link", "--compare", "--rate", "1.6T");
        assertThat(r.exit()).isZero();
        golden("link-compare-1.6t.txt", r.out());
    }

    @ParameterizedTest
    @MethodSource("fabricFamilies")
    void fabricOpticsFamiliesNameThePartTheFabricBuilds(String family, String rate, String part) throws IOException {
        // the names fabric --optics and scenarios use resolve to the part the fabric builder picks at that rate
        CliRunner.Result r = CliRunner.run("link", "--tech", family, "--rate", rate, "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode n = new ObjectMapper().readTree(r.out());
        JsonNode link = n.isArray() ? n.get(0) : n;
        assertThat(link.get("technology").asText()).isEqualTo(part);
    }

    static Stream<Arguments> fabricFamilies() {
        return Stream.of(
                Arguments.of("pluggable-dsp", "400G", "pluggable-dsp-dr-400g"),
                Arguments.of("pluggable-dsp-fr", "400G", "pluggable-dsp-fr-400g"),
                Arguments.of("cpo", "1.6T", "cpo-els-1.6t"),
                Arguments.of("cpo", "400G", "cpo-els-400g"));
    }

    @Test
    void aFabricFamilyWithoutAPartAtTheRateIsALocatedError() {
        CliRunner.Result r = CliRunner.run("link", "--tech", "npo-els", "--rate", "200G");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .startsWith("error: rate: the catalogue has no npo-els part at 200G")
                .doesNotContain("Exception");
    }

    @Test
    void compareAt400GShowsReal400GPartsWithModuleAndLinkPower() throws IOException {
        CliRunner.Result r = CliRunner.run("link", "--compare", "--rate", "400G", "--reach-m", "30", "--json");
        assertThat(r.exit()).isZero();
        JsonNode n = new ObjectMapper().readTree(r.out());
        List<String> ids = new java.util.ArrayList<>();
        for (JsonNode link : n) {
            ids.add(link.get("technology").asText());
            assertThat(link.get("dataRateGbps").asDouble()).isEqualTo(400);
            assertThat(link.get("reachSource").asText()).isEqualTo("caller");
            assertThat(link.get("powerBoundary").asText()).startsWith("LINK");
            // link = 2 modules + 2 host SerDes ends (+ board retimers, none by default) + lasers outside the module
            // (an external laser source's share: the ELS technologies' module figure is the engine alone)
            double externalLasers = link.get("technology").asText().contains("-els-")
                    ? link.get("powerBreakdownW").get("laser").asDouble()
                    : 0;
            assertThat(link.get("powerW").asDouble())
                    .isCloseTo(
                            2 * link.get("modulePowerW").asDouble()
                                    + 2 * link.get("hostSerdesPowerWPerEnd").asDouble()
                                    + externalLasers,
                            org.assertj.core.api.Assertions.within(1e-3));
        }
        assertThat(ids)
                .containsExactly(
                        "dac-400g",
                        "aec-400g",
                        "pluggable-dsp-dr-400g",
                        "pluggable-dsp-fr-400g",
                        "lpo-400g",
                        "npo-400g",
                        "cpo-400g",
                        "cpo-els-400g");
        // NVIDIA MMS4X00-NS400 400G DR4: 9 W per module, as the datasheet quotes it
        assertThat(n.get(2).get("modulePowerW").asDouble())
                .isCloseTo(9.0, org.assertj.core.api.Assertions.within(0.01));
        assertThat(n.get(2).get("modulePowerBoundary").asText()).startsWith("MODULE");
        CliRunner.Result text = CliRunner.run("link", "--compare", "--rate", "400G");
        assertThat(text.out()).contains("length: each technology's catalogue default length");
    }

    @Test
    void singleLinkTableMatchesTheGoldenOutput() throws IOException {
        CliRunner.Result r = CliRunner.run("link", "--tech", "npo", "--rate", "1.6T");
        assertThat(r.exit()).isZero();
        golden("link-npo-1.6t.txt", r.out());
    }

    @Test
    void infeasibleLinkExplainsWhy() throws IOException {
        CliRunner.Result r = CliRunner.run(
                "link", "--tech", "pluggable-dsp-dr-1.6t", "--trace-mm", "254", "--laminate", "megtron-6");
        assertThat(r.exit()).isZero();
        golden("link-dsp-10in-megtron6.txt", r.out());
        assertThat(r.out()).contains("feasible: NO").contains("add a retimer");
    }

    @Test
    void jsonObjectHasTheDocumentedContract() throws IOException {
        CliRunner.Result r = CliRunner.run("link", "--tech", "cpo-els-1.6t", "--json");
        assertThat(r.exit()).isZero();
        JsonNode n = new ObjectMapper().readTree(r.out());
        for (String f : List.of(
                "technology",
                "dataRateGbps",
                "feasible",
                "reasons",
                "powerW",
                "energyPjPerBit",
                "powerBreakdownW",
                "latencyNs",
                "latencyBreakdownNs",
                "hostLossDb",
                "serdesClass",
                "electricalMarginDb",
                "opticalMarginDb",
                "preFecBer",
                "engineTempC",
                "laserFit",
                "linkAfrPercent",
                "costUsd",
                "costUsdPerGbps",
                "shorelineGbpsPerMm")) {
            assertThat(n.has(f)).as(f).isTrue();
        }
        assertThat(n.get("technology").asText()).isEqualTo("cpo-els-1.6t");
        assertThat(n.get("feasible").asBoolean()).isTrue();
        assertThat(n.get("serdesClass").get("near").asText()).isEqualTo("xsr-224");
        assertThat(n.get("powerBreakdownW").fieldNames())
                .toIterable()
                .containsExactly("hostSerdes", "dspRetimer", "driverTiaModulator", "laser");
        golden("link-cpo-1.6t.json", r.out());
    }

    @Test
    void compareJsonIsAnArrayOfEveryTechnologyAtTheRate() throws IOException {
        CliRunner.Result r = CliRunner.run("link", "--compare", "--rate", "800G", "--reach-m", "2", "--json");
        assertThat(r.exit()).isZero();
        JsonNode n = new ObjectMapper().readTree(r.out());
        assertThat(n.isArray()).isTrue();
        assertThat(n.size()).isEqualTo(10);
        for (JsonNode link : n) {
            assertThat(link.get("dataRateGbps").asDouble()).isEqualTo(800);
            assertThat(link.get("reachM").asDouble()).isEqualTo(2);
        }
        // copper at 2 m: DAC within reach at 800G
        assertThat(n.get(0).get("technology").asText()).isEqualTo("dac-800g");
        assertThat(n.get(0).get("opticalMarginDb").isNull()).isTrue();
    }

    @Test
    void catalogueOverrideChangesTheResult(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("hot.yaml");
        Files.writeString(f, """
                cooling:
                  - id: air
                    name: hot aisle
                    type: AIR
                    defaultCoolantC: {value: 45, min: 18, max: 45, unit: C, source: test, confidence: low}
                    selfResistanceKPerW: {value: 1.0, min: 0.6, max: 1.5, unit: K/W, source: test, confidence: low}
                    mutualResistanceKPerW: {value: 0.03, min: 0.01, max: 0.05, unit: K/W, source: t, confidence: low}
                    couplingLengthMm: {value: 40, min: 20, max: 80, unit: mm, source: test, confidence: low}
                """);
        CliRunner.Result r = CliRunner.run("link", "--tech", "pluggable-dsp-dr-1.6t", "--catalogue", f.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("feasible: NO").contains("thermal: case 73.1 C exceeds the 70 C limit");
    }

    @Test
    void endpointReportsEscapeBandwidthAndSetsTheAsicPower() throws IOException {
        CliRunner.Result r = CliRunner.run("link", "--tech", "cpo-els-3.2t", "--endpoint", "switch-102.4t", "--json");
        assertThat(r.exit()).isZero();
        JsonNode n = new ObjectMapper().readTree(r.out());
        // engine substrate perimeter 4 * 183 mm / (3200/140 mm per port) = 32.02 -> 32 ports * 3.2T = the SerDes
        assertThat(n.get("maxEscapeGbps").asDouble()).isEqualTo(102_400);
        assertThat(n.get("endpoint").asText()).isEqualTo("switch-102.4t");
        CliRunner.Result t = CliRunner.run("link", "--compare", "--rate", "1.6T", "--endpoint", "switch-51.2t");
        assertThat(t.out())
                .contains("max escape bandwidth of switch-51.2t")
                .contains("pluggable-dsp-dr-1.6t     51.2 Tb/s");
        CliRunner.Result bad = CliRunner.run("link", "--tech", "npo", "--endpoint", "b300");
        assertThat(bad.exit()).isEqualTo(2);
        // one edit away: gb300 (insertion, listed first) and b200 (substitution)
        assertThat(bad.err()).startsWith("error: --endpoint: unknown endpoint 'b300' (closest: gb300, b200");
    }

    @Test
    void malformedCatalogueForLinkNamesFileLineColumnAndField(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, "lasers:\n  - id: x\n    colour: red\n");
        CliRunner.Result r = CliRunner.run("link", "--tech", "npo", "--catalogue", f.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo("error: " + f + ":3:5: lasers[0].colour: unknown field (closest: " + "id, name, placement)"
                        + System.lineSeparator());
    }

    static Stream<Arguments> badInputs() {
        return Stream.of(
                Arguments.of(
                        List.of("link", "--tech", "npx"),
                        "error: --tech: unknown technology 'npx' (closest: npo-1.6t, npo-3.2t, npo-400g)"),
                Arguments.of(
                        List.of("link", "--tech", "npo", "--laminate", "megtron7"),
                        "error: --laminate: unknown laminate 'megtron7' (closest: megtron-7, megtron-6, megtron-8u)"),
                Arguments.of(
                        List.of("link", "--tech", "lro", "--rate", "400G"),
                        "error: rate: the catalogue has no lro part at 400G (it has 800G, 1.6T, 3.2T) (use one of"
                                + " those rates for --rate or add a technologies entry for lro at 400G in a file"
                                + " given with --catalogue FILE)"),
                Arguments.of(
                        List.of("link", "--tech", "lro", "--rate", "200G"),
                        "error: rate: the catalogue has no lro part at 200G (it has 800G, 1.6T, 3.2T)"),
                Arguments.of(
                        List.of("link", "--tech", "npo-1.6t", "--rate", "800G"),
                        "error: rate: 800G is not offered by npo-1.6t (it is a 1.6T part; parts of its family:"
                                + " npo-400g at 400G, npo-800g at 800G, npo-1.6t at 1.6T, npo-3.2t at 3.2T) (use"
                                + " npo-800g)"),
                Arguments.of(
                        List.of("link", "--tech", "npo", "--rate", "fast"), "error: --rate: 'fast' is not a data rate"),
                Arguments.of(
                        List.of("link", "--tech", "npo", "--trace-mm", "-5"),
                        "error: --trace-mm: -5 mm is outside the allowed range 0..2000 mm"),
                Arguments.of(
                        List.of("link", "--tech", "npo", "--reach-m", "-1"),
                        "error: --reach-m: -1 m is outside the allowed range 0..100000 m"),
                Arguments.of(
                        List.of("link", "--tech", "npo", "--coolant-c", "150"),
                        "error: --coolant-c: 150 C is outside the allowed range -20..90 C"),
                Arguments.of(
                        List.of("link", "--tech", "npo", "--asic-w", "-1"),
                        "error: --asic-w: -1 W is outside the allowed range 0..5000 W"),
                Arguments.of(
                        List.of("link", "--tech", "npo", "--cooling", "oil"),
                        "error: --cooling: 'oil' is not a cooling type (allowed: air, liquid)"),
                Arguments.of(
                        List.of("link", "--tech", "npo", "--fec", "kp5"),
                        "error: --fec: unknown fec 'kp5' (closest: kp4"),
                Arguments.of(
                        List.of("link", "--compare", "--rate", "100G"),
                        "error: --rate: no technology is offered at 100G (offered: [200G, 400G, 512G, 800G, 1024G,"
                                + " 1.6T, 3.2T])"),
                Arguments.of(List.of("link"), "error: link: give exactly one of --tech ID or --compare"),
                Arguments.of(
                        List.of("link", "--tech", "npo", "--catalogue", "/nonexistent.yaml"),
                        "error: --catalogue /nonexistent.yaml: file not found"),
                Arguments.of(List.of("link", "--tech", "npo", "--trace-mm", "abc"), "error: Invalid value"));
    }

    @ParameterizedTest
    @MethodSource("badInputs")
    void badInputGivesOneLineAndExitCode2(List<String> args, String expectedStart) {
        CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith(expectedStart);
        assertThat(r.err().strip().lines().count()).isEqualTo(1);
        assertThat(r.err()).doesNotContain("\tat ");
    }
}
