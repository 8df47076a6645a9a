#!/usr/bin/env bash
# usage: run.sh NAME "JVM flags..."  (Hearth only, 20k x 4h)
set -e
name=$1; flags=$2; d=/tmp/s12/ab/$name; mkdir -p $d
cp /work/main/node/target/hearth-jvm.options $d/opts; sed -i "s|\$| $flags|" $d/opts
cp ${JAR:-/tmp/s12/jit1/hearth.jar} $d/hearth.jar
cd /work/main && OUT=$d SUTS=custom HEARTH_JAR=$d/hearth.jar HEARTH_JVM_OPTIONS=$d/opts scripts/bench/peer.sh --series 20000 --hours 4 --reps 10 --warmup 2 > $d/out.log 2>&1
rm -f $d/hearth.jar
python3 - $d <<'PY'
import json,sys
d=sys.argv[1]; r=[json.loads(l) for l in open(d+'/run/results.jsonl')][-1]
q=[v for k,v in r['raw'].items() if k.endswith('.p50_ms')]
import statistics
jit=[l for l in open(d+'/hearth-threads.txt') if 'JIT' in l]
print(d.split('/')[-1], 'cpu/M %.3f'%r['cpu_s_per_msample_ingest'], 'rssgrowth %.0f'%r['rss_growth_bytes_per_series'], 'qmed %.2f'%statistics.median(q), 'qsum %.1f'%sum(q), jit[0].strip() if jit else '')
PY
