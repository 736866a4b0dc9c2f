/**
 * The simulator's compact network input: {@link dev.nearlight.sim.net.NetworkTopology} (endpoints, switches and
 * directed links with capacity and latency, stored as int arrays), routing (shortest path with seeded per-flow ECMP,
 * or explicit multipath), builders for common topologies and a reader for ASTRA-sim's network YAML.
 */
package dev.nearlight.sim.net;
