/**
 * JMH benchmarks (run from the shaded {@code benchmarks.jar}) and small timing mains; results are committed under
 * docs/benchmarks/.
 */
package dev.nearlight.bench;
