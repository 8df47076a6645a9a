#!/usr/bin/env bash
# Cluster run: a 3-node Hearth cluster on 127.0.0.1 (replication factor 2, every other setting as
# `./hearth run` ships it) beside Prometheus 2.42 in one run of ../shared/bench/peer-bench.sh, then
# a single Hearth node with the same jar and load, for the cluster/single-node ratios (CPU and RSS
# over all processes, disk over all data directories). After the load the flush command checkpoints
# every node and records the bytes each dashboard query moved between nodes (cluster-probe.sh).
# Each system's data directory is kept under OUT/<name>/ so that its layout can be read
# (OUT/<name>-layout.txt: ignite/db, wal and wal-archive per node, and db by cache).
#
# Usage (from anywhere; the harness must sit at ../shared/bench beside the repository):
#   scripts/bench/cluster.sh [peer-bench options...]   e.g. --series 20000 --hours 4 --reps 10 --warmup 2
# Environment: OUT [a new dir under /tmp], NODES [3], SUTS [prometheus,custom] for the cluster's run,
#   SINGLE [1: also the single node; 0: not], HEARTH_JAR / HEARTH_JVM_OPTIONS [private copies of the
#   node build's, built if missing], HEARTH_BENCH_FLAGS [none: extra flags for every node].
# Commit OUT's summary.txt, results.jsonl, environment.txt, run.log, *-probe.tsv, *-layout.txt and
# *-metrics/ under docs/benchmarks/<date>-<name>/.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="${OUT:-$(mktemp -d /tmp/hearth-cluster.XXXXXX)}"
NODES="${NODES:-3}"
SUTS="${SUTS:-prometheus,custom}"
SINGLE="${SINGLE:-1}"
mkdir -p "$OUT"
source "$root/scripts/bench/bench-lib.sh"
hearth_jar
harness="$root/../shared/bench/peer-bench.sh"
[ -x "$harness" ] || die "no peer harness at $harness"

# run NAME NODES SUTS [peer-bench options...]
run() {
  local name="$1" n="$2" suts="$3"; shift 3
  log "$name: $n node(s), $suts, into $OUT/$name"
  HEARTH_BENCH_METRICS_DIR="$OUT/$name-metrics" \
    "$harness" --suts "$suts" --name "$name" --out "$OUT/$name" --keep-data "$@" \
    --start-cmd "exec $root/scripts/bench/hearth-cluster-sut.sh $n {data_dir} $OUT/$name.pids" --pid-file "$OUT/$name.pids" \
    --ready-url "http://127.0.0.1:$((29092 + n - 1))/-/ready" \
    --flush-cmd "$root/scripts/bench/cluster-probe.sh $n $OUT/$name-probe.tsv" | tee "$OUT/$name.log"
  # The data directories' layout, then the data itself goes (it is large).
  local data="$OUT/$name/$name/data"
  if [ -d "$data" ]; then
    for d in "$data"/*/; do
      [ -d "$d/ignite" ] || continue
      for part in db wal wal-archive; do
        [ -e "$d/ignite/$part" ] && printf '%s\t%s\t%s\n' "$(basename "$d")" "$part" "$(du -sb "$d/ignite/$part" | cut -f1)"
      done
      # The page store by cache or cache group (db/<node folder>/cache[Group]-<name>/), for where a copy's bytes go.
      for c in "$d"/ignite/db/*/cache-*/ "$d"/ignite/db/*/cacheGroup-*/ "$d"/ignite/db/*/metastorage/; do
        [ -d "$c" ] && printf '%s\tdb/%s\t%s\n' "$(basename "$d")" "$(basename "$c")" "$(du -sb "$c" | cut -f1)"
      done
    done > "$OUT/$name-layout.txt"
    find "$OUT/$name" -mindepth 1 -maxdepth 1 -type d -exec rm -rf {} +
  fi
}

run "hearth-${NODES}node" "$NODES" "$SUTS" "$@"
[ "$SINGLE" = 1 ] && run hearth-1node 1 custom "$@"
rm -f "${copied[@]}"
log "results: $OUT/hearth-${NODES}node/summary.txt $OUT/hearth-1node/summary.txt and the *-layout.txt, *-probe.tsv files"
