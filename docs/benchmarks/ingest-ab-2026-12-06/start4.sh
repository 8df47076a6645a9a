#!/usr/bin/env bash
cd /work/h-eff
echo $$ > /tmp/prof/pid-$PROF_TAG
( sleep 1; exec python3 /tmp/prof/threadcpu.py $(cat /tmp/prof/pid-$PROF_TAG) /tmp/prof/tc-$PROF_TAG ) &
HEARTH_JAVA_OPTS="$PROF_OPTS" HEARTH_JAR=/tmp/prof/$PROF_JAR HEARTH_NO_BUILD=1 exec ./hearth run --web.listen-address=127.0.0.1:29092 \
  --storage.tsdb.path="$1" --config.file=/tmp/empty-prom.yml --web.enable-admin-api $PROF_FLAGS
