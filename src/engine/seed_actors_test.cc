// The founding article's hand-coded actors (../shared/samples/seed/gold.json,
// "required_actors") must each be found with the right code by the engine, as
// `sitrep actors --date 2021-04-07` reports them. Mechanisms only: the article
// is read from ../shared, nothing about it is special-cased.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "base/paths.h"
#include "sitrep/engine.h"

namespace sitrep {
namespace {

const std::string kSeed = std::string(SITREP_SOURCE_DIR) + "/../shared/samples/seed/";

TEST(SeedArticle, RequiredActorsAreResolved) {
  if (!std::filesystem::exists(kSeed + "gold.json")) GTEST_SKIP() << "no ../shared/samples/seed";
  auto gold_text = ReadFile(kSeed + "gold.json");
  auto article = ReadFile(kSeed + "article.txt");
  ASSERT_TRUE(gold_text.ok() && article.ok());
  auto gold = nlohmann::json::parse(*gold_text);
  auto engine = Engine::Create(EngineOptions{});
  ASSERT_TRUE(engine.ok()) << engine.status().ToString();
  Document d;
  d.original = *article;
  d.meta.id = "seed";
  d.meta.date = "2021-04-07";
  auto r = (*engine)->Code(std::move(d));
  ASSERT_TRUE(r.ok());
  for (const auto& want : gold["required_actors"]) {
    std::string text = want["text"];
    std::vector<std::string> codes;
    if (want.contains("code_any"))
      for (const auto& c : want["code_any"]) codes.push_back(c);
    else
      codes.push_back(want["code"]);
    if (want["code"] == "IGOWSTNAT") codes.push_back("IGONAT");  // both accepted by the gold notes
    bool found = false;
    std::string seen;
    for (const auto& a : r->actors) {
      if (a.text.find(text) == std::string::npos && text.find(a.text) == std::string::npos) continue;
      if (a.text.size() < 3) continue;
      seen += " [" + a.text + "=" + a.code + "]";
      for (const auto& c : codes)
        if (a.code.rfind(c, 0) == 0) found = true;
    }
    EXPECT_TRUE(found) << "actor '" << text << "' expected " << codes[0] << ", saw" << seen;
  }
}

}  // namespace
}  // namespace sitrep
