#!/usr/bin/env bash
# Load benchmark of the Redfish fabric manager: compose + decompose over loopback HTTP against the embedded H2 database.
# Usage: scripts/bench-manager.sh [threads=16] [warmupS=3] [measureS=10]
# Writes the result table to stdout and to docs/benchmarks/manager.md (with machine details).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
threads="${1:-16}"; warmup="${2:-3}"; measure="${3:-10}"
./mvnw -q -o -B -pl nearlight-bench -am package -DskipTests -Djacoco.skip -Dspotless.skip >/dev/null
jar="$root/nearlight-bench/target/benchmarks.jar"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
result="$(java -Xmx512m -XX:+UseParallelGC -cp "$jar" dev.nearlight.bench.manager.ManagerLoad "$threads" "$warmup" "$measure" 2>/dev/null)"
echo "$result"
out="$root/docs/benchmarks/manager.md"
mkdir -p "$(dirname "$out")"
{
  echo "# Fabric manager load benchmark"
  echo
  echo "Command: \`scripts/bench-manager.sh $threads $warmup $measure\` (ManagerLoad: $threads client threads, ${warmup} s warm-up, ${measure} s measured)."
  echo "Each client composes a system from its own Compute + GPU block (POST /redfish/v1/Systems, session token) and"
  echo "decomposes it (DELETE) in a closed loop; each POST or DELETE is one operation. Server and clients share one JVM"
  echo "and the machine's cores; embedded H2 file database (WRITE_DELAY=0: every commit is written before the response)."
  echo
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(java -version 2>&1 | head -1), load average before the run: $load_before."
  echo "Date: $(date -u +%Y-%m-%dT%H:%M:%SZ)."
  echo
  echo "$result"
  echo
  echo "JVM: -Xmx512m -XX:+UseParallelGC (the throughput collector, as \`./nearlight serve\` uses; G1's concurrent threads"
  echo "compete with the server for the 2 cores). Load average right after the run: $(cut -d' ' -f1-3 /proc/loadavg)."
  if [ -f "$root/docs/benchmarks/manager-history.md" ]; then
    echo
    cat "$root/docs/benchmarks/manager-history.md"
  fi
} >"$out"
echo "wrote $out"
