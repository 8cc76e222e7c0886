#include "monitor/store_source.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <random>

#include "monitor/escalation.h"
#include "store/sqlite_store.h"

namespace sitrep::monitor {
namespace {

namespace fs = std::filesystem;

// A store where RUS-UKR material conflict triples from day 60 on, reported
// by five outlets; everything else is steady.
class StoreSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (fs::temp_directory_path() / ("sitrep_store_source_" + std::to_string(::getpid()) + ".db"))
                .string();
    fs::remove(path_);
    auto st = store::SqliteStore::Open(path_, {});
    ASSERT_TRUE(st.ok()) << st.status().ToString();
    store_ = std::move(st).value();
    int64_t start;
    ASSERT_TRUE(DayOfDate("2022-01-01", &start));
    std::mt19937_64 rng(3);
    ASSERT_TRUE(store_->Begin().ok());
    int doc = 0;
    for (int day = 0; day < 70; ++day) {
      for (int a = 0; a < 20; ++a) {  // 20 articles a day
        DocumentMeta meta;
        meta.id = "d" + std::to_string(doc);
        meta.date = DateOfDay(start + day);
        meta.source = "outlet" + std::to_string(doc % 5);
        std::vector<Event> events;
        int conflict = (day >= 60 ? 3 : 1) * (std::uniform_int_distribution<int>(0, 1)(rng));
        for (int i = 0; i < conflict; ++i) {
          Event e;
          e.id = meta.id + "-" + std::to_string(i);
          e.doc_id = meta.id;
          e.date.value = meta.date;
          EventActor s, t;
          s.code = s.country = "RUS";
          t.code = t.country = "UKR";
          e.source = s;
          e.target = t;
          e.cameo = "190";
          e.cameo_root = "19";
          e.quad_class = 4;
          e.goldstein = -10;
          events.push_back(e);
        }
        auto r = store_->AddDocument(meta, "article " + meta.id + " text of its own " + meta.date,
                                     events, store::Provenance{"t", "", ""});
        ASSERT_TRUE(r.ok()) << r.status().ToString();
        ++doc;
      }
    }
    ASSERT_TRUE(store_->Commit().ok());
  }
  void TearDown() override {
    store_.reset();
    fs::remove(path_);
    fs::remove(path_ + "-wal");
    fs::remove(path_ + "-shm");
  }
  std::string path_;
  std::unique_ptr<store::SqliteStore> store_;
};

TEST_F(StoreSourceTest, LoadsDetectsStoresAndDoesNotRepeat) {
  sqlite3* db = store_->handle();
  SeriesSet set;
  ASSERT_TRUE(LoadSeries(db, "", "", &set).ok());
  ASSERT_EQ(set.dyads().count("RUS-UKR"), 1u);
  EXPECT_EQ(set.ArticlesBetween(0, 1 << 30), 70 * 20);
  auto latest = LatestEventDate(db);
  ASSERT_TRUE(latest.ok());
  int64_t end;
  ASSERT_TRUE(DayOfDate(*latest, &end));
  std::vector<Alert> alerts = DetectEscalation(set, end, EscalationOptions{});
  const Alert* dyad = nullptr;
  for (const Alert& a : alerts) if (a.test.key == "RUS-UKR") dyad = &a;
  ASSERT_NE(dyad, nullptr) << alerts.size() << " alerts";
  EXPECT_GE(dyad->test.sources, 2);
  EXPECT_FALSE(dyad->evidence.empty());

  ASSERT_TRUE(EnsureAlertTable(db).ok());
  auto saved = SaveAlert(db, *dyad);
  ASSERT_TRUE(saved.ok());
  EXPECT_TRUE(*saved);
  auto again = SaveAlert(db, *dyad);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(*again);  // same id
  Alert next_day = *dyad;
  next_day.recent_to = DateOfDay(end + 1);
  auto repeated = RecentlyAlerted(db, next_day, 7);
  ASSERT_TRUE(repeated.ok());
  EXPECT_TRUE(*repeated);
  auto listed = ListAlerts(db, "RUS-UKR", 10);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_NE((*listed)[0].json.find("\"key\":\"RUS-UKR\""), std::string::npos);
}

}  // namespace
}  // namespace sitrep::monitor
