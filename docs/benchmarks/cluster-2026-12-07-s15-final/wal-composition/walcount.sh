#!/bin/bash
# Every 0.5 s: the number of segment files and the newest index in the single node's WAL directory.
while [ ! -f "$2" ]; do
  for d in $1; do
    [ -d "$d" ] || continue
    echo "$(date +%s.%N | cut -c1-14) $(ls "$d" | grep -cE '^[0-9]{16}\.wal$') $(ls "$d" | grep -E '^[0-9]{16}\.wal$' | sort | tail -1)"
  done
  sleep 0.5
done
