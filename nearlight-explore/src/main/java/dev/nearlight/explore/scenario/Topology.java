package dev.nearlight.explore.scenario;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Scale-out fabric topology, with the same ids as {@code nearlight fabric --topology} ({@code FabricFactory.TOPOLOGIES},
 * checked by a test).
 */
public enum Topology implements ScenarioEnum {
    RAIL_FAT_TREE("rail-fat-tree"),
    FAT_TREE("fat-tree"),
    TORUS("torus"),
    DRAGONFLY("dragonfly");

    private final String id;

    Topology(String id) {
        this.id = id;
    }

    @Override
    @JsonValue
    public String id() {
        return id;
    }
}
