# Functions the benchmark scripts share; sourced (not run) after they set root and OUT:
#   source "$root/scripts/bench/bench-lib.sh"
# BENCH_RUN_LOG=1 before sourcing: log lines also go to $OUT/run.log.

log() {
  if [ "${BENCH_RUN_LOG:-0}" = 1 ]; then
    printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" | tee -a "$OUT/run.log" >&2
  else
    printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2
  fi
}
die() { log "FAILED: $*"; exit 1; }

# Files copied into OUT (removed by the script's cleanup: rm -f "${copied[@]}").
copied=()

# private_copy FILE MODULE [MVN_FLAGS...]: FILE (relative to root) as a private copy in OUT, built
# with `mvn -pl MODULE -am package` first when missing: others may rebuild target/ while a run lasts.
# Prints the copy's path.
private_copy() {
  local file="$1" module="$2"; shift 2
  if [ ! -f "$root/$file" ]; then
    log "building $file"
    (cd "$root" && mvn -q -B -pl "$module" -am package -Dmaven.test.skip=true "$@") >&2
  fi
  cp "$root/$file" "$OUT/$(basename "$file")"
  echo "$OUT/$(basename "$file")"
}

# hearth_jar [MVN_FLAGS...]: sets HEARTH_JAR (unless given) and HEARTH_JVM_OPTIONS (the JVM options
# file ./hearth passes to java) to private copies of the node build's, for `HEARTH_NO_BUILD=1 ./hearth`.
hearth_jar() {
  if [ -z "${HEARTH_JAR:-}" ]; then
    HEARTH_JAR=$(private_copy node/target/hearth.jar node "$@"); copied+=("$HEARTH_JAR")
  fi
  if [ -z "${HEARTH_JVM_OPTIONS:-}" ]; then
    HEARTH_JVM_OPTIONS=$(private_copy node/target/hearth-jvm.options node "$@"); copied+=("$HEARTH_JVM_OPTIONS")
  fi
  export HEARTH_JAR HEARTH_JVM_OPTIONS
}

# The TCP ports something listens on.
listening() { ss -Hltn 2>/dev/null | awk '{n=split($4,a,":"); print a[n]}'; }

# free_base FROM STEP COUNT: the first p >= FROM (in steps of STEP) with p .. p+COUNT-1 all free.
free_base() {
  local p k used ok; used=" $(listening | tr '\n' ' ') "
  for ((p = $1; p < $1 + 2000; p += $2)); do
    ok=1; for ((k = 0; k < $3; k++)); do [[ "$used" == *" $((p + k)) "* ]] && { ok=0; break; }; done
    [ "$ok" = 1 ] && { echo "$p"; return; }
  done
  die "no free ports from $1"
}
