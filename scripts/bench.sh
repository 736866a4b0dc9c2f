#!/usr/bin/env bash
# Runs Nearlight's JMH benchmarks and end-to-end timings and writes the results under docs/benchmarks/.
# Usage: scripts/bench.sh [JMH-REGEX]   (default: all benchmarks). Short runs (-f 1 -wi 1 -i 3) on purpose:
# the targets are orders of magnitude, and the machine this is committed from has 2 cores.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
./mvnw -q -B -DskipTests -Dspotless.skip=true -Djacoco.skip=true -pl nearlight-bench -am package
out="docs/benchmarks/jmh-$(date -u +%Y%m%d).txt"
{
  echo "# java -jar nearlight-bench/target/benchmarks.jar ${1:-} -f 1 -wi 1 -i 3"
  echo "# $(date -u +%FT%TZ) on $(nproc) cores, $(java -version 2>&1 | head -1)"
  java -jar nearlight-bench/target/benchmarks.jar ${1:-} -f 1 -wi 1 -i 3 -foe true 2>&1 | sed -n '/^Benchmark/,$p'
} | tee "$out"
echo "wrote $out"
