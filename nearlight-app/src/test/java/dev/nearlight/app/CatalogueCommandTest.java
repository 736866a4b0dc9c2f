package dev.nearlight.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogueCommandTest {
    @Test
    void listsOneKind() {
        CliRunner.Result r = CliRunner.run("catalogue", "list", "--kind", "laminates");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("laminates (8)").contains("megtron-7").doesNotContain("technologies");
    }

    @Test
    void listsEveryKindByDefault() {
        CliRunner.Result r = CliRunner.run("catalogue", "list");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("technologies (", "serdes (", "endpoints (", "npo-els-1.6t", "1.6T", "gb200");
    }

    @Test
    void showsAnEntryWithItsOriginAndFit() {
        CliRunner.Result r = CliRunner.run("catalogue", "show", "megtron-6");
        assertThat(r.exit()).isZero();
        assertThat(r.out())
                .startsWith("# laminates entry from catalogue/laminates.yaml:")
                .contains("laminates:", "id: megtron-6", "source:", "# fitted loss:");
    }

    @Test
    void showsANodePlatformWithItsBusyAndIdlePower() {
        CliRunner.Result r = CliRunner.run("catalogue", "show", "dgx-h100");
        assertThat(r.exit()).isZero();
        // parts summed from the entry (GPUs and NICs from their endpoints) under the 10.2 kW DGX H100 maximum
        assertThat(r.out())
                .startsWith("# platforms entry from catalogue/platforms.yaml:")
                .contains("# node power (boundary NODE, no pluggable optics): busy 9022 W, idle 1866 W;"
                        + " published maximum 10200 W; 8 GPUs")
                .contains("(power and price from h100)");
    }

    @Test
    void showOutputIsALoadableOverride(@TempDir Path dir) throws IOException {
        for (String id : java.util.List.of(
                "npo-1.6t",
                "megtron-7",
                "lr-224",
                "els-vhp",
                "b200",
                "kp4",
                "air",
                "dgx-h100",
                "pluggable-dsp-dr-400g")) {
            CliRunner.Result shown = CliRunner.run("catalogue", "show", id);
            assertThat(shown.exit()).as(id).isZero();
            Path f = dir.resolve(id + ".yaml");
            Files.writeString(f, shown.out());
            CliRunner.Result v = CliRunner.run("catalogue", "validate", f.toString());
            assertThat(v.err()).as(id).isEmpty();
            assertThat(v.exit()).as(id).isZero();
        }
    }

    @Test
    void validatesAGoodFile(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("ok.yaml");
        Files.writeString(f, """
                fec:
                  - id: kp4-strict
                    name: KP4 with a stricter threshold
                    n: 544
                    k: 514
                    symbolBits: 10
                    correctableSymbols: 15
                    thresholdBer: {value: 1e-5, min: 1e-5, max: 2.4e-4, unit: "1", source: test, confidence: low}
                    latencyNs: {value: 120, min: 100, max: 250, unit: ns, source: test, confidence: high}
                """);
        CliRunner.Result r = CliRunner.run("catalogue", "validate", f.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo(f + ": ok" + System.lineSeparator());
    }

    @Test
    void malformedCatalogueGivesFileLineColumnAndField(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, """
                fec:
                  - id: kp4-strict
                    name: KP4 with a stricter threshold
                    n: 544
                    k: 514
                    symbolBits: 10
                    correctableSymbols: 15
                    thresholdBer: {value: 1e-3, min: 1e-5, max: 2.4e-4, unit: "1", source: test, confidence: low}
                    latencyNs: {value: 120, min: 100, max: 250, unit: ns, source: test, confidence: high}
                """);
        CliRunner.Result r = CliRunner.run("catalogue", "validate", f.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .matches("error: " + java.util.regex.Pattern.quote(f.toString())
                        + ":8:\\d+: fec\\[0\\]\\.thresholdBer: value 0\\.001 outside \\[1\\.0E-5, 2\\.4E-4\\].*\\R");
    }

    @Test
    void unknownIdAndKindNameTheClosest() {
        CliRunner.Result r = CliRunner.run("catalogue", "show", "megtron-9");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: unknown id 'megtron-9' (closest: megtron-6, megtron-7, megtron-8u)");
        CliRunner.Result k = CliRunner.run("catalogue", "list", "--kind", "lasrs");
        assertThat(k.exit()).isEqualTo(2);
        assertThat(k.err()).startsWith("error: --kind: unknown kind 'lasrs' (closest: lasers");
    }
}
