#!/bin/bash
# walw.sh OUTDIR STOPFILE: every 3 s, per node of OUTDIR's 3-node run, the newest archived WAL
# segment's index (4 MiB segments): the WAL written so far.
while [ ! -f "$2" ]; do
  for d in "$1"/hearth-3node/hearth-3node/data/node-*/ignite/wal-archive/*/; do
    [ -d "$d" ] || continue
    n=$(ls "$d" | grep -E '^[0-9]{16}\.wal$' | sort | tail -1)
    echo "$(date +%s) $(echo $d | grep -o 'node-[0-9]') $n"
  done
  sleep 3
done
