// Serve benchmarks and the load-test store generator.
//
//   serve_bench --generate=PATH [--events=1000000]
//       writes a store of synthetic events (10 per article, 30 countries, two
//       years, 70% located in a sentence) through SqliteStore::AddDocument,
//       for scripts/load-test.sh (wrk, 64 connections).
//   serve_bench [benchmark flags]
//       in-process server on a generated store of 100,000 events; one client
//       on loopback calls the main endpoints (latency of one request, no
//       concurrency: the concurrent numbers come from the load test). Each
//       benchmark checks its answer (status 200 and a non-empty body).
#include <benchmark/benchmark.h>
#include <httplib.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <thread>

#include "monitor/series.h"
#include "serve/server.h"
#include "store/sqlite_store.h"

namespace {

const char* kCountries[] = {"RUS", "UKR", "USA", "CHN", "ISR", "PSE", "SYR", "IRN", "IRQ", "YEM",
                            "SDN", "ETH", "SOM", "MLI", "NGA", "COD", "AFG", "PAK", "IND", "MMR",
                            "TUR", "SAU", "EGY", "LBY", "FRA", "DEU", "GBR", "POL", "ARM", "AZE"};
const double kLatLon[][2] = {{55.7, 37.6}, {50.4, 30.5}, {38.9, -77.0}, {39.9, 116.4}, {31.8, 35.2},
                             {31.5, 34.4}, {33.5, 36.3}, {35.7, 51.4}, {33.3, 44.4}, {15.4, 44.2},
                             {15.6, 32.5}, {9.0, 38.7},  {2.0, 45.3},  {12.6, -8.0}, {9.1, 7.4},
                             {-4.3, 15.3}, {34.5, 69.2}, {33.7, 73.1}, {28.6, 77.2}, {19.7, 96.1},
                             {39.9, 32.9}, {24.7, 46.7}, {30.0, 31.2}, {32.9, 13.2}, {48.9, 2.4},
                             {52.5, 13.4}, {51.5, -0.1}, {52.2, 21.0}, {40.2, 44.5}, {40.4, 49.9}};
const char* kCodes[] = {"010", "036", "042", "051", "057", "061", "070", "112", "120", "138",
                        "172", "173", "180", "190", "193", "195", "200"};

int QuadOf(const std::string& code) {
  int root = std::stoi(code.substr(0, 2));
  if (root <= 5) return 1;
  if (root <= 9) return 2;
  if (root <= 14) return 3;
  return 4;
}

sitrep::Status Generate(const std::string& path, int64_t n_events) {
  std::filesystem::remove(path);
  std::filesystem::remove(path + "-wal");
  std::filesystem::remove(path + "-shm");
  SITREP_ASSIGN_OR_RETURN(auto st, sitrep::store::SqliteStore::Open(path, {}));
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<int> country(0, 29), code(0, 16), day(0, 729), pct(0, 99);
  int64_t start;
  sitrep::monitor::DayOfDate("2022-01-01", &start);
  const int per_doc = 10;
  const int64_t docs = (n_events + per_doc - 1) / per_doc;
  SITREP_RETURN_IF_ERROR(st->Begin());
  for (int64_t d = 0; d < docs; ++d) {
    sitrep::DocumentMeta meta;
    meta.id = "gen-" + std::to_string(d);
    meta.date = sitrep::monitor::DateOfDay(start + day(rng));
    meta.source = "outlet" + std::to_string(d % 50);
    meta.title = "Generated article " + std::to_string(d);
    std::string text = "Generated article number " + std::to_string(d) + " about events on " +
                       meta.date + ". Forces clashed and officials met.";
    std::vector<sitrep::Event> events;
    for (int i = 0; i < per_doc && d * per_doc + i < n_events; ++i) {
      sitrep::Event e;
      e.id = meta.id + "-" + std::to_string(i);
      e.doc_id = meta.id;
      e.sentence_index = i;
      e.date.value = meta.date;
      e.date.precision = "day";
      e.date.basis = "publication";
      int a = country(rng), b = country(rng);
      if (b == a) b = (a + 1) % 30;
      sitrep::EventActor s, t;
      s.code = s.country = kCountries[a];
      t.code = t.country = kCountries[b];
      s.kind = t.kind = "country";
      s.text = s.code;
      t.text = t.code;
      s.span = {0, 9};
      t.span = {10, 17};
      e.source = s;
      e.target = t;
      e.cameo = kCodes[code(rng)];
      e.cameo_root = e.cameo.substr(0, 2);
      e.quad_class = QuadOf(e.cameo);
      e.goldstein = e.quad_class >= 3 ? -5 : 3;
      if (pct(rng) < 85) {
        sitrep::EventLocation loc;
        loc.name = kCountries[b];
        loc.country = kCountries[b];
        loc.lat = kLatLon[b][0] + (pct(rng) - 50) / 50.0;
        loc.lon = kLatLon[b][1] + (pct(rng) - 50) / 50.0;
        loc.has_coords = true;
        loc.basis = pct(rng) < 80 ? "sentence" : "document";
        loc.precision = "city";
        e.location = loc;
      }
      if (e.quad_class == 4 && pct(rng) < 30) {
        sitrep::Casualty c;
        c.count = 1 + pct(rng) / 5;
        e.fatalities.push_back(c);
      }
      e.sentence = text;
      e.sentence_span = {0, static_cast<uint32_t>(text.size())};
      e.trigger_span = {60, 67};
      events.push_back(std::move(e));
    }
    SITREP_ASSIGN_OR_RETURN(auto r, st->AddDocument(meta, text, events, {"bench", "", ""}));
    (void)r;
    if ((d + 1) % 2000 == 0) {
      SITREP_RETURN_IF_ERROR(st->Commit());
      SITREP_RETURN_IF_ERROR(st->Begin());
      std::fprintf(stderr, "\r%lld events", static_cast<long long>((d + 1) * per_doc));
    }
  }
  SITREP_RETURN_IF_ERROR(st->Commit());
  std::fprintf(stderr, "\rgenerated %lld events in %lld documents\n",
               static_cast<long long>(n_events), static_cast<long long>(docs));
  return sitrep::Status::OK();
}

struct Fixture {
  std::string db;
  std::unique_ptr<sitrep::serve::Server> server;
  std::thread thread;
  int port = 0;
  Fixture() {
    db = (std::filesystem::temp_directory_path() / "sitrep_serve_bench.db").string();
    sitrep::Status s = Generate(db, 100000);
    if (!s.ok()) {
      std::fprintf(stderr, "%s\n", s.ToString().c_str());
      std::abort();
    }
    sitrep::serve::ServerOptions o;
    o.db_path = db;
    o.port = 0;
    auto made = sitrep::serve::Server::Create(o, nullptr);
    if (!made.ok()) std::abort();
    server = std::move(made).value();
    port = *server->Bind();
    thread = std::thread([this] { (void)server->Listen(); });
    while (!server->running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ~Fixture() {
    server->Stop();
    thread.join();
  }
};

Fixture& TheFixture() {
  static Fixture* f = new Fixture();  // leaked on purpose: lives for the process
  return *f;
}

void Get(benchmark::State& state, const char* path) {
  Fixture& f = TheFixture();
  httplib::Client c("127.0.0.1", f.port);
  c.set_keep_alive(true);
  size_t bytes = 0;
  for (auto _ : state) {
    auto r = c.Get(path);
    if (!r || r->status != 200 || r->body.empty()) {
      state.SkipWithError("request failed");
      return;
    }
    bytes += r->body.size();
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}

void BM_Health(benchmark::State& s) { Get(s, "/api/health"); }
void BM_EventsPage(benchmark::State& s) { Get(s, "/api/events?limit=100"); }
void BM_EventsActorFilter(benchmark::State& s) { Get(s, "/api/events?actor=RUS&code=19&limit=100"); }
void BM_EventsMap(benchmark::State& s) { Get(s, "/api/events?located=1&happened=1&limit=5000"); }
void BM_SeriesDyadWeek(benchmark::State& s) { Get(s, "/api/series?dyad=RUS-UKR&interval=week"); }
void BM_Dyads(benchmark::State& s) { Get(s, "/api/dyads?from=2023-01-01&to=2023-01-31"); }
void BM_Document(benchmark::State& s) { Get(s, "/api/documents/gen-777"); }
BENCHMARK(BM_Health);
BENCHMARK(BM_EventsPage);
BENCHMARK(BM_EventsActorFilter);
BENCHMARK(BM_EventsMap);
BENCHMARK(BM_SeriesDyadWeek);
BENCHMARK(BM_Dyads);
BENCHMARK(BM_Document);

}  // namespace

int main(int argc, char** argv) {
  std::string generate;
  int64_t events = 1000000;
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--generate=", 11) == 0) generate = argv[i] + 11;
    if (std::strncmp(argv[i], "--events=", 9) == 0) events = std::atoll(argv[i] + 9);
  }
  if (!generate.empty()) {
    sitrep::Status s = Generate(generate, events);
    if (!s.ok()) {
      std::fprintf(stderr, "%s\n", s.ToString().c_str());
      return 1;
    }
    return 0;
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
