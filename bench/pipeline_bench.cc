// End-to-end throughput over the Reuters-21578 corpus (../shared/data/
// bench-corpus/reuters-21578/reut2-*.sgm, <BODY> texts). Scenarios:
//   BM_Text   — normalise + tokenize + split sentences
//   BM_Actors — actor finding alone on analysed text (its share of the whole)
//   BM_Engine — the whole pipeline (parse, actors, places, events, resolve)
// Counters: documents/s, sentences/s, bytes/s, and events per 1,000
// sentences (the answer check: it must not be zero when the model is present).
// Run pinned to one core:  taskset -c 0 build/bench/pipeline_bench
// SITREP_BENCH_DOCS limits the number of documents (default: all 21,578).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "base/paths.h"
#include "sitrep/engine.h"
#include "lexicon/lexicon.h"
#include "mentions/actor_finder.h"
#include "text/text_analyzer.h"

#include <sys/resource.h>

namespace {

std::string Unescape(std::string s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '&') {
      if (s.compare(i, 4, "&lt;") == 0) { out += '<'; i += 3; continue; }
      if (s.compare(i, 4, "&gt;") == 0) { out += '>'; i += 3; continue; }
      if (s.compare(i, 5, "&amp;") == 0) { out += '&'; i += 4; continue; }
      if (s.compare(i, 2, "&#") == 0) {
        size_t semi = s.find(';', i);
        if (semi != std::string::npos && semi - i < 8) { out += ' '; i = semi; continue; }
      }
    }
    unsigned char c = static_cast<unsigned char>(s[i]);
    out += (c < 0x80) ? static_cast<char>(c) : ' ';  // the corpus is not UTF-8
  }
  return out;
}

const std::vector<std::string>& Corpus() {
  static std::vector<std::string> docs = [] {
    std::vector<std::string> v;
    std::string dir = std::string(SITREP_SOURCE_DIR) + "/../shared/data/bench-corpus/reuters-21578";
    size_t limit = std::getenv("SITREP_BENCH_DOCS") ? std::strtoul(std::getenv("SITREP_BENCH_DOCS"), nullptr, 10)
                                                    : static_cast<size_t>(-1);
    for (int i = 0; i <= 21 && v.size() < limit; ++i) {
      char name[32];
      std::snprintf(name, sizeof(name), "/reut2-%03d.sgm", i);
      auto body = sitrep::ReadFile(dir + name);
      if (!body.ok()) continue;
      size_t pos = 0;
      while (v.size() < limit) {
        size_t b = body->find("<BODY>", pos);
        if (b == std::string::npos) break;
        size_t e = body->find("</BODY>", b);
        if (e == std::string::npos) break;
        v.push_back(Unescape(body->substr(b + 6, e - b - 6)));
        pos = e;
      }
    }
    return v;
  }();
  return docs;
}

void BM_Text(benchmark::State& state) {
  const auto& docs = Corpus();
  size_t bytes = 0, sentences = 0;
  for (auto _ : state) {
    for (const auto& t : docs) {
      sitrep::Document d;
      d.original = t;
      if (!sitrep::text::AnalyzeText(&d).ok()) continue;
      bytes += t.size();
      sentences += d.sentences.size();
      benchmark::DoNotOptimize(d.tokens.data());
    }
  }
  state.counters["docs/s"] = benchmark::Counter(static_cast<double>(docs.size() * state.iterations()),
                                                benchmark::Counter::kIsRate);
  state.counters["sentences/s"] = benchmark::Counter(static_cast<double>(sentences), benchmark::Counter::kIsRate);
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_Text)->Unit(benchmark::kMillisecond)->Iterations(1);

// Actor finding alone (dictionary matching, grouping, coreference) on
// analysed text, to compare with BM_Engine: its share of end-to-end time.
void BM_Actors(benchmark::State& state) {
  auto lex = sitrep::lexicon::Lexicon::LoadDefault();
  if (!lex.ok()) {
    state.SkipWithError(lex.status().ToString().c_str());
    return;
  }
  sitrep::mentions::ActorFinder finder(*lex);
  const auto& docs = Corpus();
  std::vector<sitrep::Document> analysed(docs.size());
  for (size_t i = 0; i < docs.size(); ++i) {
    analysed[i].original = docs[i];
    (void)sitrep::text::AnalyzeText(&analysed[i]);
  }
  size_t sentences = 0, mentions = 0;
  for (auto _ : state) {
    for (const auto& d : analysed) {
      auto m = finder.FindActors(d, {}, sitrep::lexicon::kOpenEnd);
      sentences += d.sentences.size();
      mentions += m.size();
    }
  }
  state.counters["sentences/s"] = benchmark::Counter(static_cast<double>(sentences), benchmark::Counter::kIsRate);
  state.counters["mentions"] = static_cast<double>(mentions);
}
BENCHMARK(BM_Actors)->Unit(benchmark::kMillisecond)->Iterations(1);

// End to end, text to events. Arg 0: the default (sentences with no pattern
// trigger and no casualty word are tagged but not parsed); arg 1: every
// sentence parsed (EngineOptions::parse_all).
void BM_Engine(benchmark::State& state) {
  sitrep::EngineOptions opt;
  opt.parse_all = state.range(0) != 0;
  auto engine = sitrep::Engine::Create(opt);
  if (!engine.ok()) {
    state.SkipWithError(engine.status().ToString().c_str());
    return;
  }
  const auto& docs = Corpus();
  size_t bytes = 0, sentences = 0, events = 0, skipped = 0;
  for (auto _ : state) {
    for (size_t i = 0; i < docs.size(); ++i) {
      sitrep::Document d;
      d.original = docs[i];
      d.meta.id = "reuters-" + std::to_string(i);
      d.meta.date = "1987-03-01";
      auto r = (*engine)->Code(std::move(d));
      if (!r.ok()) continue;
      bytes += docs[i].size();
      sentences += r->doc.sentences.size();
      skipped += r->sentences_skipped;
      events += r->events.size();
    }
  }
  state.counters["docs/s"] = benchmark::Counter(static_cast<double>(docs.size() * state.iterations()),
                                                benchmark::Counter::kIsRate);
  state.counters["sentences/s"] = benchmark::Counter(static_cast<double>(sentences), benchmark::Counter::kIsRate);
  state.counters["events_per_1k_sentences"] =
      sentences ? 1000.0 * static_cast<double>(events) / static_cast<double>(sentences) : 0.0;
  state.counters["skipped_share"] = sentences ? static_cast<double>(skipped) / static_cast<double>(sentences) : 0.0;
  struct rusage ru {};
  getrusage(RUSAGE_SELF, &ru);
  state.counters["peak_rss_MB"] = static_cast<double>(ru.ru_maxrss) / 1024.0;
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_Engine)->Arg(0)->Arg(1)->ArgName("parse_all")->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
