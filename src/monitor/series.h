// Series: daily event counts per dyad and per country, the input of the
// escalation monitor and of the dashboard timelines.
//
// Owns: Observation (the few fields of a stored event the monitor needs),
// DayCell (one day of one series: events by quad class, Goldstein sum,
// fatalities, and the article volume of that day), and SeriesSet, which
// builds every dyad x day and country x day series from observations plus
// the store-wide article count per day.
//
// Keys: a dyad is undirected, "AAA-BBB" with the two sides sorted
// (RUS-UKR); a country series is "UKR". A side is the actor's country (ISO3)
// or, for actors without one (IGOs, armed groups), its CAMEO code. Events
// with one known side feed only that side's country series; events with no
// side but a located country feed that country. An event feeds a country
// series once even when several of its fields name the same country.
//
// Days are days since 1970-01-01 (store::DayNumber); DateOfDay() turns one
// back into YYYY-MM-DD.
//
// Thread safety: plain values; a SeriesSet is built by one thread and may
// then be read from many.
#ifndef SITREP_MONITOR_SERIES_H_
#define SITREP_MONITOR_SERIES_H_

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace sitrep::monitor {

// One event as the monitor sees it. Only events that happened (asserted or
// reported, not negated) and are not historical background belong here;
// the loaders filter the rest.
struct Observation {
  int64_t day = 0;           // event date, days since 1970-01-01
  int quad_class = 0;        // 1..4 (0 = unknown: counted in `events` only)
  double goldstein = 0;
  int64_t fatalities = 0;    // non-cumulative killed count
  std::string source_side;   // ISO3 or actor code; "" unknown
  std::string target_side;
  std::string loc_country;   // ISO3 of the event location; "" unknown
  std::string source_id;     // independent source: syndication cluster or document
  std::string publisher;     // outlet name, for the explanation
  std::string event_id;
  std::string doc_id;
};

struct DayCell {
  std::array<int64_t, 5> quad{0, 0, 0, 0, 0};  // index 1..4 = quad class, 0 = unknown
  int64_t events = 0;
  double goldstein_sum = 0;
  int64_t fatalities = 0;
  int64_t material_conflict() const { return quad[4]; }
};

enum class SeriesKind { kDyad, kCountry };

struct Series {
  SeriesKind kind = SeriesKind::kDyad;
  std::string key;                      // "RUS-UKR" or "UKR"
  std::map<int64_t, DayCell> days;      // only days with events
  std::vector<size_t> observations;     // indices into SeriesSet::observations()
};

class SeriesSet {
 public:
  // Adds one event to its dyad series and to each country series it names.
  void Add(Observation obs);
  // Article volume (documents published) on `day`, store-wide. Added up
  // when called twice for the same day.
  void AddArticles(int64_t day, int64_t count);

  const std::map<std::string, Series>& dyads() const { return dyads_; }
  const std::map<std::string, Series>& countries() const { return countries_; }
  const std::vector<Observation>& observations() const { return observations_; }
  const std::map<int64_t, int64_t>& articles() const { return articles_; }

  // Sum of DayCells of `s` over days [first, last].
  static DayCell Sum(const Series& s, int64_t first, int64_t last);
  // Articles over days [first, last].
  int64_t ArticlesBetween(int64_t first, int64_t last) const;
  // Last day with any event or article (0 when empty).
  int64_t last_day() const { return last_day_; }

 private:
  std::map<std::string, Series> dyads_;
  std::map<std::string, Series> countries_;
  std::vector<Observation> observations_;
  std::map<int64_t, int64_t> articles_;
  int64_t last_day_ = 0;
};

// "AAA-BBB" with sides sorted; "" when a side is empty or both are equal.
std::string DyadKey(std::string_view a, std::string_view b);

// YYYY-MM-DD of a day number (proleptic Gregorian).
std::string DateOfDay(int64_t day);
// Day number of a YYYY-MM-DD date; false when it is not a full valid date.
bool DayOfDate(std::string_view date, int64_t* day);

}  // namespace sitrep::monitor

#endif  // SITREP_MONITOR_SERIES_H_
