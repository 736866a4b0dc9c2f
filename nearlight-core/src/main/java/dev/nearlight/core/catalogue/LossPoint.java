package dev.nearlight.core.catalogue;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One measured or estimated loss at a frequency (dB per inch for laminates, dB per metre for cables, dB for a via,
 * connector or package). Curves are fitted to these points, never typed as coefficients.
 *
 * @param frequencyGhz frequency of the point in GHz
 * @param loss loss at that frequency
 */
public record LossPoint(
        @JsonProperty(required = true) double frequencyGhz,
        @JsonProperty(required = true) Param loss) {
    /** Validates a positive frequency and a non-negative loss. */
    public LossPoint {
        Require.positive(frequencyGhz, "frequencyGhz");
        Require.present(loss, "loss");
        Require.nonNegative(loss, "loss");
    }
}
