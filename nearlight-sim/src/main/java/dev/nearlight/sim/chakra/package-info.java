/**
 * Chakra execution traces (MLCommons Chakra ET 1.0, protobuf): reading per-rank trace files and running their
 * compute, memory and communication nodes on a Nearlight network model. See docs/sim.md, "Chakra execution traces".
 */
package dev.nearlight.sim.chakra;
