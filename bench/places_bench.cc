// Places benchmarks: gazetteer load (mmap + checksum + bounds checks) and
// place finding on the seed article and the geo-dev stories. Each checks its
// answer (mention counts). The gazetteer is $SITREP_GAZETTEER or
// <build>/gazetteer.bin (run `make build` first). Build time is measured by
// `sitrep gazetteer build` itself (it prints its wall time).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/paths.h"
#include "mentions/gazetteer.h"
#include "mentions/place_finder.h"
#include "text/text_analyzer.h"

namespace {

using sitrep::mentions::Gazetteer;
using sitrep::mentions::PlaceFinder;

std::string GazPath() {
  if (const char* e = std::getenv("SITREP_GAZETTEER")) return e;
  return sitrep::ExecutableDir() + "/../gazetteer.bin";
}

std::vector<std::string> Corpus() {
  std::vector<std::string> texts;
  for (const char* f : {"bbc", "huffpo", "nyt"}) {
    auto data = sitrep::ReadFile(std::string(SITREP_SOURCE_DIR) + "/../shared/data/geo-dev/" + f + ".json");
    if (!data.ok()) continue;
    auto j = nlohmann::json::parse(*data, nullptr, false);
    if (!j.is_array()) continue;
    for (const auto& s : j) texts.push_back(s.value("text", ""));
  }
  auto seed = sitrep::ReadFile(std::string(SITREP_SOURCE_DIR) + "/../shared/samples/seed/article.txt");
  if (seed.ok()) texts.push_back(*seed);
  return texts;
}

void BM_GazetteerLoad(benchmark::State& state) {
  for (auto _ : state) {
    auto g = Gazetteer::Load(GazPath());
    if (!g.ok()) {
      state.SkipWithError(g.status().ToString().c_str());
      return;
    }
    benchmark::DoNotOptimize((*g)->num_names());
  }
}
BENCHMARK(BM_GazetteerLoad)->Unit(benchmark::kMillisecond);

void BM_FindPlaces(benchmark::State& state) {
  auto g = Gazetteer::Load(GazPath());
  if (!g.ok()) {
    state.SkipWithError(g.status().ToString().c_str());
    return;
  }
  PlaceFinder finder(*g);
  std::vector<std::unique_ptr<sitrep::Document>> docs;
  size_t bytes = 0;
  for (const std::string& t : Corpus()) {
    auto d = std::make_unique<sitrep::Document>();
    d->original = t;
    if (!sitrep::text::AnalyzeText(d.get()).ok()) continue;
    bytes += t.size();
    docs.push_back(std::move(d));
  }
  if (docs.empty()) {
    state.SkipWithError("no corpus (../shared/data/geo-dev)");
    return;
  }
  size_t mentions = 0, expected = 0;
  for (auto _ : state) {
    size_t n = 0;
    for (const auto& d : docs) {
      auto ms = finder.Find(*d, nullptr);
      n += ms.size();
      benchmark::DoNotOptimize(finder.FocusCountry(*d, ms));
    }
    if (expected == 0) expected = n;
    if (n != expected) state.SkipWithError("mention count changed between runs");
    mentions += n;
  }
  state.counters["mentions/s"] = benchmark::Counter(static_cast<double>(mentions), benchmark::Counter::kIsRate);
  state.counters["mentions/run"] = static_cast<double>(expected);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
}
BENCHMARK(BM_FindPlaces)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
