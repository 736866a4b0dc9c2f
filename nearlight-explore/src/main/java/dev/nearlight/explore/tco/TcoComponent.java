package dev.nearlight.explore.tco;

/**
 * One step of a TCO waterfall: a named contribution in USD (present value for opex components).
 *
 * @param id stable key, e.g. {@code energy}
 * @param label human-readable name
 * @param usd contribution in USD
 */
public record TcoComponent(String id, String label, double usd) {}
