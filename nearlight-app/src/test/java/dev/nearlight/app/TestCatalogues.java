package dev.nearlight.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Catalogue files for tests that re-rate a GPU: the shipped H100 endpoint with its power and NVLink changed. */
final class TestCatalogues {
    private TestCatalogues() {}

    /** Writes {@code dir/file} overriding the h100 endpoint with {@code powerW} and {@code scaleUpGbps}; returns it. */
    static Path h100(Path dir, String file, String name, double powerW, double scaleUpGbps) throws IOException {
        return Files.writeString(
                dir.resolve(file),
                String.format(Locale.ROOT, """
                endpoints:
                  - id: h100
                    name: "%s"
                    type: GPU
                    serdesLanes: 36
                    laneGbps: 100
                    packageEdgeMm: {value: 55, min: 46.75, max: 63.25, unit: "mm", source: "test", confidence: low}
                    powerW: {value: %s, min: %s, max: %s, unit: "W", source: "test", confidence: low, boundary: SWITCH_SYSTEM}
                    faceplateMm: {value: 0, min: 0, max: 0, unit: "mm", source: "test", confidence: low}
                    scaleUpGbps: {value: %s, min: %s, max: %s, unit: "Gb/s", source: "test", confidence: low}
                    nics: 1
                    costUsd: {value: 25000, min: 20000, max: 35000, unit: "USD", source: "test", confidence: low}
                """, name, powerW, powerW, powerW, scaleUpGbps, scaleUpGbps, scaleUpGbps));
    }
}
