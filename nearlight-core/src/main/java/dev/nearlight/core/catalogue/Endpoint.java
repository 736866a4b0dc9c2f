package dev.nearlight.core.catalogue;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A device at a link end: GPU, switch ASIC or NIC, with its SerDes, package edge (shoreline), power and cost, so
 * that escape bandwidth and radix can be computed.
 *
 * @param id e.g. {@code b200}
 * @param name readable name
 * @param type GPU, SWITCH or NIC
 * @param serdesLanes number of high-speed SerDes lanes (per direction)
 * @param laneGbps payload rate per lane
 * @param packageEdgeMm package edge length (one side; the perimeter is four times this)
 * @param powerW device power (boundary SWITCH_SYSTEM)
 * @param faceplateMm usable faceplate width of the box hosting it (0 when not applicable)
 * @param scaleUpGbps scale-up (NVLink-class) bandwidth per direction (0 when not applicable)
 * @param nics NICs per device (GPUs), 0 otherwise
 * @param costUsd device cost
 */
public record Endpoint(
        @JsonProperty(required = true) String id,
        @JsonProperty(required = true) String name,
        @JsonProperty(required = true) EndpointType type,
        @JsonProperty(required = true) int serdesLanes,
        @JsonProperty(required = true) int laneGbps,
        @JsonProperty(required = true) Param packageEdgeMm,
        @JsonProperty(required = true) Param powerW,
        @JsonProperty(required = true) Param faceplateMm,
        @JsonProperty(required = true) Param scaleUpGbps,
        @JsonProperty(required = true) int nics,
        @JsonProperty(required = true) Param costUsd)
        implements CatalogueEntry {
    /** Validates the fields. */
    public Endpoint {
        Require.id(id, "id");
        Require.present(name, "name");
        Require.present(type, "type");
        Require.between(serdesLanes, 1, 65_536, "serdesLanes");
        Require.between(laneGbps, 1, 10_000, "laneGbps");
        Require.present(packageEdgeMm, "packageEdgeMm");
        Require.power(Require.present(powerW, "powerW"), "powerW");
        Require.present(faceplateMm, "faceplateMm");
        Require.present(scaleUpGbps, "scaleUpGbps");
        Require.between(nics, 0, 64, "nics");
        Require.present(costUsd, "costUsd");
    }

    /** Total SerDes bandwidth per direction in Gb/s. */
    public double serdesBandwidthGbps() {
        return (double) serdesLanes * laneGbps;
    }

    /** Number of ports of {@code portRateGbps} the SerDes can feed (switch radix at that port rate). */
    public int radixAt(double portRateGbps) {
        return (int) Math.floor(serdesBandwidthGbps() / portRateGbps + 1e-9);
    }
}
