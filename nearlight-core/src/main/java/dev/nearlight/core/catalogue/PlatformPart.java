package dev.nearlight.core.catalogue;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One kind of part in a node platform: how many, its power busy and idle, and its unit price for repairs. A part that
 * names an {@code endpoint} (a GPU or NIC) takes its busy power and price from that entry, so each lives in one place;
 * it then gives only the idle power.
 *
 * @param part readable part name, e.g. {@code Xeon Platinum 8480C}
 * @param role what the part is
 * @param endpoint endpoint id whose power and price apply, or {@code none}
 * @param count parts per node
 * @param busyW power of one part under a training load (boundary NODE); null when {@code endpoint} is set
 * @param idleW power of one part while the node is up and idle, e.g. while a job waits for repair (boundary NODE)
 * @param unitPriceUsd price of one replacement part; null when {@code endpoint} is set
 */
public record PlatformPart(
        @JsonProperty(required = true) String part,
        @JsonProperty(required = true) PartRole role,
        @JsonProperty(required = true) String endpoint,
        @JsonProperty(required = true) int count,
        Param busyW,
        @JsonProperty(required = true) Param idleW,
        Param unitPriceUsd) {

    /** Validates the fields; the endpoint cross-reference is checked by the catalogue. */
    public PlatformPart {
        Require.present(part, "part");
        Require.present(role, "role");
        Require.id(endpoint, "endpoint");
        Require.atLeast(count, 1, "count");
        boolean ref = !Technology.NONE.equals(endpoint);
        if (ref && (busyW != null || unitPriceUsd != null)) {
            throw new IllegalArgumentException("busyW: a part with an endpoint takes busy power and price from that"
                    + " endpoint (remove busyW and unitPriceUsd, or set endpoint: none)");
        }
        if (!ref && (busyW == null || unitPriceUsd == null)) {
            throw new IllegalArgumentException(
                    "busyW: a part without an endpoint needs busyW and unitPriceUsd (add them, or name an endpoint)");
        }
        Require.power(Require.nonNegative(busyW, "busyW"), "busyW");
        Require.power(Require.nonNegative(Require.present(idleW, "idleW"), "idleW"), "idleW");
        if (busyW != null && idleW.value() > busyW.value()) {
            throw new IllegalArgumentException("idleW: " + idleW.value() + " W exceeds busyW " + busyW.value()
                    + " W (idle power cannot exceed busy power)");
        }
    }
}
