// Query parameters of the HTTP API: parsing a raw query string and turning
// parameters into validated requests. Everything a client can send in a URL
// passes through here before it reaches SQL (where it is bound, never
// spliced), so malformed values are rejected with InvalidArgument and a
// message naming the parameter.
//
// Accepted parameters (docs/api.md):
//   events: actor, code, from, to, country, doc, q (text search in the
//           sentence), happened=0|1, historical=0|1, located=0|1,
//           fallback=0|1 (document-level locations), bbox=minlon,minlat,maxlon,maxlat,
//           after (paging key), limit, format=json|jsonl|csv|gdelt
//   series: dyad=AAA-BBB | country=AAA, from, to, interval=day|week
//   dyads:  from, to, country, limit
//   alerts: key, limit, live=0|1
//
// Thread safety: pure functions.
#ifndef SITREP_SERVE_QUERY_PARAMS_H_
#define SITREP_SERVE_QUERY_PARAMS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sitrep/status.h"

namespace sitrep::serve {

using Params = std::vector<std::pair<std::string, std::string>>;

// Splits "a=1&b=x%20y" into decoded pairs ('+' is a space). Keys or values
// with invalid percent escapes, NUL bytes or invalid UTF-8 are rejected;
// more than `max_params` pairs are rejected.
Result<Params> ParseQueryString(std::string_view query, size_t max_params = 64);

struct EventQuery {
  std::string actor, code, from, to, country, doc_id, text;
  bool happened_only = false;
  bool include_historical = true;
  bool located_only = false;
  bool include_fallback = false;  // document-level locations (hidden by default when located)
  bool has_box = false;
  double min_lon = 0, min_lat = 0, max_lon = 0, max_lat = 0;
  int64_t after = 0;
  int64_t limit = 100;
  std::string format = "json";  // json | jsonl | csv | gdelt
};

struct SeriesQuery {
  std::string dyad_a, dyad_b;  // both set for a dyad (sorted)
  std::string country;         // or a country
  std::string from, to;
  bool weekly = false;
};

struct DyadsQuery {
  std::string from, to, country;
  int64_t limit = 50;
};

struct AlertsQuery {
  std::string key;
  int64_t limit = 100;
  bool live = false;
};

// `max_limit` caps `limit`; unknown parameters are InvalidArgument (a typo
// should not silently return everything).
Result<EventQuery> ParseEventQuery(const Params& p, int64_t max_limit);
Result<SeriesQuery> ParseSeriesQuery(const Params& p);
Result<DyadsQuery> ParseDyadsQuery(const Params& p, int64_t max_limit);
Result<AlertsQuery> ParseAlertsQuery(const Params& p, int64_t max_limit);

// Validators, exposed for tests.
bool IsActorCode(std::string_view s);    // [A-Z0-9]{1,24}
bool IsCountryCode(std::string_view s);  // [A-Z]{3}
bool IsCameoPrefix(std::string_view s);  // [0-9]{1,4}

}  // namespace sitrep::serve

#endif  // SITREP_SERVE_QUERY_PARAMS_H_
