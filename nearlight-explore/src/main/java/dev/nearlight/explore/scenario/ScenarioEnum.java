package dev.nearlight.explore.scenario;

/** An enumerated scenario value with the lower-case id used in YAML files (and listed in error messages). */
public interface ScenarioEnum {
    /** The id written in scenario files. */
    String id();
}
