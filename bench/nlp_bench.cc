// Tagging + lemmatisation + labelled parsing throughput of the shipped model
// on UD English EWT dev sentences (items = words).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <string>
#include <vector>

#include "nlp/conllu.h"
#include "nlp/pipeline.h"

namespace {

const std::string kModel = SITREP_SOURCE_DIR "/models/en_ewt.model";
const std::string kDev = SITREP_SOURCE_DIR "/../shared/data/ud-english-ewt/en_ewt-ud-dev.conllu";

struct Fixture {
  std::shared_ptr<const sitrep::nlp::NlpModel> model;
  std::vector<sitrep::nlp::ConlluSentence> sentences;
  std::vector<std::vector<std::string_view>> forms;
  size_t words = 0;
  bool ok = false;
};

const Fixture& GetFixture() {
  static Fixture* f = [] {
    auto* fx = new Fixture();
    auto model = sitrep::nlp::NlpModel::Load(kModel);
    auto dev = sitrep::nlp::ReadConlluFile(kDev);
    if (!model.ok() || !dev.ok()) return fx;
    fx->model = *model;
    fx->sentences = std::move(*dev);
    for (const auto& s : fx->sentences) {
      std::vector<std::string_view> f;
      for (const auto& w : s.words) f.push_back(w.form);
      fx->words += f.size();
      fx->forms.push_back(std::move(f));
    }
    fx->ok = true;
    return fx;
  }();
  return *f;
}

void BM_TagParse(benchmark::State& state) {
  const Fixture& fx = GetFixture();
  if (!fx.ok) {
    state.SkipWithError("model or EWT dev not found");
    return;
  }
  sitrep::nlp::ParsedSentence parsed;
  size_t words = 0, roots = 0;
  for (auto _ : state) {
    for (const auto& f : fx.forms) {
      if (!fx.model->Parse(f, &parsed).ok()) state.SkipWithError("parse failed");
      for (const auto& w : parsed.words) roots += w.head == -1;
      words += f.size();
    }
  }
  // Check the answer: every sentence has at least one root.
  if (roots < fx.forms.size() * static_cast<size_t>(state.iterations()))
    state.SkipWithError("a sentence without a root");
  state.SetItemsProcessed(static_cast<int64_t>(words));
}
BENCHMARK(BM_TagParse)->Unit(benchmark::kMillisecond);

// Lean mode: the tagger's first pass only (NlpLoadOptions).
void BM_TagParseFirstPassTagging(benchmark::State& state) {
  const Fixture& fx = GetFixture();
  sitrep::nlp::NlpLoadOptions options;
  options.first_pass_tagging_only = true;
  auto model = sitrep::nlp::NlpModel::Load(kModel, options);
  if (!fx.ok || !model.ok()) {
    state.SkipWithError("model or EWT dev not found");
    return;
  }
  sitrep::nlp::ParsedSentence parsed;
  size_t words = 0;
  for (auto _ : state) {
    for (const auto& f : fx.forms) {
      if (!(*model)->Parse(f, &parsed).ok()) state.SkipWithError("parse failed");
      words += f.size();
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(words));
}
BENCHMARK(BM_TagParseFirstPassTagging)->Unit(benchmark::kMillisecond);

// Tagging and lemmatising only (what the engine does for every sentence).
void BM_TagOnly(benchmark::State& state) {
  const Fixture& fx = GetFixture();
  if (!fx.ok) {
    state.SkipWithError("model or EWT dev not found");
    return;
  }
  sitrep::nlp::ParsedSentence parsed;
  size_t words = 0;
  for (auto _ : state) {
    for (const auto& f : fx.forms) {
      if (!fx.model->Tag(f, &parsed).ok()) state.SkipWithError("tag failed");
      words += f.size();
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(words));
}
BENCHMARK(BM_TagOnly)->Unit(benchmark::kMillisecond);

void BM_Load(benchmark::State& state) {
  for (auto _ : state) {
    auto model = sitrep::nlp::NlpModel::Load(kModel);
    if (!model.ok()) state.SkipWithError("load failed");
    benchmark::DoNotOptimize(model);
  }
}
BENCHMARK(BM_Load)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
