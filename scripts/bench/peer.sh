#!/usr/bin/env bash
# Peer run: Hearth, Prometheus 2.42 and VictoriaMetrics 1.79 in one run of ../shared/bench/peer-bench.sh
# (same remote-write load, same dashboard queries, one system after the other), Hearth started by
# `./hearth run` with its shipped defaults (an empty scrape configuration, the admin API on for the
# harness's flush). Beside the harness's results it samples Hearth's CPU per thread (thread-cpu.py)
# and writes the ingest window's split to OUT/hearth-threads.txt: JIT compiler, write threads, the
# log committer, maintenance, Ignite's checkpoint and WAL threads, GC.
#
# Usage (from anywhere; the harness must sit at ../shared/bench beside the repository):
#   scripts/bench/peer.sh [peer-bench options...]      e.g. --series 20000 --hours 4 --reps 10 --warmup 2
# Environment: OUT [a new dir under /tmp], SUTS [prometheus,victoria-metrics,custom],
#   HEARTH_JAR / HEARTH_JVM_OPTIONS [private copies of the node build's, built if missing],
#   HEARTH_FLAGS [extra ./hearth run flags, for A/B runs; runs reported as the defaults use none].
# Commit OUT's summary.txt, results.jsonl, environment.txt, run.log and hearth-threads.txt under
# docs/benchmarks/<date>-<name>/.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="${OUT:-$(mktemp -d /tmp/hearth-peer.XXXXXX)}"
SUTS="${SUTS:-prometheus,victoria-metrics,custom}"
mkdir -p "$OUT"
source "$root/scripts/bench/bench-lib.sh"
hearth_jar
harness="$root/../shared/bench/peer-bench.sh"
[ -x "$harness" ] || die "no peer harness at $harness"

printf 'scrape_configs: []\n' > "$OUT/empty-prom.yml"
cat > "$OUT/hearth-start.sh" <<SH
#!/usr/bin/env bash
# Hearth as the harness starts it: ./hearth run with its defaults; the sampler follows the JVM's threads.
cd "$root"
( sleep 1; exec python3 "$root/scripts/bench/thread-cpu.py" sample \$\$ "$OUT/threads" ) &
HEARTH_JAR="$HEARTH_JAR" HEARTH_JVM_OPTIONS="$HEARTH_JVM_OPTIONS" HEARTH_NO_BUILD=1 exec ./hearth run \\
  --web.listen-address=127.0.0.1:29092 --storage.tsdb.path="\$1" --config.file="$OUT/empty-prom.yml" --web.enable-admin-api ${HEARTH_FLAGS:-}
SH
chmod +x "$OUT/hearth-start.sh"

log "peer run into $OUT"
"$harness" --suts "$SUTS" --name hearth --out "$OUT/run" "$@" \
  --start-cmd "exec $OUT/hearth-start.sh {data_dir}" \
  --write-url http://127.0.0.1:29092/api/v1/write --query-url http://127.0.0.1:29092 \
  --ready-url http://127.0.0.1:29092/-/ready \
  --flush-cmd 'curl -fsS -X POST http://127.0.0.1:29092/api/v1/admin/tsdb/flush' | tee "$OUT/harness.log"

# The ingest window: from the harness's "hearth: load" line for write.wall_s seconds.
start=$(grep -o '^\[[0-9:]*\] hearth: load' "$OUT/harness.log" | head -1 | tr -d '[' | cut -d']' -f1 || true)
wall=$(grep -o '"write.wall_s":[0-9.]*' "$OUT/run/results.jsonl" | tail -1 | cut -d: -f2 || true)
if [ -n "$start" ] && [ -n "$wall" ] && [ -d "$OUT/threads" ]; then
  from=$(date -u -d "$(date -u +%F) $start" +%s%3N)
  to=$(python3 -c "print(int($from + $wall * 1000))")
  python3 "$root/scripts/bench/thread-cpu.py" report "$OUT/threads" "$from" "$to" | tee "$OUT/hearth-threads.txt"
fi
rm -f "${copied[@]}"
log "results: $OUT/run/summary.txt $OUT/run/results.jsonl $OUT/hearth-threads.txt"
