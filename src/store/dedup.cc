#include "store/dedup.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

namespace sitrep::store {
namespace {

constexpr uint64_t kFnvOffset = 1469598103934665603ull;
constexpr uint64_t kFnvPrime = 1099511628211ull;

uint64_t Mix64(uint64_t x) {  // splitmix64 finaliser
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebull;
  x ^= x >> 31;
  return x;
}

// Lower-cased words (ASCII letters and digits; other bytes >= 0x80 kept as
// word characters so non-Latin text still shingles).
std::vector<std::string_view> Words(std::string_view text, std::string* lowered) {
  lowered->assign(text);
  for (char& c : *lowered) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  std::vector<std::string_view> words;
  std::string_view s(*lowered);
  size_t i = 0;
  while (i < s.size()) {
    auto word_char = [&](unsigned char c) {
      return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
    };
    while (i < s.size() && !word_char(static_cast<unsigned char>(s[i]))) ++i;
    size_t b = i;
    while (i < s.size() && word_char(static_cast<unsigned char>(s[i]))) ++i;
    if (i > b) words.push_back(s.substr(b, i - b));
  }
  return words;
}

int64_t DaysFromCivil(int y, unsigned m, unsigned d) {  // proleptic Gregorian
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool Located(const Event& e) {
  return e.location && e.location->has_coords && e.location->basis != "document";
}

std::string Root(const Event& e) {
  if (!e.cameo_root.empty()) return e.cameo_root;
  return e.cameo.substr(0, std::min<size_t>(2, e.cameo.size()));
}

bool ActorPresent(const std::optional<EventActor>& a) {
  return a && (!a->code.empty() || !a->country.empty() || !a->role.empty());
}

// Country of an actor: the ISO3 field, else the first three letters of the
// code when they are not a role (IGO/REB codes have no country).
std::string ActorCountry(const EventActor& a) { return a.country; }

bool ActorsCompatible(const std::optional<EventActor>& a, const std::optional<EventActor>& b,
                      const MergeOptions& o) {
  const bool pa = ActorPresent(a), pb = ActorPresent(b);
  if (!pa && !pb) return true;
  if (!pa || !pb) return o.allow_missing_actor;
  const std::string ca = ActorCountry(*a), cb = ActorCountry(*b);
  if (!ca.empty() && !cb.empty() && ca != cb) return false;
  if (ca.empty() && cb.empty()) {
    // No country on either side (IGOs, armed groups): compare the codes' first part.
    const std::string ka = a->code.substr(0, 3), kb = b->code.substr(0, 3);
    if (!ka.empty() && !kb.empty() && ka != kb) return false;
  }
  if (!a->role.empty() && !b->role.empty() && a->role != b->role) return false;
  return true;
}

// -1: incomparable (undated), else 0/1.
int DatesCompatible(const EventDate& a, const EventDate& b, int window) {
  if (a.value.empty() || b.value.empty()) return -1;
  int64_t da, db;
  if (DayNumber(a.value, &da) && DayNumber(b.value, &db)) {
    return std::llabs(da - db) <= window ? 1 : 0;
  }
  // Coarser precision: one must be a prefix of the other (2024-03 vs 2024-03-05).
  const std::string& s = a.value.size() < b.value.size() ? a.value : b.value;
  const std::string& l = a.value.size() < b.value.size() ? b.value : a.value;
  return l.compare(0, s.size(), s) == 0 ? 1 : 0;
}

// Ordering key for choosing the representative: smaller is better.
// Located reports first, then the one carrying the largest toll (so the
// evidence sentence shows the figure the merged record reports), then
// confidence, then the earliest article.
std::tuple<int, long, double, std::string> RepresentativeKey(const ArticleEvent& e) {
  int place = Located(e.event) ? 0 : (e.event.location ? 1 : 2);
  long toll = 0;
  for (const Casualty& c : e.event.fatalities) toll = std::max(toll, c.count);
  return {place, -toll, -e.event.confidence, e.published};
}

}  // namespace

std::vector<uint32_t> MinHashSignature(std::string_view text, const SyndicationOptions& options) {
  const int n = std::max(1, options.signature_size());
  std::vector<uint32_t> sig(static_cast<size_t>(n), 0xFFFFFFFFu);
  std::string lowered;
  std::vector<std::string_view> words = Words(text, &lowered);
  if (words.empty()) return sig;
  const size_t k = std::max<size_t>(1, static_cast<size_t>(options.shingle_words));
  const size_t count = words.size() >= k ? words.size() - k + 1 : 1;
  for (size_t i = 0; i < count; ++i) {
    uint64_t h = kFnvOffset;
    for (size_t j = i; j < std::min(words.size(), i + k); ++j) {
      for (unsigned char c : words[j]) h = (h ^ c) * kFnvPrime;
      h = (h ^ ' ') * kFnvPrime;
    }
    h = Mix64(h);
    // Slot j uses the permutation h_j(x) = mix(h ^ seed_j): independent enough
    // for MinHash and cheap (one multiply chain per slot).
    for (int slot = 0; slot < n; ++slot) {
      const uint32_t v =
          static_cast<uint32_t>(Mix64(h ^ (0x9e3779b97f4a7c15ull * (slot + 1))) >> 32);
      sig[static_cast<size_t>(slot)] = std::min(sig[static_cast<size_t>(slot)], v);  // no branch
    }
  }
  return sig;
}

std::vector<uint64_t> BandHashes(const std::vector<uint32_t>& signature,
                                 const SyndicationOptions& options) {
  std::vector<uint64_t> out;
  const size_t rows = static_cast<size_t>(std::max(1, options.rows));
  for (size_t b = 0; b * rows < signature.size(); ++b) {
    uint64_t h = Mix64(b + 1);
    for (size_t r = b * rows; r < std::min(signature.size(), (b + 1) * rows); ++r) {
      h = Mix64(h ^ signature[r]);
    }
    out.push_back(h >> 1);  // 63 bits: fits SQLite's signed INTEGER without sign games
  }
  return out;
}

double EstimatedSimilarity(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
  if (a.empty() || a.size() != b.size()) return 0;
  size_t same = 0;
  for (size_t i = 0; i < a.size(); ++i) same += a[i] == b[i] && a[i] != 0xFFFFFFFFu;
  return static_cast<double>(same) / static_cast<double>(a.size());
}

std::string ContentHash(std::string_view text) {
  uint64_t h = kFnvOffset;
  bool space = false, started = false;
  for (unsigned char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      space = started;
      continue;
    }
    if (space) h = (h ^ ' ') * kFnvPrime;
    space = false;
    started = true;
    h = (h ^ c) * kFnvPrime;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(Mix64(h)));
  return buf;
}

bool DayNumber(std::string_view s, int64_t* day) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  int v[3] = {0, 0, 0};
  const int begin[3] = {0, 5, 8}, len[3] = {4, 2, 2};
  for (int f = 0; f < 3; ++f) {
    for (int i = 0; i < len[f]; ++i) {
      char c = s[static_cast<size_t>(begin[f] + i)];
      if (c < '0' || c > '9') return false;
      v[f] = v[f] * 10 + (c - '0');
    }
  }
  if (v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31) return false;
  *day = DaysFromCivil(v[0], static_cast<unsigned>(v[1]), static_cast<unsigned>(v[2]));
  return true;
}

double DistanceKm(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kRad = 3.14159265358979323846 / 180.0;
  const double dlat = (lat2 - lat1) * kRad, dlon = (lon2 - lon1) * kRad;
  const double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlon / 2) *
                       std::sin(dlon / 2);
  return 2 * 6371.0 * std::asin(std::min(1.0, std::sqrt(a)));
}

bool SameHappening(const ArticleEvent& ae, const ArticleEvent& be, const MergeOptions& o) {
  const Event& a = ae.event;
  const Event& b = be.event;
  if (a.Happened() != b.Happened() || a.historical != b.historical) return false;
  if (!a.Happened()) {  // asserted vs reported is fine; the other modalities must agree
    if (!o.merge_non_happened || a.negated != b.negated || a.modality != b.modality) return false;
  }
  const std::string ra = Root(a), rb = Root(b);
  if (ra.empty() || ra != rb) return false;
  if (DatesCompatible(a.date, b.date, o.date_window_days) != 1) return false;
  bool straight = ActorsCompatible(a.source, b.source, o) && ActorsCompatible(a.target, b.target, o);
  if (!straight && (a.mutual || b.mutual)) {
    straight = ActorsCompatible(a.source, b.target, o) && ActorsCompatible(a.target, b.source, o);
  }
  if (!straight) return false;
  if (Located(a) && Located(b)) {
    if (DistanceKm(a.location->lat, a.location->lon, b.location->lat, b.location->lon) >
        o.max_distance_km) {
      return false;
    }
  }
  if (a.location && b.location && !a.location->country.empty() && !b.location->country.empty() &&
      a.location->basis != "document" && b.location->basis != "document" &&
      a.location->country != b.location->country) {
    return false;
  }
  return true;
}

std::vector<MergedEvent> MergeEvents(const std::vector<ArticleEvent>& events,
                                     const MergeOptions& options) {
  std::vector<size_t> order(events.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) {
    return events[x].event.date.value < events[y].event.date.value;
  });

  struct Cluster {
    std::vector<size_t> members;
    std::set<int64_t> docs;
    int64_t last_day = 0;
    bool dated = false;
  };
  std::vector<Cluster> clusters;
  size_t first_open = 0;  // clusters before this are out of the date window
  for (size_t idx : order) {
    const ArticleEvent& e = events[idx];
    int64_t day = 0;
    const bool dated = DayNumber(e.event.date.value, &day);
    // Close clusters whose latest day lies beyond the window (dates ascend).
    // Undated clusters never take members (undated events do not merge).
    while (dated && first_open < clusters.size() &&
           (!clusters[first_open].dated ||
            day - clusters[first_open].last_day > options.date_window_days)) {
      ++first_open;
    }
    size_t chosen = clusters.size();
    for (size_t c = first_open; c < clusters.size() && chosen == clusters.size(); ++c) {
      Cluster& cl = clusters[c];
      if (cl.docs.count(e.doc_key)) continue;
      bool all = true;
      for (size_t m : cl.members) {
        if (!SameHappening(events[m], e, options)) {
          all = false;
          break;
        }
      }
      if (all) chosen = c;
    }
    if (chosen == clusters.size()) clusters.emplace_back();
    Cluster& cl = clusters[chosen];
    cl.members.push_back(idx);
    cl.docs.insert(e.doc_key);
    if (dated) {
      cl.last_day = std::max(cl.last_day, day);
      cl.dated = true;
    }
  }

  std::vector<MergedEvent> out;
  out.reserve(clusters.size());
  for (const Cluster& cl : clusters) {
    MergedEvent m;
    m.members = cl.members;
    size_t best = cl.members.front();
    for (size_t i : cl.members) {
      if (RepresentativeKey(events[i]) < RepresentativeKey(events[best])) best = i;
    }
    m.event = events[best].event;
    // Tolls: per (kind, cumulative) the largest reported count.
    std::map<std::pair<std::string, bool>, Casualty> tolls;
    std::set<int64_t> docs, independent;
    std::set<std::string> publishers;
    std::string first, last;
    for (size_t i : cl.members) {
      const ArticleEvent& a = events[i];
      for (const Casualty& c : a.event.fatalities) {
        auto key = std::make_pair(c.kind, c.cumulative);
        auto it = tolls.find(key);
        if (it == tolls.end() || c.count > it->second.count) tolls[key] = c;
      }
      docs.insert(a.doc_key);
      independent.insert(a.cluster != 0 ? a.cluster : a.doc_key);
      if (!a.publisher.empty()) publishers.insert(a.publisher);
      const std::string& seen = a.published.empty() ? a.event.date.value : a.published;
      if (!seen.empty()) {
        if (first.empty() || seen < first) first = seen;
        if (last.empty() || seen > last) last = seen;
      }
    }
    if (!tolls.empty() || !m.event.fatalities.empty()) {
      m.event.fatalities.clear();
      for (auto& [key, c] : tolls) m.event.fatalities.push_back(c);
    }
    EventSources s;
    s.articles = static_cast<int>(docs.size());
    s.independent = static_cast<int>(independent.size());
    s.publishers.assign(publishers.begin(), publishers.end());
    s.first_seen = first;
    s.last_seen = last;
    m.event.sources = std::move(s);
    out.push_back(std::move(m));
  }
  std::stable_sort(out.begin(), out.end(), [](const MergedEvent& x, const MergedEvent& y) {
    return x.event.date.value < y.event.date.value;
  });
  return out;
}

}  // namespace sitrep::store
