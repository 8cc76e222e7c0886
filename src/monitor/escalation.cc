#include "monitor/escalation.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <set>

#include "base/json_writer.h"

namespace sitrep::monitor {
namespace {

double NormalUpperTail(double z) { return 0.5 * std::erfc(z / std::sqrt(2.0)); }

// Volume of the series window on each day, per the basis.
int64_t VolumeOn(const SeriesSet& set, const Series& s, VolumeBasis basis, int64_t day) {
  if (basis == VolumeBasis::kArticles) {
    auto it = set.articles().find(day);
    return it == set.articles().end() ? 0 : it->second;
  }
  auto it = s.days.find(day);
  return it == s.days.end() ? 0 : it->second.events;
}

int64_t VolumeBetween(const SeriesSet& set, const Series& s, VolumeBasis basis, int64_t first,
                      int64_t last) {
  if (basis == VolumeBasis::kArticles) return set.ArticlesBetween(first, last);
  return SeriesSet::Sum(s, first, last).events;
}

// Pearson dispersion of the baseline's daily conflict counts around what
// the volume predicts; 1 when there is too little to tell.
double BaselineDispersion(const SeriesSet& set, const Series& s, VolumeBasis basis, int64_t first,
                          int64_t last, int64_t conflict, int64_t volume) {
  if (conflict < 5 || volume <= 0) return 1;
  double chi2 = 0;
  int days = 0;
  for (int64_t d = first; d <= last; ++d) {
    int64_t v = VolumeOn(set, s, basis, d);
    if (v <= 0) continue;
    double expected = static_cast<double>(conflict) * static_cast<double>(v) / volume;
    auto it = s.days.find(d);
    double observed = it == s.days.end() ? 0 : static_cast<double>(it->second.quad[4]);
    if (expected > 0) {
      chi2 += (observed - expected) * (observed - expected) / expected;
      ++days;
    }
  }
  if (days < 7) return 1;
  return std::max(1.0, chi2 / (days - 1));
}

std::string FormatNumber(double v) {
  char buf[32];
  if (v != 0 && (std::fabs(v) < 1e-3 || std::fabs(v) >= 1e6)) {
    std::snprintf(buf, sizeof(buf), "%.2e", v);
  } else {
    std::snprintf(buf, sizeof(buf), "%.3g", v);
  }
  return buf;
}

}  // namespace

const char* SeriesKindName(SeriesKind k) { return k == SeriesKind::kDyad ? "dyad" : "country"; }

double BinomialUpperTail(int64_t k, int64_t n, double p) {
  if (k <= 0) return 1.0;
  if (k > n) return 0.0;
  if (p <= 0) return 0.0;
  if (p >= 1) return 1.0;
  const double lp = std::log(p), lq = std::log1p(-p);
  auto log_pmf = [&](int64_t i) {
    return std::lgamma(static_cast<double>(n) + 1) - std::lgamma(static_cast<double>(i) + 1) -
           std::lgamma(static_cast<double>(n - i) + 1) + static_cast<double>(i) * lp +
           static_cast<double>(n - i) * lq;
  };
  const double mode = static_cast<double>(n) * p;
  if (static_cast<double>(k - 1) < mode) {
    // Below the mode: 1 - P(X <= k-1), summed downward (terms shrink).
    const double base = log_pmf(k - 1);
    double sum = 0, term = 1;
    for (int64_t i = k - 1; i >= 0; --i) {
      sum += term;
      if (term < sum * 1e-17) break;
      term *= (static_cast<double>(i) / static_cast<double>(n - i + 1)) * ((1 - p) / p);
    }
    double lower = std::exp(base + std::log(sum));
    return std::clamp(1.0 - lower, 0.0, 1.0);
  }
  // At or past the mode: sum upward from k (terms shrink).
  const double base = log_pmf(k);
  double sum = 0, term = 1;
  for (int64_t i = k; i <= n; ++i) {
    sum += term;
    if (term < sum * 1e-17) break;
    term *= (static_cast<double>(n - i) / static_cast<double>(i + 1)) * (p / (1 - p));
  }
  return std::min(1.0, std::exp(base + std::log(sum)));
}

std::vector<double> BenjaminiHochberg(const std::vector<double>& p) {
  const size_t m = p.size();
  std::vector<size_t> order(m);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return p[a] < p[b]; });
  std::vector<double> q(m, 1.0);
  double running = 1.0;
  for (size_t r = m; r-- > 0;) {
    size_t i = order[r];
    running = std::min(running, p[i] * static_cast<double>(m) / static_cast<double>(r + 1));
    q[i] = std::min(1.0, running);
  }
  return q;
}

std::vector<Alert> DetectEscalation(const SeriesSet& set, int64_t end_day,
                                    const EscalationOptions& options,
                                    std::vector<SeriesTest>* tests_out) {
  const int64_t recent_first = end_day - options.recent_days + 1;
  const int64_t base_last = recent_first - 1;
  const int64_t base_first = base_last - options.baseline_days + 1;

  struct Candidate {
    const Series* series;
    SeriesTest test;
  };
  std::vector<Candidate> cands;
  auto consider = [&](const Series& s) {
    DayCell recent = SeriesSet::Sum(s, recent_first, end_day);
    DayCell base = SeriesSet::Sum(s, base_first, base_last);
    SeriesTest t;
    t.kind = s.kind;
    t.key = s.key;
    t.recent_conflict = recent.material_conflict();
    t.baseline_conflict = base.material_conflict();
    if (t.recent_conflict == 0) return;  // nothing to escalate; p = 1
    t.recent_volume = VolumeBetween(set, s, options.volume, recent_first, end_day);
    t.baseline_volume = VolumeBetween(set, s, options.volume, base_first, base_last);
    if (t.recent_volume <= 0 || t.baseline_volume <= 0) return;  // untestable without volume
    const double vr = static_cast<double>(t.recent_volume);
    const double vb = static_cast<double>(t.baseline_volume);
    t.ratio = (t.recent_conflict / vr) / ((t.baseline_conflict + 0.5) / vb);
    const int64_t n = t.recent_conflict + t.baseline_conflict;
    const double p0 = vr / (vr + vb);
    double p = BinomialUpperTail(t.recent_conflict, n, p0);
    if (options.dispersion) {
      t.dispersion = BaselineDispersion(set, s, options.volume, base_first, base_last,
                                        t.baseline_conflict, t.baseline_volume);
      if (t.dispersion > 1) {
        double mean = n * p0;
        double sd = std::sqrt(t.dispersion * n * p0 * (1 - p0));
        double z = sd > 0 ? (t.recent_conflict - 0.5 - mean) / sd : 0;
        p = std::max(p, NormalUpperTail(z));
      }
    }
    t.p_value = p;
    cands.push_back({&s, t});
  };
  if (options.dyads)
    for (const auto& [k, s] : set.dyads()) consider(s);
  if (options.countries)
    for (const auto& [k, s] : set.countries()) consider(s);

  std::vector<double> ps;
  ps.reserve(cands.size());
  for (const auto& c : cands) ps.push_back(c.test.p_value);
  std::vector<double> qs = BenjaminiHochberg(ps);
  for (size_t i = 0; i < cands.size(); ++i) cands[i].test.q_value = qs[i];

  std::vector<Alert> alerts;
  for (auto& c : cands) {
    SeriesTest& t = c.test;
    const Series& s = *c.series;
    const bool significant = t.q_value <= options.fdr_q && t.ratio >= options.min_ratio &&
                             t.recent_conflict >= options.min_recent_conflict;
    if (significant) {
      // Independent sources of the recent conflict events (only counted for
      // series that pass the statistical test: it scans the observations).
      std::set<std::string> sources;
      for (size_t idx : s.observations) {
        const Observation& o = set.observations()[idx];
        if (o.quad_class == 4 && o.day >= recent_first && o.day <= end_day) {
          sources.insert(o.source_id.empty() ? o.doc_id : o.source_id);
        }
      }
      t.sources = static_cast<int>(sources.size());
    }
    if (tests_out) tests_out->push_back(t);
    if (!significant || t.sources < options.min_sources) continue;
    Alert a;
    a.test = t;
    a.recent_from = DateOfDay(recent_first);
    a.recent_to = DateOfDay(end_day);
    a.baseline_from = DateOfDay(base_first);
    a.baseline_to = DateOfDay(base_last);
    a.id = std::string(SeriesKindName(s.kind)) + ":" + s.key + ":" + a.recent_to;
    DayCell recent = SeriesSet::Sum(s, recent_first, end_day);
    DayCell base = SeriesSet::Sum(s, base_first, base_last);
    a.recent_fatalities = recent.fatalities;
    a.baseline_fatalities = base.fatalities;
    a.recent_events = recent.events;
    a.baseline_events = base.events;
    for (int q = 1; q <= 4; ++q) {
      a.recent_share[q] = recent.events ? static_cast<double>(recent.quad[q]) / recent.events : 0;
      a.baseline_share[q] = base.events ? static_cast<double>(base.quad[q]) / base.events : 0;
    }
    a.recent_goldstein = recent.events ? recent.goldstein_sum / recent.events : 0;
    a.baseline_goldstein = base.events ? base.goldstein_sum / base.events : 0;
    std::set<std::string> pubs;
    std::vector<const Observation*> ev;
    for (size_t idx : s.observations) {
      const Observation& o = set.observations()[idx];
      if (o.quad_class == 4 && o.day >= recent_first && o.day <= end_day) {
        ev.push_back(&o);
        if (!o.publisher.empty()) pubs.insert(o.publisher);
      }
    }
    std::stable_sort(ev.begin(), ev.end(), [](const Observation* x, const Observation* y) {
      if (x->fatalities != y->fatalities) return x->fatalities > y->fatalities;
      return x->day > y->day;
    });
    for (size_t i = 0; i < ev.size() && i < options.max_evidence; ++i) {
      a.evidence.push_back({ev[i]->event_id, ev[i]->doc_id, DateOfDay(ev[i]->day), ev[i]->publisher,
                            ev[i]->fatalities});
    }
    a.publishers.assign(pubs.begin(), pubs.end());
    a.method = std::string("conditional binomial test (one-sided) of recent vs baseline material-") +
               "conflict counts given " +
               (options.volume == VolumeBasis::kArticles ? "store-wide article volume"
                                                         : "the series' own event volume") +
               (t.dispersion > 1 ? ", variance inflated by baseline dispersion " +
                                       FormatNumber(t.dispersion)
                                 : std::string()) +
               "; Benjamini-Hochberg across " + std::to_string(cands.size()) + " series";
    a.summary = std::string(SeriesKindName(s.kind)) + " " + s.key + ": " +
                std::to_string(t.recent_conflict) + " material-conflict events " + a.recent_from +
                ".." + a.recent_to + " vs " + std::to_string(t.baseline_conflict) + " in the " +
                std::to_string(options.baseline_days) + " days before; rate per unit volume x" +
                FormatNumber(t.ratio) + ", p=" + FormatNumber(t.p_value) +
                ", q=" + FormatNumber(t.q_value) + ", " + std::to_string(t.sources) +
                " independent sources, fatalities " + std::to_string(a.recent_fatalities) + " vs " +
                std::to_string(a.baseline_fatalities);
    alerts.push_back(std::move(a));
  }
  std::sort(alerts.begin(), alerts.end(), [](const Alert& x, const Alert& y) {
    return x.test.q_value != y.test.q_value ? x.test.q_value < y.test.q_value : x.id < y.id;
  });
  return alerts;
}

std::string AlertToJson(const Alert& a) {
  JsonWriter w;
  w.BeginObject();
  w.KV("id", a.id);
  w.KV("kind", SeriesKindName(a.test.kind));
  w.KV("key", a.test.key);
  w.KV("summary", a.summary);
  w.KV("method", a.method);
  w.Key("recent");
  w.BeginObject();
  w.KV("from", a.recent_from);
  w.KV("to", a.recent_to);
  w.KV("material_conflict", a.test.recent_conflict);
  w.KV("events", a.recent_events);
  w.KV("volume", a.test.recent_volume);
  w.KV("fatalities", a.recent_fatalities);
  w.Key("goldstein_mean");
  w.Double(a.recent_goldstein, 3);
  w.Key("quad_share");
  w.BeginArray();
  for (int q = 1; q <= 4; ++q) w.Double(a.recent_share[q], 4);
  w.EndArray();
  w.EndObject();
  w.Key("baseline");
  w.BeginObject();
  w.KV("from", a.baseline_from);
  w.KV("to", a.baseline_to);
  w.KV("material_conflict", a.test.baseline_conflict);
  w.KV("events", a.baseline_events);
  w.KV("volume", a.test.baseline_volume);
  w.KV("fatalities", a.baseline_fatalities);
  w.Key("goldstein_mean");
  w.Double(a.baseline_goldstein, 3);
  w.Key("quad_share");
  w.BeginArray();
  for (int q = 1; q <= 4; ++q) w.Double(a.baseline_share[q], 4);
  w.EndArray();
  w.EndObject();
  w.Key("ratio");
  w.Double(a.test.ratio, 4);
  w.Key("dispersion");
  w.Double(a.test.dispersion, 4);
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.6g", a.test.p_value);
  w.Key("p_value");
  w.Raw(buf);
  std::snprintf(buf, sizeof(buf), "%.6g", a.test.q_value);
  w.Key("q_value");
  w.Raw(buf);
  w.KV("sources", a.test.sources);
  w.Key("publishers");
  w.BeginArray();
  for (const auto& p : a.publishers) w.String(p);
  w.EndArray();
  w.Key("evidence");
  w.BeginArray();
  for (const auto& e : a.evidence) {
    w.BeginObject();
    w.KV("event_id", e.event_id);
    w.KV("doc_id", e.doc_id);
    w.KV("date", e.date);
    w.KV("publisher", e.publisher);
    w.KV("fatalities", e.fatalities);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return w.Take();
}

}  // namespace sitrep::monitor
