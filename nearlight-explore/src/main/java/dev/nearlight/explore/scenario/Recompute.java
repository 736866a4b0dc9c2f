package dev.nearlight.explore.scenario;

import com.fasterxml.jackson.annotation.JsonValue;

/** Activation recomputation mode of a training workload. */
public enum Recompute implements ScenarioEnum {
    NONE("none"),
    SELECTIVE("selective"),
    FULL("full");

    private final String id;

    Recompute(String id) {
        this.id = id;
    }

    @Override
    @JsonValue
    public String id() {
        return id;
    }
}
