/** Scenarios, comparisons, sweeps, Pareto fronts and total cost of ownership. */
package dev.nearlight.explore;
