#!/usr/bin/env bash
# The container image's entrypoint: runs `hearth <command> [flags]` as the ./hearth launcher does,
# without its build step. Installed as /opt/hearth/bin/hearth by the Dockerfile.
#   HEARTH_JVM_OPTS   the launcher's fixed JVM options (the collector, exit on OOM), set once in the Dockerfile
#   HEARTH_JVM_OPTIONS the java @argument file with the options Ignite needs on Java 17 (the --add-opens
#                     list, Ignite's system properties), default /opt/hearth/hearth-jvm.options: the
#                     build's node/target/hearth-jvm.options, written from the root pom's ignite.jvm.opens
#   HEARTH_JAVA_OPTS  extra JVM options, as for the launcher (e.g. -XX:MaxDirectMemorySize=1g)
#   --memory.heap     the heap, applied here as -Xmx as the launcher does (default auto: a quarter of the
#                     container's memory limit, -XX:MaxRAMPercentage=25)
# `hearth healthcheck` asks GET /-/healthy on 127.0.0.1:${HEARTH_HEALTHCHECK_PORT:-9090} (Docker HEALTHCHECK;
# Kubernetes uses its own probes). Tested by k8s/src/test/java/io/hearth/k8s/DockerImageTest.java.
# `hearth handover [TIMEOUT_SECONDS [PAUSE_SECONDS]]` (the StatefulSet's preStop hook) asks POST
# /api/v1/admin/cluster/handover on the same port: the other nodes take this node's scrape targets and
# rule groups (up to TIMEOUT_SECONDS, default 30), then it sleeps PAUSE_SECONDS (default 15) so that
# endpoint removal reaches kube-proxy and clients before SIGTERM. Never fails the hook: a node that
# does not answer or refuses is stopped all the same.
set -euo pipefail
jar="${HEARTH_JAR:-/opt/hearth/hearth.jar}"
options="${HEARTH_JVM_OPTIONS:-/opt/hearth/hearth-jvm.options}"

if [ "${1:-}" = "healthcheck" ]; then
  port="${HEARTH_HEALTHCHECK_PORT:-9090}"
  exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
  printf 'GET /-/healthy HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' "$port" >&3
  IFS= read -r -t 5 status <&3 || exit 1
  case "$status" in
    "HTTP/1."?" 200 "*) exit 0 ;;
    *) echo "hearth: healthcheck: ${status%$'\r'}" >&2; exit 1 ;;
  esac
fi

if [ "${1:-}" = "handover" ]; then
  port="${HEARTH_HEALTHCHECK_PORT:-9090}"
  timeout="${2:-30}"
  pause="${3:-15}"
  if exec 3<>"/dev/tcp/127.0.0.1/$port"; then
    printf 'POST /api/v1/admin/cluster/handover?timeout=%ss HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nContent-Length: 0\r\nConnection: close\r\n\r\n' \
      "$timeout" "$port" >&3
    if IFS= read -r -t "$((timeout + 5))" status <&3; then
      echo "hearth: handover: ${status%$'\r'}" >&2
    else
      echo "hearth: handover: no answer in $((timeout + 5)) s" >&2
    fi
    exec 3<&-
  else
    echo "hearth: handover: nothing listens on port $port" >&2
  fi
  sleep "$pause"
  exit 0
fi

heap="auto"
for a in "$@"; do
  case "$a" in
    --memory.heap=*) v="${a#--memory.heap=}"; v="${v%B}"; v="${v%i}"; heap="$(echo "$v" | tr 'KMGT' 'kmgt')";;
  esac
done

# shellcheck disable=SC2086 # both variables are lists of options without spaces inside an option
if [ "$heap" = "auto" ]; then heapopt="-XX:MaxRAMPercentage=25.0"; else heapopt="-Xmx$heap"; fi
# shellcheck disable=SC2086
exec java -Xms64m "$heapopt" ${HEARTH_JVM_OPTS:-} "@$options" ${HEARTH_JAVA_OPTS:-} -jar "$jar" "$@"
