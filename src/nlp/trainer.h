// Training and evaluation of the NLP model (tagger, lemmatiser, parser) from
// CoNLL-U treebanks. Used by `sitrep train` / `sitrep eval parser` and by tests.
//
// Training is deterministic for given options and data (fixed seeds,
// single-threaded). Progress goes to `log` (may be null).
//
//   TrainOptions opt;
//   opt.train_path = ".../en_ewt-ud-train.conllu";
//   opt.out_path = "models/en_ewt.model";
//   SITREP_RETURN_IF_ERROR(TrainModel(opt, stderr));
#ifndef SITREP_NLP_TRAINER_H_
#define SITREP_NLP_TRAINER_H_

#include <cstdio>
#include <string>
#include <vector>

#include "nlp/conllu.h"
#include "nlp/pipeline.h"
#include "sitrep/status.h"

namespace sitrep::nlp {

struct TrainOptions {
  std::string train_path;
  std::string dev_path;      // optional: per-epoch dev scores in the log
  std::string out_path;
  std::string wordnet_dir = "/usr/share/wordnet";  // exception lists; skipped if absent
  bool train_parser = true;  // false: tagger + lemmatiser only
  int tagger_epochs = 5;
  // Second tagger pass that also sees the first pass's tags of the right
  // context (trained on jackknifed first-pass tags; needs jackknife_folds > 1).
  bool tagger_two_pass = true;
  int parser_epochs = 10;
  // Folds for jackknifed training tags for the parser (0/1: gold tags).
  int jackknife_folds = 4;
  int tagger_jackknife_epochs = 3;
  double explore = 0.9;      // error exploration probability after epoch 1
  float tagger_prune = 0.0f;  // drop averaged weights smaller than this
  float parser_prune = 0.0f;
  // The parser's weights are pruned harder (from parser_prune up) until they
  // fit in this many bytes; 0 = no limit. Keeps the model file under 15 MB.
  size_t parser_max_bytes = 10'500'000;
  size_t tagger_max_bytes = 4'000'000;
  size_t max_train_sentences = 0;  // 0 = all (tests use small slices)
  size_t skip_train_sentences = 0;
  uint64_t seed = 1;
  bool report_prune_levels = false;  // log dev scores at several prune levels
  std::string command;  // recorded in the model metadata
};

// Trains everything and writes the model file.
Status TrainModel(const TrainOptions& options, FILE* log);

struct EvalScores {
  double upos = 0, xpos = 0, lemma = 0, uas = 0, las = 0;  // percent
  size_t tokens = 0;
  std::string ToJson() const;
};

// Scores the model on gold-tokenised sentences (CoNLL 2018 definitions: all
// words including punctuation; LAS compares relations without subtypes).
Result<EvalScores> Evaluate(const NlpModel& model, const std::vector<ConlluSentence>& gold);

}  // namespace sitrep::nlp

#endif  // SITREP_NLP_TRAINER_H_
