// Gazetteer file format and builder, on small synthetic sources written to a
// temporary directory (the full build from the npm packages is exercised by
// place_finder_test and `make build`).
#include "mentions/gazetteer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "base/paths.h"
#include "mentions/gazetteer_builder.h"

namespace sitrep::mentions {
namespace {

std::string TempDir() {
  std::string d = std::filesystem::temp_directory_path().string() + "/sitrep_gaz_test_" +
                  std::to_string(getpid());
  std::filesystem::create_directories(d);
  return d;
}

void Write(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// Three countries, four places, two subdivisions, two aliases.
GazetteerSources SmallSources(const std::string& dir) {
  GazetteerSources s;
  s.cities500 = dir + "/cities.txt";
  Write(s.cities500,
        "1\tNorthtown\tNorthtown\tNorthburg,Nordstadt\t10.5\t20.5\tP\tPPLC\tXA\t\t01\t\t\t\t500000\t\t0\tZ\t2020-01-01\n"
        "2\tRivermouth\tRivermouth\t\t11.0\t21.0\tP\tPPLA\tXA\t\t02\t\t\t\t80000\t\t0\tZ\t2020-01-01\n"
        "3\tRivermouth\tRivermouth\t\t-30.0\t150.0\tP\tPPL\tXB\t\t07\t\t\t\t900\t\t0\tZ\t2020-01-01\n"
        "4\tSouthby\tSouthby\t\t-31.0\t151.0\tP\tPPLA\tXB\t\t07\t\t\t\t200000\t\t0\tZ\t2020-01-01\n");
  s.countries_json = dir + "/countries.json";
  Write(s.countries_json,
        R"([{"name":{"common":"Alphaland","official":"Republic of Alphaland"},"cca2":"XA","cca3":"XAA",)"
        R"("altSpellings":["XA","Alfa"],"capital":["Northtown"],"latlng":[10,20],)"
        R"("demonyms":{"eng":{"m":"Alphan","f":"Alphan"}}},)"
        R"({"name":{"common":"Betastan","official":"Betastan"},"cca2":"XB","cca3":"XBB","latlng":[-30,150]}])");
  s.iso3166_1 = dir + "/iso1.json";
  Write(s.iso3166_1,
        R"({"3166-1":[{"alpha_2":"XA","alpha_3":"XAA","name":"Alphaland"},)"
        R"({"alpha_2":"XB","alpha_3":"XBB","name":"Betastan"}]})");
  s.iso3166_2 = dir + "/iso2.json";
  Write(s.iso3166_2,
        R"({"3166-2":[{"code":"XA-RM","name":"Rivermouthska oblast","type":"Region"},)"
        R"({"code":"XB-SO","name":"Southby Province","type":"Province"}]})");
  s.aliases = dir + "/aliases.txt";
  Write(s.aliases,
        "# test\nOld North\tcity\tXAA\t-\t-\tgeonameid=1\tseat\n"
        "eastern Alphaland\tregion\tXAA\t10.0\t21.0\n");
  s.wordnet_dir = "";
  return s;
}

class GazetteerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(TempDir());
    path_ = new std::string(*dir_ + "/small.bin");
    GazetteerBuildStats st;
    Status s = BuildGazetteer(SmallSources(*dir_), *path_, &st);
    ASSERT_TRUE(s.ok()) << s.ToString();
    EXPECT_EQ(st.countries, 2u);
    EXPECT_EQ(st.admin1_mapped, 2u);
  }
  static void TearDownTestSuite() {
    std::filesystem::remove_all(*dir_);
    delete dir_;
    delete path_;
  }
  static std::string* dir_;
  static std::string* path_;
};
std::string* GazetteerTest::dir_ = nullptr;
std::string* GazetteerTest::path_ = nullptr;

TEST(FoldName, LowersAsciiAndLatin1AndFoldsApostrophes) {
  EXPECT_EQ(FoldName("  Côte  D\xE2\x80\x99Ivoire "), "côte d'ivoire");
  EXPECT_EQ(FoldName("ÉVORA"), "évora");
  EXPECT_EQ(FoldName(""), "");
}

TEST_F(GazetteerTest, LooksUpNamesAlternatesAndAliases) {
  auto g = Gazetteer::Load(*path_);
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  const Gazetteer& gaz = **g;
  auto rm = gaz.Lookup("rivermouth");
  ASSERT_EQ(rm.size(), 2u);
  auto alt = gaz.Lookup("nordstadt");
  ASSERT_EQ(alt.size(), 1u);
  EXPECT_EQ(gaz.place(alt[0].place).geonameid, 1u);
  EXPECT_FALSE(alt[0].flags & kNameMain);
  auto old = gaz.Lookup("old north");
  ASSERT_EQ(old.size(), 1u);
  EXPECT_TRUE(gaz.place(old[0].place).flags & kPlaceSeat);
  auto east = gaz.Lookup("eastern alphaland");
  ASSERT_EQ(east.size(), 1u);
  EXPECT_TRUE(east[0].flags & kNameLowerStart);
  EXPECT_EQ(gaz.place(east[0].place).kind, static_cast<uint8_t>(PlaceKind::kRegion));
  auto dem = gaz.Lookup("alphan");
  ASSERT_EQ(dem.size(), 1u);
  EXPECT_TRUE(dem[0].flags & kNameDemonym);
  EXPECT_TRUE(gaz.Lookup("xa").empty());  // two-letter codes are not names
  EXPECT_TRUE(gaz.HasKeyWithPrefix("eastern al"));
  EXPECT_FALSE(gaz.HasKeyWithPrefix("zzz"));
  EXPECT_EQ(gaz.iso3(gaz.FindCountry("XB")), "XBB");
}

TEST_F(GazetteerTest, TiesAdmin1ToIsoThroughCapitalAndComputesCentroid) {
  auto g = Gazetteer::Load(*path_);
  ASSERT_TRUE(g.ok());
  const Gazetteer& gaz = **g;
  // The capital Rivermouth (PPLA, XA.02) ties XA.02 to "Rivermouthska oblast".
  auto reg = gaz.Lookup("rivermouth region");
  ASSERT_EQ(reg.size(), 1u);
  const PlaceRecord& r = gaz.place(reg[0].place);
  EXPECT_EQ(gaz.admin1(r), "XA-RM");
  EXPECT_NEAR(r.lat, 11.0, 1e-3);  // only member place
  // Cities carry the ISO code of their admin1.
  bool found = false;
  for (const NameEntry& e : gaz.Lookup("southby")) {
    const PlaceRecord& p = gaz.place(e.place);
    if (p.kind == static_cast<uint8_t>(PlaceKind::kCity)) {
      EXPECT_EQ(gaz.admin1(p), "XB-SO");
      found = true;
    }
  }
  EXPECT_TRUE(found);
  // Population-weighted centroid of XB.07: (900 at -30,150; 200000 at -31,151).
  auto prov = gaz.Lookup("southby province");
  ASSERT_EQ(prov.size(), 1u);
  EXPECT_NEAR(gaz.place(prov[0].place).lat, -30.9955, 1e-2);
}

TEST_F(GazetteerTest, RejectsDamagedFiles) {
  Result<std::string> bytes = ReadFile(*path_);
  ASSERT_TRUE(bytes.ok());
  ASSERT_TRUE(Gazetteer::FromBytes(*bytes).ok());
  std::string flipped = *bytes;
  flipped[flipped.size() / 2] ^= 0x55;
  auto r1 = Gazetteer::FromBytes(flipped);
  ASSERT_FALSE(r1.ok());
  EXPECT_NE(r1.status().message().find("checksum"), std::string_view::npos);
  auto r2 = Gazetteer::FromBytes(bytes->substr(0, bytes->size() - 8));
  EXPECT_EQ(r2.status().code(), Status::Code::kCorruption);
  std::string magic = *bytes;
  magic[0] = 'X';
  EXPECT_EQ(Gazetteer::FromBytes(magic).status().code(), Status::Code::kCorruption);
  std::string version = *bytes;
  version[8] = 99;
  auto r3 = Gazetteer::FromBytes(version);
  ASSERT_FALSE(r3.ok());
  EXPECT_NE(r3.status().message().find("version"), std::string_view::npos);
  EXPECT_EQ(Gazetteer::Load(*dir_ + "/missing.bin").status().code(), Status::Code::kNotFound);
}

TEST_F(GazetteerTest, BadAliasLineNamesFileAndLine) {
  GazetteerSources s = SmallSources(*dir_);
  Write(s.aliases, "# c\nGood\tregion\tXAA\t1\t2\nBad\tregion\tXAA\t100\t2\n");
  Status st = BuildGazetteer(s, *dir_ + "/bad.bin");
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("aliases.txt:3:"), std::string_view::npos) << st.ToString();
}

}  // namespace
}  // namespace sitrep::mentions
