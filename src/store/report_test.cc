#include "store/report.h"

#include <gtest/gtest.h>
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

}  // namespace
}  // namespace sitrep::store
