// Store source of the monitor: fills a SeriesSet from a sitrep store, and
// keeps the alerts the monitor raised in the store's `alerts` table.
//
// Reads the events and documents tables read-only with prepared statements
// (columns as store/FORMAT.md documents them): events that happened and are
// not historical background, with a full YYYY-MM-DD date in [from, to].
// The independent source of an event is its article's syndication cluster
// (or the article itself when it is in no cluster). Locations found only at
// document level do not name a country series (a fallback is not evidence of
// where something happened).
//
// The `alerts` table is owned by the monitor (created when missing):
//   alerts(id TEXT PRIMARY KEY, kind TEXT, key TEXT, window_end TEXT,
//          q_value REAL, created_at TEXT, json TEXT)
//
// Thread safety: functions over a caller-owned sqlite3 connection; use one
// connection per thread.
#ifndef SITREP_MONITOR_STORE_SOURCE_H_
#define SITREP_MONITOR_STORE_SOURCE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "monitor/escalation.h"
#include "monitor/series.h"
#include "sitrep/status.h"

struct sqlite3;

namespace sitrep::monitor {

// Adds every qualifying event with a date in [from, to] (YYYY-MM-DD; empty =
// unbounded) and the article counts per publication day to `out`.
Status LoadSeries(sqlite3* db, const std::string& from, const std::string& to, SeriesSet* out);

// Latest full event date in the store ("" when none).
Result<std::string> LatestEventDate(sqlite3* db);

// Creates the alerts table when missing (needs a writable connection).
Status EnsureAlertTable(sqlite3* db);
// Inserts an alert unless its id is stored; true when it was new.
Result<bool> SaveAlert(sqlite3* db, const Alert& alert);
// True when an alert for the same series has a window end within
// `days` days before `window_end` (an escalation already reported).
Result<bool> RecentlyAlerted(sqlite3* db, const Alert& alert, int days);

struct StoredAlert {
  std::string id, kind, key, window_end, created_at, json;
  double q_value = 1;
};
// Newest first (by window end, then id); empty when the table is missing.
// `key` filters on the series key when not empty.
Result<std::vector<StoredAlert>> ListAlerts(sqlite3* db, const std::string& key, int64_t limit);

}  // namespace sitrep::monitor

#endif  // SITREP_MONITOR_STORE_SOURCE_H_
