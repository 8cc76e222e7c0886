// Ingest throughput over the Reuters-21578 corpus (../shared/data/
// bench-corpus/reuters-21578/reut2-*.sgm: <BODY> text, <TITLE>, <DATE>,
// NEWID), twice:
//   BM_Ingest/store:0   coding only (Engine::Code per document)
//   BM_Ingest/store:1   coding + storing into a fresh SQLite store, the way
//                       `sitrep ingest` does it: FindDuplicate before coding,
//                       AddDocument after, one transaction per 200 documents
//                       or per second, whichever comes first.
//   BM_StoreReplay      the store calls of store:1 alone, replaying the events
//                       the engine made (coded once per process, or read from
//                       SITREP_BENCH_CODED_CACHE when that file exists; written
//                       there otherwise): for profiling the store and for A/B
//                       runs of store changes without re-coding the corpus.
// Counters: docs/s, events/s (wall clock of the whole run), code_s and
// store_s (wall seconds spent in coding and in store calls within the run),
// store_overhead_pct = store_s / code_s * 100 (issue #7 target: <= 15), the
// same ratio over thread CPU time (store_cpu_overhead_pct, less sensitive to
// other processes on a shared machine), and the events stored (checked
// against the store's count).
//
//   SITREP_BENCH_DOCS=2000 build/bench/ingest_bench    # limit the documents
//   SITREP_BENCH_INGEST_DB=/path/x.db                  # where the store goes
//                                                      # (default /tmp, removed after)
//   SITREP_BENCH_CODED_CACHE=/tmp/reuters.events       # BM_StoreReplay's events
//   build/bench/ingest_bench --benchmark_filter=Replay # the store alone
#include <benchmark/benchmark.h>
#include <sqlite3.h>
#include <time.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "base/paths.h"
#include "sitrep/engine.h"
#include "store/event_json.h"
#include "store/sqlite_store.h"

namespace sitrep {
namespace {

struct CorpusDoc {
  std::string id, title, date, text;
};

// The SGML files are Latin-1 with a few entities; the engine wants UTF-8,
// so entities are decoded and other non-ASCII bytes become spaces.
std::string Clean(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '&') {
      static const struct {
        const char* entity;
        char c;
      } kEntities[] = {{"&lt;", '<'}, {"&gt;", '>'}, {"&amp;", '&'}, {"&quot;", '"'}};
      bool done = false;
      for (const auto& e : kEntities) {
        const size_t n = std::char_traits<char>::length(e.entity);
        if (s.compare(i, n, e.entity) == 0) {
          out += e.c;
          i += n - 1;
          done = true;
          break;
        }
      }
      if (done) continue;
      if (s.compare(i, 2, "&#") == 0) {  // numeric references: control characters here
        const size_t semi = s.find(';', i);
        if (semi != std::string::npos && semi - i < 8) {
          out += ' ';
          i = semi;
          continue;
        }
      }
    }
    const unsigned char c = static_cast<unsigned char>(s[i]);
    out += c < 0x80 ? static_cast<char>(c) : ' ';
  }
  return out;
}

// Text between <tag> and </tag> inside [from, to), or "".
std::string Element(const std::string& s, size_t from, size_t to, const std::string& tag) {
  const size_t b = s.find("<" + tag + ">", from);
  if (b == std::string::npos || b >= to) return "";
  const size_t start = b + tag.size() + 2;
  const size_t e = s.find("</" + tag + ">", start);
  if (e == std::string::npos || e > to) return "";
  return s.substr(start, e - start);
}

// "26-FEB-1987 15:01:01.79" -> "1987-02-26" ("" when it does not parse).
std::string IsoDate(const std::string& d) {
  static const char* kMonths[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                  "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
  size_t p = d.find_first_not_of(' ');
  if (p == std::string::npos || d.size() < p + 11) return "";
  const std::string day = d.substr(p, 2), mon = d.substr(p + 3, 3), year = d.substr(p + 7, 4);
  for (int m = 0; m < 12; ++m) {
    if (mon == kMonths[m]) {
      const std::string mm = (m < 9 ? "0" : "") + std::to_string(m + 1);
      return year + "-" + mm + "-" + (day[0] == ' ' ? "0" + day.substr(1) : day);
    }
  }
  return "";
}

const std::vector<CorpusDoc>& Corpus() {
  static const std::vector<CorpusDoc> docs = [] {
    std::vector<CorpusDoc> v;
    const std::string dir =
        std::string(SITREP_SOURCE_DIR) + "/../shared/data/bench-corpus/reuters-21578";
    const char* env = std::getenv("SITREP_BENCH_DOCS");
    const size_t limit = env ? std::strtoul(env, nullptr, 10) : static_cast<size_t>(-1);
    for (int i = 0; i <= 21 && v.size() < limit; ++i) {
      char name[32];
      std::snprintf(name, sizeof name, "/reut2-%03d.sgm", i);
      auto file = ReadFile(dir + name);
      if (!file.ok()) continue;
      const std::string& s = *file;
      size_t pos = 0;
      while (v.size() < limit) {
        const size_t open = s.find("<REUTERS", pos);
        if (open == std::string::npos) break;
        const size_t close = s.find("</REUTERS>", open);
        if (close == std::string::npos) break;
        pos = close;
        std::string body = Element(s, open, close, "BODY");
        if (body.empty()) continue;  // title-only records carry no article
        CorpusDoc d;
        const size_t id = s.find("NEWID=\"", open);
        d.id = "reuters-" + (id != std::string::npos && id < close
                                 ? s.substr(id + 7, s.find('"', id + 7) - id - 7)
                                 : std::to_string(v.size()));
        d.title = Clean(Element(s, open, close, "TITLE"));
        d.date = IsoDate(Element(s, open, close, "DATE"));
        d.text = Clean(body);
        v.push_back(std::move(d));
      }
    }
    return v;
  }();
  return docs;
}

double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

using Clock = std::chrono::steady_clock;
double Since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// An empty store at `path` (any earlier file and its WAL removed), opened
// outside the timed region; null after SkipWithError when it cannot be opened.
std::unique_ptr<store::SqliteStore> OpenFreshStore(const std::string& path, benchmark::State& state) {
  state.PauseTiming();
  for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(path + s);
  auto opened = store::SqliteStore::Open(path, {});
  state.ResumeTiming();
  if (!opened.ok()) {
    state.SkipWithError(opened.status().ToString().c_str());
    return nullptr;
  }
  return std::move(opened).value();
}

void BM_Ingest(benchmark::State& state) {
  const bool with_store = state.range(0) != 0;
  EngineOptions options;
  options.require_model = true;  // without the model nothing is coded: not a measurement
  auto engine = Engine::Create(options);
  if (!engine.ok()) {
    state.SkipWithError(engine.status().ToString().c_str());
    return;
  }
  const std::vector<CorpusDoc>& docs = Corpus();
  if (docs.empty()) {
    state.SkipWithError("no Reuters-21578 documents found under ../shared/data/bench-corpus");
    return;
  }
  const char* env_db = std::getenv("SITREP_BENCH_INGEST_DB");
  const std::string path = env_db ? env_db
                                   : "/tmp/sitrep_ingest_bench_" + std::to_string(getpid()) + ".db";
  const store::Provenance prov{(*engine)->version(), (*engine)->dictionaries_hash(),
                               (*engine)->model_hash()};
  double code_s = 0, store_s = 0, code_cpu = 0, store_cpu = 0;
  int64_t events = 0, stored_events = 0, coded_docs = 0;
  for (auto _ : state) {
    std::unique_ptr<store::SqliteStore> db;
    if (with_store) {
      db = OpenFreshStore(path, state);
      if (!db) return;
    }
    int in_batch = 0;
    Clock::time_point batch_started = Clock::now();
    for (const CorpusDoc& cd : docs) {
      Document doc;
      doc.original = cd.text;
      doc.meta.id = cd.id;
      doc.meta.title = cd.title;
      doc.meta.date = cd.date;
      doc.meta.source = "Reuters";
      Clock::time_point t0 = Clock::now();
      double c0 = ThreadCpuSeconds();
      if (db) {
        if (!db->in_transaction()) {
          if (!db->Begin().ok()) {
            state.SkipWithError("begin failed");
            return;
          }
          batch_started = Clock::now();
        }
        auto known = db->FindDuplicate(doc.meta, doc.original);
        if (!known.ok()) {
          state.SkipWithError(known.status().ToString().c_str());
          return;
        }
        store_s += Since(t0);
        store_cpu += ThreadCpuSeconds() - c0;
        if (known->has_value()) continue;  // Reuters repeats a few stories verbatim
      }
      const DocumentMeta meta = doc.meta;
      t0 = Clock::now();
      c0 = ThreadCpuSeconds();
      auto coded = (*engine)->Code(std::move(doc));
      code_s += Since(t0);
      code_cpu += ThreadCpuSeconds() - c0;
      if (!coded.ok()) continue;
      if (coded_docs == 0 && !coded->warnings.empty()) {
        std::fprintf(stderr, "ingest_bench: warning: %s\n", coded->warnings.front().c_str());
      }
      ++coded_docs;
      events += static_cast<int64_t>(coded->events.size());
      if (!db) continue;
      t0 = Clock::now();
      c0 = ThreadCpuSeconds();
      auto added = db->AddDocument(meta, cd.text, coded->events, prov);
      if (!added.ok()) {
        state.SkipWithError(added.status().ToString().c_str());
        return;
      }
      stored_events += added->events;
      if (++in_batch >= store::kDefaultBatchDocuments || Since(batch_started) >= store::kDefaultBatchSeconds) {
        if (!db->Commit().ok()) {
          state.SkipWithError("commit failed");
          return;
        }
        in_batch = 0;
      }
      store_s += Since(t0);
      store_cpu += ThreadCpuSeconds() - c0;
    }
    if (db) {
      Clock::time_point t0 = Clock::now();
      double c0 = ThreadCpuSeconds();
      if (!db->Commit().ok()) {
        state.SkipWithError("commit failed");
        return;
      }
      store_s += Since(t0);
      store_cpu += ThreadCpuSeconds() - c0;
      state.PauseTiming();
      auto n = db->CountEvents({});
      if (!n.ok() || *n != stored_events) state.SkipWithError("stored event count mismatch");
      db.reset();
      if (!env_db) {
        for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(path + s);
      }
      state.ResumeTiming();
    }
  }
  using benchmark::Counter;
  state.counters["docs/s"] = Counter(static_cast<double>(coded_docs), Counter::kIsRate);
  state.counters["events/s"] = Counter(static_cast<double>(events), Counter::kIsRate);
  state.counters["docs"] = static_cast<double>(coded_docs) / static_cast<double>(state.iterations());
  state.counters["events"] = static_cast<double>(events) / static_cast<double>(state.iterations());
  state.counters["code_s"] = code_s;
  if (with_store) {
    state.counters["store_s"] = store_s;
    state.counters["store_overhead_pct"] = code_s > 0 ? 100.0 * store_s / code_s : 0.0;
    state.counters["store_cpu_overhead_pct"] = code_cpu > 0 ? 100.0 * store_cpu / code_cpu : 0.0;
  }
}

// The corpus's events as the engine codes them, one vector per document of
// Corpus() (empty for documents that failed to code), with the coding CPU
// seconds; read from / written to SITREP_BENCH_CODED_CACHE when set. Cache
// format: a header line "sitrep-bench-events <docs> <code_cpu_s>", then per
// document a line "<index> <events>" followed by that many event JSON lines.
struct CodedCorpus {
  std::vector<std::vector<Event>> events;
  double code_cpu_s = 0;
  std::string error;
};

const CodedCorpus& Coded() {
  static const CodedCorpus coded = [] {
    CodedCorpus c;
    const std::vector<CorpusDoc>& docs = Corpus();
    const char* cache = std::getenv("SITREP_BENCH_CODED_CACHE");
    if (cache != nullptr) {
      std::ifstream in(cache);
      std::string tag;
      size_t n = 0;
      if (in >> tag >> n >> c.code_cpu_s && tag == "sitrep-bench-events" && n == docs.size()) {
        c.events.resize(n);
        std::string line;
        for (size_t d = 0; d < n; ++d) {
          size_t index = 0, count = 0;
          if (!(in >> index >> count) || index != d) break;
          std::getline(in, line);
          for (size_t k = 0; k < count && std::getline(in, line); ++k) {
            auto e = store::EventFromJson(line);
            if (e.ok()) c.events[d].push_back(std::move(e).value());
          }
        }
        return c;
      }
    }
    EngineOptions options;
    options.require_model = true;
    auto engine = Engine::Create(options);
    if (!engine.ok()) {
      c.error = engine.status().ToString();
      return c;
    }
    c.events.resize(docs.size());
    const double c0 = ThreadCpuSeconds();
    for (size_t d = 0; d < docs.size(); ++d) {
      Document doc;
      doc.original = docs[d].text;
      doc.meta.id = docs[d].id;
      doc.meta.title = docs[d].title;
      doc.meta.date = docs[d].date;
      doc.meta.source = "Reuters";
      auto r = (*engine)->Code(std::move(doc));
      if (r.ok()) c.events[d] = std::move(r->events);
    }
    c.code_cpu_s = ThreadCpuSeconds() - c0;
    if (cache != nullptr) {
      std::ofstream out(cache);
      out << "sitrep-bench-events " << docs.size() << " " << c.code_cpu_s << "\n";
      for (size_t d = 0; d < docs.size(); ++d) {
        out << d << " " << c.events[d].size() << "\n";
        for (const Event& e : c.events[d]) out << store::EventToJson(e) << "\n";
      }
    }
    return c;
  }();
  return coded;
}

void BM_StoreReplay(benchmark::State& state) {
  const std::vector<CorpusDoc>& docs = Corpus();
  const CodedCorpus& coded = Coded();
  if (!coded.error.empty() || docs.empty()) {
    state.SkipWithError(docs.empty() ? "no Reuters-21578 documents" : coded.error.c_str());
    return;
  }
  const char* env_db = std::getenv("SITREP_BENCH_INGEST_DB");
  const std::string path =
      env_db ? env_db : "/tmp/sitrep_ingest_bench_" + std::to_string(getpid()) + ".db";
  const store::Provenance prov{"bench", "bench-dictionaries", "bench-model"};
  double store_cpu = 0;
  int64_t stored_docs = 0, stored_events = 0, pages_written = 0;
  for (auto _ : state) {
    std::unique_ptr<store::SqliteStore> db = OpenFreshStore(path, state);
    if (!db) return;
    const double c0 = ThreadCpuSeconds();
    int in_batch = 0;
    Clock::time_point batch_started = Clock::now();
    const char* env_batch = std::getenv("SITREP_BENCH_BATCH");
    const int batch = env_batch ? std::atoi(env_batch) : store::kDefaultBatchDocuments;
    for (size_t d = 0; d < docs.size(); ++d) {
      const CorpusDoc& cd = docs[d];
      DocumentMeta meta;
      meta.id = cd.id;
      meta.title = cd.title;
      meta.date = cd.date;
      meta.source = "Reuters";
      if (!db->in_transaction()) {
        if (!db->Begin().ok()) {
          state.SkipWithError("begin failed");
          return;
        }
        batch_started = Clock::now();
      }
      auto known = db->FindDuplicate(meta, cd.text);
      if (!known.ok() || known->has_value()) continue;
      auto added = db->AddDocument(meta, cd.text, coded.events[d], prov);
      if (!added.ok()) {
        state.SkipWithError(added.status().ToString().c_str());
        return;
      }
      ++stored_docs;
      stored_events += added->events;
      if (++in_batch >= batch || Since(batch_started) >= 1.0) {
        if (!db->Commit().ok()) {
          state.SkipWithError("commit failed");
          return;
        }
        in_batch = 0;
      }
    }
    if (!db->Commit().ok()) {
      state.SkipWithError("commit failed");
      return;
    }
    store_cpu += ThreadCpuSeconds() - c0;
    state.PauseTiming();
    int cur = 0, high = 0;
    sqlite3_db_status(db->handle(), SQLITE_DBSTATUS_CACHE_WRITE, &cur, &high, 0);
    pages_written += cur;
    db.reset();
    if (!env_db) {
      for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(path + s);
    }
    state.ResumeTiming();
  }
  const double iters = static_cast<double>(state.iterations());
  using benchmark::Counter;
  state.counters["docs/s"] = Counter(static_cast<double>(stored_docs), Counter::kIsRate);
  state.counters["events/s"] = Counter(static_cast<double>(stored_events), Counter::kIsRate);
  state.counters["store_cpu_s"] = store_cpu / iters;
  state.counters["store_cpu_us_per_doc"] = 1e6 * store_cpu / static_cast<double>(stored_docs);
  // Pages the store wrote to the WAL (SQLITE_DBSTATUS_CACHE_WRITE) per
  // document: the mechanism behind most of the CPU time, and deterministic.
  state.counters["pages_per_doc"] =
      static_cast<double>(pages_written) / static_cast<double>(stored_docs);
  // Against the coding CPU of the cached (or this process's) coding pass:
  // indicative only, the two were not measured back to back.
  state.counters["vs_code_cpu_pct"] = 100.0 * store_cpu / iters / coded.code_cpu_s;
}
BENCHMARK(BM_StoreReplay)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(3);

BENCHMARK(BM_Ingest)
    ->Arg(0)
    ->Arg(1)
    ->ArgName("store")
    ->Unit(benchmark::kSecond)
    ->UseRealTime()
    ->Iterations(1);

}  // namespace
}  // namespace sitrep

BENCHMARK_MAIN();
