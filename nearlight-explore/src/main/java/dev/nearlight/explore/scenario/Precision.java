package dev.nearlight.explore.scenario;

import com.fasterxml.jackson.annotation.JsonValue;

/** Numeric precision of the training GEMMs. */
public enum Precision implements ScenarioEnum {
    BF16("bf16"),
    FP8("fp8");

    private final String id;

    Precision(String id) {
        this.id = id;
    }

    @Override
    @JsonValue
    public String id() {
        return id;
    }
}
