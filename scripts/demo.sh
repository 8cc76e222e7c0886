#!/usr/bin/env bash
# The README's main job: ingest the sample articles shipped in testdata/samples
# into a fresh SQLite store and print a situation summary.
set -euo pipefail
BUILD=${1:-build}
cd "$(dirname "$0")/.."
DB="$BUILD/demo.db"
rm -f "$DB" "$DB-wal" "$DB-shm"
echo "== sitrep demo: ingesting testdata/samples/*.txt into $DB" >&2
"$BUILD/sitrep" ingest --db "$DB" testdata/samples/*.txt
if [ -f ../shared/samples/seed/article.txt ]; then
  "$BUILD/sitrep" ingest --db "$DB" --id seed-nato-ukraine --date 2021-04-07 --source dpa/NAN \
    ../shared/samples/seed/article.txt
fi
echo >&2
echo "== Situation summary (events per dyad and code, with dates)" >&2
"$BUILD/sitrep" report --db "$DB" --from 2000-01-01 --to 2100-01-01 --format md
