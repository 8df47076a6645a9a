#!/bin/bash
# sum.sh DIR...: CPU, disk, peak RSS, query p50 median, layout per node of 3-node runs
for d in "$@"; do
  s=$d/hearth-3node/summary.txt
  [ -f $s ] || continue
  cpu=$(awk '$1=="cpu_s_per_msample_ingest"{print $2}' $s)
  disk=$(awk '$1=="disk_total_bytes_per_sample"{print $2}' $s)
  mib=$(awk '$1=="disk_total_mib"{print $2}' $s)
  rss=$(awk '$1=="rss_peak_ingest_mib"{print $2}' $s)
  rate=$(awk '$1=="ingest_samples_per_s"{print $2}' $s)
  q=$(grep -A18 "^query" $s | tail -18 | awk '{print $2}' | sort -n | awk '{a[NR]=$1} END{print (a[9]+a[10])/2}')
  lay=$(awk '$2=="db"||$2=="wal"||$2=="wal-archive"{t[$2]+=$3} END{printf "db %.0f wal %.0f arch %.0f MB", t["db"]/1e6, t["wal"]/1e6, t["wal-archive"]/1e6}' $d/hearth-3node-layout.txt)
  echo "$(basename $d): cpu $cpu rate $rate rss $rss disk $disk B/s ($mib MiB; $lay) q50med $q"
done
