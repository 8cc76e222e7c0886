#include "mentions/number_finder.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "text/text_analyzer.h"

namespace sitrep::mentions {
namespace {

std::unique_ptr<Document> Analyze(std::string_view text) {
  auto doc = std::make_unique<Document>();
  doc->original = std::string(text);
  Status st = text::AnalyzeText(doc.get());
  EXPECT_TRUE(st.ok()) << st.ToString();
  return doc;
}

// The first number of the (single-sentence) text.
struct One {
  bool found = false;
  NumberMention m;
  std::string text;
};

One First(std::string_view text, NumberOptions opts = NumberOptions()) {
  auto doc = Analyze(text);
  One r;
  if (doc->sentences.empty()) return r;
  auto v = FindNumbers(*doc, doc->sentences[0], opts);
  if (v.empty()) return r;
  r.found = true;
  r.m = v[0];
  r.text = std::string(doc->OriginalText(v[0].span));
  return r;
}

TEST(NumberFinder, Digits) {
  EXPECT_EQ(First("They counted 24 bodies.").m.value, 24);
  EXPECT_EQ(First("They counted 13,000 bodies.").m.value, 13000);
  EXPECT_EQ(First("They counted 1,250,300 votes.").m.value, 1250300);
  One r = First("They counted 1.5 million people.");
  EXPECT_EQ(r.m.value, 1500000);
  EXPECT_EQ(r.text, "1.5 million");
  EXPECT_FALSE(r.m.decimal);
  EXPECT_EQ(First("About 2 thousand fled.").m.value, 2000);
}

TEST(NumberFinder, BadSeparatorsAndDecimals) {
  One r = First("It was 2.000 then.");
  ASSERT_TRUE(r.found);
  EXPECT_TRUE(r.m.decimal);  // not read as two thousand
  EXPECT_EQ(r.m.value, 2);
  EXPECT_FALSE(First("It was 2,5 then.").found);
  EXPECT_FALSE(First("It was 13,00 then.").found);
}

TEST(NumberFinder, Words) {
  EXPECT_EQ(First("They found seven bodies.").m.value, 7);
  EXPECT_EQ(First("They found nineteen bodies.").m.value, 19);
  One r = First("They found twenty-four bodies.");
  EXPECT_EQ(r.m.value, 24);
  EXPECT_EQ(r.text, "twenty-four");
  EXPECT_EQ(First("They found twenty four bodies.").m.value, 24);
  EXPECT_EQ(First("They found ninety-nine bodies.").m.value, 99);
  EXPECT_EQ(First("They found one hundred and five bodies.").m.value, 105);
  EXPECT_EQ(First("They found two hundred thousand leaflets.").m.value, 200000);
  EXPECT_EQ(First("They found a hundred bodies.").m.value, 100);
  EXPECT_EQ(First("They found a thousand bodies.").m.value, 1000);
  EXPECT_EQ(First("They found three million leaflets.").m.value, 3000000);
  EXPECT_EQ(First("They found Twelve bodies.").m.value, 12);
}

TEST(NumberFinder, Dozens) {
  One r = First("Two dozen were wounded.");
  EXPECT_EQ(r.m.value, 24);
  EXPECT_FALSE(r.m.vague);
  EXPECT_EQ(First("A dozen were wounded.").m.value, 12);
  EXPECT_EQ(First("Half a dozen were wounded.").m.value, 6);
}

TEST(NumberFinder, VagueCounts) {
  One r = First("Dozens were arrested.");
  EXPECT_EQ(r.m.value, 12);
  EXPECT_TRUE(r.m.vague);
  EXPECT_EQ(r.m.qualifier, CountQualifier::kAtLeast);
  EXPECT_EQ(First("Hundreds were arrested.").m.value, 100);
  EXPECT_EQ(First("Thousands were arrested.").m.value, 1000);
  EXPECT_EQ(First("Scores were arrested.").m.value, 20);
  r = First("Hundreds of thousands fled.");
  EXPECT_EQ(r.m.value, 100000);
  EXPECT_EQ(r.text, "Hundreds of thousands");
  EXPECT_EQ(First("Tens of thousands fled.").m.value, 10000);
  r = First("Several people were hurt.");
  EXPECT_EQ(r.m.value, 3);
  EXPECT_EQ(r.m.qualifier, CountQualifier::kApprox);
  EXPECT_EQ(First("Several hundred people fled.").m.value, 300);
  EXPECT_EQ(First("A few people were hurt.").m.value, 3);
  EXPECT_TRUE(First("A few people were hurt.").m.vague);
}

TEST(NumberFinder, Qualifiers) {
  struct Case {
    const char* text;
    CountQualifier q;
    int64_t v;
  } cases[] = {
      {"At least 24 died.", CountQualifier::kAtLeast, 24},
      {"No fewer than 24 died.", CountQualifier::kAtLeast, 24},
      {"A minimum of 24 died.", CountQualifier::kAtLeast, 24},
      {"More than 13,000 died.", CountQualifier::kMoreThan, 13000},
      {"Over 50 died.", CountQualifier::kMoreThan, 50},
      {"Upwards of 50 died.", CountQualifier::kMoreThan, 50},
      {"Up to 50 died.", CountQualifier::kUpTo, 50},
      {"As many as 50 died.", CountQualifier::kUpTo, 50},
      {"Some 23 died.", CountQualifier::kApprox, 23},
      {"About 23 died.", CountQualifier::kApprox, 23},
      {"Around 23 died.", CountQualifier::kApprox, 23},
      {"Nearly 23 died.", CountQualifier::kApprox, 23},
      {"Almost 23 died.", CountQualifier::kApprox, 23},
      {"Roughly 23 died.", CountQualifier::kApprox, 23},
      {"An estimated 23 died.", CountQualifier::kApprox, 23},
      {"Approximately 23 died.", CountQualifier::kApprox, 23},
      {"They said 23 died.", CountQualifier::kExact, 23},
      {"At least a dozen died.", CountQualifier::kAtLeast, 12},
  };
  for (const Case& c : cases) {
    One r = First(c.text);
    ASSERT_TRUE(r.found) << c.text;
    EXPECT_EQ(r.m.qualifier, c.q) << c.text;
    EXPECT_EQ(r.m.value, c.v) << c.text;
  }
  EXPECT_EQ(First("At least 24 died.").text, "At least 24");
}

TEST(NumberFinder, UnitsYearsCurrency) {
  EXPECT_TRUE(First("He was 10 years old.").m.unit_after);
  EXPECT_TRUE(First("A 25-year-old man died.").m.unit_after);
  EXPECT_TRUE(First("It cost 2 million dollars.").m.unit_after);
  One r = First("It cost $2 million.");
  EXPECT_TRUE(r.m.currency_before);
  EXPECT_EQ(r.m.value, 2000000);
  EXPECT_TRUE(First("It happened in 2014 again.").m.year_like);
  EXPECT_FALSE(First("It happened to 2,014 people.").m.year_like);
  EXPECT_TRUE(First("It rose 5 percent.").m.unit_after);
  EXPECT_FALSE(First("It killed 5 people.").m.unit_after);
}

TEST(NumberFinder, ArticlesOnlyWhenAsked) {
  EXPECT_FALSE(First("A soldier was killed.").found);
  NumberOptions o;
  o.articles_as_one = true;
  One r = First("A soldier was killed.", o);
  ASSERT_TRUE(r.found);
  EXPECT_TRUE(r.m.article);
  EXPECT_EQ(r.m.value, 1);
}

TEST(NumberFinder, SeveralNumbersNonOverlapping) {
  auto doc = Analyze("Three were killed and 10 injured, at least 2 dozen arrested.");
  auto v = FindNumbers(*doc, doc->sentences[0]);
  ASSERT_EQ(v.size(), 3u);
  EXPECT_EQ(v[0].value, 3);
  EXPECT_EQ(v[1].value, 10);
  EXPECT_EQ(v[2].value, 24);
  EXPECT_EQ(v[2].qualifier, CountQualifier::kAtLeast);
}

TEST(NumberFinder, NotNumbers) {
  EXPECT_FALSE(First("Nothing here at all.").found);
  EXPECT_FALSE(First("The 1990s were calm.").found);
  EXPECT_FALSE(First("It was the 3rd attempt.").found);
  EXPECT_FALSE(First("Hundred Years War.").found);
}

TEST(NumberFinder, EmptySentence) {
  Document doc;
  Sentence s;
  EXPECT_TRUE(FindNumbers(doc, s).empty());
}

}  // namespace
}  // namespace sitrep::mentions
