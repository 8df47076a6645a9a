#!/usr/bin/env bash
cd /work/main
for rep in 1 2; do
for cfg in g1 par ser; do
  case $cfg in g1) o="";; par) o="-XX:-UseG1GC -XX:+UseParallelGC";; ser) o="-XX:-UseG1GC -XX:+UseSerialGC";; esac
  if ss -ltnp | grep -q 29092; then echo "stray 29092"; exit 1; fi
  OUT=/tmp/s14/ab-$cfg-$rep SUTS=custom HEARTH_JAR=/tmp/s14/cur.jar HEARTH_JVM_OPTIONS=/tmp/s14/cur.options HEARTH_JAVA_OPTS="$o" \
    scripts/bench/peer.sh --series 20000 --hours 4 --reps 10 --warmup 2 > /tmp/s14/ab-$cfg-$rep.log 2>&1
  echo "$cfg $rep done $(date +%T)"
done; done
