package dev.nearlight.explore.compare;

/**
 * One named bar or slice of a chart (a power component, a step-time component, a TCO waterfall step).
 *
 * @param name label
 * @param value value in the chart's unit
 */
public record NamedValue(String name, double value) {}
