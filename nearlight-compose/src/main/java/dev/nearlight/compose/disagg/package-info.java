/**
 * Latency, bandwidth, reach and power of a PCIe/CXL access carried over copper or fibre (host root port, retimers,
 * switch levels, E-O conversion, fibre, device), and the effect of that access on a job (memory-bound fraction,
 * Little's law, offload and host-to-GPU copies). Parameters come from {@code disagg/parameters.yaml}; the equations are
 * in {@code docs/disagg.md}.
 */
package dev.nearlight.compose.disagg;
