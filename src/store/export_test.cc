#include "store/export.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

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

Event Coded(const std::string& doc, int sentence, const std::string& src, const std::string& tgt,
            const std::string& code, const std::string& date, double confidence) {
  Event e = Sample();
  e.id = doc + "-" + std::to_string(sentence) + "-" + code;
  e.doc_id = doc;
  e.sentence_index = sentence;
  e.source->code = src;
  e.source->country = src.substr(0, 3);
  e.target->code = tgt;
  e.target->country = tgt.substr(0, 3);
  e.cameo = code;
  e.cameo_root = code.substr(0, 2);
  e.date.value = date;
  e.confidence = confidence;
  return e;
}

TEST(Export, OnePerDyadDayKeepsTheMostConfidentOfEachGroup) {
  std::vector<Event> ev = {
      Coded("a", 0, "RUS", "UKR", "190", "2024-03-05", 0.5),  // group 1
      Coded("b", 2, "RUS", "UKR", "190", "2024-03-05", 0.9),  // group 1, best
      Coded("c", 1, "RUS", "UKR", "190", "2024-03-06", 0.4),  // another day
      Coded("d", 0, "UKR", "RUS", "190", "2024-03-05", 0.3),  // reversed dyad
      Coded("e", 0, "RUS", "UKR", "193", "2024-03-05", 0.3),  // another code
      Coded("f", 3, "RUS", "UKR", "190", "2024-03-05", 0.9),  // tie with b: b came first
  };
  std::vector<const Event*> view;
  for (const Event& e : ev) view.push_back(&e);
  EXPECT_EQ(OnePerDyadDay(view), (std::vector<size_t>{1, 2, 3, 4}));
  EXPECT_TRUE(OnePerDyadDay({}).empty());
}

TEST(Export, LedeAndOnePerDyadDayFilterStoredEvents) {
  std::string path = ::testing::TempDir() + "sitrep_export_filters_" + std::to_string(getpid()) + ".db";
  for (const char* s : {"", "-wal", "-shm"}) std::remove((path + s).c_str());
  auto store = SqliteStore::Open(path, {});
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  const Provenance prov{"v", "d", "m"};
  DocumentMeta m1;
  m1.id = "a";
  m1.date = "2024-03-05";
  DocumentMeta m2 = m1;
  m2.id = "b";
  ASSERT_TRUE((*store)
                  ->AddDocument(m1, "Article a.",
                                {Coded("a", 0, "RUS", "UKR", "190", "2024-03-05", 0.6),
                                 Coded("a", 4, "RUS", "UKR", "042", "2024-03-05", 0.8)},
                                prov)
                  .ok());
  ASSERT_TRUE((*store)
                  ->AddDocument(m2, "Article b, worded differently.",
                                {Coded("b", 0, "RUS", "UKR", "190", "2024-03-05", 0.9),
                                 Coded("b", 1, "USA", "CHN", "036", "2024-03-05", 0.7)},
                                prov)
                  .ok());
  auto writer = MakeEventWriter("jsonl", nullptr);
  ASSERT_TRUE(writer.ok());
  auto run = [&](const EventFilter& f, const QueryOptions& o) {
    char* buf = nullptr;
    size_t size = 0;
    std::FILE* out = open_memstream(&buf, &size);
    auto n = ExportEvents(**store, f, o, **writer, out);
    std::fclose(out);
    std::vector<Event> events;
    std::string text(buf, size);
    std::free(buf);
    EXPECT_TRUE(n.ok());
    size_t pos = 0;
    while (pos < text.size()) {
      size_t nl = text.find('\n', pos);
      auto e = EventFromJson(text.substr(pos, nl - pos));
      EXPECT_TRUE(e.ok());
      if (e.ok()) events.push_back(*e);
      pos = nl + 1;
    }
    EXPECT_EQ(static_cast<int64_t>(events.size()), n.ok() ? *n : -1);
    return events;
  };
  EventFilter all;
  QueryOptions plain;
  EXPECT_EQ(run(all, plain).size(), 4u);
  EventFilter lede;
  lede.lede_sentences = 1;
  auto lead = run(lede, plain);
  ASSERT_EQ(lead.size(), 2u);  // the two sentence-0 events
  for (const Event& e : lead) EXPECT_EQ(e.sentence_index, 0);
  lede.lede_sentences = 2;
  EXPECT_EQ(run(lede, plain).size(), 3u);
  QueryOptions one;
  one.one_per_dyad_day = true;
  auto kept = run(all, one);
  ASSERT_EQ(kept.size(), 3u);  // the two RUS-UKR 190 reports of the day are one
  int rus_ukr_190 = 0;
  for (const Event& e : kept) {
    if (e.cameo == "190") {
      ++rus_ukr_190;
      EXPECT_EQ(e.doc_id, "b");  // the more confident
    }
  }
  EXPECT_EQ(rus_ukr_190, 1);
  one.limit = 2;
  EXPECT_EQ(run(all, one).size(), 2u);
  store->reset();
  for (const char* s : {"", "-wal", "-shm"}) std::remove((path + s).c_str());
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
