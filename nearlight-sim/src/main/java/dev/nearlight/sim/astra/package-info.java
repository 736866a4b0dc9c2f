/**
 * ASTRA-sim compatibility: its system configuration (collective algorithm per dimension, chunk scheduling knobs) and
 * the per-dimension collective composition it runs, laid out as a {@link dev.nearlight.sim.collective.TransferSchedule}
 * for Nearlight's network models. See docs/sim.md, "ASTRA-sim compatibility".
 */
package dev.nearlight.sim.astra;
