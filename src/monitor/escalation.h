// Escalation: flags dyads and countries whose material conflict rose in a
// recent window against a baseline, with a test that knows about count noise
// and news volume, and false-alarm control across all series.
//
// For each series (see series.h) and a window ending on `end_day`:
//   recent   = [end_day - recent_days + 1, end_day]
//   baseline = the baseline_days before the recent window
// c_R, c_B are the material-conflict events (quad class 4) in each window;
// v_R, v_B the news volume: by default every article in the store published
// in the window (VolumeBasis::kArticles), or the series' own events of all
// quad classes (kSeriesEvents, a test of the conflict share).
//
// The test. If conflict is a Poisson process whose rate is proportional to
// news volume, then given the total c = c_R + c_B, c_R ~ Binomial(c, p0) with
// p0 = v_R / (v_R + v_B). The p-value is the exact one-sided upper tail
// P(X >= c_R). Twice the articles with the same share of conflict doubles c_R
// and v_R together and leaves the test where it was. News counts are often
// over-dispersed (bursty), so the baseline's day-to-day Pearson dispersion
// phi = sum((c_d - E_d)^2 / E_d) / (days - 1) is measured and, when phi > 1,
// the p-value becomes the larger of the exact one and a normal approximation
// with variance inflated by phi (quasi-Poisson).
//
// False alarms. The p-values of all series tested at one time are adjusted
// with Benjamini-Hochberg (q-values); a series alerts when
//   q <= fdr_q, rate ratio >= min_ratio, c_R >= min_recent_conflict, and
//   the recent conflict events come from >= min_sources independent sources
//   (syndication clusters / documents, so one wire story reprinted ten times
//   is one source).
// Each Alert carries the numbers, the test, p and q, the quad-class shares,
// fatalities, and the events and publishers behind it.
//
// Thread safety: pure functions over values.
#ifndef SITREP_MONITOR_ESCALATION_H_
#define SITREP_MONITOR_ESCALATION_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "monitor/series.h"

namespace sitrep::monitor {

enum class VolumeBasis { kArticles, kSeriesEvents };

struct EscalationOptions {
  int recent_days = 7;               // the window under test
  int baseline_days = 28;            // the window before it
  // Benjamini-Hochberg level across the series of one evaluation. When no
  // series escalates, BH bounds the chance of any alert in an evaluation by
  // q; a daily monitor makes about 52 independent (non-overlapping 7-day)
  // evaluations a year, so q = 1e-4 keeps the expected number of false
  // alerts near 0.005 a year.
  double fdr_q = 1e-4;
  double min_ratio = 2.0;            // recent / baseline conflict rate per unit of volume
  int64_t min_recent_conflict = 5;   // fewer recent conflict events never alert
  int min_sources = 2;               // independent sources behind the recent conflict events
  VolumeBasis volume = VolumeBasis::kArticles;
  bool dispersion = true;            // inflate the variance by the baseline's dispersion
  bool dyads = true;                 // test dyad series
  bool countries = true;             // test country series
  size_t max_evidence = 20;          // events listed per alert
};

// One tested series at one time (alerting or not).
struct SeriesTest {
  SeriesKind kind = SeriesKind::kDyad;
  std::string key;
  int64_t recent_conflict = 0, baseline_conflict = 0;
  int64_t recent_volume = 0, baseline_volume = 0;
  double ratio = 0;       // (c_R / v_R) / (c_B / v_B), baseline smoothed by +0.5 event
  double dispersion = 1;  // phi, >= 1
  double p_value = 1;
  double q_value = 1;
  int sources = 0;        // independent sources of the recent conflict events; counted
                          // only for series that pass the statistical test (else 0)
};

struct AlertEvidence {
  std::string event_id, doc_id, date, publisher;
  int64_t fatalities = 0;
};

struct Alert {
  std::string id;               // "<dyad|country>:<key>:<window end>"
  SeriesTest test;
  std::string recent_from, recent_to, baseline_from, baseline_to;  // YYYY-MM-DD
  int64_t recent_fatalities = 0, baseline_fatalities = 0;
  int64_t recent_events = 0, baseline_events = 0;
  std::array<double, 5> recent_share{};    // quad-class shares of all events, index 1..4
  std::array<double, 5> baseline_share{};
  double recent_goldstein = 0, baseline_goldstein = 0;  // means
  std::vector<std::string> publishers;     // distinct, of the recent conflict events
  std::vector<AlertEvidence> evidence;     // recent conflict events, most fatal first
  std::string method;                      // the test in words
  std::string summary;                     // one sentence for people
};

// Tests every series for a window ending on `end_day`. Returns the alerts;
// `tests`, when given, receives every tested series (for dashboards/tests).
std::vector<Alert> DetectEscalation(const SeriesSet& set, int64_t end_day,
                                    const EscalationOptions& options,
                                    std::vector<SeriesTest>* tests = nullptr);

// P(X >= k) for X ~ Binomial(n, p). Exact (log-space summation).
double BinomialUpperTail(int64_t k, int64_t n, double p);

// Benjamini-Hochberg q-values, in the order of `p`.
std::vector<double> BenjaminiHochberg(const std::vector<double>& p);

// One-line JSON of an alert (the /api/alerts and `sitrep watch` form).
std::string AlertToJson(const Alert& a);

const char* SeriesKindName(SeriesKind k);

}  // namespace sitrep::monitor

#endif  // SITREP_MONITOR_ESCALATION_H_
