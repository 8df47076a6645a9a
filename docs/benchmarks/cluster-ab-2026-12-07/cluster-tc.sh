#!/usr/bin/env bash
# cluster-tc.sh NAME JAR : 3-node custom-only run with per-node thread CPU sampling
name=$1; jar=$2
rm -rf /tmp/s8/tc-$name /tmp/hb/$name.pids; mkdir -p /tmp/s8/tc-$name
( for i in $(seq 1 120); do [ -s /tmp/hb/$name.pids ] && [ $(wc -l < /tmp/hb/$name.pids) -ge 3 ] && break; sleep 1; done
  for p in $(cat /tmp/hb/$name.pids); do
    # the java process is the child of the hearth script (exec'd: same pid)
    python3 /work/main/scripts/bench/thread-cpu.py sample $p /tmp/s8/tc-$name/$p &
  done; wait ) &
/tmp/s8/cluster-run.sh $name 3 custom $jar ""
