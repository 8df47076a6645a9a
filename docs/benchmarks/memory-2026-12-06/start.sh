#!/usr/bin/env bash
# $1 data dir; MEMEXP_OPTS extra JVM opts; MEMEXP_FLAGS extra hearth flags; MEMEXP_TAG name
cd /work/main
( sleep 5; while sleep 10; do p=$(pgrep -f "port-29092-marker" | head -1); [ -z "$p" ] && continue; 
  echo "$(date +%T) rss=$(grep VmRSS /proc/$p/status | awk '{print $2}') $(jcmd $p GC.heap_info 2>/dev/null | sed -n 2p)" >> /tmp/memexp/$MEMEXP_TAG.heap; done ) &
HEARTH_JAVA_OPTS="-Dport-29092-marker $MEMEXP_OPTS" HEARTH_JAR=/tmp/memexp/hearth.jar HEARTH_NO_BUILD=1 exec ./hearth run --web.listen-address=127.0.0.1:29092 \
  --storage.tsdb.path="$1" --config.file=/tmp/empty-prom.yml --web.enable-admin-api --cluster.listen-address=127.0.0.1:47900 $MEMEXP_FLAGS
