#!/usr/bin/env bash
# Series-churn benchmark: Hearth vs Prometheus 2.42 on the same data, one after the other (issue 10).
#
# Workload: PODS pods x 4 metric names (2,000 active series by default) whose pod label changes every
# CHURN minutes (a new generation of pods), for HOURS simulated hours at INTERVAL seconds, ending at
# about now (the last sample <= the time the script started). Sent in time order via remote write 1.0
# over CONCURRENCY connections (every series always on the same connection), batches of <= BATCH
# samples, as fast as the server acknowledges. Both systems get --storage.tsdb.retention.time=RETENTION.
#
# Per system: start on an empty data dir, load (sampling head series, RSS and CPU every 30 simulated
# minutes), settle (until CPU is quiet, bounded), correctness checks, SIGTERM, data dir size, restart
# and time to /-/ready and to the first answered query, SIGTERM again. Then one table for both.
#
# Usage (from anywhere):
#   benchmarks/churn/churn-bench.sh [--out DIR] [--hours 48] [--retention 24h]
#       [--hearth-jar PATH | --hearth-checkout DIR] [--hearth-label TEXT] [--skip-prometheus] [--skip-hearth]
#       [--pods 500] [--namespaces 10] [--churn-minutes 30] [--interval 15] [--concurrency 4] [--batch 2000]
#       [--hearth-flags '--memory.heap=2GB ...'] [--prometheus /usr/bin/prometheus]
#       [--max-load-seconds 2400] [--settle-seconds 120] [--keep-data]
#
# --hearth-jar PATH       a node/target/hearth.jar to run with this checkout's ./hearth launcher
# --hearth-checkout DIR   another Hearth checkout: its ./hearth launcher and node/target/hearth.jar
#                         (built there with `mvn -q -B -DskipTests -pl node -am package` if missing
#                         or older than the sources)
# Default: this checkout, built the same way.
# --hearth-label TEXT     how Hearth is named in the table (default: the checkout's short commit, or
#                         jar:<sha256 prefix> for --hearth-jar)
#
# Results go to --out (default /tmp/hearth-churn-bench/<UTC timestamp>): summary.txt (the table),
# summary.json, environment.txt, run.log, and per system steps.csv / steps.jsonl (one row per 30
# simulated minutes), load.json, check.json, phases.properties, metrics-before-stop.txt, server.log,
# data-listing.txt. Data dirs are deleted at the end unless --keep-data.
#
# Bounded: ready 300 s, load --max-load-seconds (default 2400) + settle --settle-seconds, checks
# 600 s, stop 180 s then SIGKILL, restart 600 s. Ports: 127.0.0.1 only, free ones from 29190 up.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HOURS=48
RETENTION=24h
PODS=500
NAMESPACES=10
CHURN=30
INTERVAL=15
CONCURRENCY=4
BATCH=2000
MAX_LOAD=2400
SETTLE=120
READY_TIMEOUT=300
CHECK_TIMEOUT=600
STOP_TIMEOUT=180
RESTART_TIMEOUT=600
PROMETHEUS=/usr/bin/prometheus
HEARTH_JAR_ARG=""
HEARTH_CHECKOUT=""
HEARTH_FLAGS=""
HEARTH_LABEL=""
SYSTEMS=(prometheus hearth)
KEEP_DATA=0
OUT=""

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; }
skip() { local keep=() s; for s in "${SYSTEMS[@]}"; do [ "$s" = "$1" ] || keep+=("$s"); done; SYSTEMS=("${keep[@]}"); }
while [ $# -gt 0 ]; do
  arg=$1; val=""
  case "$arg" in --*=*) val=${arg#*=}; arg=${arg%%=*};; esac
  case "$arg" in
    -h|--help) usage; exit 0;;
    --skip-prometheus) skip prometheus; shift; continue;;
    --skip-hearth) skip hearth; shift; continue;;
    --keep-data) KEEP_DATA=1; shift; continue;;
    --out|--hours|--retention|--pods|--namespaces|--churn-minutes|--interval|--concurrency|--batch|--hearth-jar|\
    --hearth-checkout|--hearth-flags|--hearth-label|--prometheus|--max-load-seconds|--settle-seconds) ;;
    *) echo "unknown option $arg (--help)" >&2; exit 2;;
  esac
  if [ -z "$val" ]; then
    [ $# -ge 2 ] || { echo "missing value for $arg" >&2; exit 2; }
    val=$2; shift
  fi
  shift
  case "$arg" in
    --out) OUT=$val;;
    --hours) HOURS=$val;;
    --retention) RETENTION=$val;;
    --pods) PODS=$val;;
    --namespaces) NAMESPACES=$val;;
    --churn-minutes) CHURN=$val;;
    --interval) INTERVAL=$val;;
    --concurrency) CONCURRENCY=$val;;
    --batch) BATCH=$val;;
    --hearth-jar) HEARTH_JAR_ARG=$val;;
    --hearth-checkout) HEARTH_CHECKOUT=$val;;
    --hearth-flags) HEARTH_FLAGS=$val;;
    --hearth-label) HEARTH_LABEL=$val;;
    --prometheus) PROMETHEUS=$val;;
    --max-load-seconds) MAX_LOAD=$val;;
    --settle-seconds) SETTLE=$val;;
  esac
done
[ ${#SYSTEMS[@]} -gt 0 ] || { echo "nothing to run" >&2; exit 2; }
[ -z "$HEARTH_JAR_ARG" ] || [ -z "$HEARTH_CHECKOUT" ] || { echo "--hearth-jar and --hearth-checkout exclude each other" >&2; exit 2; }
case "$RETENTION" in
  *h) RET_HOURS=${RETENTION%h};;
  *d) RET_HOURS=$(( ${RETENTION%d} * 24 ));;
  *) echo "--retention: use hours or days (24h, 2d)" >&2; exit 2;;
esac

OUT=${OUT:-/tmp/hearth-churn-bench/$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
exec > >(tee -a "$OUT/run.log") 2>&1
log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*"; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN {printf "%.2f", b - a}'; }
tck=$(getconf CLK_TCK)

# --- processes we start; stopped on exit ---
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  rm -f "$OUT/hearth.jar" "$OUT/churn-bench.jar"
  if [ "$KEEP_DATA" = 0 ]; then rm -rf "$OUT"/*/data; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- the load generator (benchmarks/churn, no Hearth module needed) ---
gen_src="$root/benchmarks/churn"
gen_jar="$gen_src/target/churn-bench.jar"
if [ ! -f "$gen_jar" ] || [ -n "$(find "$gen_src/pom.xml" "$gen_src/src" -newer "$gen_jar" -type f 2>/dev/null | head -n 1)" ]; then
  log "building the load generator ($gen_src)"
  timeout 900 mvn -q -B -f "$gen_src/pom.xml" -DskipTests package
fi
cp "$gen_jar" "$OUT/churn-bench.jar"
gen=(java -Xms64m -Xmx512m -XX:+UseSerialGC -jar "$OUT/churn-bench.jar")

# --- Hearth: jar and launcher (private copy of the jar: others may rebuild target/ meanwhile) ---
hearth_launcher=""
if [[ " ${SYSTEMS[*]} " == *" hearth "* ]]; then
  if [ -n "$HEARTH_JAR_ARG" ]; then
    [ -f "$HEARTH_JAR_ARG" ] || { echo "no such jar: $HEARTH_JAR_ARG" >&2; exit 2; }
    src_jar=$HEARTH_JAR_ARG; hearth_launcher="$root/hearth"; hearth_rev="jar:$(sha256sum "$src_jar" | cut -c1-12)"
  else
    co=${HEARTH_CHECKOUT:-$root}; co=$(cd "$co" && pwd)
    [ -x "$co/hearth" ] || { echo "$co/hearth: not a Hearth checkout" >&2; exit 2; }
    src_jar="$co/node/target/hearth.jar"; hearth_launcher="$co/hearth"
    hearth_rev=$(git -C "$co" rev-parse --short HEAD 2>/dev/null || echo unknown)
    if [ ! -f "$src_jar" ] || [ -n "$(find "$co/pom.xml" "$co"/*/pom.xml "$co"/*/src/main -newer "$src_jar" -type f 2>/dev/null | head -n 1)" ]; then
      log "building Hearth in $co (no jar, or sources newer than it, as ./hearth decides)"
      (cd "$co" && timeout 1800 mvn -q -B -DskipTests -Dhearth.revision="$hearth_rev" -pl node -am package)
    fi
    if [ -n "$(git -C "$co" status --porcelain --untracked-files=no 2>/dev/null | head -n 1)" ]; then hearth_rev="$hearth_rev+dirty"; fi
  fi
  cp "$src_jar" "$OUT/hearth.jar"
  hearth_rev=${HEARTH_LABEL:-$hearth_rev}
fi

# --- Prometheus ---
if [[ " ${SYSTEMS[*]} " == *" prometheus "* ]] && [ ! -x "$PROMETHEUS" ]; then
  log "installing prometheus (Debian package)"
  if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq prometheus
  $sudo systemctl stop prometheus >/dev/null 2>&1 || $sudo service prometheus stop >/dev/null 2>&1 || true
  PROMETHEUS=$(command -v prometheus)
fi
prom_version() { "$PROMETHEUS" --version 2>&1 | awk 'NR == 1 {print $3}'; }

# --- ports ---
listening() { ss -Hltn 2>/dev/null | awk '{n = split($4, a, ":"); print a[n]}'; }
free_port() { # a loopback port p with p and p+1 free, from $1 up
  local p used; used=" $(listening | tr '\n' ' ') "
  for p in $(seq "$1" 2 "$(($1 + 400))"); do
    if [[ "$used" != *" $p "* ]] && [[ "$used" != *" $((p + 1)) "* ]]; then echo "$p"; return; fi
  done
  echo "no free port from $1" >&2; exit 1
}

printf 'global:\n  scrape_interval: 15s\nscrape_configs: []\n' > "$OUT/prometheus.yml"
end_ms=$(( $(date +%s) * 1000 / (INTERVAL * 1000) * (INTERVAL * 1000) ))
{
  echo "date_utc=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "host=$(uname -n) $(uname -r)"
  echo "cpus=$(nproc)"
  echo "mem_total_kib=$(awk '/MemTotal/ {print $2}' /proc/meminfo)"
  echo "loadavg_at_start=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "java=$(java -version 2>&1 | head -n 1)"
  echo "script_commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "systems=${SYSTEMS[*]}"
  echo "hours=$HOURS retention=$RETENTION pods=$PODS series_per_generation=$((PODS * 4)) churn_minutes=$CHURN interval_s=$INTERVAL"
  echo "concurrency=$CONCURRENCY batch=$BATCH end_ms=$end_ms"
  [[ " ${SYSTEMS[*]} " != *" prometheus "* ]] || echo "prometheus=$PROMETHEUS $(prom_version)"
  [[ " ${SYSTEMS[*]} " != *" hearth "* ]] || echo "hearth=$hearth_rev launcher=$hearth_launcher flags=$HEARTH_FLAGS"
} > "$OUT/environment.txt"
cat "$OUT/environment.txt"

# --- one server ---
start_server() { # system data_dir log; sets server_pid, url
  local sys=$1 data=$2 logf=$3
  case "$sys" in
    prometheus)
      "$PROMETHEUS" --config.file="$OUT/prometheus.yml" --storage.tsdb.path="$data" \
        --storage.tsdb.retention.time="$RETENTION" --web.listen-address="127.0.0.1:$web_port" \
        --web.enable-remote-write-receiver >> "$logf" 2>&1 &
      server_pid=$!;;
    hearth)
      # shellcheck disable=SC2086 # HEARTH_FLAGS is a list of flags
      HEARTH_JAR="$OUT/hearth.jar" HEARTH_NO_BUILD=1 "$hearth_launcher" run --web.listen-address="127.0.0.1:$web_port" \
        --storage.tsdb.path="$data" --storage.tsdb.retention.time="$RETENTION" --config.file="$OUT/prometheus.yml" \
        --cluster.listen-address="127.0.0.1:$cluster_port" $HEARTH_FLAGS >> "$logf" 2>&1 &
      server_pid=$!;;  # the launcher execs java: this is the JVM's PID
  esac
  url="http://127.0.0.1:$web_port"
}
alive() { # the process exists and is neither a zombie nor dead
  local st; st=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  st=${st##*) }; st=${st%% *}
  [ -n "$st" ] && [ "$st" != Z ] && [ "$st" != X ]
}
wait_url() { # url pid timeout_s [grep pattern on the body]: 0 when it answers 200 (and matches)
  local u=$1 pid=$2 deadline body
  deadline=$(( $(date +%s) + $3 ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    alive "$pid" || { log "process $pid exited"; return 1; }
    if body=$(curl -fsS --max-time 5 "$u" 2>/dev/null); then
      if [ -z "${4:-}" ] || grep -q "$4" <<< "$body"; then return 0; fi
    fi
    sleep 0.1
  done
  return 1
}
stop_server() { # SIGTERM, then SIGKILL after STOP_TIMEOUT; sets stop_seconds, stop_graceful, stop_status
  local t0 deadline; t0=$(now); stop_graceful=true
  kill -TERM "$server_pid" 2>/dev/null || true
  deadline=$(( $(date +%s) + STOP_TIMEOUT ))
  while alive "$server_pid"; do
    if [ "$(date +%s)" -ge "$deadline" ]; then stop_graceful=false; kill -KILL "$server_pid" 2>/dev/null || true; break; fi
    sleep 0.05
  done
  stop_status=0; wait "$server_pid" 2>/dev/null || stop_status=$?
  stop_seconds=$(since "$t0")
  server_pid=""
}
metric_sum() { awk -v n="$2" '$1 == n || index($1, n "{") == 1 {s += $NF; f = 1} END {if (f) printf "%.0f\n", s}' "$1"; }
rss_mib() { awk '/^VmRSS:/ {printf "%.1f\n", $2 / 1024}' "/proc/$1/status" 2>/dev/null; }

run_system() {
  local sys=$1 dir="$OUT/$1" data="$OUT/$1/data" t_sys t0 head_metric metrics version ready_s
  rm -rf "$dir"; mkdir -p "$data"
  t_sys=$(now)
  web_port=$(free_port 29190); cluster_port=$(free_port 47900)
  if [ "$sys" = prometheus ]; then
    head_metric=prometheus_tsdb_head_series
    metrics="$head_metric,prometheus_tsdb_head_series_created_total,prometheus_tsdb_head_series_removed_total,prometheus_tsdb_head_chunks,prometheus_tsdb_blocks_loaded,prometheus_tsdb_compactions_total,go_memstats_heap_inuse_bytes"
    version=$(prom_version)
  else
    head_metric=hearth_head_series
    metrics="$head_metric,hearth_head_series_created_total,hearth_head_series_removed_total,hearth_segment_bytes,hearth_segments,hearth_segments_deleted_total,hearth_ignite_offheap_used_bytes,hearth_checkpoints_total,hearth_head_snapshot_bytes,hearth_index_blocks,hearth_ingest_log_bytes_written_total,jvm_memory_used_bytes{area=\"heap\"}"
    version=$hearth_rev
  fi
  log "== $sys ($version) on 127.0.0.1:$web_port, data $data"
  t0=$(now); start_server "$sys" "$data" "$dir/server.log"
  wait_url "$url/-/ready" "$server_pid" "$READY_TIMEOUT" || { log "$sys not ready"; tail -n 30 "$dir/server.log"; return 1; }
  ready_s=$(since "$t0"); log "ready in $ready_s s (pid $server_pid, $(cat "/proc/$server_pid/comm"))"

  log "load: $HOURS simulated hours, retention $RETENTION"
  timeout $((MAX_LOAD + SETTLE + 180)) java -Xms256m -Xmx1g -XX:+UseParallelGC -jar "$OUT/churn-bench.jar" load \
    --write-url "$url/api/v1/write" --metrics-url "$url/metrics" --pid "$server_pid" --clk-tck "$tck" \
    --hours "$HOURS" --interval-s "$INTERVAL" --churn-minutes "$CHURN" --pods "$PODS" --namespaces "$NAMESPACES" \
    --end-ms "$end_ms" --concurrency "$CONCURRENCY" --batch "$BATCH" --max-seconds "$MAX_LOAD" \
    --settle-seconds "$SETTLE" --metrics "$metrics" --out "$dir" || log "load step failed (exit $?)"
  if ! alive "$server_pid"; then
    log "$sys exited during the load"; tail -n 30 "$dir/server.log"
    wait "$server_pid" 2>/dev/null || true; server_pid=""
    printf 'version=%s\nstart_ready_seconds=%s\nserver_died=true\nsystem_run_seconds=%s\n' "$version" "$ready_s" "$(since "$t_sys")" > "$dir/phases.properties"
    return 0
  fi

  log "correctness checks"
  timeout "$CHECK_TIMEOUT" "${gen[@]}" check --query-url "$url" --load "$dir/load.json" --retention-hours "$RET_HOURS" \
    --out "$dir/check.json" || log "check step failed (exit $?)"
  curl -fsS --max-time 30 "$url/metrics" > "$dir/metrics-before-stop.txt" || true

  log "SIGTERM"
  local stop_s stop_ok stop_rc du_bytes
  stop_server; stop_s=$stop_seconds; stop_ok=$stop_graceful; stop_rc=$stop_status
  du_bytes=$(du -sb "$data" | cut -f1)
  (cd "$data" && du -ab . | sort -k1,1nr | head -n 40 || true) > "$dir/data-listing.txt" # head closes the pipe early
  local wal_bytes store_bytes
  if [ "$sys" = prometheus ]; then # WAL + head chunks; blocks (the persisted form)
    wal_bytes=$(cd "$data" && du -scb wal chunks_head 2>/dev/null | awk 'END {print $1}')
    store_bytes=$(cd "$data" && du -scb 01* 2>/dev/null | awk 'END {print $1 + 0}')
  else # Ignite WAL; Ignite page files (series, ingest log, segments and head snapshots share one cache group)
    wal_bytes=$(du -sb "$data/ignite/wal" 2>/dev/null | cut -f1)
    store_bytes=$(du -sb "$data/ignite/db" 2>/dev/null | cut -f1)
  fi
  log "stopped in $stop_s s (graceful $stop_ok, exit status $stop_rc); data dir $du_bytes bytes"

  log "restart"
  local q r_ready r_query r_head r_rss r_stop
  q="count({job=\"churn\"})"
  t0=$(now); start_server "$sys" "$data" "$dir/server.log"
  r_ready=""; r_query=""
  if wait_url "$url/-/ready" "$server_pid" "$RESTART_TIMEOUT"; then
    r_ready=$(since "$t0")
    if wait_url "$url/api/v1/query?query=$(jq -rn --arg q "$q" '$q|@uri')&time=$((end_ms / 1000))" "$server_pid" "$RESTART_TIMEOUT" '"result":\[{'; then
      r_query=$(since "$t0")
    fi
  fi
  curl -fsS --max-time 30 "$url/metrics" > "$dir/metrics-after-restart.txt" || true
  r_head=$(metric_sum "$dir/metrics-after-restart.txt" "$head_metric" || true)
  r_rss=$(rss_mib "$server_pid" || true)
  log "restart: ready $r_ready s, first query $r_query s, head series $r_head, RSS $r_rss MiB"
  local recovery # the server's own account of the restart
  recovery=$(grep -E 'WAL replay completed|series recovered in' "$dir/server.log" | tail -n 1 | tr -d '\\' | cut -c1-300)
  stop_server; r_stop=$stop_seconds
  cat > "$dir/phases.properties" <<EOF
version=$version
web_port=$web_port
start_ready_seconds=$ready_s
stop_seconds=$stop_s
stop_graceful=$stop_ok
stop_exit_status=$stop_rc
data_dir_bytes=$du_bytes
data_wal_bytes=$wal_bytes
data_store_bytes=$store_bytes
restart_recovery_log=$recovery
restart_ready_seconds=$r_ready
restart_query_seconds=$r_query
restart_query=$q
restart_head_series=$r_head
restart_rss_mib=$r_rss
restart_stop_seconds=$r_stop
system_run_seconds=$(since "$t_sys")
EOF
  [ "$KEEP_DATA" = 1 ] || rm -rf "$data"
  log "$sys done in $(since "$t_sys") s"
}

for s in "${SYSTEMS[@]}"; do run_system "$s"; done
"${gen[@]}" summary --out "$OUT" --systems "$(IFS=,; echo "${SYSTEMS[*]}")"
log "results in $OUT"
