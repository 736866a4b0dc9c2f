/** JMH benchmarks; speed targets are checked here, never in unit tests. */
package dev.nearlight.bench;
