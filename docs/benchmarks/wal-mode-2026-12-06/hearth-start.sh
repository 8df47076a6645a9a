#!/usr/bin/env bash
# $1 = data dir, rest = extra hearth flags
d="$1"; shift
HEARTH_JAR=/tmp/h-wal-bench/hearth.jar HEARTH_NO_BUILD=1 exec /work/h-wal/hearth run --web.listen-address=127.0.0.1:29092 \
  --cluster.listen-address=127.0.0.1:47700 --storage.tsdb.path="$d" --config.file=/tmp/h-wal-bench/empty-prom.yml \
  --memory.heap=512MB --storage.ignite.region-size=128MB --cluster.replication-factor=1 "$@"
