/** Discrete-event kernel, flow-level and analytical network models, collectives, training workloads and reliability Monte Carlo. */
package dev.nearlight.sim;
