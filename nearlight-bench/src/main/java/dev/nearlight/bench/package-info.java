/** JMH benchmarks that check the speed targets of the modules (run with {@code java -jar nearlight-bench/target/benchmarks.jar}). */
package dev.nearlight.bench;
