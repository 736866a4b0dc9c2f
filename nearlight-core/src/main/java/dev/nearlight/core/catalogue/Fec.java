package dev.nearlight.core.catalogue;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A forward-error-correction scheme: Reed-Solomon code shape (for the post-FEC frame loss ratio), pre-FEC BER
 * threshold and encode plus decode latency.
 *
 * @param id e.g. {@code kp4}
 * @param name readable name
 * @param n codeword length in symbols
 * @param k payload symbols per codeword
 * @param symbolBits bits per symbol
 * @param correctableSymbols symbols per codeword the decoder corrects (t)
 * @param thresholdBer highest pre-FEC BER at which the link meets its frame-loss target
 * @param latencyNs encode plus decode latency for one link
 */
public record Fec(
        @JsonProperty(required = true) String id,
        @JsonProperty(required = true) String name,
        @JsonProperty(required = true) int n,
        @JsonProperty(required = true) int k,
        @JsonProperty(required = true) int symbolBits,
        @JsonProperty(required = true) int correctableSymbols,
        @JsonProperty(required = true) Param thresholdBer,
        @JsonProperty(required = true) Param latencyNs)
        implements CatalogueEntry {
    /** Validates the fields. */
    public Fec {
        Require.id(id, "id");
        Require.present(name, "name");
        Require.atLeast(n, 1, "n");
        Require.atLeast(k, 1, "k");
        if (k > n) {
            throw new IllegalArgumentException("k: " + k + " must be <= n " + n);
        }
        Require.atLeast(symbolBits, 1, "symbolBits");
        Require.atLeast(correctableSymbols, 0, "correctableSymbols");
        Require.present(thresholdBer, "thresholdBer");
        Require.present(latencyNs, "latencyNs");
    }
}
