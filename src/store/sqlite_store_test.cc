#include "store/sqlite_store.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "store/event_json.h"

namespace sitrep::store {
namespace {

std::string TempPath(const std::string& name) {
  std::string dir = ::testing::TempDir() + "sitrep_store_" + std::to_string(getpid());
  std::filesystem::create_directories(dir);
  std::string p = dir + "/" + name;
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(p + suffix);
  return p;
}

Event MakeEvent(const std::string& doc, int i, const std::string& src, const std::string& tgt,
                const std::string& code, const std::string& date) {
  Event e;
  e.id = doc + "-e" + std::to_string(i);
  e.doc_id = doc;
  e.sentence_index = i;
  e.date.value = date;
  e.date.precision = "day";
  e.date.basis = "explicit";
  e.source = EventActor{};
  e.source->code = src;
  e.source->country = src.substr(0, 3);
  e.source->role = src.size() >= 6 ? src.substr(3, 3) : "";
  e.source->kind = "country";
  e.target = EventActor{};
  e.target->code = tgt;
  e.target->country = tgt.substr(0, 3);
  e.target->kind = "country";
  e.cameo = code;
  e.cameo_root = code.substr(0, 2);
  e.quad_class = std::stoi(e.cameo_root) >= 15 ? 4 : 1;
  e.goldstein = -5;
  e.sentence = "Sentence " + std::to_string(i) + " of " + doc + ".";
  return e;
}

DocumentMeta Meta(const std::string& id, const std::string& url = "") {
  DocumentMeta m;
  m.id = id;
  m.url = url;
  m.date = "2024-03-05";
  m.source = "Example Wire";
  return m;
}

int64_t Scalar(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* s = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr), SQLITE_OK) << sql;
  int64_t v = -1;
  if (sqlite3_step(s) == SQLITE_ROW) v = sqlite3_column_int64(s, 0);
  sqlite3_finalize(s);
  return v;
}

const Provenance kProv{"0.1.0", "dicthash", "modelhash"};

TEST(SqliteStore, SameDocumentTwiceIsOneDocument) {
  auto store = SqliteStore::Open(TempPath("idem.db"), {});
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  std::vector<Event> events = {MakeEvent("a", 0, "RUSMIL", "UKRMIL", "190", "2024-03-04"),
                               MakeEvent("a", 1, "UKRGOV", "RUSGOV", "111", "2024-03-05")};
  auto r1 = (*store)->AddDocument(Meta("a", "http://x/a"), "Text of article a.", events, kProv);
  ASSERT_TRUE(r1.ok()) << r1.status().ToString();
  EXPECT_EQ(r1->outcome, AddOutcome::kNew);
  EXPECT_EQ(r1->events, 2);
  // Same id, same URL, same content under another id: all duplicates.
  auto r2 = (*store)->AddDocument(Meta("a"), "Different text", events, kProv);
  auto r3 = (*store)->AddDocument(Meta("b", "http://x/a"), "Other text", events, kProv);
  auto r4 = (*store)->AddDocument(Meta("c"), "Text  of article\na.", events, kProv);
  ASSERT_TRUE(r2.ok() && r3.ok() && r4.ok());
  EXPECT_EQ(r2->outcome, AddOutcome::kDuplicate);
  EXPECT_EQ(r2->reason, "id");
  EXPECT_EQ(r3->outcome, AddOutcome::kDuplicate);
  EXPECT_EQ(r3->reason, "url");
  EXPECT_EQ(r4->outcome, AddOutcome::kDuplicate);
  EXPECT_EQ(r4->reason, "content");
  EXPECT_EQ(r4->duplicate_of, "a");
  auto stats = (*store)->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->documents, 1);
  EXPECT_EQ(stats->events, 2);
}

TEST(SqliteStore, EventsRoundTripWithProvenanceAndFilters) {
  auto store = SqliteStore::Open(TempPath("rt.db"), {});
  ASSERT_TRUE(store.ok());
  Event located = MakeEvent("d1", 0, "RUSMIL", "UKRCVL", "190", "2024-03-04");
  located.location = EventLocation{};
  located.location->name = "Kharkiv";
  located.location->country = "UKR";
  located.location->lat = 49.99;
  located.location->lon = 36.23;
  located.location->has_coords = true;
  located.location->basis = "clause";
  Casualty killed;
  killed.count = 7;
  killed.kind = "killed";
  located.fatalities.push_back(killed);
  Event hypothetical = MakeEvent("d1", 1, "USAGOV", "CHNGOV", "130", "2024-03-10");
  hypothetical.modality = "hypothetical";
  ASSERT_TRUE((*store)->AddDocument(Meta("d1"), "text one", {located, hypothetical}, kProv).ok());
  ASSERT_TRUE((*store)
                  ->AddDocument(Meta("d2"), "text two",
                                {MakeEvent("d2", 0, "FRAGOV", "DEUGOV", "040", "2024-02-01")}, kProv)
                  .ok());

  auto all = (*store)->QueryEvents({});
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].event.date.value, "2024-02-01");  // date order
  for (const StoredEvent& e : *all) {
    EXPECT_EQ(e.event.version, "0.1.0");
    EXPECT_EQ(e.event.dictionaries, "dicthash");
    EXPECT_EQ(e.event.model, "modelhash");
    EXPECT_EQ(e.publisher, "Example Wire");
  }
  EXPECT_EQ(Scalar((*store)->handle(), "SELECT count(*) FROM events WHERE model <> 'modelhash'"), 0);

  EventFilter by_actor;
  by_actor.actor = "RUS";
  auto r = (*store)->QueryEvents(by_actor);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ(r->front().event.location->name, "Kharkiv");
  ASSERT_EQ(r->front().event.fatalities.size(), 1u);
  EXPECT_EQ(r->front().event.fatalities[0].count, 7);

  EventFilter by_target_actor;
  by_target_actor.actor = "DEUGOV";
  EXPECT_EQ((*store)->CountEvents(by_target_actor).value(), 1);

  EventFilter by_code;
  by_code.code = "19";
  EXPECT_EQ((*store)->CountEvents(by_code).value(), 1);
  by_code.code = "04";
  EXPECT_EQ((*store)->CountEvents(by_code).value(), 1);

  EventFilter window;
  window.from = "2024-03-01";
  window.to = "2024-03-04";
  EXPECT_EQ((*store)->CountEvents(window).value(), 1);

  EventFilter country;
  country.country = "UKR";
  EXPECT_EQ((*store)->CountEvents(country).value(), 1);

  EventFilter happened;
  happened.happened_only = true;
  EXPECT_EQ((*store)->CountEvents(happened).value(), 2);

  EventFilter box;
  box.has_box = true;
  box.min_lat = 45;
  box.max_lat = 55;
  box.min_lon = 30;
  box.max_lon = 40;
  EXPECT_EQ((*store)->CountEvents(box).value(), 1);
  box.min_lon = 0;
  box.max_lon = 10;
  EXPECT_EQ((*store)->CountEvents(box).value(), 0);

  auto series = (*store)->DyadSeries("RUS", "UKR", "2024-01-01", "2024-12-31");
  ASSERT_TRUE(series.ok());
  ASSERT_EQ(series->size(), 1u);
  EXPECT_EQ((*series)[0].quad_class, 4);
  EXPECT_EQ((*series)[0].events, 1);

  EXPECT_TRUE((*store)->CheckIntegrity().ok());
}

TEST(SqliteStore, EventJsonRoundTrip) {
  Event e = MakeEvent("d", 3, "IGOWSTNAT", "RUSGOV", "012", "2021-04-06");
  e.attribution = Attribution{};
  e.attribution->verb = "said";
  e.context = {"military"};
  e.sources = EventSources{};
  e.sources->articles = 3;
  e.sources->publishers = {"A", "B"};
  auto back = EventFromJson(EventToJson(e));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(EventToJson(*back), EventToJson(e));
  EXPECT_FALSE(EventFromJson("{not json").ok());
  EXPECT_FALSE(EventFromJson("[1,2]").ok());
}

TEST(SqliteStore, ReplaceEventsIsAtomicAndKeepsDocument) {
  auto store = SqliteStore::Open(TempPath("recode.db"), {});
  ASSERT_TRUE(store.ok());
  auto r = (*store)->AddDocument(Meta("r"), "recode me",
                                 {MakeEvent("r", 0, "RUSMIL", "UKRMIL", "190", "2024-03-04"),
                                  MakeEvent("r", 1, "RUSMIL", "UKRMIL", "193", "2024-03-04")},
                                 kProv);
  ASSERT_TRUE(r.ok());
  Provenance newer{"0.2.0", "dict2", "model2"};
  ASSERT_TRUE((*store)
                  ->ReplaceEvents(r->doc_key,
                                  {MakeEvent("r", 0, "RUSGOV", "UKRGOV", "111", "2024-03-04")},
                                  newer)
                  .ok());
  sqlite3* db = (*store)->handle();
  EXPECT_EQ(Scalar(db, "SELECT count(*) FROM events"), 1);
  EXPECT_EQ(Scalar(db, "SELECT count(*) FROM events WHERE dictionaries = 'dict2'"), 1);
  EXPECT_EQ(Scalar(db, "SELECT count(*) FROM actors"), 2);
  EXPECT_EQ(Scalar(db, "SELECT event_count FROM documents"), 1);
  EXPECT_FALSE((*store)->ReplaceEvents(12345, {}, newer).ok());
}

TEST(SqliteStore, SyndicatedCopyJoinsCluster) {
  auto store = SqliteStore::Open(TempPath("synd.db"), {});
  ASSERT_TRUE(store.ok());
  const std::string wire =
      "KYIV, March 5 (Wire) - Russian forces struck an apartment block in the eastern city of "
      "Kharkiv overnight, killing at least seven people and wounding dozens, the regional "
      "governor said on Tuesday. Rescue teams were still searching the rubble for survivors "
      "in the morning, and the city's mayor said power had been cut to several districts.";
  const std::string copy = wire + " Reporting by the Example Wire desk.";
  const std::string other =
      "Talks between the two foreign ministers in Geneva ended without agreement on Tuesday, "
      "with both sides saying they would meet again next month to discuss the prisoner "
      "exchange and the reopening of consulates.";
  auto a = (*store)->AddDocument(Meta("wire"), wire, {}, kProv);
  auto b = (*store)->AddDocument(Meta("reprint"), copy, {}, kProv);
  auto c = (*store)->AddDocument(Meta("other"), other, {}, kProv);
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(b->outcome, AddOutcome::kNew);  // near-duplicate, not an exact duplicate
  EXPECT_EQ(b->syndicated_with, a->doc_key);
  EXPECT_EQ(c->syndicated_with, 0);
  EXPECT_EQ((*store)->Stats()->clusters, 2);
  // A document that starts a cluster is its own cluster; the reprint joins it.
  EXPECT_EQ((*store)->GetDocument(a->doc_key)->cluster, a->doc_key);
  EXPECT_EQ((*store)->GetDocument(b->doc_key)->cluster, a->doc_key);
  EXPECT_EQ((*store)->GetDocument(c->doc_key)->cluster, c->doc_key);
  EXPECT_EQ(Scalar((*store)->handle(), "SELECT event_count FROM documents WHERE id = 'wire'"), 0);
}

TEST(SqliteStore, ReaderWorksWhileWriterHoldsTransaction) {
  const std::string path = TempPath("concurrent.db");
  auto writer = SqliteStore::Open(path, {});
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)
                  ->AddDocument(Meta("first"), "first text",
                                {MakeEvent("first", 0, "RUSMIL", "UKRMIL", "190", "2024-03-04")},
                                kProv)
                  .ok());
  ASSERT_TRUE((*writer)->Begin().ok());
  ASSERT_TRUE((*writer)
                  ->AddDocument(Meta("second"), "second text",
                                {MakeEvent("second", 0, "RUSMIL", "UKRMIL", "190", "2024-03-04")},
                                kProv)
                  .ok());
  StoreOptions ro;
  ro.read_only = true;
  ro.busy_timeout_ms = 100;
  auto reader = SqliteStore::Open(path, ro);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  auto n = (*reader)->CountEvents({});
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(*n, 1);  // sees the committed snapshot, not the open transaction
  ASSERT_TRUE((*writer)->Commit().ok());
  EXPECT_EQ((*reader)->CountEvents({}).value(), 2);
}

// A child process ingests documents slowly, each with its events in one
// transaction; it is killed with SIGKILL midway. The store must pass
// integrity_check, hold only complete documents, and a second run must
// complete the set without duplicates.
void IngestRange(const std::string& path, int n, int events_per_doc, int sleep_us) {
  auto store = SqliteStore::Open(path, {});
  if (!store.ok()) _exit(3);
  for (int i = 0; i < n; ++i) {
    const std::string id = "doc" + std::to_string(i);
    std::vector<Event> events;
    for (int k = 0; k < events_per_doc; ++k) {
      events.push_back(MakeEvent(id, k, "RUSMIL", "UKRMIL", "190", "2024-03-04"));
    }
    auto r = (*store)->AddDocument(Meta(id), "Body of " + id + " with its own words.", events,
                                   kProv);
    if (!r.ok()) _exit(4);
    if (sleep_us) usleep(static_cast<useconds_t>(sleep_us));
  }
}

TEST(SqliteStore, SigkillMidIngestLeavesCompleteDocumentsOnly) {
  const std::string path = TempPath("kill.db");
  constexpr int kDocs = 400, kEvents = 25;
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    IngestRange(path, kDocs, kEvents, 2000);
    _exit(0);
  }
  // Wait until some documents are committed, then kill.
  bool started = false;
  for (int tries = 0; tries < 500 && !started; ++tries) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    StoreOptions ro;
    ro.read_only = true;
    auto peek = SqliteStore::Open(path, ro);
    if (peek.ok()) {
      auto st = (*peek)->Stats();
      started = st.ok() && st->documents >= 20;
    }
  }
  ASSERT_TRUE(started);
  ASSERT_EQ(kill(child, SIGKILL), 0);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status));

  {
    auto store = SqliteStore::Open(path, {});
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    EXPECT_TRUE((*store)->CheckIntegrity().ok());
    sqlite3* db = (*store)->handle();
    const int64_t docs = Scalar(db, "SELECT count(*) FROM documents");
    EXPECT_GT(docs, 0);
    EXPECT_LT(docs, kDocs);
    // No half-written document: every stored document has all its events.
    EXPECT_EQ(Scalar(db, "SELECT count(*) FROM documents d WHERE (SELECT count(*) FROM events e "
                         "WHERE e.doc = d.key) <> " + std::to_string(kEvents)),
              0);
    EXPECT_EQ(Scalar(db, "SELECT count(*) FROM events"), docs * kEvents);
  }
  // Re-run to completion: the already stored documents are duplicates.
  pid_t again = fork();
  ASSERT_GE(again, 0);
  if (again == 0) {
    IngestRange(path, kDocs, kEvents, 0);
    _exit(0);
  }
  ASSERT_EQ(waitpid(again, &status, 0), again);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  auto store = SqliteStore::Open(path, {});
  ASSERT_TRUE(store.ok());
  EXPECT_TRUE((*store)->CheckIntegrity().ok());
  sqlite3* db = (*store)->handle();
  EXPECT_EQ(Scalar(db, "SELECT count(*) FROM documents"), kDocs);
  EXPECT_EQ(Scalar(db, "SELECT count(*) FROM events"), int64_t{kDocs} * kEvents);
  EXPECT_EQ(Scalar(db, "SELECT count(DISTINCT id) FROM documents"), kDocs);
}

TEST(SqliteStore, BatchRollbackDropsOnlyUncommitted) {
  const std::string path = TempPath("batch.db");
  auto store = SqliteStore::Open(path, {});
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->Begin().ok());
  ASSERT_TRUE((*store)->AddDocument(Meta("x1"), "one", {}, kProv).ok());
  ASSERT_TRUE((*store)->Commit().ok());
  ASSERT_TRUE((*store)->Begin().ok());
  ASSERT_TRUE((*store)->AddDocument(Meta("x2"), "two", {}, kProv).ok());
  ASSERT_TRUE((*store)->Rollback().ok());
  EXPECT_EQ((*store)->Stats()->documents, 1);
}

std::string Plan(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* s = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, ("EXPLAIN QUERY PLAN " + sql).c_str(), -1, &s, nullptr),
            SQLITE_OK)
      << sql;
  std::string plan;
  while (sqlite3_step(s) == SQLITE_ROW) {
    plan += reinterpret_cast<const char*>(sqlite3_column_text(s, 3));
    plan += "\n";
  }
  sqlite3_finalize(s);
  return plan;
}

std::vector<std::string> IndexNames(sqlite3* db) {
  sqlite3_stmt* s = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db,
                               "SELECT name FROM sqlite_master WHERE type='index' AND "
                               "name NOT LIKE 'sqlite_%' ORDER BY name",
                               -1, &s, nullptr),
            SQLITE_OK);
  std::vector<std::string> names;
  while (sqlite3_step(s) == SQLITE_ROW) {
    names.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)));
  }
  sqlite3_finalize(s);
  return names;
}

bool Has(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

TEST(SqliteStore, LedeFilterKeepsTheFirstSentences) {
  auto store = SqliteStore::Open(TempPath("lede.db"), {});
  ASSERT_TRUE(store.ok());
  std::vector<Event> events;
  for (int i = 0; i < 4; ++i) events.push_back(MakeEvent("a", i, "RUS", "UKR", "190", "2024-03-05"));
  ASSERT_TRUE((*store)->AddDocument(Meta("a"), "text a", events, kProv).ok());
  EventFilter f;
  EXPECT_EQ(*(*store)->CountEvents(f), 4);
  f.lede_sentences = 1;
  auto lede = (*store)->QueryEvents(f);
  ASSERT_TRUE(lede.ok());
  ASSERT_EQ(lede->size(), 1u);
  EXPECT_EQ((*lede)[0].event.sentence_index, 0);
  f.lede_sentences = 3;
  EXPECT_EQ(*(*store)->CountEvents(f), 3);
}

TEST(SqliteStore, RootFilterMatchesItsCodesAndPagesUseIndexes) {
  const std::string path = TempPath("plans.db");
  auto store = SqliteStore::Open(path, {});
  ASSERT_TRUE(store.ok());
  std::vector<Event> events = {MakeEvent("p", 0, "RUSMIL", "UKR", "190", "2024-03-05"),
                               MakeEvent("p", 1, "UKR", "RUSGOV", "193", "2024-03-06"),
                               MakeEvent("p", 2, "RUS", "UKR", "042", "2024-03-06"),
                               MakeEvent("p", 3, "USA", "CHN", "190", "2024-03-06")};
  ASSERT_TRUE((*store)->AddDocument(Meta("p"), "text p", events, kProv).ok());
  EventFilter f;
  f.actor = "RUS";
  f.code = "19";
  f.limit = 100;
  auto page = (*store)->QueryEvents(f);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ((*page)[0].event.cameo, "190");
  EXPECT_EQ((*page)[1].event.cameo, "193");
  // The filtered page and the dyad series never scan the events table.
  sqlite3* db = (*store)->handle();
  const std::string page_sql =
      "SELECT e.key FROM events e WHERE ((e.src_code >= 'RUS' AND e.src_code < 'RUS\x7f') OR "
      "(e.tgt_code >= 'RUS' AND e.tgt_code < 'RUS\x7f')) AND e.cameo >= '19' AND "
      "e.cameo < '19\x7f' ORDER BY e.date, e.key LIMIT 100";
  const std::string plan = Plan(db, page_sql);
  EXPECT_EQ(plan.find("SCAN e\n"), std::string::npos) << plan;
  EXPECT_NE(plan.find("COVERING INDEX"), std::string::npos) << plan;
  const std::string series = Plan(
      db,
      "SELECT substr(date, 1, 10), quad_class, count(*), sum(goldstein) FROM events "
      "WHERE src_country = 'RUS' AND tgt_country = 'UKR' AND date >= '2024-01-01' AND "
      "date <= '2024-12-31~' AND happened = 1 AND historical = 0 GROUP BY 1, 2");
  EXPECT_NE(series.find("COVERING INDEX events_dyad_series"), std::string::npos) << series;
  auto top = (*store)->TopDyads(EventFilter{}, 5);
  ASSERT_TRUE(top.ok());
  ASSERT_FALSE(top->empty());
  const std::string dyads = Plan(
      db,
      "SELECT src_country, tgt_country, count(*), sum(quad_class = 4) FROM events e "
      "WHERE e.date >= '2024-03-01' AND e.date <= '2024-03-31~' AND e.src_code <> '' AND "
      "e.tgt_code <> '' GROUP BY 1, 2");
  EXPECT_NE(dyads.find("COVERING INDEX events_day"), std::string::npos) << dyads;
}

TEST(SqliteStore, VersionOneStoreIsMigratedOnOpen) {
  const std::string path = TempPath("v1.db");
  {
    auto store = SqliteStore::Open(path, {});
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)
                    ->AddDocument(Meta("old"), "old text",
                                  {MakeEvent("old", 0, "RUS", "UKR", "190", "2024-03-05")}, kProv)
                    .ok());
    // Turn it into what version 1 wrote: its indexes, version 1.
    sqlite3* db = (*store)->handle();
    const char* v1 =
        "DROP INDEX events_dyad_series; DROP INDEX events_src_code; DROP INDEX events_tgt_code;"
        "DROP INDEX events_cameo; DROP INDEX events_day;"
        "CREATE INDEX events_date ON events(date);"
        "CREATE INDEX events_dyad ON events(src_country, tgt_country, date);"
        "CREATE INDEX events_src ON events(src_code, date);"
        "CREATE INDEX events_tgt ON events(tgt_code, date);"
        "CREATE INDEX events_code ON events(cameo, date);"
        "CREATE INDEX events_root ON events(root, date);"
        "CREATE INDEX actors_code ON actors(code);"
        "UPDATE meta SET value='1' WHERE key='schema_version';";
    ASSERT_EQ(sqlite3_exec(db, v1, nullptr, nullptr, nullptr), SQLITE_OK);
  }
  {
    StoreOptions ro;  // a reader of a version-1 store works with its old indexes
    ro.read_only = true;
    auto reader = SqliteStore::Open(path, ro);
    ASSERT_TRUE(reader.ok());
    EventFilter f;
    f.code = "19";
    EXPECT_EQ(*(*reader)->CountEvents(f), 1);
  }
  auto store = SqliteStore::Open(path, {});
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  sqlite3* db = (*store)->handle();
  EXPECT_EQ(Scalar(db, "SELECT value FROM meta WHERE key='schema_version'"), kSchemaVersion);
  const std::vector<std::string> names = IndexNames(db);
  for (const char* now : {"events_dyad_series", "events_src_code", "events_tgt_code",
                          "events_cameo", "events_day", "events_doc"}) {
    EXPECT_TRUE(Has(names, now)) << now;
  }
  for (const char* gone : {"events_dyad", "events_src", "events_tgt", "events_code",
                           "events_root", "events_date", "actors_code"}) {
    EXPECT_FALSE(Has(names, gone)) << gone;
  }
  EXPECT_TRUE((*store)->CheckIntegrity().ok());
  EventFilter f;
  f.actor = "UKR";
  f.code = "190";
  EXPECT_EQ(*(*store)->CountEvents(f), 1);
}

TEST(SqliteStore, VersionTwoStoreGetsCompactBandsOnOpen) {
  const std::string path = TempPath("v2.db");
  const std::string wire =
      "KYIV, March 5 (Wire) - Russian forces struck an apartment block in the eastern city of "
      "Kharkiv overnight, killing at least seven people and wounding dozens, the regional "
      "governor said on Tuesday. Rescue teams were still searching the rubble for survivors.";
  int64_t wire_key = 0;
  {
    auto store = SqliteStore::Open(path, {});
    ASSERT_TRUE(store.ok());
    auto a = (*store)->AddDocument(Meta("wire"), wire,
                                   {MakeEvent("wire", 0, "RUS", "UKR", "190", "2024-03-05")}, kProv);
    ASSERT_TRUE(a.ok());
    wire_key = a->doc_key;
    ASSERT_TRUE((*store)->AddDocument(Meta("other"), "Talks in Geneva ended without a deal.", {},
                                      kProv).ok());
    // What version 2 wrote: doc_bands(band, hash, doc), 16 rows per document.
    const char* v2 =
        "DROP TABLE doc_bands;"
        "CREATE TABLE doc_bands(band INTEGER NOT NULL, hash INTEGER NOT NULL, doc INTEGER NOT "
        "NULL, PRIMARY KEY(band, hash, doc)) WITHOUT ROWID;"
        "WITH RECURSIVE b(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM b WHERE n < 15) "
        "INSERT INTO doc_bands SELECT b.n, d.key * 100 + b.n, d.key FROM documents d, b;"
        "UPDATE meta SET value='2' WHERE key='schema_version';";
    ASSERT_EQ(sqlite3_exec((*store)->handle(), v2, nullptr, nullptr, nullptr), SQLITE_OK);
  }
  {
    StoreOptions ro;  // readers never use doc_bands: a version-2 store reads as before
    ro.read_only = true;
    auto reader = SqliteStore::Open(path, ro);
    ASSERT_TRUE(reader.ok());
    EXPECT_EQ(*(*reader)->CountEvents({}), 1);
  }
  auto store = SqliteStore::Open(path, {});
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  sqlite3* db = (*store)->handle();
  EXPECT_EQ(Scalar(db, "SELECT value FROM meta WHERE key='schema_version'"), kSchemaVersion);
  EXPECT_EQ(Scalar(db, "SELECT count(*) FROM pragma_table_info('doc_bands') WHERE name = 'key'"),
            1);
  const int64_t indexed = SyndicationOptions{}.indexed_bands;
  EXPECT_EQ(Scalar(db, "SELECT count(*) FROM doc_bands"), 2 * indexed);
  EXPECT_EQ(Scalar(db, "SELECT count(DISTINCT doc) FROM doc_bands"), 2);
  EXPECT_TRUE((*store)->CheckIntegrity().ok());
  // The rebuilt index finds a reprint of a document stored before the migration.
  auto copy = (*store)->AddDocument(Meta("reprint"), wire + " Reporting by the Wire desk.", {},
                                    kProv);
  ASSERT_TRUE(copy.ok());
  EXPECT_EQ(copy->syndicated_with, wire_key);
  EXPECT_EQ(Scalar(db, "SELECT count(*) FROM doc_bands"), 3 * indexed);
  EXPECT_EQ(*(*store)->CountEvents({}), 1);
}

TEST(SqliteStore, RefusesNewerSchemaVersion) {
  const std::string path = TempPath("v99.db");
  {
    auto store = SqliteStore::Open(path, {});
    ASSERT_TRUE(store.ok());
    ASSERT_EQ(sqlite3_exec((*store)->handle(), "UPDATE meta SET value='99' WHERE key='schema_version'",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
  }
  auto store = SqliteStore::Open(path, {});
  ASSERT_FALSE(store.ok());
  EXPECT_NE(std::string(store.status().message()).find("newer"), std::string::npos);
}

TEST(SqliteStore, RejectsForeignFile) {
  const std::string path = TempPath("foreign.db");
  FILE* f = std::fopen(path.c_str(), "w");
  std::fputs("this is not a database at all, just text that is long enough to look like a page",
             f);
  std::fclose(f);
  auto s = SqliteStore::Open(path, {});
  EXPECT_FALSE(s.ok());
}

}  // namespace
}  // namespace sitrep::store
