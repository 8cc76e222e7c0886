#!/usr/bin/env bash
# Browser test of the dashboard (web/test/dashboard.test.mjs): Debian chromium
# driven by npm playwright-core. Usage: scripts/browser-test.sh [BUILD_DIR]
# Needs BUILD_DIR/sitrep (default build/). Never downloads a browser: it uses
# /usr/bin/chromium (installed with apt-get when missing and run as root).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD="${1:-build}"
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get install -y chromium >/dev/null
  else
    echo "browser-test: /usr/bin/chromium missing (apt-get install chromium)" >&2
    exit 1
  fi
fi
if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/d3 ] || [ ! -d node_modules/world-atlas ]; then
  npm install --no-audit --no-fund >/dev/null
fi
SITREP_BUILD_DIR="$(cd "$BUILD" && pwd)" exec node web/test/dashboard.test.mjs
