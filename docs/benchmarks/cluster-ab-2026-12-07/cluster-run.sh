#!/usr/bin/env bash
# cluster-run.sh NAME NODES SUTS JAR "EXTRA FLAGS"
cd /work/main
rm -rf /tmp/hb/$1
HEARTH_JAR=$4 HEARTH_BENCH_FLAGS="$5" HEARTH_BENCH_METRICS_DIR=/tmp/hb/$1-metrics \
../shared/bench/peer-bench.sh --suts "$3" --name "$1" --series 20000 --hours 4 --reps 10 --warmup 2 --out /tmp/hb/$1 --no-install --keep-data \
  --start-cmd "exec $PWD/scripts/bench/hearth-cluster-sut.sh $2 {data_dir} /tmp/hb/$1.pids" --pid-file /tmp/hb/$1.pids \
  --ready-url http://127.0.0.1:$((29092 + $2 - 1))/-/ready --flush-cmd "$PWD/scripts/bench/cluster-probe.sh $2 /tmp/hb/$1-probe.tsv" > /tmp/hb/$1.log 2>&1
