// Engine-level behaviour that no single stage owns: which sentences get a
// dependency tree, and that leaving the others unparsed changes no event.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sitrep/engine.h"
#include "store/event_json.h"

namespace sitrep {
namespace {

// Each event as its JSON record (every field a user sees).
std::vector<std::string> Summaries(const DocumentResult& r) {
  std::vector<std::string> out;
  for (const Event& e : r.events) out.push_back(store::EventToJson(e));
  return out;
}

Result<DocumentResult> CodeText(const Engine& engine, const std::string& text) {
  Document d;
  d.original = text;
  d.meta.id = "t";
  d.meta.date = "2024-03-05";
  return engine.Code(std::move(d));
}

class ParseSkipTest : public ::testing::Test {
 protected:
  void SetUp() override {
    EngineOptions all;
    all.parse_all = true;
    auto a = Engine::Create(all);
    auto d = Engine::Create(EngineOptions{});
    ASSERT_TRUE(a.ok() && d.ok());
    parse_all_ = std::move(*a);
    skipping_ = std::move(*d);
    auto probe = CodeText(*skipping_, "Rebels attacked the town.");
    if (!probe.ok() || probe->sentences_parsed == 0) GTEST_SKIP() << "no NLP model (models/en_ewt.model)";
  }
  std::unique_ptr<Engine> parse_all_, skipping_;
};

TEST_F(ParseSkipTest, SentencesWithoutTriggerOrCasualtyWordAreNotParsed) {
  const std::string text =
      "The weather in the region was mild on Monday. "
      "Sudanese paramilitary forces shelled a market in El Fasher on Tuesday, killing 12 civilians. "
      "Prices of bread rose by a third over the winter. "
      "Three people died in the fire, officials said.";
  auto r = CodeText(*skipping_, text);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->doc.sentences.size(), 4u);
  // "shelled" is a trigger, "died" a casualty word; the weather and prices are neither.
  EXPECT_EQ(r->sentences_parsed, 2u);
  EXPECT_EQ(r->sentences_skipped, 2u);
  EXPECT_FALSE(r->events.empty());

  auto full = CodeText(*parse_all_, text);
  ASSERT_TRUE(full.ok());
  EXPECT_EQ(full->sentences_parsed, 4u);
  EXPECT_EQ(full->sentences_skipped, 0u);
  EXPECT_EQ(Summaries(*r), Summaries(*full));
}

TEST_F(ParseSkipTest, SameEventsAsParsingEverything) {
  // Actors with and without triggers, metonyms, a quote, a reported
  // necessity, a toll and a sentence that names places only: the skip must
  // not change any event.
  const std::string text =
      "KYIV, March 5 (Reuters) - Moscow said on Tuesday it would not return the grain. "
      "The Kremlin is a fortress on the Moskva river. "
      "Ukrainian officials accused Russia of shelling Kharkiv overnight. "
      "\"We will not negotiate under fire,\" Zelenskiy told reporters in Kyiv. "
      "Germany and France are neighbours. "
      "The IMF said Argentina must borrow less. "  // a demand read off "must": no pattern trigger
      "At least 20 soldiers were wounded near Bakhmut, the general staff said.";
  auto r = CodeText(*skipping_, text);
  auto full = CodeText(*parse_all_, text);
  ASSERT_TRUE(r.ok() && full.ok());
  EXPECT_GT(r->sentences_skipped, 0u);
  EXPECT_EQ(Summaries(*r), Summaries(*full));
  EXPECT_EQ(r->actors.size(), full->actors.size());
}

}  // namespace
}  // namespace sitrep

namespace sitrep {
namespace {

TEST(HeadlineEvent, TriggersInsideParticipialOrAdverbialClausesAreSubordinate) {
  auto engine = Engine::Create(EngineOptions{});
  ASSERT_TRUE(engine.ok());
  auto r = CodeText(**engine, "The army shelled the town after rebels attacked a checkpoint on Monday.");
  ASSERT_TRUE(r.ok());
  if (r->sentences_parsed == 0) GTEST_SKIP() << "no NLP model";
  int main_events = 0, subordinate_events = 0;
  for (const Event& e : r->events) {
    std::string trigger = r->doc.original.substr(e.trigger_span[0], e.trigger_span[1] - e.trigger_span[0]);
    if (trigger == "shelled") main_events += e.subordinate ? 0 : 1;
    if (trigger == "attacked") subordinate_events += e.subordinate ? 1 : 0;
  }
  EXPECT_EQ(main_events, 1);
  EXPECT_EQ(subordinate_events, 1);  // "after rebels attacked ..." is an adverbial clause
}

}  // namespace
}  // namespace sitrep
