// Regression test: a tiny model trained on a slice of UD English EWT must tag
// and parse a different slice far better than trivial baselines.
#include "nlp/trainer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <string>

namespace sitrep::nlp {
namespace {

const std::string kEwt = SITREP_SOURCE_DIR "/../shared/data/ud-english-ewt/";

TEST(Trainer, TinyModelBeatsBaselines) {
  TrainOptions opt;
  opt.train_path = kEwt + "en_ewt-ud-train.conllu";
  opt.out_path = ::testing::TempDir() + "/tiny_" + std::to_string(getpid()) + ".model";
  opt.max_train_sentences = 300;
  opt.tagger_epochs = 3;
  opt.parser_epochs = 3;
  opt.jackknife_folds = 2;
  opt.tagger_jackknife_epochs = 2;
  ASSERT_TRUE(TrainModel(opt, nullptr).ok());
  Result<std::shared_ptr<const NlpModel>> model = NlpModel::Load(opt.out_path);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  ASSERT_TRUE((*model)->has_parser());

  // Held-out slice: sentences 2000..2299 of the training file (not in the
  // first 300 used for training).
  Result<std::vector<ConlluSentence>> all = ReadConlluFile(opt.train_path);
  ASSERT_TRUE(all.ok());
  std::vector<ConlluSentence> held(all->begin() + 2000, all->begin() + 2300);
  Result<EvalScores> s = Evaluate(**model, held);
  ASSERT_TRUE(s.ok());
  // Baselines on this kind of text: most frequent tag (NOUN) ~17%, every
  // word attached to its right/left neighbour ~30-35% UAS.
  EXPECT_GT(s->upos, 75.0);
  EXPECT_GT(s->uas, 55.0);
  EXPECT_GT(s->las, 45.0);
  EXPECT_GT(s->lemma, 85.0);
  EXPECT_GT(s->tokens, 3000u);
  std::remove(opt.out_path.c_str());
}

TEST(Trainer, MissingTreebankIsAnError) {
  TrainOptions opt;
  opt.train_path = "/nonexistent/train.conllu";
  opt.out_path = ::testing::TempDir() + "/never.model";
  EXPECT_FALSE(TrainModel(opt, nullptr).ok());
}

}  // namespace
}  // namespace sitrep::nlp
