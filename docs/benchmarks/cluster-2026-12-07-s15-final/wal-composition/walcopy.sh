#!/bin/bash
# Copies node-0's archived WAL mid-ingest of the 3-node run, and the single node's WAL mid-ingest.
while ! grep -q "hearth-3node" /tmp/s15/full2.out || ! sed -n '/==== hearth-3node/,$p' /tmp/s15/full2.out | grep -q "loadgen: 60s:"; do sleep 1; done
mkdir -p /tmp/s15/walcopy-3n && cp -r /tmp/s15/full2/hearth-3node/hearth-3node/data/node-0/ignite/wal-archive /tmp/s15/walcopy-3n/
while ! grep -q "==== hearth-1node" /tmp/s15/full2.out || ! sed -n '/==== hearth-1node/,$p' /tmp/s15/full2.out | grep -q "loadgen: 30s:"; do sleep 1; done
mkdir -p /tmp/s15/walcopy-1n && cp -r /tmp/s15/full2/hearth-1node/hearth-1node/data/node-0/ignite/wal /tmp/s15/walcopy-1n/
echo done
