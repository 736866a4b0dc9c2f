package dev.nearlight.explore.scenario;

import com.fasterxml.jackson.annotation.JsonValue;

/** How data-parallel ranks shard optimizer state, gradients and weights (ZeRO stages or FSDP). */
public enum DpSharding implements ScenarioEnum {
    NONE("none"),
    ZERO1("zero1"),
    ZERO2("zero2"),
    ZERO3("zero3"),
    FSDP("fsdp");

    private final String id;

    DpSharding(String id) {
        this.id = id;
    }

    @Override
    @JsonValue
    public String id() {
        return id;
    }
}
