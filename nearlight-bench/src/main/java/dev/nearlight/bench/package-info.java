/** JMH benchmarks for every speed target: link evaluation, fabric build, kernel, collectives, training step, reliability and pool simulation. */
package dev.nearlight.bench;
