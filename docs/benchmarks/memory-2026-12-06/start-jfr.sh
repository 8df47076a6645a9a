#!/usr/bin/env bash
cd /work/main
HEARTH_JAVA_OPTS="-Dport-29092-marker -XX:StartFlightRecording=filename=/tmp/memexp/alloc.jfr,settings=profile,dumponexit=true" HEARTH_JAR=/tmp/memexp/hearth.jar HEARTH_NO_BUILD=1 exec ./hearth run --web.listen-address=127.0.0.1:29092 \
  --storage.tsdb.path="$1" --config.file=/tmp/empty-prom.yml --web.enable-admin-api --cluster.listen-address=127.0.0.1:47900
