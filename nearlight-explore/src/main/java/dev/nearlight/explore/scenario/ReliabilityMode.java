package dev.nearlight.explore.scenario;

import com.fasterxml.jackson.annotation.JsonValue;

/** How reliability is evaluated: Monte Carlo replications or the analytical expected value. */
public enum ReliabilityMode implements ScenarioEnum {
    MONTECARLO("montecarlo"),
    ANALYTICAL("analytical");

    private final String id;

    ReliabilityMode(String id) {
        this.id = id;
    }

    @Override
    @JsonValue
    public String id() {
        return id;
    }
}
