#!/usr/bin/env bash
# run.sh TAG "jvm opts" "flags"
export MEMEXP_TAG=$1 MEMEXP_OPTS="$2" MEMEXP_FLAGS="$3"
cd /work/main && /work/shared/bench/peer-bench.sh --suts custom --name hearth --series 20000 --hours 2 --reps 3 --warmup 1 \
  --no-install --out /tmp/memexp/out-$1 --start-cmd '/tmp/memexp/start.sh {data_dir}' \
  --write-url http://127.0.0.1:29092/api/v1/write --query-url http://127.0.0.1:29092 --ready-url http://127.0.0.1:29092/-/ready \
  --flush-cmd 'curl -fsS -X POST http://127.0.0.1:29092/api/v1/admin/tsdb/flush' > /tmp/memexp/$1.log 2>&1
pkill -f "sleep 10" -P 1 2>/dev/null; true
