#!/usr/bin/env bash
# Flush command for the peer harness with a Hearth cluster (hearth-cluster-sut.sh): checkpoints every
# node, then runs each dashboard query of the harness once (instant at the end of the data, and a
# range over its last hour at step 60 s) against node 0 and records, per query, the bytes that moved
# between nodes: fragment answers (pushed-down aggregations) plus series and label answers.
#   $1 nodes   $2 report file (TSV: query, kind, fragment bytes, read bytes, total)
set -euo pipefail
n="$1"; report="$2"
queries="${BENCH_QUERIES:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/../shared/bench/queries.tsv}"
for i in $(seq 0 $((n - 1))); do curl -fsS -X POST "http://127.0.0.1:$((29092 + i))/api/v1/admin/tsdb/flush" >/dev/null; done
metric() { # sum of a counter over all nodes
  local total=0 v
  for i in $(seq 0 $((n - 1))); do
    v=$(curl -fsS "http://127.0.0.1:$((29092 + i))/metrics" | awk -v m="$1" '$1 == m {print $2}')
    total=$((total + ${v:-0}))
  done
  echo "$total"
}
end=0
for i in $(seq 0 $((n - 1))); do
  t=$(curl -fsS "http://127.0.0.1:$((29092 + i))/metrics" | awk '$1 == "hearth_storage_max_time_seconds" {printf "%d", $2}')
  [ -n "$t" ] && [ "$t" -gt "$end" ] && end="$t"
done
printf 'query\tkind\tfragment_bytes\tread_bytes\ttotal_bytes\n' > "$report"
while IFS=$'\t' read -r name q; do
  case "$name" in ''|'#'*) continue;; esac
  for kind in instant range; do
    f0=$(metric hearth_query_fragment_bytes_total); r0=$(metric hearth_cluster_read_bytes_total)
    if [ "$kind" = instant ]; then
      curl -fsS -o /dev/null "http://127.0.0.1:29092/api/v1/query" --data-urlencode "query=$q" --data-urlencode "time=$end"
    else
      curl -fsS -o /dev/null "http://127.0.0.1:29092/api/v1/query_range" --data-urlencode "query=$q" \
        --data-urlencode "start=$((end - 3600))" --data-urlencode "end=$end" --data-urlencode "step=60"
    fi
    f1=$(metric hearth_query_fragment_bytes_total); r1=$(metric hearth_cluster_read_bytes_total)
    printf '%s\t%s\t%d\t%d\t%d\n' "$name" "$kind" $((f1 - f0)) $((r1 - r0)) $((f1 - f0 + r1 - r0)) >> "$report"
  done
done < "$queries"
