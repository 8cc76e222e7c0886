// libFuzzer target for the HTTP API's query-parameter parsing
// (src/serve/query_params.h): arbitrary bytes as a raw query string, then
// every request parser over the decoded pairs. Checks invariants that must
// hold for any input: decoded values contain no NUL and are valid UTF-8,
// accepted limits are within bounds, accepted boxes are ordered.
//
// fuzz/CMakeLists.txt links this target to sitrep_serve.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "base/utf8.h"
#include "serve/query_params.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sitrep::serve;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto params = ParseQueryString(input);
  if (!params.ok()) return 0;
  for (const auto& [k, v] : *params) {
    if (k.find('\0') != std::string::npos || v.find('\0') != std::string::npos) std::abort();
    if (!sitrep::utf8::IsValid(k) || !sitrep::utf8::IsValid(v)) std::abort();
  }
  if (auto q = ParseEventQuery(*params, 1000); q.ok()) {
    if (q->limit < 1 || q->limit > 1000 || q->after < 0) std::abort();
    if (q->has_box && (q->min_lat > q->max_lat || q->min_lon > q->max_lon)) std::abort();
    if (!q->actor.empty() && !IsActorCode(q->actor)) std::abort();
  }
  if (auto s = ParseSeriesQuery(*params); s.ok()) {
    if (s->dyad_a.empty() == s->country.empty()) std::abort();
    if (!s->dyad_a.empty() && !(s->dyad_a < s->dyad_b)) std::abort();
  }
  (void)ParseDyadsQuery(*params, 1000);
  (void)ParseAlertsQuery(*params, 1000);
  return 0;
}
