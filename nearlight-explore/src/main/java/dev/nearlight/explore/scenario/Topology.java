package dev.nearlight.explore.scenario;

import com.fasterxml.jackson.annotation.JsonValue;

/** Scale-out fabric topology, with the same ids as {@code nearlight fabric --topology}. */
public enum Topology implements ScenarioEnum {
    RAIL_FAT_TREE("rail-fat-tree"),
    FAT_TREE("fat-tree"),
    TORUS_2D("torus-2d"),
    TORUS_3D("torus-3d"),
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
