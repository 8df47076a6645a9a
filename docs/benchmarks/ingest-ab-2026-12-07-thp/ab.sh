#!/usr/bin/env bash
# usage: ab.sh NAME SERIES HOURS  (HJ env = extra java opts) -> CPU-s per M samples, peak RSS
name=$1; series=$2; hours=$3
rm -rf /tmp/ab-$name; 
HJ="$HJ" bash /tmp/s9/run-hearth.sh /tmp/ab-$name > /tmp/s10/ab-$name.log 2>&1 &
for i in $(seq 1 40); do curl -sf localhost:29092/-/ready >/dev/null && break; sleep 1; done
pid=$(pgrep -f "hearth.jar.*29092" | head -1)
cpu() { awk '{print $14+$15}' /proc/$pid/stat; }
c0=$(cpu); peak=0; sleep 5; echo "idle_rss_kib $(awk "/VmRSS/{print \$2}" /proc/$pid/status)"
( while kill -0 $pid 2>/dev/null; do r=$(awk '/VmRSS/{print $2}' /proc/$pid/status); echo $r; sleep 0.5; done > /tmp/s10/ab-$name.rss ) &
mon=$!
NOW=$(date +%s%3N); START=$((NOW - hours*3600*1000))
java -jar /tmp/hearth-peer-bench-cache/loadgen-*/target/peer-loadgen.jar write --url http://127.0.0.1:29092/api/v1/write --series $series --hours $hours --concurrency 4 --batch 2000 --seed 1 --jitter-ms 0 --max-seconds 600 --start-ms $START --result-file /tmp/s10/ab-$name.json 2>&1 | tail -1
c1=$(cpu)
samples=$(grep samples_acked /tmp/s10/ab-$name.json | cut -d= -f2)
kill $mon 2>/dev/null
peak=$(sort -n /tmp/s10/ab-$name.rss | tail -1)
python3 -c "print('$name cpu_s_per_M=%.3f peak_rss_mib=%.0f' % (($c1-$c0)/100/($samples/1e6), $peak/1024))"
kill -TERM $pid; sleep 6
