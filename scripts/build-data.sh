#!/usr/bin/env bash
# Builds the run-time data next to the binary: compiled dictionaries, the
# gazetteer, dashboard assets. Each step is skipped when its output is newer
# than its inputs. Called by `make build`.
set -euo pipefail
BUILD=${1:-build}
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
for step in scripts/data.d/*.sh; do
  [ -e "$step" ] || continue
  bash "$step" "$BUILD"
done
