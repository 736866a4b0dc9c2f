/**
 * Instance-based discrete-event kernel: a {@link dev.nearlight.sim.kernel.Simulation} pops typed
 * {@link dev.nearlight.sim.kernel.SimEvent}s from a {@link dev.nearlight.sim.kernel.FutureQueue} ordered by (time,
 * priority, insertion serial), so equal inputs always give equal traces. Listeners are opt-in and random numbers come
 * from {@link dev.nearlight.sim.kernel.RandomStreams} split from one root seed.
 */
package dev.nearlight.sim.kernel;
