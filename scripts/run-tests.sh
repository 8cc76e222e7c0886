#!/usr/bin/env bash
# The README's test command (`make test`, also run by .ci/run).
# 1. unit and golden tests (ctest); 2. dictionary check; 3. schema validation
# of `sitrep code` output; 4. the seed score (printed, not failing);
# 5. evaluations on the development sets (printed); 6. browser test;
# 7. fuzz smoke: every libFuzzer target built with clang + ASan/UBSan and run
#    for SITREP_FUZZ_SECONDS (default 20) each; SITREP_FUZZ=0 skips it.
set -uo pipefail
BUILD=${1:-build}
cd "$(dirname "$0")/.."
SHARED=../shared
fail=0
step() { echo; echo "=== $*"; }

step "unit and golden tests"
labels="unit|golden"
[ "${SITREP_TEST_ALL:-0}" = 1 ] && labels="unit|golden|slow"
(cd "$BUILD" && ctest -L "$labels" -j "$(nproc)" --output-on-failure --timeout 900) || fail=1

step "dictionary check"
"$BUILD/sitrep" dict check --no-examples || fail=1
"$BUILD/sitrep" dict stats
# Codes the example sentences and fails unless every CAMEO code has a positive
# example coded as expected (issue #5's coverage check).
"$BUILD/sitrep" dict check --require-coverage > "$BUILD/dict-check.txt" 2>&1 || { cat "$BUILD/dict-check.txt"; fail=1; }
tail -2 "$BUILD/dict-check.txt"

step "event schema validation"
tmp=$(mktemp -d)
"$BUILD/sitrep" code testdata/samples/*.txt > "$tmp/samples.jsonl" 2> "$tmp/err" || { cat "$tmp/err"; fail=1; }
if [ -f "$SHARED/samples/seed/article.txt" ]; then
  "$BUILD/sitrep" code --date 2021-04-07 --id seed "$SHARED/samples/seed/article.txt" > "$tmp/seed.jsonl" 2>> "$tmp/err" || fail=1
fi
python3 scripts/validate-events.py "$SHARED/docs/event.schema.json" "$tmp"/*.jsonl || fail=1

step "seed score (reported, not failing)"
if [ -f "$SHARED/samples/seed/score_seed.py" ]; then
  python3 "$SHARED/samples/seed/score_seed.py" "$SHARED/samples/seed/gold.json" "$tmp/seed.jsonl" --min-required 0 | tail -1
fi

step "development-set evaluations (reported)"
[ -x scripts/eval-events.sh ] && scripts/eval-events.sh "$BUILD" || true

if [ -x scripts/browser-test.sh ]; then
  step "browser test"
  scripts/browser-test.sh "$BUILD" || fail=1
fi

if [ "${SITREP_FUZZ:-1}" = 1 ]; then
  step "fuzz smoke"
  scripts/fuzz-smoke.sh || fail=1
fi

rm -rf "$tmp"
echo
if [ $fail -ne 0 ]; then echo "TESTS FAILED"; exit 1; fi
echo "ALL TESTS PASSED"
