#!/usr/bin/env bash
# idle-after-burst RSS: $1 = name, $2 = extra java opts
cd /work/main
name=$1; o=$2; d=/tmp/s14/idle-$name; rm -rf $d; mkdir -p $d
printf 'scrape_configs: []\n' > $d/empty.yml
HEARTH_JAR=/tmp/s14/cur.jar HEARTH_JVM_OPTIONS=/tmp/s14/cur.options HEARTH_NO_BUILD=1 HEARTH_JAVA_OPTS="$o" ./hearth run --web.listen-address=127.0.0.1:29092 --storage.tsdb.path=$d/data --config.file=$d/empty.yml > $d/hearth.log 2>&1 &
sleep 1; pid=$(pgrep -f "storage.tsdb.path=$d/data" | head -1)
for i in $(seq 60); do curl -fs -o /dev/null 'http://127.0.0.1:29092/-/ready' && break; sleep 0.5; done
rss() { awk '/VmRSS/{print $2/1024}' /proc/$pid/status; }
echo "start $(rss)" > $d/rss.txt
java -jar /tmp/hearth-peer-bench-cache/loadgen-a3fc98d670087157/target/peer-loadgen.jar write --url http://127.0.0.1:29092/api/v1/write --series 20000 --hours 2 > $d/load.log 2>&1
echo "after-load $(rss)" >> $d/rss.txt
for i in $(seq 18); do sleep 10; echo "idle+$((i*10))s $(rss)" >> $d/rss.txt; done
kill $pid; wait
