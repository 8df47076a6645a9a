#!/usr/bin/env bash
cd /work/main
for cfg in par g1; do
  case $cfg in g1) o="";; par) o="-XX:-UseG1GC -XX:+UseParallelGC";; esac
  if ss -ltnp | grep -q 29092; then echo "stray 29092"; exit 1; fi
  OUT=/tmp/s14/b200-$cfg SUTS=custom HEARTH_JAR=/tmp/s14/cur.jar HEARTH_JVM_OPTIONS=/tmp/s14/cur.options HEARTH_JAVA_OPTS="$o -Xlog:gc*:file=/tmp/s14/gc200-$cfg.log:uptime" \
    scripts/bench/peer.sh --series 200000 --hours 1 --reps 5 --warmup 1 > /tmp/s14/b200-$cfg.log 2>&1
  echo "$cfg done $(date +%T)"
done
