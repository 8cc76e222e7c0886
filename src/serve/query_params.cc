#include "serve/query_params.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "base/date.h"
#include "base/utf8.h"

namespace sitrep::serve {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Result<std::string> Decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%') {
      if (i + 2 >= s.size()) return Status::InvalidArgument("truncated percent escape");
      int hi = HexValue(s[i + 1]), lo = HexValue(s[i + 2]);
      if (hi < 0 || lo < 0) return Status::InvalidArgument("bad percent escape");
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += c;
    }
  }
  if (out.find('\0') != std::string::npos) return Status::InvalidArgument("NUL byte in parameter");
  if (!utf8::IsValid(out)) return Status::InvalidArgument("parameter is not valid UTF-8");
  return out;
}

bool ParseBool(const std::string& v, bool* out) {
  if (v == "1" || v == "true") {
    *out = true;
    return true;
  }
  if (v == "0" || v == "false") {
    *out = false;
    return true;
  }
  return false;
}

bool ParseInt(const std::string& v, int64_t lo, int64_t hi, int64_t* out) {
  if (v.empty() || v.size() > 19) return false;
  int64_t n = 0;
  for (char c : v) {
    if (c < '0' || c > '9') return false;
    n = n * 10 + (c - '0');
  }
  if (n < lo || n > hi) return false;
  *out = n;
  return true;
}

bool ParseDouble(const std::string& v, double* out) {
  if (v.empty() || v.size() > 32) return false;
  for (char c : v) {
    if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
      return false;
    }
  }
  errno = 0;
  char* end = nullptr;
  double d = std::strtod(v.c_str(), &end);
  if (errno != 0 || end != v.c_str() + v.size() || !std::isfinite(d)) return false;
  *out = d;
  return true;
}

Status Bad(const std::string& name, const std::string& why) {
  return Status::InvalidArgument("parameter '" + name + "': " + why);
}

Status CheckDate(const std::string& name, const std::string& v) {
  if (!IsValidPartialDate(v)) return Bad(name, "expected YYYY-MM-DD, YYYY-MM or YYYY");
  return Status::OK();
}

bool ParseDyad(const std::string& v, std::string* a, std::string* b) {
  size_t dash = v.find('-');
  if (dash == std::string::npos) return false;
  *a = v.substr(0, dash);
  *b = v.substr(dash + 1);
  if (!IsActorCode(*a) || !IsActorCode(*b) || *a == *b) return false;
  if (*b < *a) std::swap(*a, *b);
  return true;
}

}  // namespace

bool IsActorCode(std::string_view s) {
  if (s.empty() || s.size() > 24) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); });
}

bool IsCountryCode(std::string_view s) {
  return s.size() == 3 && std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

bool IsCameoPrefix(std::string_view s) {
  return !s.empty() && s.size() <= 4 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Result<Params> ParseQueryString(std::string_view query, size_t max_params) {
  Params out;
  size_t pos = 0;
  while (pos <= query.size()) {
    size_t amp = query.find('&', pos);
    if (amp == std::string_view::npos) amp = query.size();
    std::string_view part = query.substr(pos, amp - pos);
    if (!part.empty()) {
      if (out.size() >= max_params) return Status::InvalidArgument("too many query parameters");
      size_t eq = part.find('=');
      std::string_view k = part.substr(0, eq);
      std::string_view v = eq == std::string_view::npos ? std::string_view() : part.substr(eq + 1);
      SITREP_ASSIGN_OR_RETURN(std::string key, Decode(k));
      SITREP_ASSIGN_OR_RETURN(std::string value, Decode(v));
      if (key.empty()) return Status::InvalidArgument("empty parameter name");
      out.emplace_back(std::move(key), std::move(value));
    }
    pos = amp + 1;
  }
  return out;
}

Result<EventQuery> ParseEventQuery(const Params& params, int64_t max_limit) {
  EventQuery q;
  for (const auto& [k, v] : params) {
    if (k == "actor") {
      if (!IsActorCode(v)) return Bad(k, "expected a CAMEO actor code (A-Z, 0-9)");
      q.actor = v;
    } else if (k == "code") {
      if (!IsCameoPrefix(v)) return Bad(k, "expected a CAMEO event code prefix (1-4 digits)");
      q.code = v;
    } else if (k == "from") {
      SITREP_RETURN_IF_ERROR(CheckDate(k, v));
      q.from = v;
    } else if (k == "to") {
      SITREP_RETURN_IF_ERROR(CheckDate(k, v));
      q.to = v;
    } else if (k == "country") {
      if (!IsCountryCode(v)) return Bad(k, "expected an ISO 3166-1 alpha-3 code");
      q.country = v;
    } else if (k == "doc") {
      if (v.empty() || v.size() > 512) return Bad(k, "expected a document id");
      q.doc_id = v;
    } else if (k == "q") {
      if (v.size() > 200) return Bad(k, "search text longer than 200 bytes");
      q.text = v;
    } else if (k == "happened") {
      if (!ParseBool(v, &q.happened_only)) return Bad(k, "expected 0 or 1");
    } else if (k == "historical") {
      if (!ParseBool(v, &q.include_historical)) return Bad(k, "expected 0 or 1");
    } else if (k == "located") {
      if (!ParseBool(v, &q.located_only)) return Bad(k, "expected 0 or 1");
    } else if (k == "fallback") {
      if (!ParseBool(v, &q.include_fallback)) return Bad(k, "expected 0 or 1");
    } else if (k == "bbox") {
      double x[4];
      size_t start = 0;
      for (int i = 0; i < 4; ++i) {
        size_t comma = v.find(',', start);
        if ((i < 3) != (comma != std::string::npos)) return Bad(k, "expected minlon,minlat,maxlon,maxlat");
        std::string part = v.substr(start, i < 3 ? comma - start : std::string::npos);
        if (!ParseDouble(part, &x[i])) return Bad(k, "expected four numbers");
        start = comma + 1;
      }
      if (x[0] < -180 || x[2] > 180 || x[1] < -90 || x[3] > 90 || x[0] > x[2] || x[1] > x[3]) {
        return Bad(k, "box out of range or inverted");
      }
      q.has_box = true;
      q.min_lon = x[0];
      q.min_lat = x[1];
      q.max_lon = x[2];
      q.max_lat = x[3];
    } else if (k == "after") {
      if (!ParseInt(v, 0, INT64_MAX / 2, &q.after)) return Bad(k, "expected a non-negative integer");
    } else if (k == "limit") {
      if (!ParseInt(v, 1, max_limit, &q.limit)) {
        return Bad(k, "expected 1.." + std::to_string(max_limit));
      }
    } else if (k == "format") {
      if (v != "json" && v != "jsonl" && v != "csv" && v != "gdelt") {
        return Bad(k, "expected json, jsonl, csv or gdelt");
      }
      q.format = v;
    } else {
      return Bad(k, "unknown parameter");
    }
  }
  return q;
}

Result<SeriesQuery> ParseSeriesQuery(const Params& params) {
  SeriesQuery q;
  for (const auto& [k, v] : params) {
    if (k == "dyad") {
      if (!ParseDyad(v, &q.dyad_a, &q.dyad_b)) return Bad(k, "expected AAA-BBB (two actor codes)");
    } else if (k == "country") {
      if (!IsActorCode(v)) return Bad(k, "expected an ISO3 country or actor code");
      q.country = v;
    } else if (k == "from") {
      SITREP_RETURN_IF_ERROR(CheckDate(k, v));
      q.from = v;
    } else if (k == "to") {
      SITREP_RETURN_IF_ERROR(CheckDate(k, v));
      q.to = v;
    } else if (k == "interval") {
      if (v != "day" && v != "week") return Bad(k, "expected day or week");
      q.weekly = v == "week";
    } else {
      return Bad(k, "unknown parameter");
    }
  }
  if (q.dyad_a.empty() == q.country.empty()) {
    return Status::InvalidArgument("give exactly one of 'dyad' and 'country'");
  }
  return q;
}

Result<DyadsQuery> ParseDyadsQuery(const Params& params, int64_t max_limit) {
  DyadsQuery q;
  for (const auto& [k, v] : params) {
    if (k == "from") {
      SITREP_RETURN_IF_ERROR(CheckDate(k, v));
      q.from = v;
    } else if (k == "to") {
      SITREP_RETURN_IF_ERROR(CheckDate(k, v));
      q.to = v;
    } else if (k == "country") {
      if (!IsCountryCode(v)) return Bad(k, "expected an ISO 3166-1 alpha-3 code");
      q.country = v;
    } else if (k == "limit") {
      if (!ParseInt(v, 1, max_limit, &q.limit)) return Bad(k, "expected 1.." + std::to_string(max_limit));
    } else {
      return Bad(k, "unknown parameter");
    }
  }
  return q;
}

Result<AlertsQuery> ParseAlertsQuery(const Params& params, int64_t max_limit) {
  AlertsQuery q;
  for (const auto& [k, v] : params) {
    if (k == "key") {
      std::string a, b;
      if (!IsActorCode(v) && !ParseDyad(v, &a, &b)) return Bad(k, "expected a country or AAA-BBB");
      q.key = IsActorCode(v) ? v : a + "-" + b;
    } else if (k == "limit") {
      if (!ParseInt(v, 1, max_limit, &q.limit)) return Bad(k, "expected 1.." + std::to_string(max_limit));
    } else if (k == "live") {
      if (!ParseBool(v, &q.live)) return Bad(k, "expected 0 or 1");
    } else {
      return Bad(k, "unknown parameter");
    }
  }
  return q;
}

}  // namespace sitrep::serve
