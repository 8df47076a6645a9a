#!/usr/bin/env bash
# Elastic-cluster figures on loopback, with real processes started as `./hearth run` starts them
# (shipped defaults; only the cluster flags, the admin API and a config without scrapes are added):
#   1. fill a 2-node cluster (replication factor 2, the default) by remote write of SERIES series x
#      HOURS hours of 15 s samples (the peer harness's load generator), then flush;
#   2. scale out: start a 3rd node, add it to the baseline at once (baseline/add; the
#      --cluster.baseline-settle delay is left out of the figure), time until the rebalance is done;
#   3. scale in: `hearth cluster decommission` of the 3rd node, time until it holds nothing (from
#      the command's start, its JVM start included, to settled; and the command's own figure);
#   4. restart: SIGTERM a node of the original two, start it again, time to /-/ready 200 (RESTARTS times).
# "Done" for 2 and 3 means every node reports rebalancing=false and holds on disk exactly the
# partitions assigned to it (evictions finished). Bytes moved: the receiving nodes' Ignite rebalance
# counters (rebalancedBytes of /api/v1/status/cluster) and the growth of their data directories.
#
# Usage: scripts/bench/elastic.sh            (from anywhere; results in OUT)
# Environment (defaults in brackets):
#   SERIES [10000]  HOURS [6]  RESTARTS [2]  OUT [/tmp/hearth-elastic-bench/<UTC time>]
#   HEARTH_JAR [a copy of node/target/hearth.jar, built if missing]
#   LOADGEN_JAR [the peer harness's load generator, built from ../shared/bench/loadgen once, as peer-bench.sh does]
#   KEEP_DATA [0: data dirs removed at the end]
# Every wait is bounded; the whole run stops by itself (MAX_SECONDS [1500]) and stops every process it started.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SERIES="${SERIES:-10000}"
HOURS="${HOURS:-6}"
RESTARTS="${RESTARTS:-2}"
KEEP_DATA="${KEEP_DATA:-0}"
MAX_SECONDS="${MAX_SECONDS:-1500}"
OUT="${OUT:-/tmp/hearth-elastic-bench/$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$OUT"
t_start=$(date +%s)

BENCH_RUN_LOG=1
source "$root/scripts/bench/bench-lib.sh"
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f", b - a}'; }
result() { echo "$1=$2" >> "$OUT/results.properties"; log "$1=$2"; }
: > "$OUT/results.properties"

# --- jars (private copy of hearth.jar: others may rebuild target/ while this runs) ---
hearth_jar -o -Dhearth.revision="$(git -C "$root" rev-parse --short HEAD)"
if [ -z "${LOADGEN_JAR:-}" ]; then
  src="$root/../shared/bench/loadgen"
  [ -d "$src" ] || die "no load generator: set LOADGEN_JAR or check out ../shared/bench"
  cache="${PEER_BENCH_CACHE:-/tmp/hearth-peer-bench-cache}"
  hash="$(cd "$src" && find . -type f \( -name '*.java' -o -name pom.xml \) | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-16)"
  LOADGEN_JAR="$cache/loadgen-$hash/target/peer-loadgen.jar"
  if [ ! -f "$LOADGEN_JAR" ]; then
    log "building the load generator in $cache/loadgen-$hash"
    rm -rf "$cache/loadgen-$hash.tmp"; mkdir -p "$cache/loadgen-$hash.tmp"
    cp -r "$src" "$cache/loadgen-$hash.tmp/src"; chmod -R u+w "$cache/loadgen-$hash.tmp/src"
    mvn -q -B -f "$cache/loadgen-$hash.tmp/src/pom.xml" package -DbuildDir="$cache/loadgen-$hash.tmp/target"
    rm -rf "$cache/loadgen-$hash"; mv "$cache/loadgen-$hash.tmp" "$cache/loadgen-$hash"
  fi
fi

# --- ports: three web ports and three discovery/communication pairs, all free ---
web0=$(free_base 29400 10 3)
disco0=$(free_base 47900 10 6)
web() { echo $((web0 + $1)); }
disco() { echo $((disco0 + 2 * $1)); }
peers="127.0.0.1:$(disco 0),127.0.0.1:$(disco 1)"

# --- processes we start, stopped on exit ---
declare -A pid=()
cleanup() {
  local p
  set +e # stop everything, whatever fails on the way
  [ -n "${watchdog:-}" ] && kill "$watchdog" 2>/dev/null
  for p in "${pid[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pid[@]}"; do
    for _ in $(seq 1 60); do kill -0 "$p" 2>/dev/null || break; sleep 1; done
    kill -KILL "$p" 2>/dev/null || true
  done
  [ "$KEEP_DATA" = 1 ] || rm -rf "$OUT"/data
  rm -f "${copied[@]}"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# the whole run is bounded: a watchdog ends it (and so every node, through the EXIT trap)
deadline_all=$(( t_start + MAX_SECONDS ))
( while [ "$(date +%s)" -lt "$deadline_all" ]; do sleep 5; kill -0 $$ 2>/dev/null || exit 0; done
  log "run exceeded $MAX_SECONDS s: stopping"; kill -TERM $$ ) 2>/dev/null &
watchdog=$!

printf 'global:\n  scrape_interval: 15s\n  evaluation_interval: 15s\n' > "$OUT/no-scrape.yml"
start_node() { # i [extra peers]
  local i=$1 p="$peers"
  [ "$i" -ge 2 ] && p="$peers,127.0.0.1:$(disco "$i")"
  mkdir -p "$OUT/data" "$OUT/logs"
  HEARTH_JAR="$HEARTH_JAR" HEARTH_NO_BUILD=1 "$root/hearth" run \
    --web.listen-address="127.0.0.1:$(web "$i")" --storage.tsdb.path="$OUT/data/node-$i" \
    --cluster.node-name="node-$i" --cluster.listen-address="127.0.0.1:$(disco "$i")" --cluster.peers="$p" \
    --config.file="$OUT/no-scrape.yml" --web.enable-admin-api >> "$OUT/logs/node-$i.log" 2>&1 &
  pid[$i]=$!
}
url() { echo "http://127.0.0.1:$(web "$1")"; }
is_ready() { curl -fsS --max-time 2 -o /dev/null "$(url "$1")/-/ready" 2>/dev/null; }
await() { # description max-seconds command...: polls every 0.25 s
  local what=$1 max=$2 deadline; shift 2
  deadline=$(( $(date +%s) + max ))
  until "$@"; do
    [ "$(date +%s)" -lt "$deadline" ] || die "$what: not within $max s"
    sleep 0.25
  done
}
status() { curl -fsS --max-time 10 "$(url "$1")/api/v1/status/cluster"; }
du_bytes() { du -sb "$OUT/data/node-$1" 2>/dev/null | cut -f1; }
rebalanced_bytes() { status "$1" | jq --arg n "node-$1" '[.data.nodes[] | select(.name == $n) | .rebalancedBytes] | add // 0'; }
# every node: not rebalancing, holds on disk exactly what is assigned to it, and the baseline is $1 (comma list)
settled() {
  local via=$1 baseline=$2 s
  s=$(status "$via" 2>/dev/null) || return 1
  jq -e --arg b "$baseline" '.data as $d | ($d.rebalancing == false)
    and ([$d.baseline[].name] | sort | join(",")) == $b
    and all($d.nodes[]; .partitionsOnDisk == (if .inBaseline then .primaryPartitions + .backupPartitions else 0 end)
                        and .rebalancingPartitions == 0)' <<< "$s" > /dev/null
}
command -v jq > /dev/null || die "jq is needed"

{
  echo "date_utc=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "revision=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "cpus=$(nproc)"
  echo "mem_total_kib=$(awk '/MemTotal/ {print $2}' /proc/meminfo)"
  echo "loadavg_at_start=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "java=$(java -version 2>&1 | head -n 1)"
  echo "series=$SERIES hours=$HOURS restarts=$RESTARTS"
} > "$OUT/environment.txt"

# --- 1. two nodes, filled ---
log "starting node-0 and node-1 (out: $OUT)"
start_node 0; start_node 1
await "node-0 ready" 180 is_ready 0
await "node-1 ready" 180 is_ready 1
log "cluster of 2 ready; writing $SERIES series x $HOURS h"
java -Xms256m -Xmx1g -XX:+UseParallelGC -jar "$LOADGEN_JAR" write --url "$(url 0)/api/v1/write" --series "$SERIES" \
  --hours "$HOURS" --concurrency 4 --max-seconds 480 --result-file "$OUT/load.properties" 2>&1 | tee -a "$OUT/run.log" | tail -n 3 >&2
for i in 0 1; do curl -fsS --max-time 300 -X POST "$(url "$i")/api/v1/admin/tsdb/flush" > /dev/null; done
result samples_acked "$(awk -F= '$1 == "write.samples_acked" {print $2}' "$OUT/load.properties")"
result ingest_samples_per_s "$(awk -F= '$1 == "write.samples_per_s" {print $2}' "$OUT/load.properties")"
await "two nodes settled" 300 settled 0 "node-0,node-1"
for i in 0 1; do result "node_${i}_dir_bytes_filled" "$(du_bytes "$i")"; done
status 0 > "$OUT/status-filled.json"

# --- 2. scale out 2 -> 3 ---
start_node 2
await "node-2 ready" 180 is_ready 2
sleep 5 # let its files and WAL settle before the base size is taken
base2=$(du_bytes 2); rb2=$(rebalanced_bytes 2)
result node_2_dir_bytes_joined "$base2"
t0=$(now)
curl -fsS --max-time 60 -X POST "$(url 0)/api/v1/admin/cluster/baseline/add" -d node=node-2 > "$OUT/baseline-add.json"
await "scale-out rebalance" 600 settled 0 "node-0,node-1,node-2"
t1=$(now)
status 0 > "$OUT/status-scaled-out.json"
moved=$(( $(rebalanced_bytes 2) - rb2 ))
grown=$(( $(du_bytes 2) - base2 ))
result scale_out_seconds "$(secs "$t0" "$t1")"
result scale_out_rebalanced_bytes "$moved"
result scale_out_dir_growth_bytes "$grown"
for i in 0 1 2; do result "node_${i}_dir_bytes_scaled_out" "$(du_bytes "$i")"; done

# --- 3. scale in 3 -> 2: decommission node-2 ---
rb0=$(rebalanced_bytes 0); rb1=$(rebalanced_bytes 1); d0=$(du_bytes 0); d1=$(du_bytes 1)
t0=$(now)
HEARTH_JAR="$HEARTH_JAR" HEARTH_NO_BUILD=1 timeout 660 "$root/hearth" cluster decommission node-2 \
  --web.listen-address="127.0.0.1:$(web 0)" --timeout=10m > "$OUT/decommission.txt" 2>&1 || { cat "$OUT/decommission.txt" >&2; die "decommission"; }
await "scale-in settled" 300 settled 0 "node-0,node-1"
t1=$(now)
status 0 > "$OUT/status-scaled-in.json"
result scale_in_seconds "$(secs "$t0" "$t1")"
# the command's own figure: from its call to done, without its JVM start
result scale_in_command_seconds "$(sed -n 's/^decommissioned .* in \([0-9.]*\) s:.*/\1/p' "$OUT/decommission.txt")"
result scale_in_rebalanced_bytes "$(( $(rebalanced_bytes 0) - rb0 + $(rebalanced_bytes 1) - rb1 ))"
result scale_in_dir_growth_bytes "$(( $(du_bytes 0) - d0 + $(du_bytes 1) - d1 ))"
t0=$(now); kill -TERM "${pid[2]}"; wait "${pid[2]}" || true; unset 'pid[2]'
result node_2_stop_seconds "$(secs "$t0" "$(now)")"
await "two nodes settled after node-2 left" 120 settled 0 "node-0,node-1"

# --- 4. restart node-1: time to ready ---
for r in $(seq 1 "$RESTARTS"); do
  t0=$(now); kill -TERM "${pid[1]}"; wait "${pid[1]}" || true; t1=$(now)
  result "restart_${r}_stop_seconds" "$(secs "$t0" "$t1")"
  sleep 3
  t0=$(now); start_node 1
  await "node-1 healthy" 300 curl -fs --max-time 2 -o /dev/null "$(url 1)/-/healthy"
  t1=$(now)
  await "node-1 ready" 600 is_ready 1
  t2=$(now)
  result "restart_${r}_healthy_seconds" "$(secs "$t0" "$t1")"
  result "restart_${r}_ready_seconds" "$(secs "$t0" "$t2")"
  await "settled after restart" 300 settled 0 "node-0,node-1"
  result "restart_${r}_settled_seconds" "$(secs "$t0" "$(now)")"
done
status 1 > "$OUT/status-end.json"

# --- summary ---
awk -F= '{v[$1] = $2} END {
  gb = 1024 * 1024 * 1024; mb = 1024 * 1024
  printf "\nfilled: %s samples acked; data dirs %.0f MiB + %.0f MiB\n", v["samples_acked"], v["node_0_dir_bytes_filled"] / mb, v["node_1_dir_bytes_filled"] / mb
  n = split("scale_out scale_in", k, " ")
  for (i = 1; i <= n; i++) {
    s = v[k[i] "_seconds"]; b = v[k[i] "_rebalanced_bytes"]; d = v[k[i] "_dir_growth_bytes"]
    printf "%-9s %6.1f s, rebalanced %.0f MiB (%.1f MiB/s, %.0f s per GiB); receivers data dirs grew %.0f MiB\n",
      k[i], s, b / mb, (s > 0 ? b / mb / s : 0), (b > 0 ? s / (b / gb) : 0), d / mb
  }
  for (r = 1; ("restart_" r "_ready_seconds") in v; r++)
    printf "restart %d: stop %.1f s, start to healthy %.1f s, to ready %.1f s, to settled %.1f s\n", r,
      v["restart_" r "_stop_seconds"], v["restart_" r "_healthy_seconds"], v["restart_" r "_ready_seconds"], v["restart_" r "_settled_seconds"]
}' "$OUT/results.properties" | tee "$OUT/summary.txt" >&2
echo "loadavg_at_end=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/environment.txt"
echo "run_seconds=$(( $(date +%s) - t_start ))" >> "$OUT/environment.txt"
kill "$watchdog" 2>/dev/null || true
log "done: $OUT"
