/**
 * LLM training step model: model and parallelism inputs, an accelerator catalogue, an analytical alpha-beta
 * communication cost model behind {@link dev.nearlight.sim.train.CommunicationCostModel}, a deterministic
 * list-scheduler for 1F1B and interleaved 1F1B pipelines, a memory-fit check and the roll-up to MFU, HFU,
 * TFLOP/s per GPU, time-to-train, energy and starvation. Equations and sources are in {@code docs/training.md}.
 */
package dev.nearlight.sim.train;
