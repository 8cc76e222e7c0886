#include "monitor/escalation.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "monitor/series.h"

namespace sitrep::monitor {
namespace {

TEST(BinomialUpperTail, MatchesHandComputedValues) {
  // P(X >= 8 | n=10, p=1/2) = (45 + 10 + 1) / 1024.
  EXPECT_NEAR(BinomialUpperTail(8, 10, 0.5), 56.0 / 1024.0, 1e-12);
  // P(X >= 1 | n=3, p=0.2) = 1 - 0.8^3.
  EXPECT_NEAR(BinomialUpperTail(1, 3, 0.2), 1 - 0.512, 1e-12);
  EXPECT_DOUBLE_EQ(BinomialUpperTail(0, 5, 0.3), 1.0);
  EXPECT_DOUBLE_EQ(BinomialUpperTail(6, 5, 0.3), 0.0);
  // Far tail stays positive and tiny; near-certain tail close to one.
  double tiny = BinomialUpperTail(450, 1000, 0.2);
  EXPECT_GT(tiny, 0.0);
  EXPECT_LT(tiny, 1e-50);
  EXPECT_NEAR(BinomialUpperTail(100, 1000, 0.2), 1.0, 1e-9);
}

TEST(BenjaminiHochberg, AdjustsInRankOrder) {
  std::vector<double> q = BenjaminiHochberg({0.01, 0.04, 0.03, 0.5});
  // Ranks: 0.01 (1), 0.03 (2), 0.04 (3), 0.5 (4); m = 4.
  EXPECT_NEAR(q[0], 0.04, 1e-12);
  EXPECT_NEAR(q[2], 0.04 * 4 / 3, 1e-12);  // min(0.06, 0.0533)
  EXPECT_NEAR(q[1], 0.04 * 4 / 3, 1e-12);
  EXPECT_NEAR(q[3], 0.5, 1e-12);
}

TEST(Series, DatesRoundTrip) {
  int64_t d = 0;
  ASSERT_TRUE(DayOfDate("1970-01-01", &d));
  EXPECT_EQ(d, 0);
  ASSERT_TRUE(DayOfDate("2021-04-07", &d));
  EXPECT_EQ(DateOfDay(d), "2021-04-07");
  ASSERT_TRUE(DayOfDate("2024-02-29", &d));
  EXPECT_EQ(DateOfDay(d + 1), "2024-03-01");
  EXPECT_FALSE(DayOfDate("2023-02-29", &d));
  EXPECT_FALSE(DayOfDate("2023-1-01", &d));
}

TEST(Series, DyadAndCountryKeys) {
  SeriesSet set;
  Observation o;
  o.day = 10;
  o.quad_class = 4;
  o.source_side = "UKR";
  o.target_side = "RUS";
  o.loc_country = "UKR";
  o.fatalities = 3;
  set.Add(o);
  ASSERT_EQ(set.dyads().count("RUS-UKR"), 1u);
  EXPECT_EQ(set.countries().size(), 2u);
  // UKR named twice (actor and place) counts once.
  EXPECT_EQ(SeriesSet::Sum(set.countries().at("UKR"), 0, 20).events, 1);
  EXPECT_EQ(SeriesSet::Sum(set.dyads().at("RUS-UKR"), 0, 20).fatalities, 3);
  EXPECT_EQ(DyadKey("UKR", "UKR"), "");
}

// A synthetic world: `articles(day)` articles a day; each dyad draws
// Poisson(articles * rate) material-conflict events and as many cooperative
// ones per day, each from one of `publishers` independent sources.
struct World {
  struct DyadSpec {
    std::string a, b;
    double conflict_per_article;
  };
  std::vector<DyadSpec> dyads;
  int publishers = 8;
};

template <typename ArticlesFn, typename RateScaleFn>
SeriesSet Simulate(const World& w, int days, uint64_t seed, ArticlesFn articles,
                   RateScaleFn rate_scale) {
  std::mt19937_64 rng(seed);
  SeriesSet set;
  std::uniform_int_distribution<int> pub(0, w.publishers - 1);
  int serial = 0;
  for (int day = 0; day < days; ++day) {
    int64_t n_articles = articles(day);
    set.AddArticles(day, n_articles);
    for (const auto& d : w.dyads) {
      double scale = rate_scale(day, d.a + "-" + d.b);
      std::poisson_distribution<int> conflict(n_articles * d.conflict_per_article * scale);
      std::poisson_distribution<int> coop(n_articles * d.conflict_per_article);
      auto emit = [&](int quad, int64_t fatalities) {
        Observation o;
        o.day = day;
        o.quad_class = quad;
        o.goldstein = quad == 4 ? -9 : 3;
        o.fatalities = fatalities;
        o.source_side = d.a;
        o.target_side = d.b;
        o.loc_country = d.b;
        int p = pub(rng);
        o.source_id = "cluster" + std::to_string(p);
        o.publisher = "outlet" + std::to_string(p);
        o.event_id = "e" + std::to_string(serial++);
        o.doc_id = "d" + std::to_string(serial);
        set.Add(std::move(o));
      };
      for (int i = conflict(rng); i > 0; --i) emit(4, i % 3);
      for (int i = coop(rng); i > 0; --i) emit(1, 0);
    }
  }
  return set;
}

World ManyDyads() {
  World w;
  const char* countries[] = {"RUS", "UKR", "SYR", "ISR", "PSE", "SDN", "ETH", "MLI",
                             "NGA", "COD", "YEM", "AFG", "IRQ", "SOM", "MMR", "IND"};
  double rates[] = {0.002, 0.005, 0.01, 0.03};
  int i = 0;
  for (int x = 0; x < 16; x += 2) {
    for (int y = x + 1; y < 16; y += 3) {
      w.dyads.push_back({countries[x], countries[y], rates[i++ % 4]});
    }
  }
  return w;
}

constexpr int kWarmup = 35;  // baseline + recent windows before the first test
constexpr int kYear = 365;

// Runs the default detector on every day of the year; returns all alerts.
std::vector<Alert> RunYear(const SeriesSet& set, const EscalationOptions& opt) {
  std::vector<Alert> all;
  for (int day = kWarmup; day < kWarmup + kYear; ++day) {
    for (auto& a : DetectEscalation(set, day, opt)) all.push_back(std::move(a));
  }
  return all;
}

TEST(Escalation, NoiseAtConstantVolumeRaisesNoAlertInAYear) {
  World w = ManyDyads();
  ASSERT_GE(w.dyads.size(), 20u);
  for (uint64_t seed : {1u, 2u, 3u}) {
    SeriesSet set = Simulate(w, kWarmup + kYear, seed, [](int) { return 400; },
                             [](int, const std::string&) { return 1.0; });
    std::vector<Alert> alerts = RunYear(set, EscalationOptions{});
    EXPECT_TRUE(alerts.empty()) << "seed " << seed << ": " << alerts.size() << " alerts, first "
                                << (alerts.empty() ? "" : alerts[0].summary);
  }
}

TEST(Escalation, DoublingNewsVolumeWithSameConflictShareRaisesNoAlert) {
  World w = ManyDyads();
  for (uint64_t seed : {4u, 5u, 6u}) {
    SeriesSet set = Simulate(w, kWarmup + kYear, seed,
                             [](int day) { return day < 200 ? 300 : 600; },
                             [](int, const std::string&) { return 1.0; });
    std::vector<Alert> alerts = RunYear(set, EscalationOptions{});
    EXPECT_TRUE(alerts.empty()) << "seed " << seed << ": " << alerts.size() << " alerts, first "
                                << (alerts.empty() ? "" : alerts[0].summary);
  }
}

TEST(Escalation, DoublingNewsVolumeWouldAlertWithoutVolumeNormalisation) {
  // The same world with a volume that ignores the news flow (constant): now
  // the doubled coverage looks like escalation. This shows the test above
  // can fail, i.e. that the volume term is what keeps it quiet.
  World w = ManyDyads();
  SeriesSet set = Simulate(w, kWarmup + kYear, 4, [](int day) { return day < 200 ? 300 : 600; },
                           [](int, const std::string&) { return 1.0; });
  SeriesSet flat;
  for (const Observation& o : set.observations()) flat.Add(o);
  for (int day = 0; day < kWarmup + kYear; ++day) flat.AddArticles(day, 300);
  std::vector<Alert> alerts = DetectEscalation(flat, 206, EscalationOptions{});
  EXPECT_FALSE(alerts.empty());
}

TEST(Escalation, StepChangeIsFlaggedWithinOneWindow) {
  World w = ManyDyads();
  const int step_day = 200;
  const std::string target = w.dyads[3].a + "-" + w.dyads[3].b;
  const std::string key = DyadKey(w.dyads[3].a, w.dyads[3].b);
  SeriesSet set = Simulate(w, kWarmup + kYear, 7, [](int) { return 400; },
                           [&](int day, const std::string& dyad) {
                             return (dyad == target && day >= step_day) ? 3.0 : 1.0;
                           });
  EscalationOptions opt;
  int first_alert = -1;
  for (int day = kWarmup; day < kWarmup + kYear && first_alert < 0; ++day) {
    for (const Alert& a : DetectEscalation(set, day, opt)) {
      if (a.test.kind == SeriesKind::kDyad && a.test.key == key) {
        first_alert = day;
        // The alert explains itself.
        EXPECT_LE(a.test.q_value, opt.fdr_q);
        EXPECT_GE(a.test.ratio, opt.min_ratio);
        EXPECT_GE(a.test.sources, 2);
        EXPECT_FALSE(a.evidence.empty());
        EXPECT_NE(a.summary.find(key), std::string::npos);
        EXPECT_NE(AlertToJson(a).find("\"p_value\":"), std::string::npos);
        break;
      }
    }
  }
  ASSERT_GE(first_alert, 0) << "step never flagged";
  EXPECT_GE(first_alert, step_day);
  EXPECT_LT(first_alert, step_day + opt.recent_days);
}

TEST(Escalation, OneSourceIsNotEnough) {
  World w;
  w.dyads.push_back({"RUS", "UKR", 0.01});
  w.publishers = 1;  // every event from the same wire story cluster
  SeriesSet set = Simulate(w, kWarmup + kYear, 9, [](int) { return 400; },
                           [](int day, const std::string&) { return day >= 200 ? 4.0 : 1.0; });
  std::vector<SeriesTest> tests;
  std::vector<Alert> alerts = DetectEscalation(set, 206, EscalationOptions{}, &tests);
  EXPECT_TRUE(alerts.empty());
  // ... although the counts alone are significant.
  bool significant = false;
  for (const auto& t : tests) significant = significant || (t.key == "RUS-UKR" && t.q_value < 1e-6);
  EXPECT_TRUE(significant);
}

TEST(Escalation, ShareTestIgnoresCoverageOfTheSeriesItself) {
  // With VolumeBasis::kSeriesEvents, a dyad whose coverage triples across all
  // quad classes alike is not escalating.
  World w;
  w.dyads.push_back({"RUS", "UKR", 0.01});
  SeriesSet set = Simulate(w, kWarmup + kYear, 11, [](int day) { return day >= 200 ? 1200 : 400; },
                           [](int, const std::string&) { return 1.0; });
  SeriesSet no_articles;  // the store-wide article flow is unknown here
  for (const Observation& o : set.observations()) no_articles.Add(o);
  for (int day = 0; day < kWarmup + kYear; ++day) no_articles.AddArticles(day, 400);
  EscalationOptions opt;
  opt.volume = VolumeBasis::kSeriesEvents;
  std::vector<Alert> alerts = RunYear(no_articles, opt);
  EXPECT_TRUE(alerts.empty()) << alerts.size() << " " << (alerts.empty() ? "" : alerts[0].summary);
}

}  // namespace
}  // namespace sitrep::monitor
