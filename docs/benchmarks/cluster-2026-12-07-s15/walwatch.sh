#!/bin/bash
# walwatch.sh 'GLOB' STOPFILE: every few seconds, for each WAL directory GLOB matches, the newest
# segment's name (its 16-digit absolute index; segments are 4 MiB, so index x 4 MiB is the WAL
# written so far). Run with the 3-node run's archive directories,
#   '/tmp/s15/full/hearth-3node/hearth-3node/data/node-*/ignite/wal-archive/*/'  (every 5 s)
# and the single node's work directory (no archive there, the names carry the index too),
#   '/tmp/s15/full/hearth-1node/hearth-1node/data/node-*/ignite/wal/*/'          (every 3 s).
while [ ! -f "$2" ]; do
  for d in $1; do
    [ -d "$d" ] || continue
    n=$(ls "$d" | grep -E '^[0-9]{16}\.wal$' | sort | tail -1)
    echo "$(date +%s) $(echo "$d" | grep -o 'node-[0-9]') $n"
  done
  sleep 3
done
