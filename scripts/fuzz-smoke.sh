#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan+UBSan) in build-fuzz/ and runs
# each for a short time (SITREP_FUZZ_SECONDS, default 20) from an empty corpus
# seeded with the sample articles.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${SITREP_FUZZ_SECONDS:-20}
if [ ! -f build-fuzz/build.ninja ]; then
  CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DSITREP_BUILD_FUZZERS=ON -DSITREP_SANITIZE=ON -DSITREP_BUILD_TESTS=OFF -DSITREP_BUILD_BENCHMARKS=OFF >/dev/null
fi
targets=$(ls fuzz/*_fuzzer.cc | xargs -n1 basename | sed 's/\.cc$//')
cmake --build build-fuzz -j "$(nproc)" --target $targets
corpus=$(mktemp -d)
cp testdata/samples/*.txt "$corpus/"
rc=0
for t in $targets; do
  echo "fuzz: $t for ${secs}s"
  mkdir -p "$corpus/$t" && cp "$corpus"/*.txt "$corpus/$t/" 2>/dev/null || true
  ./build-fuzz/fuzz/"$t" -max_total_time="$secs" -rss_limit_mb=2048 "$corpus/$t" >"$corpus/$t.log" 2>&1 || { tail -30 "$corpus/$t.log"; rc=1; }
  grep -E "Done [0-9]+ runs" "$corpus/$t.log" | tail -1 || true
done
rm -rf "$corpus"
exit $rc
