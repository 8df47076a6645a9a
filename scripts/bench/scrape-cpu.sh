#!/usr/bin/env bash
# Scrape CPU benchmark: Hearth vs Prometheus scraping the same 1,000 targets, one after the other.
#
# One Java process (ScrapeTargetServer, in benchmarks.jar) serves TARGETS node_exporter-like
# targets on 127.0.0.1:BASE_PORT.. (one port each, ~320 series each, counters growing, gauges
# moving, gzip as client_golang). Prometheus, then Hearth, run with the same prometheus.yml for
# WARMUP seconds, then MEASURE seconds during which the server's CPU (utime+stime from
# /proc/<pid>/stat) and its appended-samples counter are read at both ends:
#   Prometheus: prometheus_tsdb_head_samples_appended_total
#   Hearth:     hearth_head_samples_appended_total
# Both counts include the 5 report series per scrape (up, scrape_duration_seconds, ...).
# Prints CPU-seconds per million appended samples for both and the ratio Hearth/Prometheus;
# OUT/<system>-threads.tsv has the measured window's CPU seconds per thread name.
#
# Usage (from anywhere; paths are resolved from the repository root):
#   scripts/bench/scrape-cpu.sh
# Environment (defaults in brackets):
#   TARGETS [1000]  INTERVAL [15s]  WARMUP [120] MEASURE [180] (seconds)  BASE_PORT [21000]
#   CPUS_PER_TARGET [4] (series per target = 283 + 10 x this)  FORMAT [text|openmetrics|negotiate]
#   SYSTEMS ["prometheus hearth"] (order of the runs)  PROMETHEUS [/usr/bin/prometheus]
#   HEARTH_JAR [copy of node/target/hearth.jar, built if missing]  HEARTH_FLAGS [none: ./hearth run's
#   defaults, as users run it; e.g. "--memory.heap=4GB"]  BENCH_JAR [copy of benchmarks/target/benchmarks.jar,
#   built if missing]
#   OUT [a new temp dir: configs, logs, results.tsv, <system>-threads.tsv]  KEEP_DATA [0: data dirs removed]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TARGETS="${TARGETS:-1000}"
INTERVAL="${INTERVAL:-15s}"
WARMUP="${WARMUP:-120}"
MEASURE="${MEASURE:-180}"
BASE_PORT="${BASE_PORT:-21000}"
CPUS_PER_TARGET="${CPUS_PER_TARGET:-4}"
FORMAT="${FORMAT:-text}"
SYSTEMS="${SYSTEMS:-prometheus hearth}"
PROMETHEUS="${PROMETHEUS:-/usr/bin/prometheus}"
HEARTH_FLAGS="${HEARTH_FLAGS:-}"
KEEP_DATA="${KEEP_DATA:-0}"
OUT="${OUT:-$(mktemp -d /tmp/scrape-cpu.XXXXXX)}"
mkdir -p "$OUT"
tck=$(getconf CLK_TCK)

source "$root/scripts/bench/bench-lib.sh"

# --- jars (private copies: others may rebuild target/ while this runs; removed at exit) ---
if [ -z "${BENCH_JAR:-}" ]; then
  BENCH_JAR=$(private_copy benchmarks/target/benchmarks.jar benchmarks); copied+=("$BENCH_JAR")
fi
if [[ " $SYSTEMS " == *" hearth "* ]]; then hearth_jar; fi

# --- ports ---
busy=$(listening | awk -v lo="$BASE_PORT" -v hi="$((BASE_PORT + TARGETS - 1))" '$1>=lo && $1<=hi' | head -n 1)
[ -z "$busy" ] || { echo "port $busy in $BASE_PORT..$((BASE_PORT + TARGETS - 1)) is taken; set BASE_PORT" >&2; exit 1; }
web_port=$(free_base 19500 1 2)
cluster_port=$(free_base 19700 1 2)

# --- processes we start, stopped on exit ---
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  [ "$KEEP_DATA" = 1 ] || rm -rf "$OUT"/data-*
  rm -f "${copied[@]}"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cpu_ticks() { # utime + stime of a pid (fields 14, 15 of /proc/pid/stat, after the comm)
  sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'
}
thread_ticks() { # tid, CPU ticks and name (digits folded to #) of each thread of a pid
  local f line name rest tid
  for f in /proc/"$1"/task/*/stat; do
    line=$(cat "$f" 2>/dev/null) || continue
    tid=${f%/stat}; tid=${tid##*/}
    name=${line#*(}; name=${name%)*}; rest=${line##*) }
    printf '%s\t%s\t%s\n' "$tid" "$(awk '{print $12 + $13}' <<< "$rest")" "$(tr '0-9' '#' <<< "$name" | tr -s '#')"
  done
}
thread_report() { # CPU seconds per thread name over the window, most first
  awk -F'\t' -v tk="$tck" 'NR == FNR {t0[$1] = $2; next} {d[$3] += $2 - ($1 in t0 ? t0[$1] : 0)}
    END {for (n in d) if (d[n] > 0) printf "%.2f\t%s\n", d[n] / tk, n}' "$1" "$2" | sort -rn
}
hwm_kib() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status"; }
counter() { # sum of a metric's samples on a /metrics page
  curl -fsS --max-time 20 "$1" | awk -v n="$2" '$1 == n || index($1, n "{") == 1 {s += $NF} END {printf "%.0f\n", s}'
}
query() { # a scalar result of an instant query
  curl -fsS --max-time 30 "$1/api/v1/query" --data-urlencode "query=$2" \
    | sed -n 's/.*"value":\[[^,]*,"\([^"]*\)"\].*/\1/p'
}
wait_ready() {
  local url=$1 pid=$2 i
  for i in $(seq 1 240); do
    curl -fsS --max-time 2 "$url/-/ready" >/dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || { echo "process $pid exited before ready" >&2; return 1; }
    sleep 0.5
  done
  echo "$url not ready after 120 s" >&2; return 1
}

# --- targets ---
log "starting $TARGETS targets on 127.0.0.1:$BASE_PORT.. (out: $OUT)"
java -Xms128m -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$BENCH_JAR" \
  io.hearth.benchmarks.exposition.ScrapeTargetServer --base-port "$BASE_PORT" --targets "$TARGETS" \
  --cpus "$CPUS_PER_TARGET" --format "$FORMAT" > "$OUT/targets.log" 2>&1 &
tpid=$!; pids+=("$tpid")
for _ in $(seq 1 60); do grep -q '^ready' "$OUT/targets.log" 2>/dev/null && break; sleep 0.5; done
grep -q '^ready' "$OUT/targets.log" || { cat "$OUT/targets.log" >&2; exit 1; }
read -r _ per_body bytes_body < <(grep '^ready' "$OUT/targets.log")
log "targets ready: $per_body samples, $bytes_body bytes per body"

{
  printf 'global:\n  scrape_interval: %s\nscrape_configs:\n  - job_name: node\n    static_configs:\n      - targets:\n' "$INTERVAL"
  for i in $(seq 0 $((TARGETS - 1))); do printf '          - 127.0.0.1:%d\n' "$((BASE_PORT + i))"; done
} > "$OUT/prometheus.yml"

results="$OUT/results.tsv"
printf 'system\tcpu_s\tsamples\tcpu_s_per_M\tsamples_per_s\ttargets_up\tpeak_rss_mib\ttarget_cpu_s\tserved_samples\n' > "$results"

run_one() {
  local sys=$1 url="http://127.0.0.1:$web_port" pid metric data="$OUT/data-$1"
  rm -rf "$data"; mkdir -p "$data"
  case "$sys" in
    prometheus)
      "$PROMETHEUS" --config.file="$OUT/prometheus.yml" --storage.tsdb.path="$data" \
        --web.listen-address="127.0.0.1:$web_port" > "$OUT/$sys.log" 2>&1 &
      pid=$!; metric=prometheus_tsdb_head_samples_appended_total;;
    hearth)
      HEARTH_JAR="$HEARTH_JAR" HEARTH_NO_BUILD=1 "$root/hearth" run --config.file="$OUT/prometheus.yml" \
        --storage.tsdb.path="$data" --web.listen-address="127.0.0.1:$web_port" \
        --cluster.listen-address="127.0.0.1:$cluster_port" $HEARTH_FLAGS > "$OUT/$sys.log" 2>&1 &
      pid=$!; metric=hearth_head_samples_appended_total;;
    *) echo "unknown system $sys" >&2; return 1;;
  esac
  pids+=("$pid")
  wait_ready "$url" "$pid"
  log "$sys ready (pid $pid); warm-up ${WARMUP}s"
  sleep "$WARMUP"
  local c0 s0 t0 st0 w0 c1 s1 t1 st1 w1 up
  thread_ticks "$pid" > "$OUT/$sys-threads.0"
  c0=$(cpu_ticks "$pid"); s0=$(counter "$url/metrics" "$metric"); t0=$(cpu_ticks "$tpid")
  st0=$(counter "http://127.0.0.1:$BASE_PORT/stats" samples); w0=$(date +%s.%N)
  log "$sys measuring ${MEASURE}s"
  sleep "$MEASURE"
  thread_ticks "$pid" > "$OUT/$sys-threads.1"
  c1=$(cpu_ticks "$pid"); s1=$(counter "$url/metrics" "$metric"); t1=$(cpu_ticks "$tpid")
  st1=$(counter "http://127.0.0.1:$BASE_PORT/stats" samples); w1=$(date +%s.%N)
  up=$(query "$url" 'sum(up)' || echo "?")
  thread_report "$OUT/$sys-threads.0" "$OUT/$sys-threads.1" > "$OUT/$sys-threads.tsv"
  local rss; rss=$(( $(hwm_kib "$pid") / 1024 ))
  kill "$pid"; wait "$pid" 2>/dev/null || true
  [ "$KEEP_DATA" = 1 ] || rm -rf "$data"
  awk -v sys="$sys" -v c="$((c1 - c0))" -v s="$((s1 - s0))" -v tk="$tck" -v w0="$w0" -v w1="$w1" \
      -v up="$up" -v rss="$rss" -v tc="$((t1 - t0))" -v st="$((st1 - st0))" \
    'BEGIN {cpu = c / tk; w = w1 - w0; printf "%s\t%.2f\t%d\t%.3f\t%.0f\t%s\t%d\t%.2f\t%d\n", sys, cpu, s, (s > 0 ? cpu / s * 1e6 : 0), s / w, up, rss, tc / tk, st}' \
    >> "$results"
  log "$sys done: $(tail -n 1 "$results")"
  sleep 5
}

for s in $SYSTEMS; do run_one "$s"; done

echo
echo "targets: $TARGETS x $per_body samples ($bytes_body bytes, format $FORMAT) every $INTERVAL; warm-up ${WARMUP}s, measured ${MEASURE}s"
echo "machine: $(nproc) CPUs, load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
column -t -s $'\t' "$results"
awk -F'\t' 'NR > 1 {v[$1] = $4} END {
  if (v["prometheus"] > 0 && v["hearth"] > 0)
    printf "\nCPU-seconds per million scraped samples: Hearth %.2f, Prometheus %.2f, Hearth/Prometheus %.2fx\n",
      v["hearth"], v["prometheus"], v["hearth"] / v["prometheus"]
}' "$results"
