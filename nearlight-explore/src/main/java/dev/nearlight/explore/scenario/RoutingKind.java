package dev.nearlight.explore.scenario;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How flows pick among equal-cost paths at flow fidelity: per-flow ECMP hashing (RoCE without adaptive routing) or
 * destination-mod-k, as InfiniBand subnet managers route fat trees (docs/sim.md).
 */
public enum RoutingKind implements ScenarioEnum {
    ECMP("ecmp"),
    DMODK("dmodk");

    private final String id;

    RoutingKind(String id) {
        this.id = id;
    }

    @Override
    @JsonValue
    public String id() {
        return id;
    }
}
