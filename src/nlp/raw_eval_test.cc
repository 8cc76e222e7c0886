// Tests of the raw-text evaluation (`sitrep eval parser --raw`).
#include "nlp/raw_eval.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace sitrep::nlp {
namespace {

const std::string kModel = SITREP_SOURCE_DIR "/models/en_ewt.model";
const std::string kDev = SITREP_SOURCE_DIR "/../shared/data/ud-english-ewt/en_ewt-ud-dev.conllu";

constexpr char kTwoSentences[] =
    "# newdoc id = d1\n"
    "# text = They didn't go.\n"
    "1\tThey\tthey\tPRON\tPRP\t_\t3\tnsubj\t_\t_\n"
    "2-3\tdidn't\t_\t_\t_\t_\t_\t_\t_\t_\n"
    "2\tdid\tdo\tAUX\tVBD\t_\t4\taux\t_\t_\n"
    "3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n"
    "4\tgo\tgo\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No\n"
    "5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n"
    "\n"
    "# text = Rain fell.\n"
    "1\tRain\train\tNOUN\tNN\t_\t2\tnsubj\t_\t_\n"
    "2\tfell\tfall\tVERB\tVBD\t_\t0\troot\t_\tSpaceAfter=No\n"
    "3\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n"
    "\n";

TEST(RawEval, ReaderKeepsMultiwordTokensAndParagraphs) {
  Result<std::vector<ConlluSentence>> s = ParseConllu(kTwoSentences);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ASSERT_EQ(s->size(), 2u);
  ASSERT_EQ((*s)[0].multiwords.size(), 1u);
  EXPECT_EQ((*s)[0].multiwords[0].first, 1);
  EXPECT_EQ((*s)[0].multiwords[0].last, 2);
  EXPECT_EQ((*s)[0].multiwords[0].form, "didn't");
  EXPECT_TRUE((*s)[0].new_paragraph);
  EXPECT_FALSE((*s)[1].new_paragraph);
  EXPECT_EQ((*s)[0].words.size(), 5u);
  EXPECT_EQ(RawTextOf(*s), "They didn't go. Rain fell.");
}

TEST(RawEval, BadMultiwordRangeIsAnError) {
  EXPECT_FALSE(ParseConllu("1-x\tab\t_\t_\t_\t_\t_\t_\t_\t_\n").ok());
}

TEST(RawEval, ShippedModelOnDevSlice) {
  Result<std::shared_ptr<const NlpModel>> model = NlpModel::Load(kModel);
  if (!model.ok()) GTEST_SKIP() << model.status().ToString();
  Result<std::vector<ConlluSentence>> dev = ReadConlluFile(kDev);
  ASSERT_TRUE(dev.ok()) << dev.status().ToString();
  std::vector<ConlluSentence> slice(dev->begin(), dev->begin() + 300);
  Result<RawEvalScores> r = EvaluateRaw(**model, slice);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  // The text stage tokenises almost like UD; sentence splitting of web text
  // is harder. Scores are F1 over aligned words, so they cannot exceed the
  // word segmentation score.
  EXPECT_GT(r->words_f1, 90.0) << r->ToJson();
  EXPECT_GT(r->tokens_f1, 85.0) << r->ToJson();
  EXPECT_GT(r->sentences_f1, 40.0) << r->ToJson();
  EXPECT_GT(r->upos, 80.0) << r->ToJson();
  EXPECT_GT(r->uas, 60.0) << r->ToJson();
  EXPECT_LE(r->upos, r->words_f1);
  EXPECT_LE(r->las, r->uas);
  EXPECT_GT(r->gold_words, 3000u);
}

TEST(RawEval, MultiwordTokenWordsAlign) {
  Result<std::shared_ptr<const NlpModel>> model = NlpModel::Load(kModel);
  if (!model.ok()) GTEST_SKIP() << model.status().ToString();
  Result<std::vector<ConlluSentence>> s = ParseConllu(kTwoSentences);
  ASSERT_TRUE(s.ok());
  Result<RawEvalScores> r = EvaluateRaw(**model, *s);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->gold_words, 8u);
  // "didn't" is one gold token but two system tokens; the words align.
  EXPECT_DOUBLE_EQ(r->words_f1, 100.0) << r->ToJson();
  EXPECT_LT(r->tokens_f1, 100.0) << r->ToJson();
}

}  // namespace
}  // namespace sitrep::nlp
