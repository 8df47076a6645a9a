#!/usr/bin/env bash
# The exact start command of the peer run: ./hearth run with its defaults (heap and page memory
# from the host's memory), an empty scrape configuration and the admin API for the harness's flush.
# HEARTH_JAVA_OPTS is empty for the run as shipped; the A/B run of G1's pause goal sets it.
cd "$(dirname "$0")/../../.."
HEARTH_JAR=/tmp/hearth-peer.jar HEARTH_NO_BUILD=1 exec ./hearth run --web.listen-address=127.0.0.1:29092 \
  --storage.tsdb.path="$1" --config.file=/tmp/empty-prom.yml --web.enable-admin-api
