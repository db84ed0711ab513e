#!/usr/bin/env bash
# Reproduces every benchmark of portalloc against the local H2 and PostgreSQL and writes
# benchmarks/results/: allocator.json/.md (JMH), throughput.csv/.md (in-process, pgbench, HTTP) with
# throughput-warmup.txt (how each JVM's JIT warm-up ended),
# scale.md and scale-jstat.txt (1,000 pools, 1,000,000 ports) and throughput.svg (the chart).
#
#   benchmarks/run.sh                 everything: 17-23 minutes on 2 cores (1,312 s measured; 974-1,283 s before the JMH warm-up grew to 10 s), scale included
#   benchmarks/run.sh --quick         short phases: a smoke run, figures only indicative
#   benchmarks/run.sh --only http     one part: jmh | inprocess (with pgbench) | http | scale
#
# Load only ever goes to 127.0.0.1. PostgreSQL is expected on 127.0.0.1:5432, user postgres without a
# password (override with PG_HOST, PG_PORT, PG_USER, PGPASSWORD); the throughput suite creates its own
# pa_bench_* databases and drops them again.
set -euo pipefail
cd "$(dirname "$0")/.."

QUICK=false
ONLY=all
usage() {
  sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
}
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) QUICK=true ;;
    --only)
      [[ $# -ge 2 ]] || { echo "--only needs a value" >&2; exit 2; }
      ONLY="$2"; shift ;;
    --only=*) ONLY="${1#--only=}" ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
case "$ONLY" in
  all|jmh|inprocess|http|scale) ;;
  *) echo "--only takes jmh, inprocess, http or scale (got $ONLY)" >&2; exit 2 ;;
esac

PG_HOST="${PG_HOST:-127.0.0.1}"
PG_PORT="${PG_PORT:-5432}"
PG_USER="${PG_USER:-postgres}"
RESULTS=benchmarks/results
BENCH_JAR=benchmarks/target/benchmarks.jar
SERVER_JAR=bootstrap/target/portalloc.jar
START=$(date +%s)

runs() { [[ "$ONLY" == all || "$ONLY" == "$1" ]]; }
step() { printf '\n== [%s, +%ds] %s\n' "$(date -u +%H:%M:%S)" "$(( $(date +%s) - START ))" "$*"; }
quick_flag() { if $QUICK; then echo --quick; fi; }

mkdir -p "$RESULTS"

if [[ ! -f "$BENCH_JAR" || ! -f "$SERVER_JAR" ]]; then
  step "building the jars (./mvnw -B -q -DskipTests install)"
  ./mvnw -B -q -DskipTests install
fi

if runs inprocess || runs http || runs scale; then
  if ! pg_isready -h "$PG_HOST" -p "$PG_PORT" -q; then
    echo "PostgreSQL is not answering on $PG_HOST:$PG_PORT; starting it"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
    for _ in $(seq 1 60); do
      pg_isready -h "$PG_HOST" -p "$PG_PORT" -q && break
      sleep 1
    done
    pg_isready -h "$PG_HOST" -p "$PG_PORT"
  fi
fi

if runs jmh; then
  step "JMH AllocatorBenchmark"
  # A full run takes AllocatorBenchmark's own forks and iterations; a quick one shortens them.
  JMH_TIMES=()
  if $QUICK; then JMH_TIMES=(-f 1 -wi 1 -w 1 -i 2 -r 1); fi
  java -jar "$BENCH_JAR" AllocatorBenchmark "${JMH_TIMES[@]}" -rf json -rff "$RESULTS/allocator.json"
  java -cp "$BENCH_JAR" dev.portalloc.benchmarks.report.AllocatorReport \
    --json "$RESULTS/allocator.json" --out "$RESULTS/allocator.md"
fi

if runs inprocess || runs http; then
  if [[ "$ONLY" == all ]]; then
    # a full run starts a fresh table; partial runs merge into it
    rm -f "$RESULTS/throughput.csv" "$RESULTS/throughput-warmup.txt"
    SUITE_ONLY=all
  else
    SUITE_ONLY="$ONLY"
  fi
  for backend in h2 postgresql; do
    step "throughput suite: $backend, $SUITE_ONLY"
    java -cp "$BENCH_JAR" dev.portalloc.benchmarks.load.BenchmarkSuite --backend "$backend" --only "$SUITE_ONLY" \
      --out "$RESULTS" --jar "$SERVER_JAR" --pg-host "$PG_HOST" --pg-port "$PG_PORT" --pg-user "$PG_USER" \
      $(quick_flag)
  done
fi

if runs scale; then
  step "scale benchmark"
  java -cp "$BENCH_JAR" dev.portalloc.benchmarks.scale.ScaleBenchmark \
    --pg-admin-url "jdbc:postgresql://$PG_HOST:$PG_PORT/postgres?user=$PG_USER" \
    --jar "$SERVER_JAR" --out "$RESULTS/scale.md" $(quick_flag)
fi

if [[ -f "$RESULTS/throughput.csv" ]]; then
  step "chart"
  java -cp "$BENCH_JAR" dev.portalloc.benchmarks.report.ThroughputChart \
    --csv "$RESULTS/throughput.csv" --out "$RESULTS/throughput.svg"
fi

step "done in $(( $(date +%s) - START )) s; results in $RESULTS/:"
ls -1 "$RESULTS" | sed 's/^/  /'
