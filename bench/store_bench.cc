// Store benchmarks (Google Benchmark).
//
//   BM_StoreInsert      documents/s and events/s of SqliteStore::AddDocument
//                       (10 events per document, 200 documents per transaction)
//   BM_DyadSeries       latency of a 90-day dyad series on a store of
//                       1,000,000 generated events (p50/p99 counters, ms)
//   BM_FilteredPage     latency of a 100-event page filtered by actor prefix,
//                       date window and code root (p50/p99, ms)
//   BM_CountryPage      same with a country filter (location or actor)
//   BM_ActorCodePage    the API's /api/events?actor=RUS&code=19&limit=100:
//                       actor country prefix and code root, no date window, in
//                       key order (serve::ListEvents; p50/p99, ms)
//   BM_StoreActorCodePage  the same filter through SqliteStore::QueryEvents
//                       (date order, `sitrep query --actor RUS --code 19 --limit 100`)
//   BM_UndirectedSeries the API's /api/series?dyad=A-B&interval=week over the
//                       two years (serve::QuerySeries; p50/p99, ms)
//   BM_TopDyads         the API's /api/dyads for one month (SqliteStore::TopDyads)
//
// A store written by an older sitrep (schema version 1) is migrated the first
// time this opens it for writing; pass SITREP_BENCH_STORE_MIGRATE=1 to time
// that (the bench otherwise opens the store read-only, as the API does).
//
// The 1M-event store is generated once into $SITREP_BENCH_STORE (default
// /tmp/sitrep_store_bench_1m.db) and reused while it holds the expected count.
// Every benchmark checks its answer (events written / rows returned).
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "serve/query_params.h"
#include "serve/store_queries.h"
#include "store/sqlite_store.h"

namespace sitrep::store {
namespace {

const char* kCountries[] = {"RUS", "UKR", "USA", "CHN", "ISR", "PSE", "IRN", "SYR", "TUR", "FRA",
                            "DEU", "GBR", "IND", "PAK", "AFG", "IRQ", "YEM", "SAU", "SDN", "ETH",
                            "SOM", "NGA", "MLI", "COD", "MMR", "PRK", "KOR", "JPN", "BRA", "MEX"};
const char* kRoles[] = {"GOV", "MIL", "REB", "COP", "CVL", "OPP", ""};
const char* kCodes[] = {"010", "012", "020", "036", "040", "042", "057", "061", "073", "090",
                        "111", "112", "120", "130", "138", "141", "160", "173", "180", "183",
                        "190", "193", "195", "200"};
constexpr int kNumCountries = sizeof(kCountries) / sizeof(kCountries[0]);

std::string DateFor(int day_index) {  // 2023-01-01 + day_index (within 2023-2024)
  static const int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int year = 2023 + day_index / 365, d = day_index % 365, m = 0;
  while (d >= kDays[m]) d -= kDays[m++];
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, m + 1, d + 1);
  return buf;
}

Event RandomEvent(std::mt19937_64& rng, const std::string& doc, int i) {
  Event e;
  e.id = doc + "-" + std::to_string(i);
  e.doc_id = doc;
  e.sentence_index = i;
  e.date.value = DateFor(static_cast<int>(rng() % 730));
  e.date.precision = "day";
  e.date.basis = "explicit";
  auto actor = [&]() {
    EventActor a;
    a.country = kCountries[rng() % kNumCountries];
    a.role = kRoles[rng() % 7];
    a.code = a.country + a.role;
    a.kind = "agent";
    a.text = a.code;
    return a;
  };
  e.source = actor();
  e.target = actor();
  e.cameo = kCodes[rng() % (sizeof(kCodes) / sizeof(kCodes[0]))];
  e.cameo_root = e.cameo.substr(0, 2);
  const int root = std::stoi(e.cameo_root);
  e.quad_class = root <= 5 ? 1 : root <= 9 ? 2 : root <= 14 ? 3 : 4;
  e.goldstein = root >= 15 ? -8 : 2;
  if (rng() % 2) {
    e.location = EventLocation{};
    e.location->name = "Place";
    e.location->country = e.target->country;
    e.location->lat = -60 + static_cast<double>(rng() % 12000) / 100.0;
    e.location->lon = -170 + static_cast<double>(rng() % 34000) / 100.0;
    e.location->has_coords = true;
    e.location->basis = "clause";
  }
  if (root >= 18 && rng() % 3 == 0) {
    Casualty c;
    c.count = static_cast<long>(rng() % 40);
    e.fatalities.push_back(c);
  }
  e.sentence = "Generated sentence number " + std::to_string(i) + " of " + doc + ".";
  e.confidence = 0.7;
  return e;
}

const Provenance kProv{"bench", "dict", "model"};

std::string TextFor(std::mt19937_64& rng, int n) {
  std::string t = "Generated article " + std::to_string(n) + ":";
  for (int w = 0; w < 120; ++w) t += " w" + std::to_string(rng() % 5000);
  return t;
}

void BM_StoreInsert(benchmark::State& state) {
  const std::string path = "/tmp/sitrep_store_bench_insert_" + std::to_string(getpid()) + ".db";
  for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(path + s);
  auto store = SqliteStore::Open(path, {});
  if (!store.ok()) {
    state.SkipWithError(store.status().ToString().c_str());
    return;
  }
  std::mt19937_64 rng(7);
  int64_t docs = 0, events = 0, in_batch = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const std::string id = "d" + std::to_string(docs);
    std::vector<Event> ev;
    for (int i = 0; i < 10; ++i) ev.push_back(RandomEvent(rng, id, i));
    DocumentMeta m;
    m.id = id;
    m.date = "2024-01-01";
    m.source = "Bench";
    std::string text = TextFor(rng, static_cast<int>(docs));
    state.ResumeTiming();
    if (!(*store)->in_transaction()) (void)(*store)->Begin();
    auto r = (*store)->AddDocument(m, text, ev, kProv);
    if (!r.ok() || r->outcome != AddOutcome::kNew) {
      state.SkipWithError("insert failed");
      break;
    }
    ++docs;
    events += r->events;
    if (++in_batch == 200) {
      (void)(*store)->Commit();
      in_batch = 0;
    }
  }
  (void)(*store)->Commit();
  auto count = (*store)->CountEvents({});
  if (!count.ok() || *count != events) state.SkipWithError("event count mismatch");
  state.counters["docs/s"] = benchmark::Counter(static_cast<double>(docs), benchmark::Counter::kIsRate);
  state.counters["events/s"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
  store->reset();
  for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(path + s);
}
BENCHMARK(BM_StoreInsert)->Unit(benchmark::kMicrosecond)->Iterations(20000);

constexpr int64_t kBigEvents = 1000000;

std::string BigStorePath() {
  const char* env = std::getenv("SITREP_BENCH_STORE");
  return env ? env : "/tmp/sitrep_store_bench_1m.db";
}

// Opens (generating when needed) the 1M-event store read-only.
SqliteStore* BigStore() {
  static std::unique_ptr<SqliteStore> store = [] {
    const std::string path = BigStorePath();
    if (std::getenv("SITREP_BENCH_STORE_MIGRATE") != nullptr && std::filesystem::exists(path)) {
      const auto t0 = std::chrono::steady_clock::now();
      auto w = SqliteStore::Open(path, {});  // migrates an older schema
      std::fprintf(stderr, "opened for writing (migration if needed) in %.1f s: %s\n",
                   std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(),
                   w.ok() ? "ok" : w.status().ToString().c_str());
    }
    {
      StoreOptions ro;
      ro.read_only = true;
      auto s = SqliteStore::Open(path, ro);
      if (s.ok()) {
        auto n = (*s)->CountEvents({});
        if (n.ok() && *n == kBigEvents) return std::move(s).value();
      }
    }
    for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(path + s);
    std::fprintf(stderr, "generating %lld events into %s ...\n",
                 static_cast<long long>(kBigEvents), path.c_str());
    const auto t0 = std::chrono::steady_clock::now();
    {
      auto w = SqliteStore::Open(path, {});
      if (!w.ok()) return std::unique_ptr<SqliteStore>();
      std::mt19937_64 rng(42);
      const int per_doc = 10;
      for (int64_t d = 0; d < kBigEvents / per_doc; ++d) {
        if (d % 1000 == 0) (void)(*w)->Begin();
        const std::string id = "g" + std::to_string(d);
        std::vector<Event> ev;
        for (int i = 0; i < per_doc; ++i) ev.push_back(RandomEvent(rng, id, i));
        DocumentMeta m;
        m.id = id;
        m.date = ev[0].date.value;
        m.source = "Outlet " + std::to_string(d % 50);
        if (!(*w)->AddDocument(m, TextFor(rng, static_cast<int>(d)), ev, kProv).ok()) {
          return std::unique_ptr<SqliteStore>();
        }
        if (d % 1000 == 999) (void)(*w)->Commit();
      }
      (void)(*w)->Commit();
    }
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::fprintf(stderr, "generated in %.1f s (%.0f events/s)\n", secs, kBigEvents / secs);
    StoreOptions ro;
    ro.read_only = true;
    auto s = SqliteStore::Open(path, ro);
    return s.ok() ? std::move(s).value() : std::unique_ptr<SqliteStore>();
  }();
  return store.get();
}

// Runs `query` once per iteration, timing each call; reports p50/p99 in ms.
template <typename Fn>
void LatencyLoop(benchmark::State& state, Fn query) {
  std::vector<double> ms;
  int64_t rows = 0;
  for (auto _ : state) {
    const auto t0 = std::chrono::steady_clock::now();
    int64_t n = query();
    const auto t1 = std::chrono::steady_clock::now();
    if (n < 0) {
      state.SkipWithError("query failed");
      return;
    }
    rows += n;
    ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  auto pct = [&](double p) {
    return ms.empty() ? 0.0 : ms[std::min(ms.size() - 1, static_cast<size_t>(p * ms.size()))];
  };
  state.counters["p50_ms"] = pct(0.50);
  state.counters["p99_ms"] = pct(0.99);
  state.counters["rows/query"] = ms.empty() ? 0.0 : static_cast<double>(rows) / ms.size();
}

void BM_DyadSeries(benchmark::State& state) {
  SqliteStore* store = BigStore();
  if (store == nullptr) {
    state.SkipWithError("cannot open or generate the 1M-event store");
    return;
  }
  std::mt19937_64 rng(1);
  LatencyLoop(state, [&]() -> int64_t {
    const char* a = kCountries[rng() % kNumCountries];
    const char* b = kCountries[rng() % kNumCountries];
    const int start = static_cast<int>(rng() % 640);
    auto s = store->DyadSeries(a, b, DateFor(start), DateFor(start + 89));
    if (!s.ok()) return -1;
    int64_t n = 0;
    for (const auto& p : *s) n += p.events;
    return n;
  });
}
BENCHMARK(BM_DyadSeries)->Unit(benchmark::kMillisecond)->Iterations(500);

void BM_FilteredPage(benchmark::State& state) {
  SqliteStore* store = BigStore();
  if (store == nullptr) {
    state.SkipWithError("cannot open or generate the 1M-event store");
    return;
  }
  std::mt19937_64 rng(2);
  LatencyLoop(state, [&]() -> int64_t {
    EventFilter f;
    f.actor = std::string(kCountries[rng() % kNumCountries]) + kRoles[rng() % 6];
    f.code = kCodes[rng() % (sizeof(kCodes) / sizeof(kCodes[0]))];
    f.code.resize(2);
    const int start = static_cast<int>(rng() % 700);
    f.from = DateFor(start);
    f.to = DateFor(start + 29);
    f.limit = 100;
    auto r = store->QueryEvents(f);
    return r.ok() ? static_cast<int64_t>(r->size()) : -1;
  });
}
BENCHMARK(BM_FilteredPage)->Unit(benchmark::kMillisecond)->Iterations(500);

void BM_CountryPage(benchmark::State& state) {
  SqliteStore* store = BigStore();
  if (store == nullptr) {
    state.SkipWithError("cannot open or generate the 1M-event store");
    return;
  }
  std::mt19937_64 rng(3);
  LatencyLoop(state, [&]() -> int64_t {
    EventFilter f;
    f.country = kCountries[rng() % kNumCountries];
    const int start = static_cast<int>(rng() % 700);
    f.from = DateFor(start);
    f.to = DateFor(start + 6);
    f.happened_only = true;
    f.limit = 100;
    auto r = store->QueryEvents(f);
    return r.ok() ? static_cast<int64_t>(r->size()) : -1;
  });
}
BENCHMARK(BM_CountryPage)->Unit(benchmark::kMillisecond)->Iterations(500);

void BM_ActorCodePage(benchmark::State& state) {
  SqliteStore* store = BigStore();
  if (store == nullptr) {
    state.SkipWithError("cannot open or generate the 1M-event store");
    return;
  }
  std::mt19937_64 rng(4);
  LatencyLoop(state, [&]() -> int64_t {
    serve::EventQuery q;
    q.actor = kCountries[rng() % kNumCountries];
    q.code = std::string(kCodes[rng() % (sizeof(kCodes) / sizeof(kCodes[0]))]).substr(0, 2);
    q.limit = 100;
    int64_t n = 0;
    Status s = serve::ListEvents(store->handle(), q, [&](serve::EventRow&&) { ++n; });
    return s.ok() ? n : -1;
  });
}
BENCHMARK(BM_ActorCodePage)->Unit(benchmark::kMillisecond)->Iterations(300);

void BM_StoreActorCodePage(benchmark::State& state) {
  SqliteStore* store = BigStore();
  if (store == nullptr) {
    state.SkipWithError("cannot open or generate the 1M-event store");
    return;
  }
  std::mt19937_64 rng(5);
  LatencyLoop(state, [&]() -> int64_t {
    EventFilter f;
    f.actor = kCountries[rng() % kNumCountries];
    f.code = std::string(kCodes[rng() % (sizeof(kCodes) / sizeof(kCodes[0]))]).substr(0, 2);
    f.limit = 100;
    auto r = store->QueryEvents(f);
    return r.ok() ? static_cast<int64_t>(r->size()) : -1;
  });
}
BENCHMARK(BM_StoreActorCodePage)->Unit(benchmark::kMillisecond)->Iterations(300);

void BM_UndirectedSeries(benchmark::State& state) {
  SqliteStore* store = BigStore();
  if (store == nullptr) {
    state.SkipWithError("cannot open or generate the 1M-event store");
    return;
  }
  std::mt19937_64 rng(6);
  LatencyLoop(state, [&]() -> int64_t {
    std::string a = kCountries[rng() % kNumCountries], b = kCountries[rng() % kNumCountries];
    if (b < a) std::swap(a, b);
    serve::SeriesQuery q;
    q.dyad_a = a;
    q.dyad_b = b;
    q.weekly = true;
    auto r = serve::QuerySeries(store->handle(), q);
    if (!r.ok()) return -1;
    int64_t n = 0;
    for (const auto& bucket : *r) n += bucket.events;
    return n;
  });
}
BENCHMARK(BM_UndirectedSeries)->Unit(benchmark::kMillisecond)->Iterations(300);

void BM_TopDyads(benchmark::State& state) {
  SqliteStore* store = BigStore();
  if (store == nullptr) {
    state.SkipWithError("cannot open or generate the 1M-event store");
    return;
  }
  std::mt19937_64 rng(7);
  LatencyLoop(state, [&]() -> int64_t {
    EventFilter f;
    const int start = static_cast<int>(rng() % 700);
    f.from = DateFor(start);
    f.to = DateFor(start + 29);
    auto r = store->TopDyads(f, 100);
    return r.ok() ? static_cast<int64_t>(r->size()) : -1;
  });
}
BENCHMARK(BM_TopDyads)->Unit(benchmark::kMillisecond)->Iterations(100);

}  // namespace
}  // namespace sitrep::store

BENCHMARK_MAIN();
