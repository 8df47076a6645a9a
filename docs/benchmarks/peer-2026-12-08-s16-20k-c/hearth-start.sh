#!/usr/bin/env bash
# Hearth as the harness starts it: ./hearth run with its defaults; the sampler follows the JVM's threads.
cd "/work/main"
( sleep 1; exec python3 "/work/main/scripts/bench/thread-cpu.py" sample $$ "/tmp/s16-peer-20k-c/threads" ) &
HEARTH_JAR="/tmp/s16-peer-20k-c/hearth.jar" HEARTH_JVM_OPTIONS="/tmp/s16-peer-20k-c/hearth-jvm.options" HEARTH_NO_BUILD=1 exec ./hearth run \
  --web.listen-address=127.0.0.1:29092 --storage.tsdb.path="$1" --config.file="/tmp/s16-peer-20k-c/empty-prom.yml" --web.enable-admin-api 
