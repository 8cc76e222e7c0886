#include "monitor/series.h"

#include <algorithm>
#include <cstdio>

namespace sitrep::monitor {
namespace {

// Howard Hinnant's days-from-civil algorithm (public domain description).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void AddToCell(const Observation& o, DayCell* c) {
  int q = (o.quad_class >= 1 && o.quad_class <= 4) ? o.quad_class : 0;
  c->quad[q]++;
  c->events++;
  c->goldstein_sum += o.goldstein;
  c->fatalities += o.fatalities;
}

}  // namespace

std::string DyadKey(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty() || a == b) return "";
  if (b < a) std::swap(a, b);
  std::string k(a);
  k += '-';
  k += b;
  return k;
}

std::string DateOfDay(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
  return buf;
}

bool DayOfDate(std::string_view s, int64_t* day) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  int v[3] = {0, 0, 0};
  const int starts[3] = {0, 5, 8}, lens[3] = {4, 2, 2};
  for (int part = 0; part < 3; ++part) {
    for (int i = 0; i < lens[part]; ++i) {
      char c = s[starts[part] + i];
      if (c < '0' || c > '9') return false;
      v[part] = v[part] * 10 + (c - '0');
    }
  }
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (v[1] < 1 || v[1] > 12 || v[2] < 1) return false;
  bool leap = (v[0] % 4 == 0 && v[0] % 100 != 0) || v[0] % 400 == 0;
  int dim = kDays[v[1] - 1] + (v[1] == 2 && leap ? 1 : 0);
  if (v[2] > dim) return false;
  *day = DaysFromCivil(v[0], static_cast<unsigned>(v[1]), static_cast<unsigned>(v[2]));
  return true;
}

void SeriesSet::Add(Observation obs) {
  size_t index = observations_.size();
  last_day_ = std::max(last_day_, obs.day);
  std::string dyad = DyadKey(obs.source_side, obs.target_side);
  if (!dyad.empty()) {
    Series& s = dyads_[dyad];
    s.kind = SeriesKind::kDyad;
    s.key = dyad;
    AddToCell(obs, &s.days[obs.day]);
    s.observations.push_back(index);
  }
  // Country series: each distinct country named by the event, once.
  std::string names[3] = {obs.source_side, obs.target_side, obs.loc_country};
  for (int i = 0; i < 3; ++i) {
    const std::string& c = names[i];
    if (c.empty()) continue;
    bool seen = false;
    for (int j = 0; j < i; ++j) seen = seen || names[j] == c;
    if (seen) continue;
    Series& s = countries_[c];
    s.kind = SeriesKind::kCountry;
    s.key = c;
    AddToCell(obs, &s.days[obs.day]);
    s.observations.push_back(index);
  }
  observations_.push_back(std::move(obs));
}

void SeriesSet::AddArticles(int64_t day, int64_t count) {
  articles_[day] += count;
  last_day_ = std::max(last_day_, day);
}

DayCell SeriesSet::Sum(const Series& s, int64_t first, int64_t last) {
  DayCell total;
  for (auto it = s.days.lower_bound(first); it != s.days.end() && it->first <= last; ++it) {
    const DayCell& c = it->second;
    for (int q = 0; q < 5; ++q) total.quad[q] += c.quad[q];
    total.events += c.events;
    total.goldstein_sum += c.goldstein_sum;
    total.fatalities += c.fatalities;
  }
  return total;
}

int64_t SeriesSet::ArticlesBetween(int64_t first, int64_t last) const {
  int64_t n = 0;
  for (auto it = articles_.lower_bound(first); it != articles_.end() && it->first <= last; ++it) {
    n += it->second;
  }
  return n;
}

}  // namespace sitrep::monitor
