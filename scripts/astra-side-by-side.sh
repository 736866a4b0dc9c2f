#!/usr/bin/env bash
# Side-by-side timing of Nearlight's collective simulator and ASTRA-sim 2.0's analytical backends (issue #18) on
# ASTRA-sim's own input formats: 1,024-NPU all-reduce on 1-D Ring and Switch networks and a 2-D Switch x Switch
# [8, 128] network, 64 MiB and 1 GiB. Every case runs REPS interleaved repetitions (ASTRA aware, ASTRA unaware,
# Nearlight per model, then the next repetition), each under /usr/bin/time -v (elapsed wall time, user + system CPU
# time, max RSS), and prints a markdown table of medians with the simulated collective time each tool reports.
#
# ASTRA-sim is not built here (see docs/benchmarks/astra-side-by-side.md for the build); point the script at it:
#   ASTRA_SRC          ASTRA-sim source tree (default /work/astra-build/astra-sim); its Chakra generator script
#                      writes the workload traces when they are missing (needs python3 with protobuf)
#   ASTRA_BIN_AWARE    congestion-aware binary   (default $ASTRA_SRC/build/astra_analytical/build/bin/AstraSim_Analytical_Congestion_Aware)
#   ASTRA_BIN_UNAWARE  congestion-unaware binary (default .../AstraSim_Analytical_Congestion_Unaware)
#   INPUTS             input directory (default /work/astra-build/inputs): network YAMLs and system JSONs are
#                      written there from the definitions below, ASTRA-sim's example values (Ring_8npus.yml:
#                      50 GB/s, 500 ns; Ring_4chunks.json: ring, 4 splits, 1 active chunk, localBWAware) scaled to
#                      1,024 NPUs; traces under INPUTS/workload/all_reduce/1024npus_<MB>MB/
#   CASES              space-separated network:size-in-MiB list (default "ring:64 ring:1024 switch:64 switch:1024
#                      switch2d:64 switch2d:1024")
#   REPS               repetitions (default 3)
#   TOOLS              subset of "aware unaware unaware-ideal nl-flow nl-analytical" (default all five;
#                      the congestion-aware backend of this ASTRA-sim version takes 1-D networks only, so it is
#                      skipped on switch2d); unaware-ideal is the unaware backend on a copy of the system JSON
#                      without ASTRA-sim's endpoint costs (endpoint-delay 1 ns, the least its event queue accepts,
#                      and local-mem-bw 10^9 GB/s, so the 3 x message / local-mem-bw reduction time rounds to 0),
#                      which Nearlight does not model: it isolates the network model for the agreement check
#   PYTHON             python with protobuf for the trace generator (default /usr/bin/python3)
#   OUT                raw results file (default /tmp/astra-side-by-side.<date>.tsv)
# Nearlight runs as the ./nearlight launcher (whole command, JVM start included; NEARLIGHT_JAVA_OPTS as usual) with
# --compat astra --astra-network --astra-system, one size per command. A `nearlight --version` run per repetition
# gives the JVM start cost alone ("nl-start" row), since the CLI prints no simulation-only time.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ASTRA_SRC="${ASTRA_SRC:-/work/astra-build/astra-sim}"
bin_dir="$ASTRA_SRC/build/astra_analytical/build/bin"
ASTRA_BIN_AWARE="${ASTRA_BIN_AWARE:-$bin_dir/AstraSim_Analytical_Congestion_Aware}"
ASTRA_BIN_UNAWARE="${ASTRA_BIN_UNAWARE:-$bin_dir/AstraSim_Analytical_Congestion_Unaware}"
INPUTS="${INPUTS:-/work/astra-build/inputs}"
CASES="${CASES:-ring:64 ring:1024 switch:64 switch:1024 switch2d:64 switch2d:1024}"
REPS="${REPS:-3}"
TOOLS="${TOOLS:-aware unaware unaware-ideal nl-flow nl-analytical}"
PYTHON="${PYTHON:-/usr/bin/python3}"
OUT="${OUT:-/tmp/astra-side-by-side.$(date -u +%Y%m%dT%H%M%S).tsv}"
NPUS=1024

die() { echo "astra-side-by-side: $*" >&2; exit 2; }
[ -x /usr/bin/time ] || die "/usr/bin/time (GNU time) is needed"
for t in $TOOLS; do
  case "$t" in
    aware) [ -x "$ASTRA_BIN_AWARE" ] || die "ASTRA_BIN_AWARE not executable: $ASTRA_BIN_AWARE" ;;
    unaware | unaware-ideal) [ -x "$ASTRA_BIN_UNAWARE" ] || die "ASTRA_BIN_UNAWARE not executable: $ASTRA_BIN_UNAWARE" ;;
    nl-flow | nl-analytical) ;;
    *) die "unknown tool in TOOLS: $t" ;;
  esac
done

# ---- inputs ---------------------------------------------------------------------------------------------------
mkdir -p "$INPUTS"
write_inputs() {
  cat >"$INPUTS/ring.yml" <<'EOF'
topology: [ Ring ]
npus_count: [ 1024 ]
bandwidth: [ 50.0 ]  # GB/s
latency: [ 500.0 ]  # ns
EOF
  cat >"$INPUTS/switch.yml" <<'EOF'
topology: [ Switch ]
npus_count: [ 1024 ]
bandwidth: [ 50.0 ]  # GB/s
latency: [ 500.0 ]  # ns
EOF
  cat >"$INPUTS/switch2d.yml" <<'EOF'
topology: [ Switch, Switch ]
npus_count: [ 8, 128 ]
bandwidth: [ 50.0, 50.0 ]  # GB/s
latency: [ 500.0, 500.0 ]  # ns
EOF
  for dims in 1 2; do
    local impl='"ring"'
    [ "$dims" = 2 ] && impl='"ring", "ring"'
    cat >"$INPUTS/system-${dims}d.json" <<EOF
{
    "scheduling-policy": "LIFO",
    "endpoint-delay": 10,
    "active-chunks-per-dimension": 1,
    "preferred-dataset-splits": 4,
    "all-reduce-implementation": [ $impl ],
    "all-gather-implementation": [ $impl ],
    "reduce-scatter-implementation": [ $impl ],
    "all-to-all-implementation": [ $impl ],
    "collective-optimization": "localBWAware",
    "local-mem-bw": 1600,
    "boost-mode": 0
}
EOF
    sed -e 's/"endpoint-delay": 10/"endpoint-delay": 1/' -e 's/"local-mem-bw": 1600/"local-mem-bw": 1000000000/' \
      "$INPUTS/system-${dims}d.json" >"$INPUTS/system-${dims}d-ideal.json"
  done
  cat >"$INPUTS/no_memory_expansion.json" <<'EOF'
{
  "memory-type": "NO_MEMORY_EXPANSION"
}
EOF
}
write_inputs

workload_dir() { echo "$INPUTS/workload/all_reduce/${NPUS}npus_${1}MB"; }
for c in $CASES; do
  mb="${c#*:}"
  if [ ! -f "$(workload_dir "$mb")/all_reduce.$((NPUS - 1)).et" ]; then
    gen="$ASTRA_SRC/examples/workload/microbenchmarks/generator_scripts/all_reduce.py"
    [ -f "$gen" ] || die "missing traces for $mb MiB and no generator at $gen"
    echo "generating Chakra all-reduce traces: $NPUS NPUs, $mb MiB" >&2
    (mkdir -p "$INPUTS/workload" && cd "$INPUTS/workload" &&
      PYTHONPATH="$ASTRA_SRC" "$PYTHON" "$gen" --npus-count "$NPUS" --coll-size "$mb") ||
      die "trace generation failed (python3 with protobuf, and et_def_pb2.py compiled in the Chakra tree, are needed)"
  fi
done

system_of() { case "$1" in switch2d) echo "$INPUTS/system-2d.json" ;; *) echo "$INPUTS/system-1d.json" ;; esac; }

# ---- runs -----------------------------------------------------------------------------------------------------
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
printf 'case\ttool\trep\twall_s\trss_kb\tsim_ns\tcpu_s\tsim_wall_ms\n' >"$OUT"

# run TAG CMD...: runs CMD in $work under /usr/bin/time -v, leaves stdout in $work/out and sets wall_s, rss_kb
run() {
  local tag="$1"
  shift
  (cd "$work" && /usr/bin/time -v -o "$work/time" "$@" >"$work/out" 2>"$work/err") ||
    { cat "$work/err" >&2; die "$tag failed: $*"; }
  wall_s="$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$work/time")"
  rss_kb="$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time")"
  cpu_s="$(awk -F': ' '/(User|System) time \(seconds\)/ { s += $2 } END { printf "%.2f", s }' "$work/time")"
}

astra_sim_ns() { # largest "sys[i] finished, N cycles" (the analytical backends count ns)
  sed 's/\x1b\[[0-9;]*m//g' "$work/out" | awk '/finished, [0-9]+ cycles/ { for (i = 1; i <= NF; i++) if ($i == "cycles,") { v = $(i - 1) + 0; if (v > m) m = v } } END { if (m == "") exit 1; printf "%d", m }'
}

nl_sim_ns() { # timeNs of the one size in --json output
  sed -n 's/.*"timeNs" *: *\([0-9.Ee+-]*\).*/\1/p' "$work/out" | head -1
}

"$root/nearlight" --version >/dev/null # builds the jar first if the sources changed, outside the timings

echo "start $(date -u +%FT%TZ), load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for rep in $(seq 1 "$REPS"); do
  echo "rep $rep at $(date -u +%T), load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  run nl-start "$root/nearlight" --version
  printf 'start\tnl-start\t%s\t%s\t%s\t\t%s\t\n' "$rep" "$wall_s" "$rss_kb" "$cpu_s" >>"$OUT"
  for c in $CASES; do
    net="${c%%:*}"
    mb="${c#*:}"
    for t in $TOOLS; do
      # ASTRA-sim's congestion-aware backend: "only support 1-dim topology"
      [ "$t" = aware ] && grep -q '^topology:.*,' "$INPUTS/$net.yml" && continue
      case "$t" in
        aware | unaware | unaware-ideal)
          bin="$ASTRA_BIN_AWARE"
          [ "$t" = aware ] || bin="$ASTRA_BIN_UNAWARE"
          sys="$(system_of "$net")"
          [ "$t" = unaware-ideal ] && sys="${sys%.json}-ideal.json"
          run "$c $t" "$bin" --workload-configuration="$(workload_dir "$mb")/all_reduce" \
            --system-configuration="$sys" \
            --remote-memory-configuration="$INPUTS/no_memory_expansion.json" \
            --network-configuration="$INPUTS/$net.yml"
          sim="$(astra_sim_ns)" || die "$c $t: no 'finished, N cycles' line in ASTRA-sim's output"
          simwall=""
          ;;
        nl-flow | nl-analytical)
          run "$c $t" "$root/nearlight" collective --compat astra --astra-network "$INPUTS/$net.yml" \
            --astra-system "$(system_of "$net")" --sizes "${mb}M" --model "${t#nl-}" --json --timing
          sim="$(nl_sim_ns)"
          simwall="$(sed -n 's/^# wall time, [0-9]* bytes: \([0-9.]*\) ms.*/\1/p' "$work/err" | head -1)"
          [ -n "$sim" ] || die "$c $t: no timeNs in Nearlight's output"
          ;;
      esac
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$c" "$t" "$rep" "$wall_s" "$rss_kb" "$sim" "$cpu_s" "$simwall" >>"$OUT"
      echo "rep $rep $c $t: wall ${wall_s} s, cpu ${cpu_s} s, rss ${rss_kb} kB, simulated ${sim} ns" >&2
    done
  done
done

# ---- table ----------------------------------------------------------------------------------------------------
echo "end $(date -u +%FT%TZ), load: $(cut -d' ' -f1-3 /proc/loadavg); raw results: $OUT" >&2
awk -F'\t' -v tools="$TOOLS" '
  function median(s,   a, n, i, j, t) {
    n = split(s, a, " ")
    for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] + 0 > t + 0; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  function range(s,   a, n, i, lo, hi) {
    n = split(s, a, " "); lo = hi = a[1] + 0
    for (i = 2; i <= n; i++) { if (a[i] + 0 < lo) lo = a[i] + 0; if (a[i] + 0 > hi) hi = a[i] + 0 }
    return sprintf("%.2f-%.2f", lo, hi)
  }
  NR == 1 { next }
  {
    k = $1 SUBSEP $2
    if (!(k in seen)) { seen[k] = 1; if (!($1 in cseen)) { cseen[$1] = 1; cases[++nc] = $1 } }
    wall[k] = wall[k] " " $4; cpu[k] = cpu[k] " " $7; rss[k] = rss[k] " " $5; sim[k] = $6
    if ($8 != "") simwall[k] = simwall[k] " " $8
    if (sim1[k] == "") sim1[k] = $6; else if (sim1[k] != $6) simvar[k] = 1
  }
  END {
    nt = split(tools, t, " ")
    if (("start" SUBSEP "nl-start") in seen) {
      k = "start" SUBSEP "nl-start"
      printf "JVM start alone (`nearlight --version`): median %.2f s wall (%s), %.2f s CPU, %.0f MB max RSS\n\n", median(wall[k]), range(wall[k]), median(cpu[k]), median(rss[k]) / 1024
    }
    printf "| case | tool | wall (s), median | wall range (s) | CPU (s), median | max RSS (MB) | simulated (us) | aware / tool: wall, CPU | unaware / tool: wall, CPU | sim vs unaware | sim vs unaware-ideal | simulation only (ms), median | aware / simulation only | unaware / simulation only |\n"
    printf "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
    for (c = 1; c <= nc; c++) {
      if (cases[c] == "start") continue
      ka = cases[c] SUBSEP "aware"; ku = cases[c] SUBSEP "unaware"; ki = cases[c] SUBSEP "unaware-ideal"
      for (i = 1; i <= nt; i++) {
        k = cases[c] SUBSEP t[i]
        if (!(k in seen)) continue
        w = median(wall[k])
        u = median(cpu[k])
        ra = (ka in seen) ? sprintf("%.1fx, %.1fx", median(wall[ka]) / w, median(cpu[ka]) / u) : ""
        ru = (ku in seen) ? sprintf("%.1fx, %.1fx", median(wall[ku]) / w, median(cpu[ku]) / u) : ""
        d = (ku in seen && sim[ku] > 0) ? sprintf("%+.3f %%", 100 * (sim[k] - sim[ku]) / sim[ku]) : ""
        e = (ki in seen && sim[ki] > 0) ? sprintf("%+.3f %%", 100 * (sim[k] - sim[ki]) / sim[ki]) : ""
        sw = (k in simwall) ? median(simwall[k]) : ""
        swa = (sw != "" && (ka in seen)) ? sprintf("%.0fx", 1000 * median(wall[ka]) / sw) : ""
        swu = (sw != "" && (ku in seen)) ? sprintf("%.0fx", 1000 * median(wall[ku]) / sw) : ""
        printf "| %s | %s | %.2f | %s | %.2f | %.0f | %.3f%s | %s | %s | %s | %s | %s | %s | %s |\n", cases[c], t[i], w, range(wall[k]), u, median(rss[k]) / 1024, sim[k] / 1000, (k in simvar) ? " (varied)" : "", ra, ru, d, e, sw, swa, swu
      }
    }
  }' "$OUT"
