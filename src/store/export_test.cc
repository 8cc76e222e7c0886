#include "store/export.h"

#include <gtest/gtest.h>

#include "store/sqlite_store.h"

namespace sitrep::store {
namespace {

Event Sample() {
  Event e;
  e.id = "doc1-3";
  e.doc_id = "doc1";
  e.sentence_index = 0;
  e.date.value = "2024-03-04";
  e.date.precision = "day";
  e.source = EventActor{};
  e.source->code = "RUSMIL";
  e.source->country = "RUS";
  e.source->role = "MIL";
  e.source->text = "Russian forces";
  e.target = EventActor{};
  e.target->code = "IGOWSTNAT";
  e.target->text = "NATO";
  e.target->name = "NATO";
  e.cameo = "0251";
  e.cameo_root = "02";
  e.quad_class = 1;
  e.goldstein = 3;
  e.plover_type = "REQUEST";
  e.location = EventLocation{};
  e.location->name = "Kharkiv";
  e.location->country = "UKR";
  e.location->lat = 49.9935;
  e.location->lon = 36.2304;
  e.location->has_coords = true;
  e.location->precision = "city";
  e.location->basis = "clause";
  e.sentence = "Russian forces, it said, \"asked\"\tNATO, for talks.";
  return e;
}

FipsTable Table() {
  auto t = FipsTable::Parse("# comment\nUKR\tUP\tUkraine\nRUS\tRS\tRussia\n", "test");
  EXPECT_TRUE(t.ok());
  return std::move(t).value();
}

TEST(Export, GdeltHas61ColumnsWithFipsAndEmptyUnknowns) {
  Event e = Sample();
  ExportRecord r{&e, 42, "Wire", "2024-03-05", "https://example.org/a", "Title",
                 "2024-03-05T10:11:12Z"};
  FipsTable fips = Table();
  auto f = GdeltFields(r, &fips);
  ASSERT_EQ(f.size(), 61u);
  EXPECT_EQ(f[0], "42");
  EXPECT_EQ(f[1], "20240304");
  EXPECT_EQ(f[2], "202403");
  EXPECT_EQ(f[3], "2024");
  EXPECT_EQ(f[5], "RUSMIL");
  EXPECT_EQ(f[6], "RUSSIAN FORCES");
  EXPECT_EQ(f[7], "RUS");
  EXPECT_EQ(f[12], "MIL");
  EXPECT_EQ(f[15], "IGOWSTNAT");
  EXPECT_EQ(f[17], "");     // an IGO has no country
  EXPECT_EQ(f[18], "NAT");  // known group
  EXPECT_EQ(f[22], "IGO");
  EXPECT_EQ(f[26], "0251");
  EXPECT_EQ(f[27], "025");
  EXPECT_EQ(f[28], "02");
  EXPECT_EQ(f[29], "1");
  EXPECT_EQ(f[34], "");  // AvgTone: not produced
  EXPECT_EQ(f[51], "4");
  EXPECT_EQ(f[52], "Kharkiv, Ukraine");
  EXPECT_EQ(f[53], "UP");  // FIPS, not ISO (UA) or ISO3
  EXPECT_EQ(f[56], "49.9935");
  EXPECT_EQ(f[59], "20240305101112");
  EXPECT_EQ(f[60], "https://example.org/a");
  auto w = MakeEventWriter("gdelt", &fips);
  ASSERT_TRUE(w.ok());
  std::string line = (*w)->Write(r);
  EXPECT_EQ(std::count(line.begin(), line.end(), '\t'), 60);  // the tab in the sentence is not a column
  EXPECT_EQ(line.back(), '\n');
}

TEST(Export, CsvQuotesAndRoundTripsFields) {
  Event e = Sample();
  ExportRecord r{&e, 1, "Wire", "2024-03-05", "u", "t", ""};
  auto w = MakeEventWriter("csv", nullptr);
  ASSERT_TRUE(w.ok());
  std::string header = (*w)->Header();
  std::string row = (*w)->Write(r);
  const auto commas = [](const std::string& s) {
    int n = 0;
    bool quoted = false;
    for (char c : s) {
      if (c == '"') quoted = !quoted;
      if (c == ',' && !quoted) ++n;
    }
    return n;
  };
  EXPECT_EQ(commas(header), commas(row));
  EXPECT_NE(row.find("\"Russian forces, it said, \"\"asked\"\"\tNATO, for talks.\""),
            std::string::npos);
  EXPECT_EQ(CsvField("plain"), "plain");
}

TEST(Export, JsonlIsTheCanonicalRecordAndPloverNamesTypes) {
  Event e = Sample();
  ExportRecord r{&e, 1, "Wire", "2024-03-05", "u", "Title", ""};
  auto j = MakeEventWriter("jsonl", nullptr);
  ASSERT_TRUE(j.ok());
  std::string line = (*j)->Write(r);
  auto back = EventFromJson(line);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->cameo, "0251");
  auto p = MakeEventWriter("plover", nullptr);
  ASSERT_TRUE(p.ok());
  std::string pl = (*p)->Write(r);
  EXPECT_NE(pl.find("\"event_type\":\"REQUEST\""), std::string::npos);
  EXPECT_NE(pl.find("\"quad_code\":\"VERBAL COOPERATION\""), std::string::npos);
  EXPECT_NE(pl.find("\"recipient_name\":\"NATO\""), std::string::npos);
  EXPECT_FALSE(MakeEventWriter("xml", nullptr).ok());
}

TEST(Export, ShippedFipsTableCoversCommonCountries) {
  auto t = FipsTable::Load(SITREP_SOURCE_DIR "/data/cameo/iso3-fips.tsv");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_GT(t->size(), 240u);
  EXPECT_EQ(t->Fips("DEU"), "GM");
  EXPECT_EQ(t->Fips("GBR"), "UK");
  EXPECT_EQ(t->Fips("UKR"), "UP");
  EXPECT_EQ(t->Fips("XXX"), "");
  EXPECT_FALSE(FipsTable::Parse("UKR UP Ukraine\n", "bad").ok());
}

}  // namespace
}  // namespace sitrep::store
