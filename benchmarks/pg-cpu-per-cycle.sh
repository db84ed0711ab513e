#!/usr/bin/env bash
# PostgreSQL's CPU time per allocate+release cycle in the suite's in-process rows on PostgreSQL (one pool
# and 64 pools, 16 clients), for comparing two builds: on 64 pools it moves far less between runs than
# cycles per second do on a shared machine (on one pool it follows the batches' size). Samples the user
# and system time of every local postgres process twice a second while the suite runs, and divides what
# they used in the last 13 s of each row's measured window by the cycles in them.
#
#   benchmarks/pg-cpu-per-cycle.sh [benchmarks.jar] [output dir]
#
# Linux only; PostgreSQL on 127.0.0.1:5432 as for run.sh, on this machine (its processes are read in /proc).
set -euo pipefail
cd "$(dirname "$0")/.."
JAR="${1:-benchmarks/target/benchmarks.jar}"
OUT="${2:-$(mktemp -d -t pa_pg_cpu_XXXX)}"
mkdir -p "$OUT"
LOG="$OUT/suite.log"
SAMPLES="$OUT/samples.txt"
TICK=$(getconf CLK_TCK)

postgres_ticks() {
  local pid total=0 ticks
  for pid in $(pgrep -x postgres); do
    ticks=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null) || continue
    total=$((total + ticks))
  done
  echo "$total"
}

java -cp "$JAR" dev.portalloc.benchmarks.load.BenchmarkSuite --backend postgresql --only inprocess \
  --clients 16 --many-pools 64 --many-pools-clients 16 --jit-warmup-max 60 --out "$OUT" > "$LOG" 2>&1 &
SUITE=$!
: > "$SAMPLES"
while kill -0 "$SUITE" 2>/dev/null; do
  echo "$(date +%s.%N) $(postgres_ticks) $(grep -c 'in-process 1 pool 16 clients .*cycles/s' "$LOG")" \
    "$(grep -c 'in-process 64 pools 16 clients .*cycles/s' "$LOG")" >> "$SAMPLES"
  sleep 0.5
done
wait "$SUITE" || { echo "the suite failed; see $LOG" >&2; exit 1; }

for column in 3 4; do
  row=$([[ $column == 3 ]] && echo "1 pool" || echo "64 pools")
  rate=$(grep "in-process $row 16 clients .*cycles/s" "$LOG" | awk '{for (i = 1; i <= NF; i++) if ($i == "cycles/s") print $(i - 1)}')
  # The last sample before the row's result appeared, and the one 13 s before it: both inside the
  # 15 s measured window, before the load's connections close.
  awk -v column="$column" -v rate="$rate" -v tick="$TICK" -v row="$row" '
    { time[NR] = $1; ticks[NR] = $2; done[NR] = $column }
    END {
      for (i = 2; i <= NR; i++) if (done[i] == 1) { last = i - 1; break }
      for (first = last; first > 1 && time[last] - time[first] < 13; first--) {}
      seconds = time[last] - time[first]
      printf "%-9s %8.1f cycles/s  PostgreSQL %4.0f us of CPU per cycle (%.1f s sampled)\n",
        row, rate, (ticks[last] - ticks[first]) * 1e6 / tick / (rate * seconds), seconds
    }' "$SAMPLES"
done
echo "suite output and samples in $OUT"
