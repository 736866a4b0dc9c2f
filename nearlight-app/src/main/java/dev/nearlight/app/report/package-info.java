/**
 * Renderings of a {@link dev.nearlight.explore.compare.Comparison}: the terminal table, the {@code --json} results
 * document (contract in {@code docs/cli/compare.md}), the long-format CSV, the self-contained offline HTML report with
 * ECharts inlined, and the progress reporter.
 */
package dev.nearlight.app.report;
