package dev.nearlight.core.catalogue;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nearlight.core.InputException;
import org.junit.jupiter.api.Test;

/** Every schema violation gives one line {@code file:line:column: field: problem (fix)}. */
class CatalogueValidationTest {
    private static final String FIBRE = """
            fibres:
              - id: f1
                name: test fibre
                lossDbPerKm: {value: 0.4, min: 0.3, max: 0.5, unit: dB/km, source: test, confidence: low}
                delayNsPerM: {value: 4.9, min: 4.9, max: 4.9, unit: ns/m, source: test, confidence: high}
                costUsdPerM: {value: 2, min: 1, max: 3, unit: USD/m, source: test, confidence: low}
                connectorLossDb: {value: 0.5, min: 0.35, max: 0.75, unit: dB, source: test, confidence: low}
            """;

    private static void fails(String yaml, String expected) {
        assertThatThrownBy(() -> Catalogue.fromYaml("user.yaml", yaml))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith(expected);
    }

    @Test
    void unknownField() {
        fails(
                FIBRE.replace("    name: test fibre", "    nmae: test fibre"),
                "user.yaml:3:5: fibres[0].nmae: unknown field (closest: name, id");
    }

    @Test
    void missingField() {
        fails(
                FIBRE.replace(
                        "    costUsdPerM: {value: 2, min: 1, max: 3, unit: USD/m, source: test, confidence: low}\n",
                        ""),
                "user.yaml:7:");
        assertThatThrownBy(() -> Catalogue.fromYaml(
                        "user.yaml",
                        FIBRE.replace(
                                "    costUsdPerM: {value: 2, min: 1, max: 3, unit: USD/m, source: test, confidence:"
                                        + " low}\n",
                                "")))
                .hasMessageContaining("fibres[0].costUsdPerM: missing (add costUsdPerM)");
    }

    @Test
    void minAboveMax() {
        fails(FIBRE.replace("min: 0.3, max: 0.5", "min: 0.6, max: 0.5"), "user.yaml:4:");
        assertThatThrownBy(() ->
                        Catalogue.fromYaml("user.yaml", FIBRE.replace("min: 0.3, max: 0.5", "min: 0.6, max: 0.5")))
                .hasMessageContaining("fibres[0].lossDbPerKm: min 0.6 > max 0.5 (swap them)");
    }

    /** A number in another unit than the models read the field in (dB/m for a per-km loss) is refused, not read 1000x off. */
    @Test
    void aFieldInAnotherUnitThanTheModelsReadIsRefused() {
        assertThatThrownBy(() -> Catalogue.fromYaml("user.yaml", FIBRE.replace("unit: dB/km", "unit: dB/m")))
                .isInstanceOf(InputException.class)
                .hasMessage("user.yaml:2:5: fibres[id=f1].lossDbPerKm: unit 'dB/m' is not the unit the models read this"
                        + " field in (dB/km); convert the numbers and write unit: \"dB/km\"");
        // the shipped unit, and a field the shipped catalogue writes in one unit everywhere, pass
        org.assertj.core.api.Assertions.assertThat(Catalogue.fromYaml("user.yaml", FIBRE)
                        .fibre("f1")
                        .lossDbPerKm()
                        .unit())
                .isEqualTo("dB/km");
    }

    @Test
    void valueOutsideRange() {
        assertThatThrownBy(() -> Catalogue.fromYaml("user.yaml", FIBRE.replace("value: 0.4", "value: 0.9")))
                .hasMessageMatching(
                        "user\\.yaml:4:\\d+: fibres\\[0\\]\\.lossDbPerKm: value 0\\.9 outside \\[0\\.3, 0\\.5\\].*");
    }

    @Test
    void unknownConfidence() {
        assertThatThrownBy(() -> Catalogue.fromYaml(
                        "user.yaml",
                        FIBRE.replace(
                                "unit: dB/km, source: test, confidence: low",
                                "unit: dB/km, source: test, confidence: sure")))
                .hasMessageMatching(
                        "user\\.yaml:4:\\d+: fibres\\[0\\]\\.lossDbPerKm\\.confidence: 'sure' is not one of \\[HIGH, MEDIUM, LOW\\].*");
    }

    @Test
    void missingSource() {
        assertThatThrownBy(() ->
                        Catalogue.fromYaml("user.yaml", FIBRE.replace("unit: dB/km, source: test,", "unit: dB/km,")))
                .hasMessageMatching(
                        "user\\.yaml:4:\\d+: fibres\\[0\\]\\.lossDbPerKm\\.source: missing \\(add source\\)");
    }

    @Test
    void unknownKindAndBadReference() {
        fails("fibers: []\n", "user.yaml:1:1: fibers: unknown kind (closest: fibres");
        assertThatThrownBy(() -> Catalogue.fromYaml("user.yaml", "laminates: 3\n"))
                .hasMessageStartingWith("user.yaml:1:12: laminates: expected a list");
        assertThatThrownBy(() -> Catalogue.fromYaml("user.yaml", "fibres:\n  - id: x\n    name: \"unterminated\n"))
                .hasMessageStartingWith("user.yaml:")
                .hasMessageContaining("YAML syntax");
    }

    @Test
    void powerWithoutBoundaryIsRejected() {
        String ep = """
                endpoints:
                  - id: gpu-x
                    name: x
                    type: GPU
                    serdesLanes: 4
                    laneGbps: 100
                    packageEdgeMm: {value: 50, min: 40, max: 60, unit: mm, source: t, confidence: low}
                    powerW: {value: 500, min: 400, max: 600, unit: W, source: t, confidence: low}
                    faceplateMm: {value: 0, min: 0, max: 0, unit: mm, source: t, confidence: low}
                    scaleUpGbps: {value: 0, min: 0, max: 0, unit: Gb/s, source: t, confidence: low}
                    nics: 1
                    costUsd: {value: 1, min: 1, max: 1, unit: USD, source: t, confidence: low}
                """;
        assertThatThrownBy(() -> Catalogue.fromYaml("user.yaml", ep))
                .hasMessageContaining("endpoints[0].powerW: power figure without boundary (add boundary: MODULE");
    }
}
