#!/usr/bin/env bash
# Runs an N-node Hearth cluster on 127.0.0.1 in the foreground, for the peer benchmark harness
# (../shared/bench/peer-bench.sh --suts ...,custom --start-cmd 'exec scripts/bench/hearth-cluster-sut.sh 3 {data_dir} /tmp/pids').
#   $1 nodes (1 = a single node, no peers)   $2 data dir   $3 file to write the server PIDs to (one per line)
# Node i listens on HTTP 29092+i (node 0 on 29092, the harness's default), Ignite discovery 47700+10*i.
# SIGTERM stops every node gracefully and waits for them. Extra flags for every node: HEARTH_BENCH_FLAGS.
# The jar: HEARTH_JAR (default node/target/hearth.jar of this checkout).
set -euo pipefail
n="$1"; data="$2"; pidfile="$3"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export HEARTH_JAR="${HEARTH_JAR:-$here/node/target/hearth.jar}" HEARTH_NO_BUILD=1
peers=""
if [ "$n" -gt 1 ]; then
  for i in $(seq 0 $((n - 1))); do peers="${peers:+$peers,}127.0.0.1:$((47700 + 10 * i))"; done
fi
pids=()
: > "$pidfile"
for i in $(seq 0 $((n - 1))); do
  args=(run --web.listen-address=127.0.0.1:$((29092 + i)) --storage.tsdb.path="$data/node-$i"
    --cluster.node-name=node-$i --cluster.listen-address=127.0.0.1:$((47700 + 10 * i))
    --config.file="$here/scripts/bench/no-scrape.yml" --web.enable-admin-api ${HEARTH_BENCH_FLAGS:-})
  [ -n "$peers" ] && args+=(--cluster.peers="$peers")
  "$here/hearth" "${args[@]}" > "$data/node-$i.log" 2>&1 &
  pids+=($!)
  echo "$!" >> "$pidfile"
done
stop() {
  # The nodes' own figures before they stop (routed bytes, fragments, rebalancing, CPU), if asked for.
  if [ -n "${HEARTH_BENCH_METRICS_DIR:-}" ]; then
    mkdir -p "$HEARTH_BENCH_METRICS_DIR"
    for i in $(seq 0 $((n - 1))); do
      curl -fsS "http://127.0.0.1:$((29092 + i))/metrics" > "$HEARTH_BENCH_METRICS_DIR/node-$i.metrics" 2>/dev/null || true
    done
  fi
  kill -TERM "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
  exit 0
}
trap stop TERM INT
# Ready when every node is (the harness polls node 0's query API only).
for i in $(seq 0 $((n - 1))); do
  until curl -fsS -o /dev/null "http://127.0.0.1:$((29092 + i))/-/ready"; do sleep 1; done
done
wait "${pids[@]}"
