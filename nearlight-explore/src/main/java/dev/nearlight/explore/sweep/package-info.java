/**
 * Design-space sweeps ({@code nearlight sweep}): a sweep file names a base scenario, axes over any of its fields and
 * a sampling plan; every design point is a scenario re-validated by the scenario loader and evaluated by the same
 * models as {@code compare}. Rows stream to CSV and Parquet (resumable), and the analysis finds Pareto fronts, Sobol
 * sensitivity indices and the top design points. The local engine runs on an {@link java.util.concurrent
 * .ExecutorService}; other engines (Spark, in {@code nearlight-spark}) plug in through {@link
 * dev.nearlight.explore.sweep.SweepEngine}. Schema: {@code docs/sweep.md}.
 */
package dev.nearlight.explore.sweep;
