/** JMH benchmarks; speed targets are checked here, never in timed unit tests. */
package dev.nearlight.bench;
