#!/usr/bin/env bash
cd /work/main
for rep in 3 4; do
for cfg in r19 par; do
  case $cfg in par) o="-XX:-UseG1GC -XX:+UseParallelGC";; r19) o="-XX:-UseG1GC -XX:+UseParallelGC -XX:GCTimeRatio=19";; esac
  if ss -ltnp | grep -q 29092; then echo "stray 29092"; exit 1; fi
  OUT=/tmp/s14/ab-$cfg-$rep SUTS=custom HEARTH_JAR=/tmp/s14/cur.jar HEARTH_JVM_OPTIONS=/tmp/s14/cur.options HEARTH_JAVA_OPTS="$o -Xlog:gc:file=/tmp/s14/gc20-$cfg-$rep.log:uptime" \
    scripts/bench/peer.sh --series 20000 --hours 4 --reps 10 --warmup 2 > /tmp/s14/ab-$cfg-$rep.log 2>&1
  echo "$cfg $rep done $(date +%T)"
done; done
/tmp/s14/idle.sh par "-XX:-UseG1GC -XX:+UseParallelGC -XX:GCTimeRatio=19"; echo "idle par done $(date +%T)"
/tmp/s14/idle.sh g1 ""; echo "idle g1 done $(date +%T)"
