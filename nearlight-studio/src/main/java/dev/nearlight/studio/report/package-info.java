/**
 * Renderings of a {@link dev.nearlight.explore.compare.Comparison} and of a sweep that both the CLI and the studio
 * serve: the results document (contract in {@code docs/cli/compare.md}), the long-format CSV and the self-contained
 * offline HTML reports with ECharts inlined. They live here, below the CLI, so the studio shows the same charts.
 */
package dev.nearlight.studio.report;
