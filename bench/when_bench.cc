// when_bench: throughput of the time, number and casualty finders over real
// news text: the <BODY> sections of the Reuters-21578 SGML files in
// ../shared/data/bench-corpus/reuters-21578/ (read at run time, never copied
// into the repo). Each body becomes a Document analysed once by
// text::AnalyzeText before timing; the benchmarks then time only the finders
// (and, for comparison, the text analysis itself), so the cost of this stage
// can be stated relative to tokenisation.
//
//   build-when-howmany/bench/when_bench --benchmark_min_time=2
//
// Every benchmark checks its answer: the number of expressions found must be
// non-zero and is reported as a counter.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "mentions/casualty_finder.h"
#include "mentions/number_finder.h"
#include "mentions/time_finder.h"
#include "text/text_analyzer.h"

namespace {

using sitrep::Document;

struct Corpus {
  std::vector<std::unique_ptr<Document>> docs;
  std::vector<std::string> raw;  // bodies, for the AnalyzeText benchmark
  size_t bytes = 0;
  size_t sentences = 0;
};

std::string ReadAll(const std::string& path) {
  std::string out;
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return out;
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  std::fclose(f);
  return out;
}

// "26-FEB-1987 15:01:01.79" -> "1987-02-26".
std::string ReutersDate(std::string_view d) {
  static const char* kMon[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                               "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
  while (!d.empty() && d.front() == ' ') d.remove_prefix(1);
  size_t a = d.find('-'), b = d.find('-', a + 1);
  if (a == std::string_view::npos || b == std::string_view::npos || b + 5 > d.size()) return "";
  std::string_view mon = d.substr(a + 1, b - a - 1);
  for (int m = 0; m < 12; ++m) {
    if (mon == kMon[m]) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "%.4s-%02d-%02d", d.data() + b + 1, m + 1,
                    std::atoi(std::string(d.substr(0, a)).c_str()));
      return buf;
    }
  }
  return "";
}

const Corpus& GetCorpus() {
  static Corpus* corpus = [] {
    auto* c = new Corpus;
    const std::string dir = SITREP_SOURCE_DIR "/../shared/data/bench-corpus/reuters-21578/";
    for (int i = 0; i < 22; ++i) {
      char name[32];
      std::snprintf(name, sizeof name, "reut2-%03d.sgm", i);
      std::string sgm = ReadAll(dir + name);
      size_t pos = 0;
      while (true) {
        size_t r = sgm.find("<REUTERS", pos);
        if (r == std::string::npos) break;
        size_t rend = sgm.find("</REUTERS>", r);
        if (rend == std::string::npos) break;
        std::string_view rec(sgm.data() + r, rend - r);
        pos = rend;
        size_t db = rec.find("<DATE>"), de = rec.find("</DATE>");
        size_t bb = rec.find("<BODY>"), be = rec.find("</BODY>");
        if (bb == std::string_view::npos || be == std::string_view::npos) continue;
        auto doc = std::make_unique<Document>();
        doc->original = std::string(rec.substr(bb + 6, be - bb - 6));
        if (db != std::string_view::npos && de != std::string_view::npos)
          doc->meta.date = ReutersDate(rec.substr(db + 6, de - db - 6));
        c->raw.push_back(doc->original);
        if (!sitrep::text::AnalyzeText(doc.get()).ok()) continue;
        c->bytes += doc->original.size();
        c->sentences += doc->sentences.size();
        c->docs.push_back(std::move(doc));
      }
    }
    return c;
  }();
  return *corpus;
}

void Finish(benchmark::State& state, const Corpus& c, int64_t found, const char* what) {
  if (c.docs.empty()) {
    state.SkipWithError("Reuters-21578 corpus not found");
    return;
  }
  if (found == 0) state.SkipWithError("nothing found: the finder is broken");
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c.bytes));
  state.counters["sentences/s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * c.sentences), benchmark::Counter::kIsRate);
  state.counters[what] = static_cast<double>(found);
  state.counters["docs"] = static_cast<double>(c.docs.size());
}

void BM_FindTimes(benchmark::State& state) {
  const Corpus& c = GetCorpus();
  int64_t found = 0;
  for (auto _ : state) {
    found = 0;
    for (const auto& d : c.docs)
      for (const auto& s : d->sentences) {
        auto v = sitrep::mentions::FindTimes(*d, s, d->meta.date);
        found += static_cast<int64_t>(v.size());
        benchmark::DoNotOptimize(v.data());
      }
  }
  Finish(state, c, found, "times");
}
BENCHMARK(BM_FindTimes)->Unit(benchmark::kMillisecond);

void BM_FindNumbers(benchmark::State& state) {
  const Corpus& c = GetCorpus();
  int64_t found = 0;
  for (auto _ : state) {
    found = 0;
    for (const auto& d : c.docs)
      for (const auto& s : d->sentences) {
        auto v = sitrep::mentions::FindNumbers(*d, s);
        found += static_cast<int64_t>(v.size());
        benchmark::DoNotOptimize(v.data());
      }
  }
  Finish(state, c, found, "numbers");
}
BENCHMARK(BM_FindNumbers)->Unit(benchmark::kMillisecond);

void BM_FindCasualties(benchmark::State& state) {
  const Corpus& c = GetCorpus();
  int64_t found = 0;
  for (auto _ : state) {
    found = 0;
    for (const auto& d : c.docs)
      for (const auto& s : d->sentences) {
        auto v = sitrep::mentions::FindCasualties(*d, s, nullptr);
        found += static_cast<int64_t>(v.size());
        benchmark::DoNotOptimize(v.data());
      }
  }
  Finish(state, c, found, "casualties");
}
BENCHMARK(BM_FindCasualties)->Unit(benchmark::kMillisecond);

// The reference point: the text stage on the same bodies.
void BM_AnalyzeText(benchmark::State& state) {
  const Corpus& c = GetCorpus();
  int64_t found = 0;
  for (auto _ : state) {
    found = 0;
    for (const std::string& body : c.raw) {
      Document d;
      d.original = body;
      if (sitrep::text::AnalyzeText(&d).ok()) found += static_cast<int64_t>(d.sentences.size());
    }
  }
  Finish(state, c, found, "sentences");
}
BENCHMARK(BM_AnalyzeText)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
