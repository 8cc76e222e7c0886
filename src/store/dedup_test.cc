#include "store/dedup.h"

#include <gtest/gtest.h>

#include <numeric>
#include <set>
#include <string>
#include <vector>

namespace sitrep::store {
namespace {

EventActor Actor(const std::string& code, const std::string& country, const std::string& role) {
  EventActor a;
  a.code = code;
  a.country = country;
  a.role = role;
  a.kind = "agent";
  return a;
}

ArticleEvent Attack(int64_t doc, const std::string& date, const std::string& cameo,
                    std::optional<EventActor> src, std::optional<EventActor> tgt, double lat,
                    double lon, long killed, const std::string& publisher) {
  ArticleEvent a;
  a.doc_key = doc;
  a.cluster = doc;
  a.publisher = publisher;
  a.published = date;
  Event& e = a.event;
  e.id = "e" + std::to_string(doc) + cameo;
  e.doc_id = "doc" + std::to_string(doc);
  e.date.value = date;
  e.date.precision = "day";
  e.source = std::move(src);
  e.target = std::move(tgt);
  e.cameo = cameo;
  e.cameo_root = cameo.substr(0, 2);
  e.quad_class = 4;
  e.location = EventLocation{};
  e.location->lat = lat;
  e.location->lon = lon;
  e.location->has_coords = true;
  e.location->country = "UKR";
  e.location->basis = "clause";
  if (killed > 0) {
    Casualty c;
    c.count = killed;
    c.kind = "killed";
    e.fatalities.push_back(c);
  }
  e.confidence = 0.8;
  return a;
}

TEST(Dedup, ThreeDifferentlyWordedReportsMergeIntoOneEvent) {
  // The same strike, three outlets: one names the military, one only the
  // country, one leaves the perpetrator out; codes differ below the root
  // (190 / 195 / 193), the third article is dated the next day, the places
  // are the city and a district of it; tolls rise from 7 to 9.
  std::vector<ArticleEvent> in;
  in.push_back(Attack(1, "2024-03-04", "190", Actor("RUSMIL", "RUS", "MIL"),
                      Actor("UKRCVL", "UKR", "CVL"), 49.99, 36.23, 7, "Outlet A"));
  in.push_back(Attack(2, "2024-03-04", "195", Actor("RUS", "RUS", ""),
                      Actor("UKRCVL", "UKR", "CVL"), 50.03, 36.30, 8, "Outlet B"));
  in.push_back(Attack(3, "2024-03-05", "193", std::nullopt, Actor("UKRCVL", "UKR", "CVL"), 49.98,
                      36.25, 9, "Outlet C"));
  auto merged = MergeEvents(in, MergeOptions{});
  ASSERT_EQ(merged.size(), 1u);
  const Event& e = merged[0].event;
  ASSERT_TRUE(e.sources.has_value());
  EXPECT_EQ(e.sources->articles, 3);
  EXPECT_EQ(e.sources->independent, 3);
  EXPECT_EQ(e.sources->publishers, (std::vector<std::string>{"Outlet A", "Outlet B", "Outlet C"}));
  EXPECT_EQ(e.sources->first_seen, "2024-03-04");
  EXPECT_EQ(e.sources->last_seen, "2024-03-05");
  ASSERT_EQ(e.fatalities.size(), 1u);
  EXPECT_EQ(e.fatalities[0].count, 9);  // the largest report, not 7+8+9
  EXPECT_EQ(merged[0].members.size(), 3u);
}

TEST(Dedup, TwoAttacksOnTheSameDayStayApart) {
  std::vector<ArticleEvent> in;
  // Kharkiv and Odesa (about 560 km apart), same day, same actors.
  in.push_back(Attack(1, "2024-03-04", "190", Actor("RUSMIL", "RUS", "MIL"),
                      Actor("UKRCVL", "UKR", "CVL"), 49.99, 36.23, 7, "Outlet A"));
  in.push_back(Attack(2, "2024-03-04", "190", Actor("RUSMIL", "RUS", "MIL"),
                      Actor("UKRCVL", "UKR", "CVL"), 46.48, 30.72, 3, "Outlet B"));
  // Another report of the Kharkiv strike.
  in.push_back(Attack(3, "2024-03-04", "195", Actor("RUSMIL", "RUS", "MIL"),
                      Actor("UKRCVL", "UKR", "CVL"), 50.00, 36.24, 8, "Outlet C"));
  auto merged = MergeEvents(in, MergeOptions{});
  ASSERT_EQ(merged.size(), 2u);
  size_t kharkiv = merged[0].event.location->lat > 48 ? 0 : 1;
  EXPECT_EQ(merged[kharkiv].event.sources->articles, 2);
  EXPECT_EQ(merged[kharkiv].event.fatalities[0].count, 8);
  EXPECT_EQ(merged[1 - kharkiv].event.sources->articles, 1);
  EXPECT_EQ(merged[1 - kharkiv].event.fatalities[0].count, 3);
}

TEST(Dedup, DifferentActorsOrRootsOrDatesStayApart) {
  auto base = Attack(1, "2024-03-04", "190", Actor("RUSMIL", "RUS", "MIL"),
                     Actor("UKRMIL", "UKR", "MIL"), 49.99, 36.23, 0, "A");
  MergeOptions o;
  auto other_country = Attack(2, "2024-03-04", "190", Actor("BLRMIL", "BLR", "MIL"),
                              Actor("UKRMIL", "UKR", "MIL"), 49.99, 36.23, 0, "B");
  EXPECT_FALSE(SameHappening(base, other_country, o));
  auto other_sector = Attack(2, "2024-03-04", "190", Actor("RUSGOV", "RUS", "GOV"),
                             Actor("UKRMIL", "UKR", "MIL"), 49.99, 36.23, 0, "B");
  EXPECT_FALSE(SameHappening(base, other_sector, o));
  auto other_root = Attack(2, "2024-03-04", "180", Actor("RUSMIL", "RUS", "MIL"),
                           Actor("UKRMIL", "UKR", "MIL"), 49.99, 36.23, 0, "B");
  EXPECT_FALSE(SameHappening(base, other_root, o));
  auto later = Attack(2, "2024-03-07", "190", Actor("RUSMIL", "RUS", "MIL"),
                      Actor("UKRMIL", "UKR", "MIL"), 49.99, 36.23, 0, "B");
  EXPECT_FALSE(SameHappening(base, later, o));
  o.date_window_days = 3;
  EXPECT_TRUE(SameHappening(base, later, o));
  auto denied = later;
  denied.event.modality = "denied";
  EXPECT_FALSE(SameHappening(base, denied, o));
}

TEST(Dedup, MutualEventsMatchEitherWay) {
  auto a = Attack(1, "2024-03-04", "190", Actor("ARMMIL", "ARM", "MIL"),
                  Actor("AZEMIL", "AZE", "MIL"), 40.0, 46.0, 0, "A");
  auto b = Attack(2, "2024-03-04", "190", Actor("AZEMIL", "AZE", "MIL"),
                  Actor("ARMMIL", "ARM", "MIL"), 40.0, 46.0, 0, "B");
  a.event.location->country = b.event.location->country = "AZE";
  EXPECT_FALSE(SameHappening(a, b, MergeOptions{}));
  b.event.mutual = true;
  EXPECT_TRUE(SameHappening(a, b, MergeOptions{}));
}

TEST(Dedup, EventsOfOneDocumentNeverMerge) {
  std::vector<ArticleEvent> in;
  in.push_back(Attack(1, "2024-03-04", "190", Actor("RUSMIL", "RUS", "MIL"),
                      Actor("UKRCVL", "UKR", "CVL"), 49.99, 36.23, 7, "A"));
  in.push_back(Attack(1, "2024-03-04", "190", Actor("RUSMIL", "RUS", "MIL"),
                      Actor("UKRCVL", "UKR", "CVL"), 49.99, 36.23, 2, "A"));
  EXPECT_EQ(MergeEvents(in, MergeOptions{}).size(), 2u);
}

TEST(Dedup, SyndicatedCopyCountsAsOneIndependentSource) {
  std::vector<ArticleEvent> in;
  in.push_back(Attack(1, "2024-03-04", "190", Actor("RUSMIL", "RUS", "MIL"),
                      Actor("UKRCVL", "UKR", "CVL"), 49.99, 36.23, 7, "Wire"));
  auto reprint = Attack(2, "2024-03-04", "190", Actor("RUSMIL", "RUS", "MIL"),
                        Actor("UKRCVL", "UKR", "CVL"), 49.99, 36.23, 7, "Daily Paper");
  reprint.cluster = 1;  // the store found doc 2 to be a copy of doc 1
  in.push_back(reprint);
  in.push_back(Attack(3, "2024-03-04", "190", Actor("RUSMIL", "RUS", "MIL"),
                      Actor("UKRCVL", "UKR", "CVL"), 50.0, 36.2, 7, "Own Reporter"));
  auto merged = MergeEvents(in, MergeOptions{});
  ASSERT_EQ(merged.size(), 1u);
  EXPECT_EQ(merged[0].event.sources->articles, 3);
  EXPECT_EQ(merged[0].event.sources->independent, 2);
}

TEST(Dedup, MinHashSeparatesCopiesFromOtherStories) {
  SyndicationOptions o;
  const std::string story =
      "Russian forces struck an apartment block in the eastern city of Kharkiv overnight, "
      "killing at least seven people and wounding dozens, the regional governor said.";
  const std::string copy = "KHARKIV (Wire) - " + story + " Rescue work continued.";
  const std::string other =
      "The foreign ministers met in Geneva and agreed to resume talks on a prisoner exchange "
      "next month, officials from both governments said after the meeting ended.";
  auto s1 = MinHashSignature(story, o), s2 = MinHashSignature(copy, o),
       s3 = MinHashSignature(other, o);
  ASSERT_EQ(s1.size(), static_cast<size_t>(o.signature_size()));
  EXPECT_GE(EstimatedSimilarity(s1, s2), o.min_similarity);
  EXPECT_LT(EstimatedSimilarity(s1, s3), 0.2);
  // A copy shares at least one LSH band with the original.
  auto b1 = BandHashes(s1, o), b2 = BandHashes(s2, o);
  int shared = 0;
  for (size_t i = 0; i < b1.size(); ++i) shared += b1[i] == b2[i];
  EXPECT_GT(shared, 0);
  EXPECT_EQ(EstimatedSimilarity(MinHashSignature("", o), MinHashSignature("", o)), 0);
}

// Exact Jaccard similarity of the 5-word shingle sets of two word lists.
double ShingleJaccard(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  auto shingles = [](const std::vector<std::string>& w) {
    std::set<std::string> out;
    for (size_t i = 0; i + 5 <= w.size(); ++i) {
      out.insert(w[i] + " " + w[i + 1] + " " + w[i + 2] + " " + w[i + 3] + " " + w[i + 4]);
    }
    return out;
  };
  const std::set<std::string> sa = shingles(a), sb = shingles(b);
  size_t common = 0;
  for (const std::string& x : sa) common += sb.count(x);
  return static_cast<double>(common) / static_cast<double>(sa.size() + sb.size() - common);
}

std::string Join(const std::vector<std::string>& w) {
  std::string s;
  for (const std::string& x : w) s += (s.empty() ? "" : " ") + x;
  return s;
}

// The LSH index keeps the first `indexed_bands` bands: pairs of texts at a
// known true similarity must still become candidates (share an indexed band)
// at the rate the band maths gives, and unrelated texts must not.
TEST(Dedup, IndexedBandsFindCopiesAtTheDocumentedRate) {
  SyndicationOptions o;
  ASSERT_LE(o.indexed_bands, o.bands);
  uint64_t rng = 12345;
  auto next = [&]() {
    rng = rng * 6364136223846793005ull + 1442695040888963407ull;
    return rng >> 33;
  };
  auto word = [&]() { return "w" + std::to_string(next() % 20000); };
  int high = 0, high_found = 0, unrelated_found = 0;
  const int kTrials = 400;
  for (int t = 0; t < kTrials; ++t) {
    std::vector<std::string> base(120);
    for (std::string& w : base) w = word();
    std::vector<std::string> copy = base;
    const int edits = 1 + static_cast<int>(next() % 3);  // Jaccard about 0.8-0.95
    for (int e = 0; e < edits; ++e) copy[next() % copy.size()] = word();
    std::vector<std::string> other(120);
    for (std::string& w : other) w = word();
    const auto sb = MinHashSignature(Join(base), o), sc = MinHashSignature(Join(copy), o),
               so = MinHashSignature(Join(other), o);
    const auto bb = BandHashes(sb, o), bc = BandHashes(sc, o), bo = BandHashes(so, o);
    ASSERT_EQ(bb.size(), static_cast<size_t>(o.bands));
    bool copy_shares = false, other_shares = false;
    for (int b = 0; b < o.indexed_bands; ++b) {
      copy_shares |= bb[static_cast<size_t>(b)] == bc[static_cast<size_t>(b)];
      other_shares |= bb[static_cast<size_t>(b)] == bo[static_cast<size_t>(b)];
    }
    if (ShingleJaccard(base, copy) >= 0.8) {
      ++high;
      high_found += copy_shares;
    }
    unrelated_found += other_shares;
  }
  ASSERT_GT(high, kTrials / 2);
  // Theory for 10 bands of 4 rows: >= 0.995 at Jaccard 0.8 (a bit more above).
  EXPECT_GE(static_cast<double>(high_found) / high, 0.98) << high_found << " of " << high;
  EXPECT_EQ(unrelated_found, 0);
}

TEST(Dedup, ContentHashIgnoresWhitespaceRuns) {
  EXPECT_EQ(ContentHash("a  b\nc"), ContentHash("a b c"));
  EXPECT_EQ(ContentHash("  a b c \n"), ContentHash("a b c"));
  EXPECT_NE(ContentHash("a b c"), ContentHash("a b d"));
  EXPECT_EQ(ContentHash("x").size(), 16u);
}

TEST(Dedup, DayNumberAndDistance) {
  int64_t a, b;
  ASSERT_TRUE(DayNumber("1970-01-01", &a));
  EXPECT_EQ(a, 0);
  ASSERT_TRUE(DayNumber("2024-03-01", &a));
  ASSERT_TRUE(DayNumber("2024-02-28", &b));
  EXPECT_EQ(a - b, 2);  // leap year
  EXPECT_FALSE(DayNumber("2024-03", &a));
  EXPECT_NEAR(DistanceKm(49.99, 36.23, 46.48, 30.72), 560, 30);
}

}  // namespace
}  // namespace sitrep::store
