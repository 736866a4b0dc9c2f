/**
 * Collective communication: algorithms (ring, double binary tree, recursive halving-doubling, direct, hierarchical)
 * emit steps of rank-to-rank transfers; {@link dev.nearlight.sim.collective.ScheduleBuilder} turns them into a
 * dependency graph ({@link dev.nearlight.sim.collective.TransferSchedule}) with chunking; a
 * {@link dev.nearlight.sim.collective.NetworkModel} (flow-level or analytical) times it; and
 * {@link dev.nearlight.sim.collective.Collectives} reports nccl-tests style numbers.
 */
package dev.nearlight.sim.collective;
