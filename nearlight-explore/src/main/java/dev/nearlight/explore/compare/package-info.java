/**
 * The comparison of interconnect alternatives: the {@link dev.nearlight.explore.compare.AlternativeEvaluator} seam that
 * the real link, fabric, training and reliability models plug into, the {@link
 * dev.nearlight.explore.compare.ComparisonRunner} that evaluates every alternative in parallel, the typed result model
 * ({@link dev.nearlight.explore.compare.Comparison}, {@link dev.nearlight.explore.compare.Metric} rows with units and
 * best-value marking, chart series), and one-at-a-time sensitivity (tornado) analysis.
 */
package dev.nearlight.explore.compare;
