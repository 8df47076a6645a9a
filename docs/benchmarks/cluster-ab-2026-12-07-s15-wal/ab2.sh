#!/bin/bash
# Alternating: the new defaults, and the same with Ignite's checkpoint trigger at half the archive; WAL watched.
cd /work/main
for r in 2 3; do
  for v in trig50 new; do
    out=/tmp/s15/ab-$v-$r; rm -f $out.stop
    /tmp/s15/walw.sh $out $out.stop > $out.wal.txt 2>&1 &
    opts=""; [ $v = trig50 ] && opts="-DIGNITE_CHECKPOINT_TRIGGER_ARCHIVE_SIZE_PERCENTAGE=0.5"
    HEARTH_JAVA_OPTS="$opts" HEARTH_JAR=/tmp/s15/new.jar HEARTH_JVM_OPTIONS=/tmp/s15/new.options SUTS=custom SINGLE=0 OUT=$out \
      /tmp/s15/cluster.sh --series 20000 --hours 4 --reps 3 --warmup 1 > $out.out 2>&1
    touch $out.stop
  done
done
echo done > /tmp/s15/ab2.done
