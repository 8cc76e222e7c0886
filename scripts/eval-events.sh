#!/usr/bin/env bash
# Development-set scores of the event coder (docs/evaluation.md), printed as
# JSON lines. Called by scripts/run-tests.sh with the build directory; it
# reports, it never fails the build (exit status is always 0).
#   scripts/eval-events.sh [BUILD_DIR]   (default: build)
# Set EVAL_ERRORS=FILE to keep every miss as JSON lines for error analysis.
set -u
BUILD=${1:-build}
cd "$(dirname "$0")/.." || exit 0
DEV=../shared/data/event-dev
bin="$BUILD/sitrep"
if [ ! -x "$bin" ]; then echo "eval-events: no $bin; skipped"; exit 0; fi
if [ ! -f "$DEV/cameo-pentaclass-train.tsv" ]; then echo "eval-events: no $DEV; skipped"; exit 0; fi
args=(--pentaclass "$DEV/cameo-pentaclass-train.tsv" --plover-pairs "$DEV/plover-pairs-train.tsv"
      --threads "$(nproc 2>/dev/null || echo 1)")
[ -n "${EVAL_ERRORS:-}" ] && args+=(--errors "$EVAL_ERRORS")
"$bin" eval events "${args[@]}" || echo "eval-events: sitrep eval events failed (exit $?); scores not available"
exit 0
