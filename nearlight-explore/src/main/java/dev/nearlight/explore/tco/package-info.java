/**
 * Money with stated boundaries: the fabric-only lifetime TCO ({@link dev.nearlight.explore.tco.TcoModel}), the
 * whole-cluster cost of one training run ({@link dev.nearlight.explore.tco.RunCostModel}, GPU time by price or capex
 * share, node and fabric energy, repairs, lost time counted once) and the repair cost with part-swap shares ({@link
 * dev.nearlight.explore.tco.RepairModel}). Each model takes one explicit inputs record, so a figure can be checked by
 * hand (docs/economics.md).
 */
package dev.nearlight.explore.tco;
