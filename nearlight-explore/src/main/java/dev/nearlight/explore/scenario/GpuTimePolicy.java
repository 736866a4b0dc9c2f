package dev.nearlight.explore.scenario;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How the cost of one training run charges the GPUs' time: at a price per GPU-hour (a rental or internal transfer
 * price that covers the nodes, their energy and their repairs), or as the owner's share of the GPU nodes' capex over
 * the lifetime (then node energy and node repairs are counted separately).
 */
public enum GpuTimePolicy implements ScenarioEnum {
    /** Every wall-clock GPU-hour of the run at {@code economics.gpuHourUsd}. */
    GPU_HOUR_PRICE("gpu-hour-price"),
    /** The nodes' capex, annualised over the lifetime at the discount rate, for the run's wall-clock time. */
    GPU_CAPEX("gpu-capex");

    private final String id;

    GpuTimePolicy(String id) {
        this.id = id;
    }

    @Override
    @JsonValue
    public String id() {
        return id;
    }
}
