// PlaceFinder on the real gazetteer: the seed article, disambiguation by
// context and hierarchy, person names, demonyms, metonymy, and the focus
// country on ../shared/data/geo-dev (64 stories with a hand-coded country).
//
// The gazetteer is taken from $SITREP_GAZETTEER, else <build>/gazetteer.bin
// (made by `make build`), else built once into a temporary file.
#include "mentions/place_finder.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "base/paths.h"
#include "mentions/gazetteer_builder.h"
#include "text/text_analyzer.h"

namespace sitrep::mentions {
namespace {

std::shared_ptr<const Gazetteer> SharedGazetteer() {
  static std::shared_ptr<const Gazetteer> gaz = [] {
    std::vector<std::string> cands;
    if (const char* e = std::getenv("SITREP_GAZETTEER")) cands.push_back(e);
    std::string exe = ExecutableDir();
    cands.push_back(exe + "/../../gazetteer.bin");  // <build>/src/mentions/ -> <build>/
    cands.push_back(std::string(SITREP_SOURCE_DIR) + "/build/gazetteer.bin");
    for (const std::string& c : cands) {
      std::error_code ec;
      if (!std::filesystem::exists(c, ec)) continue;
      auto g = Gazetteer::Load(c);
      if (g.ok()) return *g;
    }
    std::string tmp = std::filesystem::temp_directory_path().string() + "/sitrep_places_test_" +
                      std::to_string(getpid()) + ".bin";
    GazetteerSources s;
    DefaultGazetteerSources(&s);
    Status st = BuildGazetteer(s, tmp);
    if (!st.ok()) {
      std::fprintf(stderr, "cannot build gazetteer: %s\n", st.ToString().c_str());
      return std::shared_ptr<const Gazetteer>();
    }
    auto g = Gazetteer::Load(tmp);
    std::remove(tmp.c_str());  // the mapping stays valid
    return g.ok() ? *g : std::shared_ptr<const Gazetteer>();
  }();
  return gaz;
}

std::unique_ptr<Document> Analyze(const std::string& text) {
  auto doc = std::make_unique<Document>();
  doc->original = text;
  Status s = text::AnalyzeText(doc.get());
  EXPECT_TRUE(s.ok()) << s.ToString();
  return doc;
}

double Km(double lat1, double lon1, double lat2, double lon2) {
  const double r = 3.14159265358979 / 180;
  double a = std::sin((lat2 - lat1) * r / 2), b = std::sin((lon2 - lon1) * r / 2);
  double h = a * a + std::cos(lat1 * r) * std::cos(lat2 * r) * b * b;
  return 2 * 6371 * std::asin(std::sqrt(h));
}

class PlaceFinderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    gaz_ = SharedGazetteer();
    ASSERT_TRUE(gaz_) << "no gazetteer (run make build)";
    finder_ = std::make_unique<PlaceFinder>(gaz_);
  }
  std::vector<PlaceMention> Find(const Document& d) { return finder_->Find(d, nullptr); }
  const PlaceMention* First(const std::vector<PlaceMention>& ms, const std::string& text) {
    for (const PlaceMention& m : ms)
      if (m.text == text) return &m;
    return nullptr;
  }
  std::shared_ptr<const Gazetteer> gaz_;
  std::unique_ptr<PlaceFinder> finder_;
};

TEST_F(PlaceFinderTest, SeedArticle) {
  Result<std::string> text = ReadFile(std::string(SITREP_SOURCE_DIR) + "/../shared/samples/seed/article.txt");
  if (!text.ok()) GTEST_SKIP() << "seed article not available";
  auto doc = Analyze(*text);
  auto ms = Find(*doc);
  const PlaceMention* ukr = First(ms, "Ukraine");
  ASSERT_NE(ukr, nullptr);
  EXPECT_EQ(ukr->country, "UKR");
  EXPECT_EQ(doc->OriginalText(ukr->span), "Ukraine");
  const PlaceMention* crimea = First(ms, "Crimea");
  ASSERT_NE(crimea, nullptr);
  EXPECT_EQ(crimea->country, "UKR");
  EXPECT_LT(Km(crimea->lat, crimea->lon, 45.0, 34.0), 150);
  const PlaceMention* don = First(ms, "Donetsk");
  ASSERT_NE(don, nullptr);
  EXPECT_EQ(don->country, "UKR");
  EXPECT_LT(Km(don->lat, don->lon, 48.0, 37.8), 120);
  const PlaceMention* luh = First(ms, "Luhansk");
  ASSERT_NE(luh, nullptr);
  EXPECT_LT(Km(luh->lat, luh->lon, 48.57, 39.3), 120);
  for (const PlaceMention& m : ms) {
    if (m.text == "Moscow" || m.text == "Kiev") {
      EXPECT_TRUE(m.metonym) << m.text << " at " << m.span.begin;
    }
    if (m.text == "Ukraine" || m.text == "Crimea" || m.text == "Donetsk") {
      EXPECT_FALSE(m.metonym);
    }
    EXPECT_NE(m.text, "Ukrainian");  // demonyms are not places
    EXPECT_NE(m.text, "Russian");
    EXPECT_NE(m.text, "Price");  // Ned Price, the spokesperson
    EXPECT_NE(m.text, "UN");
  }
  EXPECT_EQ(finder_->FocusCountry(*doc, ms), "UKR");
}

TEST_F(PlaceFinderTest, ParisByHierarchyAndContext) {
  auto tx = Analyze("The fair opened in Paris, Texas, on Friday.");
  auto ms = Find(*tx);
  const PlaceMention* p = First(ms, "Paris");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->country, "USA");
  EXPECT_EQ(p->admin1, "US-TX");
  auto fr = Analyze("Protesters marched in Paris on Saturday. Police in Lyon and Marseille said France was calm.");
  ms = Find(*fr);
  p = First(ms, "Paris");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->country, "FRA");
  EXPECT_GT(p->confidence, 0.8);
  EXPECT_EQ(finder_->FocusCountry(*fr, ms), "FRA");
}

TEST_F(PlaceFinderTest, GeorgiaByContext) {
  auto ge = Analyze("Georgia accused Russia of moving troops. Officials in Tbilisi and Batumi were alarmed.");
  auto ms = Find(*ge);
  const PlaceMention* g = First(ms, "Georgia");
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->country, "GEO");
  EXPECT_EQ(g->precision, PlaceKind::kCountry);
  auto us = Analyze("Voters in Georgia went to the polls. Turnout in Atlanta and Savannah was high.");
  ms = Find(*us);
  g = First(ms, "Georgia");
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->country, "USA");
  EXPECT_EQ(g->admin1, "US-GA");
  EXPECT_EQ(finder_->FocusCountry(*us, ms), "USA");
}

TEST_F(PlaceFinderTest, PersonNamesAreNotPlaces) {
  auto d = Analyze(
      "Assistant Secretary Victoria Nuland met Ned Price in Kyiv. Price said later that "
      "President Lincoln was quoted. Jay Leno laughed. The Washington Post reported it.");
  auto ms = Find(*d);
  for (const PlaceMention& m : ms) {
    EXPECT_NE(m.text, "Victoria");
    EXPECT_NE(m.text, "Price");
    EXPECT_NE(m.text, "Lincoln");
    EXPECT_NE(m.text, "Jay");
    EXPECT_NE(m.text, "Leno");
    EXPECT_NE(m.text, "Washington");
  }
  ASSERT_NE(First(ms, "Kyiv"), nullptr);
}

TEST_F(PlaceFinderTest, CommonWordsAndDemonymsAreNotPlaces) {
  auto d = Analyze("Reading the report, Ukrainian officials said Police were at the Republic square. "
                   "Of course it is.");
  auto ms = Find(*d);
  for (const PlaceMention& m : ms) {
    EXPECT_NE(m.text, "Reading");
    EXPECT_NE(m.text, "Ukrainian");
    EXPECT_NE(m.text, "Police");
    EXPECT_NE(m.text, "Republic");
    EXPECT_NE(m.text, "Of");
  }
  // The adjective still votes (weakly) for the focus.
  EXPECT_EQ(finder_->FocusCountry(*d, ms), "UKR");
}

TEST_F(PlaceFinderTest, SharedDemonymVotesForTheLargestCountry) {
  // "Dutch" is also the demonym of the Caribbean Netherlands (BES).
  auto d = Analyze("Dutch ministers defended the policy. The Dutch parliament will vote next week.");
  auto ms = Find(*d);
  EXPECT_EQ(finder_->FocusCountry(*d, ms), "NLD");
}

TEST_F(PlaceFinderTest, MetonymCuesWithoutParse) {
  auto d = Analyze("Beijing said the talks failed. Pressure on Tehran grew. Tourists visited Beijing in May.");
  auto ms = Find(*d);
  ASSERT_GE(ms.size(), 3u);
  EXPECT_TRUE(ms[0].metonym) << ms[0].text;
  const PlaceMention* teh = First(ms, "Tehran");
  ASSERT_NE(teh, nullptr);
  EXPECT_TRUE(teh->metonym);
  EXPECT_EQ(ms.back().text, "Beijing");
  EXPECT_FALSE(ms.back().metonym);
}

TEST_F(PlaceFinderTest, RegionsAndUnresolvedNames) {
  auto d = Analyze("Shelling hit the village of Zzyxograd near Donetsk. Clashes continued in eastern Ukraine "
                   "and in the Gaza Strip.");
  auto ms = Find(*d);
  const PlaceMention* u = First(ms, "Zzyxograd");
  ASSERT_NE(u, nullptr);
  EXPECT_FALSE(u->resolved);
  EXPECT_LT(u->confidence, 0.3);
  const PlaceMention* don = First(ms, "Donetsk");
  ASSERT_NE(don, nullptr);  // an unresolved name does not hide its neighbours
  EXPECT_EQ(don->country, "UKR");
  const PlaceMention* east = First(ms, "eastern Ukraine");
  ASSERT_NE(east, nullptr);
  EXPECT_EQ(east->precision, PlaceKind::kRegion);
  const PlaceMention* gaza = First(ms, "Gaza Strip");
  ASSERT_NE(gaza, nullptr);
  EXPECT_EQ(gaza->country, "PSE");
}

TEST_F(PlaceFinderTest, GeoDevFocusCountry) {
  std::map<std::string, std::string> iso2to3;
  Result<std::string> iso = ReadFile("/usr/share/iso-codes/json/iso_3166-1.json");
  ASSERT_TRUE(iso.ok());
  auto isoj = nlohmann::json::parse(*iso, nullptr, false);
  for (const auto& c : isoj["3166-1"])
    iso2to3[c["alpha_2"].get<std::string>()] = c["alpha_3"].get<std::string>();
  int right = 0, total = 0;
  for (const char* f : {"bbc", "huffpo", "nyt"}) {
    Result<std::string> data =
        ReadFile(std::string(SITREP_SOURCE_DIR) + "/../shared/data/geo-dev/" + f + ".json");
    if (!data.ok()) GTEST_SKIP() << "geo-dev not available";
    auto j = nlohmann::json::parse(*data, nullptr, false);
    ASSERT_TRUE(j.is_array());
    for (const auto& story : j) {
      std::string cc = story.value("handCodedCountryCode", "");
      if (cc.empty()) continue;
      auto doc = Analyze(story.value("text", ""));
      auto ms = Find(*doc);
      std::string focus = finder_->FocusCountry(*doc, ms);
      ++total;
      if (focus == iso2to3[cc]) ++right;
      else std::printf("geo-dev miss: %s story %s: gold %s, got %s\n", f,
                       story.value("mediacloudId", "").c_str(), iso2to3[cc].c_str(), focus.c_str());
    }
  }
  std::printf("geo-dev focus country: %d/%d = %.1f%%\n", right, total, 100.0 * right / total);
  EXPECT_EQ(total, 64);
  EXPECT_GE(right, 59);  // 92%; measured 61/64 (see docs/places.md)
}

}  // namespace
}  // namespace sitrep::mentions
