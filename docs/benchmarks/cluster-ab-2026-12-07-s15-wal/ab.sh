#!/bin/bash
# Alternating 3-node runs: base (e5fe2fa) and new (4 MiB cluster WAL segments, 32 MiB archive floor).
cd /work/main
for r in 1 2; do
  for v in base new; do
    HEARTH_JAR=/tmp/s15/$v.jar HEARTH_JVM_OPTIONS=/tmp/s15/$v.options SUTS=custom SINGLE=0 OUT=/tmp/s15/ab-$v-$r \
      /tmp/s15/cluster.sh --series 20000 --hours 4 --reps 3 --warmup 1 > /tmp/s15/ab-$v-$r.out 2>&1
  done
done
echo done > /tmp/s15/ab.done
