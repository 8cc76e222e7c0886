#include "store/report.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>

namespace sitrep::store {
namespace {

std::string TempPath(const std::string& name) {
  std::string dir = ::testing::TempDir() + "sitrep_report_" + std::to_string(getpid());
  std::filesystem::create_directories(dir);
  std::string p = dir + "/" + name;
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(p + suffix);
  return p;
}

EventActor Actor(const std::string& code, const std::string& country, const std::string& role) {
  EventActor a;
  a.code = code;
  a.country = country;
  a.role = role;
  a.kind = "agent";
  return a;
}

Event Strike(const std::string& doc, const std::string& date, long killed, double lat,
             double lon, const std::string& basis, const std::string& sentence) {
  Event e;
  e.id = doc + "-strike";
  e.doc_id = doc;
  e.date.value = date;
  e.date.precision = "day";
  e.source = Actor("RUSMIL", "RUS", "MIL");
  e.target = Actor("UKRCVL", "UKR", "CVL");
  e.cameo = "190";
  e.cameo_root = "19";
  e.cameo_name = "Use conventional military force";
  e.quad_class = 4;
  e.goldstein = -10;
  e.location = EventLocation{};
  e.location->name = "Kharkiv";
  e.location->country = "UKR";
  e.location->lat = lat;
  e.location->lon = lon;
  e.location->has_coords = true;
  e.location->basis = basis;
  Casualty c;
  c.count = killed;
  e.fatalities.push_back(c);
  e.sentence = sentence;
  return e;
}

class ReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = SqliteStore::Open(TempPath("report.db"), {});
    ASSERT_TRUE(s.ok());
    store_ = std::move(s).value();
    const char* outlets[3] = {"Outlet A", "Outlet B", "Outlet C"};
    const long tolls[3] = {7, 8, 9};
    for (int i = 0; i < 3; ++i) {
      DocumentMeta m;
      m.id = "art" + std::to_string(i);
      m.source = outlets[i];
      m.date = "2024-03-0" + std::to_string(4 + i / 2);
      std::vector<Event> ev = {Strike(m.id, "2024-03-04", tolls[i], 49.99 + 0.01 * i, 36.23,
                                      "clause", "A missile hit a block of flats in Kharkiv, "
                                      "killing " + std::to_string(tolls[i]) + " people.")};
      if (i == 2) {
        Event total = Strike(m.id, "2024-03-05", 0, 0, 0, "document", "Total since 2014.");
        total.id = "art2-total";
        total.cameo = "180";
        total.cameo_root = "18";
        total.location->has_coords = false;
        total.fatalities[0].count = 13000;
        total.fatalities[0].cumulative = true;
        total.fatalities[0].reported_by = "UN";
        ev.push_back(total);
      }
      ASSERT_TRUE(store_->AddDocument(m, "Article text number " + std::to_string(i) +
                                             " with enough different words to be its own.",
                                      ev, {"v", "d", "m"})
                      .ok());
    }
    DocumentMeta m;
    m.id = "talks";
    m.source = "Outlet D";
    m.date = "2024-03-06";
    Event talks;
    talks.id = "talks-1";
    talks.doc_id = "talks";
    talks.date.value = "2024-03-06";
    talks.source = Actor("TURGOV", "TUR", "GOV");
    talks.target = Actor("UKRGOV", "UKR", "GOV");
    talks.cameo = "040";
    talks.cameo_root = "04";
    talks.cameo_name = "Consult";
    talks.quad_class = 1;
    talks.goldstein = 1;
    talks.sentence = "Turkey's foreign minister met his Ukrainian counterpart in Ankara.";
    Event maybe = talks;
    maybe.id = "talks-2";
    maybe.modality = "hypothetical";
    maybe.cameo = "190";
    maybe.cameo_root = "19";
    ASSERT_TRUE(store_->AddDocument(m, "Talks text", {talks, maybe}, {"v", "d", "m"}).ok());
  }
  ReportOptions Options(const std::string& format) {
    ReportOptions o;
    o.from = "2024-03-01";
    o.to = "2024-03-31";
    o.format = format;
    o.world_map_path = "/nonexistent/world.json";
    o.country_names_path = SITREP_SOURCE_DIR "/data/cameo/iso3-fips.tsv";
    return o;
  }
  std::unique_ptr<SqliteStore> store_;
};

TEST_F(ReportTest, MarkdownCountsEachHappeningOnce) {
  auto r = BuildReport(*store_, Options("md"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const std::string& md = *r;
  EXPECT_NE(md.find("# Situation report"), std::string::npos);
  // 7, 8 and 9 reported for one strike: 9 killed, not 24; the running total stays apart.
  EXPECT_NE(md.find("9 people reported killed"), std::string::npos) << md;
  EXPECT_EQ(md.find("24 people"), std::string::npos);
  EXPECT_NE(md.find("13000 killed (according to UN)"), std::string::npos);
  EXPECT_NE(md.find("3 articles"), std::string::npos);
  EXPECT_NE(md.find("| Russia → Ukraine | 2 |"), std::string::npos);
  EXPECT_NE(md.find("Russia (military) · Use conventional military force (190) · Ukraine (civilians)"), std::string::npos) << md;
  EXPECT_NE(md.find("Kharkiv, Ukraine"), std::string::npos);
  EXPECT_NE(md.find("killing 9 people"), std::string::npos);  // evidence of the best report
  // The hypothetical strike is not counted anywhere.
  EXPECT_NE(md.find("describe 3 distinct happenings"), std::string::npos) << md;
}

TEST_F(ReportTest, HtmlHasChartsAndMapWithoutDocumentLevelPlaces) {
  auto r = BuildReport(*store_, Options("html"));
  ASSERT_TRUE(r.ok());
  const std::string& page = *r;
  EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(page.find("class=\"trend\""), std::string::npos);
  EXPECT_NE(page.find("class=\"map\""), std::string::npos);
  size_t circles = 0;
  for (size_t p = page.find("<circle"); p != std::string::npos; p = page.find("<circle", p + 1)) {
    ++circles;
  }
  EXPECT_EQ(circles, 1u);  // one merged strike; the document-level toll is not mapped
  EXPECT_NE(page.find("</html>"), std::string::npos);
}

TEST_F(ReportTest, CountryFilterAndEmptyPeriod) {
  ReportOptions o = Options("md");
  o.country = "TUR";
  auto r = BuildReport(*store_, o);
  ASSERT_TRUE(r.ok());
  EXPECT_NE(r->find("Turkey"), std::string::npos);
  EXPECT_EQ(r->find("Kharkiv"), std::string::npos);
  o = Options("md");
  o.from = "2020-01-01";
  o.to = "2020-01-31";
  r = BuildReport(*store_, o);
  ASSERT_TRUE(r.ok());
  EXPECT_NE(r->find("No events"), std::string::npos);
  o.format = "pdf";
  EXPECT_FALSE(BuildReport(*store_, o).ok());
  o.format = "md";
  o.from = "2020-13-01";
  EXPECT_FALSE(BuildReport(*store_, o).ok());
}

// An alert in the JSON form monitor::AlertToJson writes (the store stage
// cannot link the monitor, so the test spells it out).
std::string AlertJson(const std::string& kind, const std::string& key, const std::string& from,
                      const std::string& to, int recent, int baseline, int recent_volume,
                      int baseline_volume, double q) {
  return "{\"id\":\"" + kind + ":" + key + ":" + to + "\",\"kind\":\"" + kind + "\",\"key\":\"" +
         key + "\",\"summary\":\"s\",\"method\":\"conditional binomial test (one-sided); "
         "Benjamini-Hochberg across 40 series\",\"recent\":{\"from\":\"" + from + "\",\"to\":\"" +
         to + "\",\"material_conflict\":" + std::to_string(recent) + ",\"events\":20,\"volume\":" +
         std::to_string(recent_volume) + ",\"fatalities\":12,\"goldstein_mean\":-7.5,"
         "\"quad_share\":[0.1,0,0.2,0.7]},\"baseline\":{\"from\":\"2024-02-04\",\"to\":\"2024-03-02\","
         "\"material_conflict\":" + std::to_string(baseline) + ",\"events\":50,\"volume\":" +
         std::to_string(baseline_volume) + ",\"fatalities\":2,\"goldstein_mean\":-2,"
         "\"quad_share\":[0.4,0.1,0.3,0.2]},\"ratio\":4.1,\"dispersion\":1.3,\"p_value\":2.5e-07,"
         "\"q_value\":" + std::to_string(q) + ",\"sources\":5,\"publishers\":[\"Outlet A\",\"Outlet B\"],"
         "\"evidence\":[]}";
}

void StoreAlert(SqliteStore& store, const std::string& json, const std::string& id,
                const std::string& key, const std::string& window_end, double q) {
  sqlite3* db = store.handle();
  ASSERT_EQ(sqlite3_exec(db,
                         "CREATE TABLE IF NOT EXISTS alerts(id TEXT PRIMARY KEY, kind TEXT NOT NULL, "
                         "key TEXT NOT NULL, window_end TEXT NOT NULL, q_value REAL NOT NULL, "
                         "created_at TEXT NOT NULL, json TEXT NOT NULL)",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "INSERT INTO alerts VALUES(?1, 'x', ?2, ?3, ?4, '2024', ?5)", -1,
                               &st, nullptr),
            SQLITE_OK);
  sqlite3_bind_text(st, 1, id.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 2, key.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 3, window_end.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_double(st, 4, q);
  sqlite3_bind_text(st, 5, json.c_str(), -1, SQLITE_TRANSIENT);
  EXPECT_EQ(sqlite3_step(st), SQLITE_DONE);
  sqlite3_finalize(st);
}

TEST(EscalationSignal, ReadsAlertJsonAndExpectedCount) {
  auto s = SignalFromAlertJson(AlertJson("dyad", "RUS-UKR", "2024-03-03", "2024-03-09", 14, 12, 110,
                                         400, 3e-5));
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->kind, "dyad");
  EXPECT_EQ(s->key, "RUS-UKR");
  EXPECT_EQ(s->recent_to, "2024-03-09");
  EXPECT_EQ(s->recent_conflict, 14);
  EXPECT_EQ(s->baseline_conflict, 12);
  EXPECT_DOUBLE_EQ(s->expected(), 12.0 * 110 / 400);
  EXPECT_EQ(s->sources, 5);
  EXPECT_EQ(s->publishers.size(), 2u);
  s->baseline_volume = 0;
  EXPECT_LT(s->expected(), 0);
  EXPECT_FALSE(SignalFromAlertJson("{\"kind\":\"dyad\"}").ok());
  EXPECT_FALSE(SignalFromAlertJson("not json").ok());
}

TEST_F(ReportTest, StoredAlertsAreToldForThePeriodAndCountry) {
  StoreAlert(*store_, AlertJson("dyad", "RUS-UKR", "2024-03-03", "2024-03-09", 14, 12, 110, 400, 3e-5),
             "dyad:RUS-UKR:2024-03-09", "RUS-UKR", "2024-03-09", 3e-5);
  StoreAlert(*store_, AlertJson("country", "TUR", "2024-03-10", "2024-03-16", 6, 0, 90, 300, 8e-5),
             "country:TUR:2024-03-16", "TUR", "2024-03-16", 8e-5);
  // Outside the period: not in the report.
  StoreAlert(*store_, AlertJson("dyad", "ISR-PSE", "2024-05-06", "2024-05-12", 30, 9, 100, 400, 1e-9),
             "dyad:ISR-PSE:2024-05-12", "ISR-PSE", "2024-05-12", 1e-9);
  ReportOptions o = Options("md");
  auto stored = StoredSignals(*store_, o);
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  ASSERT_EQ(stored->size(), 2u);
  EXPECT_EQ((*stored)[0].key, "RUS-UKR");  // most significant first
  // Computed signals are not used when alerts are stored.
  EscalationSignal other = (*stored)[0];
  other.key = "FRA-DEU";
  o.computed_signals = {other};
  o.signals_computed = true;
  auto r = BuildReport(*store_, o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const std::string& md = *r;
  const size_t section = md.find("## Escalation signals");
  ASSERT_NE(section, std::string::npos) << md;
  EXPECT_LT(section, md.find("## Casualties"));
  EXPECT_NE(md.find("Alerts raised by `sitrep watch`"), std::string::npos) << md;
  EXPECT_NE(md.find("Conflict events between Russia and Ukraine rose to 14 in the week to 9 March "
                    "2024, against 3.3 expected from the four weeks before (12 events, scaled to "
                    "the volume of news)."),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("Reported by 5 independent sources (Outlet A, Outlet B)."), std::string::npos);
  EXPECT_NE(md.find("12 deaths reported in these events, against 2 in the four weeks before."),
            std::string::npos);
  EXPECT_NE(md.find("observed 14, expected 3.3 · rate ×4.1 · p = 2.5e-07, FDR-adjusted q = 3.0e-05"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("Conflict events involving Turkey rose to 6 in the week to 16 March 2024, "
                    "against none in the four weeks before."),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("**Turkey · 10–16 March 2024**"), std::string::npos) << md;
  EXPECT_LT(md.find("Russia – Ukraine"), md.find("Turkey ·"));
  EXPECT_EQ(md.find("Israel"), std::string::npos);
  EXPECT_EQ(md.find("France"), std::string::npos);
  EXPECT_NE(md.find("Test: conditional binomial test (one-sided); q-values by Benjamini–Hochberg"),
            std::string::npos)
      << md;

  o = Options("md");
  o.country = "TUR";
  r = BuildReport(*store_, o);
  ASSERT_TRUE(r.ok());
  EXPECT_NE(r->find("Conflict events involving Turkey rose to 6"), std::string::npos);
  EXPECT_EQ(r->find("between Russia and Ukraine"), std::string::npos);

  o = Options("html");
  r = BuildReport(*store_, o);
  ASSERT_TRUE(r.ok());
  EXPECT_NE(r->find("<h2>Escalation signals</h2>"), std::string::npos);
  EXPECT_NE(r->find("<p>Alerts raised by <code>sitrep watch</code> and stored"), std::string::npos)
      << *r;
  EXPECT_NE(r->find("<li><strong>Russia – Ukraine · 3–9 March 2024</strong><br>"
                    "Conflict events between Russia and Ukraine rose to 14"),
            std::string::npos)
      << *r;
}

TEST_F(ReportTest, ComputedSignalsWhenNoneAreStored) {
  ReportOptions o = Options("md");
  auto r = BuildReport(*store_, o);
  ASSERT_TRUE(r.ok());
  EXPECT_NE(r->find("No escalation alerts are stored for this period"), std::string::npos) << *r;
  o.signals_computed = true;
  r = BuildReport(*store_, o);
  ASSERT_TRUE(r.ok());
  EXPECT_NE(r->find("The escalation monitor found no dyad or country whose conflict rose"),
            std::string::npos)
      << *r;
  o.computed_from = "2024-02-28";
  o.computed_to = "2024-03-31";
  r = BuildReport(*store_, o);
  ASSERT_TRUE(r.ok());
  EXPECT_NE(r->find("above its earlier rate in the windows ending 28 February – 31 March 2024."),
            std::string::npos)
      << *r;
  auto sig = SignalFromAlertJson(
      AlertJson("dyad", "RUS-UKR", "2024-03-03", "2024-03-09", 14, 12, 110, 400, 3e-5));
  ASSERT_TRUE(sig.ok());
  EscalationSignal late = *sig;
  late.recent_to = "2024-04-09";  // after the period: left out
  late.key = "FRA-RUS";
  o.computed_signals = {*sig, late};
  for (const char* format : {"md", "html"}) {
    o.format = format;
    r = BuildReport(*store_, o);
    ASSERT_TRUE(r.ok());
    EXPECT_NE(r->find("computed for the report by the escalation monitor"), std::string::npos) << *r;
    EXPECT_NE(r->find("Conflict events between Russia and Ukraine rose to 14 in the week to 9 March 2024"),
              std::string::npos)
        << *r;
    EXPECT_EQ(r->find("France"), std::string::npos);
  }
  o.format = "md";
  o.max_signals = 0;
  r = BuildReport(*store_, o);
  ASSERT_TRUE(r.ok());
  EXPECT_NE(r->find("1 further signal not shown"), std::string::npos) << *r;
}

}  // namespace
}  // namespace sitrep::store
