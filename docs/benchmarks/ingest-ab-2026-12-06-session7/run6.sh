#!/usr/bin/env bash
# run5.sh TAG JAR HOURS "FLAGS"
export PROF_TAG=$1 PROF_JAR=$2 PROF_FLAGS="$4" PROF_OPTS="$5"
rm -rf /tmp/prof/out-$1 /tmp/prof/tc-$1
/work/shared/bench/peer-bench.sh --suts custom --name hearth --series 20000 --hours ${3:-1} --reps 2 --warmup 1 \
  --no-install --keep-data --out /tmp/prof/out-$1 --start-cmd '/tmp/prof/start6.sh {data_dir}' \
  --write-url http://127.0.0.1:29092/api/v1/write --query-url http://127.0.0.1:29092 --ready-url http://127.0.0.1:29092/-/ready \
  --flush-cmd 'curl -fsS -X POST http://127.0.0.1:29092/api/v1/admin/tsdb/flush' > /tmp/prof/$1.log 2>&1
