// Read-only queries of the HTTP API that the store's own interface does not
// offer in the shape the API needs: event pages in key order with the stored
// JSON passed through verbatim (no parse/re-serialise per row), a document by
// its id, and undirected dyad / country series with fatalities.
//
// SQL over the tables of store/FORMAT.md, prepared statements only: every
// value a client sent is bound as a parameter, never spliced into the text.
//
// Thread safety: functions over a caller-owned connection (one per thread).
#ifndef SITREP_SERVE_STORE_QUERIES_H_
#define SITREP_SERVE_STORE_QUERIES_H_

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "serve/query_params.h"
#include "sitrep/status.h"

struct sqlite3;

namespace sitrep::serve {

struct EventRow {
  int64_t key = 0, doc_key = 0;
  std::string publisher, published, url, title;
  std::string json;  // the stored sitrep.event/1 object
};

// Events matching `q` with key > q.after, in key order, at most q.limit.
Status ListEvents(sqlite3* db, const EventQuery& q, const std::function<void(EventRow&&)>& fn);

struct DocumentRow {
  int64_t key = 0;
  std::string id, title, date, source, url, text;
};
Result<std::optional<DocumentRow>> FindDocument(sqlite3* db, const std::string& id);
// The stored JSON of every event of a document, in key order.
Result<std::vector<std::string>> DocumentEventJson(sqlite3* db, int64_t doc_key);

struct SeriesBucket {
  std::string date;  // the day, or the Monday starting the week
  std::array<int64_t, 5> quad{0, 0, 0, 0, 0};  // 1..4, 0 = unknown
  int64_t events = 0;
  double goldstein_sum = 0;
  int64_t fatalities = 0;
};
// Events that happened and are not historical, per day or week, for an
// undirected dyad (either direction) or a country.
Result<std::vector<SeriesBucket>> QuerySeries(sqlite3* db, const SeriesQuery& q);

// Documents and events in the store (cheap counts for /api/health, /metrics).
struct Counts {
  int64_t documents = 0, events = 0;
};
Result<Counts> CountRows(sqlite3* db);

}  // namespace sitrep::serve

#endif  // SITREP_SERVE_STORE_QUERIES_H_
