#!/usr/bin/env bash
cd /work/main
for rep in 1 2; do for ps in 8192 4096; do
  if ss -ltnp | grep -q 29092; then echo stray; exit 1; fi
  OUT=/tmp/s14/ps-$ps-$rep SUTS=custom HEARTH_JAR=/tmp/s14/ps.jar HEARTH_JVM_OPTIONS=/tmp/s14/cur.options HEARTH_JAVA_OPTS="-Dhearth.pagesize=$ps" \
    scripts/bench/peer.sh --series 20000 --hours 4 --reps 10 --warmup 2 > /tmp/s14/ps-$ps-$rep.log 2>&1
  echo "$ps $rep $(date +%T)"
done; done
