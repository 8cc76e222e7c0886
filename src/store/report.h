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
//     document-level fallback locations are left out).
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

#include <string>

#include "sitrep/status.h"
#include "store/dedup.h"
#include "store/sqlite_store.h"

namespace sitrep::store {

struct ReportOptions {
  std::string from, to;       // inclusive YYYY-MM-DD; "" = open
  std::string country;        // ISO3 focus ("" = everything)
  std::string format = "md";  // md | html
  int top_events = 10;        // happenings listed in full
  int top_dyads = 6;          // dyads charted
  MergeOptions merge;         // cross-article merging thresholds
  std::string world_map_path; // "" = world-110m.json found with FindDataFile (no map if absent)
  std::string country_names_path;  // "" = data/cameo/iso3-fips.tsv (names); codes if absent
};

// InvalidArgument for a bad format or dates; store errors pass through.
Result<std::string> BuildReport(SqliteStore& store, const ReportOptions& options);

}  // namespace sitrep::store

#endif  // SITREP_STORE_REPORT_H_
