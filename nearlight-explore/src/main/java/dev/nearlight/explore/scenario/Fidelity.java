package dev.nearlight.explore.scenario;

import com.fasterxml.jackson.annotation.JsonValue;

/** How the network is modelled: closed-form (fast, default) or flow-level simulation (contention). */
public enum Fidelity implements ScenarioEnum {
    ANALYTICAL("analytical"),
    FLOW("flow");

    private final String id;

    Fidelity(String id) {
        this.id = id;
    }

    @Override
    @JsonValue
    public String id() {
        return id;
    }
}
