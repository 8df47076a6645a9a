#!/usr/bin/env bash
# tcreport.sh NAME : per-node thread CPU over the ingest window
name=$1
start=$(grep -o "^\[[0-9:]*\] $name: load" /tmp/hb/$name.log | head -1 | tr -d '[' | cut -d']' -f1)
wall=$(grep -o 'wall [0-9.]*s' /tmp/hb/$name.log | tail -1 | tr -dc '0-9.')
from=$(date -u -d "$(date -u +%F) $start" +%s%3N); to=$(python3 -c "print(int($from + $wall * 1000))")
for d in /tmp/s8/tc-$name/*/; do echo "== node $(basename $d)"; python3 /work/main/scripts/bench/thread-cpu.py report $d $from $to | head -14; done
