#include "text/text_analyzer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "text/normalizer.h"
#include "text/tokenizer.h"

namespace sitrep::text {
namespace {

std::vector<std::string> Forms(const std::string& s) {
  std::vector<Token> toks;
  Tokenize(s, &toks);
  std::vector<std::string> out;
  for (const auto& t : toks) out.emplace_back(t.form);
  return out;
}

Document Analyze(const std::string& s) {
  Document d;
  d.original = s;
  EXPECT_TRUE(AnalyzeText(&d).ok());
  return d;
}

std::vector<std::string> SentenceTexts(const Document& d) {
  std::vector<std::string> out;
  for (const auto& s : d.sentences) out.emplace_back(d.OriginalText(s.span));
  return out;
}

using V = std::vector<std::string>;

TEST(Tokenizer, SplitsPossessiveAndNegation) {
  EXPECT_EQ(Forms("Ukraine's army"), (V{"Ukraine", "'s", "army"}));
  EXPECT_EQ(Forms("They don't know."), (V{"They", "do", "n't", "know", "."}));
  EXPECT_EQ(Forms("We can't"), (V{"We", "ca", "n't"}));
  EXPECT_EQ(Forms("the soldiers' families"), (V{"the", "soldiers", "'", "families"}));
}

TEST(Tokenizer, KeepsNumbersAndAbbreviations) {
  EXPECT_EQ(Forms("more than 13,000 people"), (V{"more", "than", "13,000", "people"}));
  EXPECT_EQ(Forms("1.5 million"), (V{"1.5", "million"}));
  EXPECT_EQ(Forms("the U.S. and Gen. Smith"), (V{"the", "U.S.", "and", "Gen.", "Smith"}));
  EXPECT_EQ(Forms("on Jan. 5"), (V{"on", "Jan.", "5"}));
}

TEST(Tokenizer, SplitsHyphensAndQuotes) {
  EXPECT_EQ(Forms("pro-Russian rebels"), (V{"pro", "-", "Russian", "rebels"}));
  EXPECT_EQ(Forms("\"No,\" he said."), (V{"\"", "No", ",", "\"", "he", "said", "."}));
  EXPECT_EQ(Forms("(dpa/NAN)"), (V{"(", "dpa/NAN", ")"}));
  EXPECT_EQ(Forms("up 5%"), (V{"up", "5", "%"}));
}

TEST(Tokenizer, EmptyAndWhitespace) {
  EXPECT_TRUE(Forms("").empty());
  EXPECT_TRUE(Forms("   \n\n  ").empty());
}

TEST(Tokenizer, EmojiAndMixedScripts) {
  EXPECT_EQ(Forms("peace \xF0\x9F\x95\x8A now"), (V{"peace", "\xF0\x9F\x95\x8A", "now"}));
  EXPECT_EQ(Forms("Kyiv (\xD0\x9A\xD0\xB8\xD1\x97\xD0\xB2)"),
            (V{"Kyiv", "(", "\xD0\x9A\xD0\xB8\xD1\x97\xD0\xB2", ")"}));
}

TEST(Normalizer, FoldsCurlyQuotesAndKeepsOffsets) {
  std::string in = "\xE2\x80\x9CNATO\xE2\x80\x9D \xE2\x80\x94 Ukraine\xE2\x80\x99s";
  std::string out;
  std::vector<uint32_t> map;
  ASSERT_TRUE(Normalize(in, &out, &map).ok());
  EXPECT_EQ(out, "\"NATO\" - Ukraine's");
  ASSERT_EQ(map.size(), out.size() + 1);
  EXPECT_EQ(map[1], 3u);            // 'N' follows a 3-byte quote
  EXPECT_EQ(map.back(), in.size());
}

TEST(Normalizer, ComposesToNfc) {
  std::string in = "Zelenskyi\xCC\x81 Sa\xCC\x83o";  // decomposed accents
  std::string out;
  std::vector<uint32_t> map;
  ASSERT_TRUE(Normalize(in, &out, &map).ok());
  EXPECT_NE(out.find("S\xC3\xA3o"), std::string::npos);
  EXPECT_EQ(map.back(), in.size());
}

TEST(Normalizer, RejectsInvalidUtf8WithPosition) {
  std::string out;
  std::vector<uint32_t> map;
  Status s = Normalize(std::string("abc\xFF", 4), &out, &map);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("byte 3"), std::string_view::npos);
}

TEST(SentenceSplitter, NewsAbbreviationsAndInitials) {
  Document d = Analyze("Gen. Mark Milley met U.S. officials on Jan. 5 in Kabul. He left.");
  EXPECT_EQ(SentenceTexts(d), (V{"Gen. Mark Milley met U.S. officials on Jan. 5 in Kabul.", "He left."}));
  d = Analyze("Troops arrived in the U.S. The talks began.");
  EXPECT_EQ(d.sentences.size(), 2u);
}

TEST(SentenceSplitter, QuotesStayWithTheirSentence) {
  Document d = Analyze("\"We will not retreat,\" he said. \"Why?\" she asked. They left.");
  EXPECT_EQ(SentenceTexts(d),
            (V{"\"We will not retreat,\" he said.", "\"Why?\" she asked.", "They left."}));
}

TEST(SentenceSplitter, CreditLinesAndDatelines) {
  Document d = Analyze("Talks ended on Monday. (dpa/NAN)");
  ASSERT_EQ(d.sentences.size(), 2u);
  EXPECT_FALSE(d.sentences[0].credit_line);
  EXPECT_TRUE(d.sentences[1].credit_line);
  d = Analyze("KYIV, April 6 (Reuters) - Ukraine said on Tuesday it was ready.");
  ASSERT_EQ(d.sentences.size(), 2u);
  EXPECT_TRUE(d.sentences[0].credit_line);
  EXPECT_EQ(d.OriginalText(d.sentences[1].span), "Ukraine said on Tuesday it was ready.");
}

TEST(SentenceSplitter, NoFinalPeriodAndBlankLines) {
  Document d = Analyze("Rebels seized the town\n\nThe army retreated");
  EXPECT_EQ(SentenceTexts(d), (V{"Rebels seized the town", "The army retreated"}));
}

TEST(TextAnalyzer, SpansPointIntoOriginal) {
  std::string in = "\xE2\x80\x9CNATO firmly supports Ukraine\xE2\x80\x99s sovereignty,\xE2\x80\x9D he said.";
  Document d = Analyze(in);
  ASSERT_FALSE(d.tokens.empty());
  EXPECT_EQ(d.OriginalText(d.tokens[0].span), "\xE2\x80\x9C");
  EXPECT_EQ(d.OriginalText(d.tokens[1].span), "NATO");
  EXPECT_EQ(d.OriginalText(d.tokens[5].span), "\xE2\x80\x99s");
  EXPECT_EQ(d.sentences.size(), 1u);
}

TEST(TextAnalyzer, EmptyDocument) {
  Document d = Analyze("");
  EXPECT_TRUE(d.tokens.empty());
  EXPECT_TRUE(d.sentences.empty());
}

}  // namespace
}  // namespace sitrep::text
