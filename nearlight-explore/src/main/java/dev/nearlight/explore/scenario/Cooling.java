package dev.nearlight.explore.scenario;

import com.fasterxml.jackson.annotation.JsonValue;

/** How the optics and ASICs are cooled; sets the default coolant or inlet temperature. */
public enum Cooling implements ScenarioEnum {
    AIR("air"),
    LIQUID("liquid");

    private final String id;

    Cooling(String id) {
        this.id = id;
    }

    @Override
    @JsonValue
    public String id() {
        return id;
    }
}
