#!/usr/bin/env bash
cd /work/main
[ -n "$PROF_ARENA" ] && export MALLOC_ARENA_MAX=$PROF_ARENA
( sleep 1; exec python3 /work/main/scripts/bench/thread-cpu.py sample $$ /tmp/prof/tc-$PROF_TAG ) &
HEARTH_JAVA_OPTS="$PROF_OPTS" HEARTH_JAR=/tmp/prof/$PROF_JAR HEARTH_NO_BUILD=1 exec ./hearth run --web.listen-address=127.0.0.1:29092 \
  --storage.tsdb.path="$1" --config.file=/tmp/empty-prom.yml --web.enable-admin-api $PROF_FLAGS
