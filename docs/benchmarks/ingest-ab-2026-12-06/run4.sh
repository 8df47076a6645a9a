#!/usr/bin/env bash
# run4.sh TAG JAR HOURS "OPTS" : Hearth alone in the peer harness, per-thread CPU sampled, data kept
export PROF_TAG=$1 PROF_JAR=$2 PROF_OPTS="$4"
rm -rf /tmp/prof/tc-$1
cd /work/h-eff && /work/shared/bench/peer-bench.sh --suts custom --name hearth --series 20000 --hours ${3:-1} --reps 3 --warmup 1 \
  --no-install --keep-data --out /tmp/prof/out-$1 --start-cmd '/tmp/prof/start4.sh {data_dir}' \
  --write-url http://127.0.0.1:29092/api/v1/write --query-url http://127.0.0.1:29092 --ready-url http://127.0.0.1:29092/-/ready \
  --flush-cmd 'curl -fsS -X POST http://127.0.0.1:29092/api/v1/admin/tsdb/flush' > /tmp/prof/$1.log 2>&1
