#!/usr/bin/env bash
# RSS 3 s after ready, as the harness measures it: $1 reps, then name=opts pairs
cd /work/main
reps=$1; shift
printf 'scrape_configs: []\n' > /tmp/s14/empty.yml
for r in $(seq $reps); do
for spec in "$@"; do
  name=${spec%%=*}; o=${spec#*=}
  d=/tmp/s14/is-$name; rm -rf $d; mkdir -p $d
  HEARTH_JAR=${JAR:-/tmp/s14/cur.jar} HEARTH_JVM_OPTIONS=/tmp/s14/cur.options HEARTH_NO_BUILD=1 HEARTH_JAVA_OPTS="$o" ./hearth run ${HFLAGS:-} --web.listen-address=127.0.0.1:29092 --storage.tsdb.path=$d/data --config.file=/tmp/s14/empty.yml > $d/hearth.log 2>&1 &
  sleep 1; pid=$(pgrep -f "storage.tsdb.path=$d/data" | head -1)
  for i in $(seq 100); do curl -fs -o /dev/null 'http://127.0.0.1:29092/api/v1/query?query=1' && break; sleep 0.2; done
  sleep 3
  echo "$name $(awk '/VmRSS/{print $2/1024}' /proc/$pid/status)"
  kill $pid; wait 2>/dev/null
done; done
