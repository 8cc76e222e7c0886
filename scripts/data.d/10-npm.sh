#!/usr/bin/env bash
# Installs the npm packages of package.json (gazetteer sources, map shapes,
# charts, browser test driver) unless node_modules is already up to date.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ ! -d node_modules ] || [ package.json -nt node_modules/.package-lock.json ]; then
  echo "build-data: npm install" >&2
  npm install --no-audit --no-fund --loglevel=error
fi
