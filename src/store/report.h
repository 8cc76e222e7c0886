// Situation report: a readable summary of a period from the store, in
// Markdown or as a self-contained HTML page with SVG charts and a map.
//
// Contents, all computed from events merged across articles (store/dedup.h),
// so a happening reported by ten outlets counts once:
//   - headline numbers: articles, happenings, located happenings;
//   - casualties without double counting: per happening the largest toll any
//     article reported; running totals ("cumulative") are listed on their own
//     and never added;
//   - the top happenings, ranked by independent sources, violence and
//     Goldstein magnitude, each with its evidence sentence and publishers;
//   - the most active dyads with the share of each quad class over time
//     (HTML: 100% stacked bar charts; Markdown: tables);
//   - a map of happenings located in the text (HTML: SVG over country shapes
//     from npm world-atlas, converted at build time to world-110m.json;
//     document-level fallback locations are left out);
//   - escalation signals: the alerts `sitrep watch` stored in the `alerts`
//     table (monitor/store_source.h) for windows ending in the period and,
//     with --country, for series that involve the country; when none are
//     stored, the signals the caller computed with the monitor
//     (ReportOptions::computed_signals; the store stage cannot call the
//     monitor, which sits above it). Each is told as a sentence ("Conflict
//     events between Russia and Ukraine rose to 14 in the week to 12 May
//     2024, against 3.2 expected from the four weeks before.") with the
//     numbers behind it: observed and expected counts, rate ratio, p-value
//     and Benjamini-Hochberg q-value, independent sources, fatalities.
// Only events that happened (asserted/reported, not negated) and are not
// historical background count.
//
// Thread safety: BuildReport reads the store through the given connection;
// call it from the thread that owns the store.
//
//   ReportOptions o; o.from = "2024-03-01"; o.to = "2024-03-31"; o.format = "html";
//   SITREP_ASSIGN_OR_RETURN(std::string page, BuildReport(*store, o));
#ifndef SITREP_STORE_REPORT_H_
#define SITREP_STORE_REPORT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sitrep/status.h"
#include "store/dedup.h"
#include "store/sqlite_store.h"

namespace sitrep::store {

// One escalation signal, as plain data (the monitor's Alert, reduced to what
// a reader needs; the JSON form is monitor::AlertToJson's).
struct EscalationSignal {
  std::string kind;                         // "dyad" or "country"
  std::string key;                          // "RUS-UKR" (sides sorted) or "UKR"
  std::string recent_from, recent_to;       // the window tested, YYYY-MM-DD, inclusive
  std::string baseline_from, baseline_to;   // the window it is compared with
  int64_t recent_conflict = 0, baseline_conflict = 0;  // material-conflict events
  int64_t recent_volume = 0, baseline_volume = 0;      // news volume of each window
  int64_t recent_fatalities = 0, baseline_fatalities = 0;
  double ratio = 0;      // recent / baseline conflict rate per unit of volume
  double p_value = 1;    // one-sided test of the rise
  double q_value = 1;    // p adjusted for the many series tested (Benjamini-Hochberg)
  int sources = 0;       // independent sources of the recent conflict events
  std::vector<std::string> publishers;
  std::string method;    // the test in words

  // Conflict events the baseline rate predicts for the recent window given
  // its news volume: baseline_conflict * recent_volume / baseline_volume;
  // negative when the baseline had no volume to compare with.
  double expected() const;
};

// Reads an alert's JSON (monitor::AlertToJson form); Corruption when it is
// not an object with "kind", "key" and the "recent" window.
Result<EscalationSignal> SignalFromAlertJson(std::string_view json);

struct ReportOptions {
  std::string from, to;       // inclusive YYYY-MM-DD; "" = open
  std::string country;        // ISO3 focus ("" = everything)
  std::string format = "md";  // md | html
  int top_events = 10;        // happenings listed in full
  int top_dyads = 6;          // dyads charted
  MergeOptions merge;         // cross-article merging thresholds
  std::string world_map_path; // "" = world-110m.json found with FindDataFile (no map if absent)
  std::string country_names_path;  // "" = data/cameo/iso3-fips.tsv (names); codes if absent
  // Escalation signals computed by the caller, shown when the store holds
  // no alerts for the period. `signals_computed` says the caller ran the
  // monitor, so that an empty list reads "none found", not "none stored".
  std::vector<EscalationSignal> computed_signals;
  bool signals_computed = false;
  std::string computed_from, computed_to;  // window ends the caller tested ("" = unknown)
  int max_signals = 10;            // signals told in full; the rest are counted
};

// The alerts stored in the store's `alerts` table whose window ends in
// [from, to] and, when `country` is set, whose series is that country or a
// dyad with it on one side; most significant first. Empty when the table
// does not exist; a row whose JSON cannot be read is skipped.
Result<std::vector<EscalationSignal>> StoredSignals(SqliteStore& store,
                                                    const ReportOptions& options);

// InvalidArgument for a bad format or dates; store errors pass through.
Result<std::string> BuildReport(SqliteStore& store, const ReportOptions& options);

}  // namespace sitrep::store

#endif  // SITREP_STORE_REPORT_H_
