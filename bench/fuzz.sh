#!/usr/bin/env bash
# Long-mode fuzzing of the serializers and the transport pipelines. See docs/reliability.md#fuzzing.
#
#   bench/fuzz.sh [--cases N] [--seed S|random] [--suite all|serializers|pipeline]
#
#   --cases  cases of each fuzz class, shared among its properties in proportion to their CI sizes
#            (default 1000000: one million for SerializerFuzzTest, one million for PipelineFuzzTest)
#   --seed   the seed (default: random, printed; CI uses the fixed 20261206)
#   --suite  serializers (bondy-core SerializerFuzzTest), pipeline (bondy-transport PipelineFuzzTest), or all
#
# Runs the same jqwik properties as `mvn verify`, with more cases, offline (mvn -o) and without
# installing anything; Netty's leak detection stays paranoid. Prints a table of properties, cases,
# seconds and cases/s, and keeps the whole output under bench/results/fuzz-DATE/. Exit code 1 if a
# property failed (its seed and the replay command are in the table and the log).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
log() { printf '[fuzz] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 2; }

CASES=1000000
SEED=random
SUITE=all
while [ $# -gt 0 ]; do
  case "$1" in
    --cases) CASES="${2:?--cases needs a number}"; shift ;;
    --seed) SEED="${2:?--seed needs a number or random}"; shift ;;
    --suite) SUITE="${2:?--suite needs all, serializers or pipeline}"; shift ;;
    *) die "unknown option $1 (usage: bench/fuzz.sh [--cases N] [--seed S|random] [--suite all|serializers|pipeline])" ;;
  esac
  shift
done
if [ "$SEED" = random ]; then
  SEED="$(od -An -N8 -td8 /dev/urandom | tr -d ' ')"
fi
case "$SUITE" in
  all) TESTS="SerializerFuzzTest,PipelineFuzzTest"; MODULES="bondy-core,bondy-transport" ;;
  serializers) TESTS="SerializerFuzzTest"; MODULES="bondy-core" ;;
  pipeline) TESTS="PipelineFuzzTest"; MODULES="bondy-transport" ;;
  *) die "--suite takes all, serializers or pipeline" ;;
esac

OUT="$ROOT/bench/results/fuzz-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
log "suite $SUITE, $CASES cases per fuzz class, seed $SEED; output in ${OUT#"$ROOT"/}"
START=$(date +%s)
set +e
(cd "$ROOT" && mvn -B -o test -pl "$MODULES" -am -Dtest="$TESTS" -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfuzz.cases="$CASES" -Dfuzz.seed="$SEED") >"$OUT/fuzz.log" 2>&1
RC=$?
set -e
END=$(date +%s)

{
  printf '# Fuzz run, %s\n\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
  printf -- '- command: `bench/fuzz.sh --cases %s --seed %s --suite %s`\n' "$CASES" "$SEED" "$SUITE"
  printf -- '- machine: %s CPU(s), load average before the run: %s\n' "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
  printf -- '- wall time: %s s (build included)\n\n' "$((END - START))"
  printf '| property | result | cases | seconds | cases/s |\n|---|---|---:|---:|---:|\n'
  grep -h '^\[fuzz\] \(SUCCESSFUL\|FAILED\)' "$OUT/fuzz.log" | sed -E \
    -e 's/^\[fuzz\] (SUCCESSFUL|FAILED) ([^ :]+)[: ]+.*seed [-0-9]+, ([0-9]+) cases( in ([0-9.]+) s)?.*/\2 \1 \3 \5/' \
    | awk '{ rate = ($4 > 0) ? sprintf("%.0f", $3 / $4) : "-"; printf "| %s | %s | %s | %s | %s |\n", $1, $2, $3, ($4 == "" ? "-" : $4), rate }'
  printf '\n'
  grep -h 'FAILED\|Tests run:.*Fail' "$OUT/fuzz.log" | grep -v '^\[INFO\]' | head -20 || true
} | tee "$OUT/report.md"
if [ "$RC" -ne 0 ]; then
  log "FAILED (mvn exit $RC): see $OUT/fuzz.log; replay with the seed above"
  exit 1
fi
log "all properties held"
