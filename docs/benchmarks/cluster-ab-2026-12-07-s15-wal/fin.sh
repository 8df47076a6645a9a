#!/bin/bash
# After ab2's second "new" run: stop ab2, then two 3-node runs of the final jar (the trigger set in code).
while [ ! /tmp/s15/ab-new-2/hearth-3node/summary.txt -nt /tmp/s15/fin.sh ]; do sleep 5; done
sleep 3
pkill -f ab2.sh; sleep 1; touch /tmp/s15/ab-new-2.stop /tmp/s15/ab-trig50-3.stop
pkill -f "cluster.sh"; pkill -f peer-bench.sh; pkill -f hearth-cluster-sut.sh; pkill -f /tmp/s15/new.jar; sleep 5
cd /work/main
for r in 1 2; do
  out=/tmp/s15/fin-$r; rm -f $out.stop
  /tmp/s15/walw.sh $out $out.stop > $out.wal.txt 2>&1 &
  HEARTH_JAR=/tmp/s15/final.jar HEARTH_JVM_OPTIONS=/tmp/s15/final.options SUTS=custom SINGLE=0 OUT=$out \
    /tmp/s15/cluster.sh --series 20000 --hours 4 --reps 3 --warmup 1 > $out.out 2>&1
  touch $out.stop
done
echo done > /tmp/s15/fin.done
