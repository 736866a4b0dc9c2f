/**
 * Pool planning: a small deterministic discrete-event simulation of racks of hosts, GPU trays, memory pools and NVMe
 * enclosures joined by a PCIe/CXL-over-fibre fabric, serving a job trace under static (whole fixed nodes) or
 * composable (first-fit, best-fit, latency-aware) allocation with a bounded FIFO queue; traces come from a seeded
 * synthetic generator or a CSV file; a capacity planner finds the hardware (and capex) that serves a trace at a target
 * wait. The event loop is local to this package (compose does not depend on the sim module).
 */
package dev.nearlight.compose.pool;
