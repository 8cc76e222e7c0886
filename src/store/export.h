// Event writers for `sitrep query` and `sitrep export`: JSON Lines (the
// canonical sitrep.event/1 record), CSV, GDELT 2.0 event TSV (61 columns,
// docs/gdelt-export.md lists what is filled and what stays empty),
// PLOVER/POLECAT-style JSON Lines, and a fixed-width text table.
//
// All writers take the same ExportRecord (an event plus its article's
// metadata), so every format is derived from one record. GDELT wants FIPS
// 10-4 country codes for places: the writer maps ISO3 through a FipsTable
// loaded from data/cameo/iso3-fips.tsv.
//
// Thread safety: a writer keeps no state between records except the table
// header flag; use one writer per output stream. FipsTable is immutable
// after Load and may be shared.
//
//   SITREP_ASSIGN_OR_RETURN(auto fips, FipsTable::LoadDefault());
//   SITREP_ASSIGN_OR_RETURN(auto w, MakeEventWriter("gdelt", &fips));
//   std::cout << w->Header();
//   for (...) std::cout << w->Write(record);
#ifndef SITREP_STORE_EXPORT_H_
#define SITREP_STORE_EXPORT_H_

#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sitrep/event.h"
#include "sitrep/status.h"
#include "store/dedup.h"
#include "store/sqlite_store.h"

namespace sitrep::store {

class FipsTable {
 public:
  // Parses "iso3<TAB>fips<TAB>name" lines ('#' comments). InvalidArgument
  // with "file:line" for malformed lines.
  static Result<FipsTable> Parse(std::string_view text, std::string_view origin);
  static Result<FipsTable> Load(const std::string& path);
  // data/cameo/iso3-fips.tsv found through FindDataFile.
  static Result<FipsTable> LoadDefault();

  // "" when unknown.
  std::string Fips(const std::string& iso3) const;
  std::string Name(const std::string& iso3) const;
  size_t size() const { return rows_.size(); }

 private:
  std::map<std::string, std::pair<std::string, std::string>> rows_;  // iso3 -> (fips, name)
};

// One event to write, with what the formats need about its article.
struct ExportRecord {
  const Event* event = nullptr;  // not owned; must outlive the Write call
  int64_t key = 0;               // numeric id (store rowid); 0 = derive from event.id
  std::string publisher, published, url, title;
  std::string ingested_at;       // "2024-03-05T10:00:00Z" or ""
  std::string doc_id;            // article the metadata belongs to ("" = event.doc_id)
};

class EventWriter {
 public:
  virtual ~EventWriter() = default;
  // Text to print before the first record ("" for JSON Lines and GDELT,
  // which GDELT files carry without a header).
  virtual std::string Header() { return ""; }
  // One record, newline-terminated.
  virtual std::string Write(const ExportRecord& record) = 0;
};

// format: jsonl | csv | gdelt | plover | table. `fips` is needed by gdelt
// (may be null otherwise; null for gdelt leaves the geo country columns
// empty). InvalidArgument for an unknown format.
Result<std::unique_ptr<EventWriter>> MakeEventWriter(std::string_view format,
                                                     const FipsTable* fips);

// The 61 GDELT 2.0 fields of one record (exposed for tests).
std::vector<std::string> GdeltFields(const ExportRecord& record, const FipsTable* fips);

struct QueryOptions {
  bool dedup = false;        // merge events across articles (store/dedup.h)
  MergeOptions merge;        // thresholds for --dedup
  bool one_per_dyad_day = false;  // keep one event per (source, target, code, day)
  int64_t limit = 0;         // 0 = all; applied after merging and one-per-dyad-day
};

// The "one event per dyad-day" reduction of older event datasets: of the
// events sharing source actor code, target actor code, CAMEO code and date
// (`date.value` as stored, so a month-precision date is its own bucket and
// undated events share the "" bucket), keep the one with the highest
// confidence; ties go to the earliest in `events`. Returns the indices of
// the kept events in increasing order (the input order is preserved).
std::vector<size_t> OnePerDyadDay(const std::vector<const Event*>& events);

// Runs `filter` on `store` and writes every result with `writer` to `out`
// (header first). With dedup, all matching events are read, merged, and the
// merged events (carrying `sources`) are written in date order. With
// one_per_dyad_day, OnePerDyadDay is applied to the per-article events (or
// to the merged ones with dedup) before `limit`. Returns the number of
// records written.
Result<int64_t> ExportEvents(SqliteStore& store, const EventFilter& filter,
                             const QueryOptions& options, EventWriter& writer, std::FILE* out);

// RFC 4180 quoting when needed.
std::string CsvField(std::string_view s);

}  // namespace sitrep::store

#endif  // SITREP_STORE_EXPORT_H_
