/**
 * Graph views of a fabric: the JGraphT multigraph used to check invariants, and
 * {@link dev.nearlight.fabric.graph.CompiledFabric}, the CSR primitive-array form a simulator consumes.
 */
package dev.nearlight.fabric.graph;
